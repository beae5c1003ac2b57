/**
 * The report webview's script: renders the diagnosis the extension posts, and turns button presses
 * into protocol messages.
 *
 * Every value from Azure or from a saved file reaches the page through `textContent`, `title`,
 * `dataset` or `setAttribute`, never through `innerHTML`, so names that contain markup stay text. The content security policy allows only this script (by nonce) and the extension's styles.
 * Text and titles show control, bidirectional and zero-width characters as `<U+XXXX>` markers, so
 * a name cannot display as something other than what it is.
 */
import { showInvisibleCharacters } from '../src/fixes/quote';
import {
  parseHostMessage,
  type LabelKey,
  type ReportDenials,
  type ReportFinding,
  type ReportFix,
  type ReportModel,
  type ReportSummaryItem,
  type Shell,
  type WebviewMessage,
} from '../src/ui/report/protocol';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = requireElement('report');
const status = requireElement('status');

function requireElement(id: string): HTMLElement {
  const element = document.getElementById(id);
  if (!element) {
    throw new Error(`The report page has no element with id '${id}'.`);
  }
  return element;
}

/** Creates an element with optional class names and text. */
function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  if (className) {
    created.className = className;
  }
  if (text !== undefined) {
    created.textContent = showInvisibleCharacters(text);
  }
  return created;
}

function button(label: string, message: WebviewMessage, options: { primary?: boolean; title?: string } = {}): HTMLButtonElement {
  const created = element('button', options.primary ? 'primary' : 'secondary', label);
  created.type = 'button';
  if (options.title) {
    created.setAttribute('aria-label', showInvisibleCharacters(options.title));
    created.title = showInvisibleCharacters(options.title);
  }
  created.addEventListener('click', () => vscode.postMessage(message));
  return created;
}

function renderSubject(model: ReportModel): HTMLElement {
  const list = element('dl', 'subject');
  const rows: [LabelKey, string][] = [
    ['vault', model.vaultId],
    ['caller', model.callerLabel],
    ['operations', model.operations.join(', ')],
    ['objects', model.objects.join(', ')],
    ['factsTakenAt', model.now],
  ];

  for (const [key, value] of rows) {
    if (!value) {
      continue;
    }
    list.append(element('dt', undefined, model.labels[key]));
    list.append(element('dd', 'mono', value));
  }
  return list;
}

function renderToolbar(model: ReportModel): HTMLElement {
  const toolbar = element('div', 'toolbar');
  toolbar.setAttribute('role', 'toolbar');
  toolbar.append(button(model.labels.exportMarkdown, { type: 'exportMarkdown' }));
  toolbar.append(button(model.labels.saveFacts, { type: 'saveFacts' }));
  if (model.live) {
    toolbar.append(button(model.labels.rediagnose, { type: 'rediagnose' }));
  }
  return toolbar;
}

function renderCommand(fix: ReportFix, shell: Shell, text: string, model: ReportModel): HTMLElement {
  const block = element('div', `command command-${shell}`);
  const pre = element('pre');
  const code = element('code', undefined, text);
  pre.append(code);
  pre.tabIndex = 0;
  block.append(pre);

  const actions = element('div', 'actions');
  const copyLabel = shell === 'bash' ? model.labels.copyBash : model.labels.copyPowerShell;
  const runLabel = shell === 'bash' ? model.labels.runBash : model.labels.runPowerShell;
  actions.append(button(copyLabel, { type: 'copyFix', fixId: fix.id, shell }, { title: `${copyLabel}: ${fix.title}` }));
  actions.append(button(runLabel, { type: 'runInTerminal', fixId: fix.id, shell }, { title: `${runLabel}: ${fix.title}` }));
  block.append(actions);
  return block;
}

function renderFix(fix: ReportFix, model: ReportModel): HTMLElement {
  const item = element('li', 'fix');
  item.dataset.fixId = fix.id;
  item.append(element('h4', undefined, fix.title));
  if (fix.note) {
    item.append(element('p', 'note', fix.note));
  }

  if (fix.bash) {
    item.append(renderCommand(fix, 'bash', fix.bash, model));
  }
  if (fix.powershell) {
    const details = element('details', 'powershell');
    details.append(element('summary', undefined, 'PowerShell'));
    details.append(renderCommand(fix, 'powershell', fix.powershell, model));
    item.append(details);
  }

  if (fix.edit) {
    const edit = element('div', 'edit');
    edit.append(element('p', undefined, `${model.labels.workspaceEdit}: ${fix.edit.file}:${fix.edit.line + 1}`));
    const pre = element('pre');
    pre.append(element('code', undefined, fix.edit.newText));
    edit.append(pre);
    item.append(edit);
  }

  if (fix.armWrites.length > 0) {
    const writes = element('div', 'arm-writes');
    writes.append(element('p', 'label', model.labels.armWrites));
    const list = element('ul');
    for (const write of fix.armWrites) {
      const entry = element('li');
      entry.append(element('span', 'method', write.method));
      entry.append(document.createTextNode(' '));
      entry.append(element('span', 'mono', write.path));
      entry.append(element('div', 'description', write.description));
      list.append(entry);
    }
    writes.append(list);
    item.append(writes);
  }

  if (fix.canApply && model.live) {
    const actions = element('div', 'actions');
    actions.append(button(model.labels.apply, { type: 'applyFix', fixId: fix.id }, { primary: true, title: `${model.labels.apply}: ${fix.title}` }));
    item.append(actions);
  }
  return item;
}

function renderEvidence(finding: ReportFinding, model: ReportModel): HTMLElement {
  const block = element('div', 'evidence');
  block.append(element('p', 'label', model.labels.evidence));
  const list = element('ul');

  finding.evidence.forEach((value, index) => {
    const entry = element('li');
    entry.append(element('code', 'mono', value));
    entry.append(
      button(model.labels.copy, { type: 'copyEvidence', findingId: finding.id, index }, { title: `${model.labels.copy}: ${value}` }),
    );
    list.append(entry);
  });
  block.append(list);
  return block;
}

/** Read-only commands, folded away: they confirm the finding and change nothing. */
function renderChecks(finding: ReportFinding, model: ReportModel): HTMLElement {
  const details = element('details', 'checks');
  details.append(element('summary', undefined, model.labels.checkByHand));
  for (const check of finding.checks) {
    details.append(element('p', 'check-title', check.title));
    const pre = element('pre');
    pre.append(element('code', undefined, check.bash));
    pre.tabIndex = 0;
    details.append(pre);
    if (check.expect) {
      details.append(element('p', 'check-expect', check.expect));
    }
  }
  return details;
}

/** Renders the requests Key Vault refused in the queried window, one row per caller, operation, reason and address. */
function renderDenials(denials: ReportDenials, model: ReportModel): HTMLElement {
  const section = element('section', 'recent-denials');
  section.append(element('h2', undefined, model.labels.recentDenials));
  section.append(element('p', 'mono', `${denials.workspaceId} · ${denials.window}`));
  if (denials.groups.length === 0) {
    section.append(element('p', 'empty', model.labels.noDenials));
  }

  const list = element('ul', 'denials');
  for (const denial of denials.groups) {
    const entry = element('li', 'denial');
    entry.dataset.denialId = denial.id;
    entry.append(element('span', 'count', `${denial.count}×`));
    entry.append(document.createTextNode(' '));
    entry.append(element('span', 'operation', denial.operation));
    entry.append(document.createTextNode(' '));
    entry.append(element('span', 'reason', denial.reason));
    entry.append(element('div', 'mono caller', denial.caller));
    const seen = denial.firstSeen === denial.lastSeen ? denial.lastSeen : `${denial.firstSeen} - ${denial.lastSeen}`;
    entry.append(element('div', 'mono when', denial.clientAddress ? `${denial.clientAddress} · ${seen}` : seen));
    if (denial.canDiagnose && model.live) {
      const label = `${model.labels.diagnoseDenial}: ${denial.caller} ${denial.operation}`;
      entry.append(button(model.labels.diagnoseDenial, { type: 'diagnoseDenial', denialId: denial.id }, { title: label }));
    }
    list.append(entry);
  }
  section.append(list);

  if (denials.truncated) {
    section.append(element('p', 'note', model.labels.denialsTruncated));
  }
  return section;
}

function renderFinding(finding: ReportFinding, model: ReportModel): HTMLElement {
  const article = element('article', `finding severity-${finding.severity}`);
  article.dataset.code = finding.code;

  const heading = element('h3');
  heading.append(element('span', `badge badge-${finding.severity}`, model.labels[`severity.${finding.severity}`]));
  heading.append(document.createTextNode(' '));
  heading.append(element('span', 'title', finding.title));
  heading.append(element('span', 'code', finding.code));
  article.append(heading);
  article.append(element('p', 'detail', finding.detail));

  if (finding.evidence.length > 0) {
    article.append(renderEvidence(finding, model));
  }
  if (finding.missing.length > 0) {
    article.append(element('p', 'missing', `${model.labels.missingFacts}: ${finding.missing.join(', ')}`));
  }
  if (finding.checks.length > 0) {
    article.append(renderChecks(finding, model));
  }
  if (finding.fixes.length > 0) {
    const fixes = element('ul', 'fixes');
    fixes.setAttribute('aria-label', model.labels.fixes);
    for (const fix of finding.fixes) {
      fixes.append(renderFix(fix, model));
    }
    article.append(fixes);
  }
  return article;
}

/** Lists the blockers, unknown checks and warnings with their first fix, in the verdict area. */
function renderSummary(items: ReportSummaryItem[], model: ReportModel): HTMLElement {
  const list = element('ul', 'summary');
  for (const item of items) {
    const entry = element('li', `severity-${item.severity}`);
    entry.dataset.findingId = item.findingId;
    entry.append(element('span', `badge badge-${item.severity}`, model.labels[`severity.${item.severity}`]));
    entry.append(document.createTextNode(' '));
    entry.append(element('span', 'title', item.title));
    entry.append(element('span', 'code', item.code));
    if (item.firstFix) {
      entry.append(element('p', 'first-fix', `${model.labels.fixes}: ${item.firstFix}`));
    }
    list.append(entry);
  }
  return list;
}

function render(model: ReportModel): void {
  const fragment = document.createDocumentFragment();

  const header = element('header', `verdict verdict-${model.verdict}`);
  header.append(element('p', 'label', model.labels.verdict));
  header.append(element('h1', 'verdict-value', model.verdict));
  header.append(element('p', 'headline', model.headline));
  if (model.notice) {
    header.append(element('p', 'notice', model.notice));
  }
  if (model.summary && model.summary.length > 0) {
    header.append(renderSummary(model.summary, model));
  }
  fragment.append(header);
  fragment.append(renderSubject(model));
  fragment.append(renderToolbar(model));
  if (model.recentDenials) {
    fragment.append(renderDenials(model.recentDenials, model));
  }

  for (const family of model.families) {
    const section = element('section', `family family-${family.family}`);
    section.append(element('h2', undefined, family.label));
    if (family.findings.length === 0) {
      section.append(element('p', 'empty', model.labels.noFindings));
    }
    for (const finding of family.findings) {
      section.append(renderFinding(finding, model));
    }
    fragment.append(section);
  }

  root.replaceChildren(fragment);
  setBusy(undefined);
}

/** Disables every button while the host applies a fix or collects again, and shows why. */
function setBusy(text: string | undefined): void {
  status.textContent = text ?? '';
  document.body.classList.toggle('busy', text !== undefined);
  for (const control of Array.from(document.querySelectorAll('button'))) {
    control.disabled = text !== undefined;
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseHostMessage(event.data);
  if (!message) {
    return;
  }

  switch (message.type) {
    case 'render':
      render(message.model);
      break;
    case 'busy':
      setBusy(message.text);
      break;
    case 'idle':
      setBusy(undefined);
      break;
  }
});

vscode.postMessage({ type: 'ready' });
