/**
 * The message protocol between the report panel (extension host) and its webview script.
 *
 * Both sides import this file: the host validates every message from the webview, and the webview
 * validates every message from the host, before acting on it. It imports nothing at run time, so the
 * webview bundle stays small and free of Node and `vscode` modules.
 */
import type { CheckFamily, Severity, Verdict } from '../../diagnosis/finding';

export type Shell = 'bash' | 'powershell';

/** One ARM write of a fix, as the confirmation and the report show it. */
export interface ArmWriteView {
  method: string;
  path: string;
  description: string;
}

export interface ReportFix {
  /** `<finding index>.<fix index>`: how the webview names the fix in its requests. */
  id: string;
  title: string;
  note?: string;
  bash?: string;
  powershell?: string;
  armWrites: ArmWriteView[];
  /** A change to a workspace file: the file and the new text. */
  edit?: { file: string; line: number; newText: string };
  /** True when the extension can apply the fix through ARM for the signed-in user. */
  canApply: boolean;
}

/** A read-only command that confirms a finding by hand. */
export interface ReportCheck {
  title: string;
  bash: string;
  powershell: string;
  /** Expected output when the cause is ruled out (in-cluster checks). */
  expect?: string;
}

export interface ReportFinding {
  /** The finding's index in the diagnosis, as a string. */
  id: string;
  code: string;
  family: CheckFamily;
  severity: Severity;
  title: string;
  detail: string;
  evidence: string[];
  missing: string[];
  fixes: ReportFix[];
  checks: ReportCheck[];
}

/** A blocker, unknown check or warning as the verdict area lists it, with its first fix. */
export interface ReportSummaryItem {
  /** The id of the finding it summarizes. */
  findingId: string;
  severity: Severity;
  code: string;
  title: string;
  firstFix?: string;
}

/** One group of requests Key Vault refused, from its audit log. */
export interface ReportDenial {
  /** The group's index in the diagnosis's recent denials, as a string. */
  id: string;
  /** The logged caller: its object id and client id, or the managed identity that got the token. */
  caller: string;
  /** The logged operation name, with the catalogue operation when known: `SecretGet (secrets/get)`. */
  operation: string;
  reason: string;
  clientAddress?: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  /** True when the log names the caller, so a diagnosis for it can start. */
  canDiagnose: boolean;
}

export interface ReportDenials {
  workspaceId: string;
  /** The queried window, `<start> - <end>`. */
  window: string;
  /** True when the query returned its row limit, so older denials may be missing. */
  truncated: boolean;
  groups: ReportDenial[];
}

export interface ReportFamily {
  family: CheckFamily;
  label: string;
  findings: ReportFinding[];
}

/** Text the webview shows, localized by the host (the webview has no localization of its own). */
export const LABEL_KEYS = [
  'verdict',
  'vault',
  'caller',
  'operations',
  'objects',
  'factsTakenAt',
  'copyBash',
  'copyPowerShell',
  'runBash',
  'runPowerShell',
  'apply',
  'armWrites',
  'evidence',
  'missingFacts',
  'copy',
  'exportMarkdown',
  'saveFacts',
  'rediagnose',
  'noFindings',
  'workspaceEdit',
  'fixes',
  'checkByHand',
  'recentDenials',
  'diagnoseDenial',
  'noDenials',
  'denialsTruncated',
  'severity.blocker',
  'severity.warning',
  'severity.info',
  'severity.ok',
  'severity.unknown',
] as const;

export type LabelKey = (typeof LABEL_KEYS)[number];

export interface ReportModel {
  verdict: Verdict;
  /** One sentence under the verdict, such as "2 blockers found.". */
  headline: string;
  vaultId: string;
  callerLabel: string;
  operations: string[];
  objects: string[];
  now: string;
  families: ReportFamily[];
  /** False for a saved diagnosis opened without a way to collect again (no Apply, no re-diagnosis). */
  live: boolean;
  labels: Record<LabelKey, string>;
  /** Requests Key Vault refused recently, when its audit log was read. */
  recentDenials?: ReportDenials;
  /** One condition that explains the whole diagnosis, such as a vault id that names no vault. */
  notice?: string;
  /** The blockers, unknown checks and warnings, for the verdict area. */
  summary?: ReportSummaryItem[];
}

export type HostMessage =
  | { type: 'render'; model: ReportModel }
  | { type: 'busy'; text: string }
  | { type: 'idle' };

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'copyFix'; fixId: string; shell: Shell }
  | { type: 'runInTerminal'; fixId: string; shell: Shell }
  | { type: 'applyFix'; fixId: string }
  | { type: 'copyEvidence'; findingId: string; index: number }
  | { type: 'exportMarkdown' }
  | { type: 'saveFacts' }
  | { type: 'rediagnose' }
  | { type: 'diagnoseDenial'; denialId: string };

const VERDICTS: readonly string[] = ['blocked', 'unknown', 'should-work'];
const SEVERITIES: readonly string[] = ['blocker', 'warning', 'info', 'ok', 'unknown'];
const FAMILIES: readonly string[] = ['network', 'identity', 'model', 'authorization', 'object', 'collection'];
const FIX_ID = /^\d{1,4}\.\d{1,3}$/;
const FINDING_ID = /^\d{1,4}$/;

type Fields = Record<string, unknown>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isOptionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(isString);
}

function isShell(value: unknown): value is Shell {
  return value === 'bash' || value === 'powershell';
}

/** Validates a message from the webview; returns undefined for anything that is not exactly one of the known shapes. */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (!isRecord(value) || !isString(value.type)) {
    return undefined;
  }

  switch (value.type) {
    case 'ready':
    case 'exportMarkdown':
    case 'saveFacts':
    case 'rediagnose':
      return { type: value.type };
    case 'copyFix':
    case 'runInTerminal':
      if (isString(value.fixId) && FIX_ID.test(value.fixId) && isShell(value.shell)) {
        return { type: value.type, fixId: value.fixId, shell: value.shell };
      }
      return undefined;
    case 'applyFix':
      if (isString(value.fixId) && FIX_ID.test(value.fixId)) {
        return { type: 'applyFix', fixId: value.fixId };
      }
      return undefined;
    case 'diagnoseDenial':
      if (isString(value.denialId) && FINDING_ID.test(value.denialId)) {
        return { type: 'diagnoseDenial', denialId: value.denialId };
      }
      return undefined;
    case 'copyEvidence':
      if (
        isString(value.findingId) &&
        FINDING_ID.test(value.findingId) &&
        typeof value.index === 'number' &&
        Number.isInteger(value.index) &&
        value.index >= 0
      ) {
        return { type: 'copyEvidence', findingId: value.findingId, index: value.index };
      }
      return undefined;
    default:
      return undefined;
  }
}

function isArmWrite(value: unknown): value is ArmWriteView {
  return isRecord(value) && isString(value.method) && isString(value.path) && isString(value.description);
}

function isEdit(value: unknown): boolean {
  return (
    value === undefined ||
    (isRecord(value) && isString(value.file) && typeof value.line === 'number' && isString(value.newText))
  );
}

function isFix(value: unknown): value is ReportFix {
  return (
    isRecord(value) &&
    isString(value.id) &&
    FIX_ID.test(value.id) &&
    isString(value.title) &&
    isOptionalString(value.note) &&
    isOptionalString(value.bash) &&
    isOptionalString(value.powershell) &&
    Array.isArray(value.armWrites) &&
    value.armWrites.every(isArmWrite) &&
    isEdit(value.edit) &&
    typeof value.canApply === 'boolean'
  );
}

function isCheck(value: unknown): value is ReportCheck {
  return isRecord(value) && isString(value.title) && isString(value.bash) && isString(value.powershell) && isOptionalString(value.expect);
}

function isFinding(value: unknown): value is ReportFinding {
  return (
    isRecord(value) &&
    isString(value.id) &&
    FINDING_ID.test(value.id) &&
    isString(value.code) &&
    isString(value.family) &&
    FAMILIES.includes(value.family) &&
    isString(value.severity) &&
    SEVERITIES.includes(value.severity) &&
    isString(value.title) &&
    isString(value.detail) &&
    isStringArray(value.evidence) &&
    isStringArray(value.missing) &&
    Array.isArray(value.fixes) &&
    value.fixes.every(isFix) &&
    Array.isArray(value.checks) &&
    value.checks.every(isCheck)
  );
}

function isFamily(value: unknown): value is ReportFamily {
  return (
    isRecord(value) &&
    isString(value.family) &&
    FAMILIES.includes(value.family) &&
    isString(value.label) &&
    Array.isArray(value.findings) &&
    value.findings.every(isFinding)
  );
}

function isDenial(value: unknown): value is ReportDenial {
  return (
    isRecord(value) &&
    isString(value.id) &&
    FINDING_ID.test(value.id) &&
    isString(value.caller) &&
    isString(value.operation) &&
    isString(value.reason) &&
    isOptionalString(value.clientAddress) &&
    typeof value.count === 'number' &&
    isString(value.firstSeen) &&
    isString(value.lastSeen) &&
    typeof value.canDiagnose === 'boolean'
  );
}

function isDenials(value: unknown): boolean {
  return (
    value === undefined ||
    (isRecord(value) &&
      isString(value.workspaceId) &&
      isString(value.window) &&
      typeof value.truncated === 'boolean' &&
      Array.isArray(value.groups) &&
      value.groups.every(isDenial))
  );
}

function isSummaryItem(value: unknown): value is ReportSummaryItem {
  return (
    isRecord(value) &&
    isString(value.findingId) &&
    FINDING_ID.test(value.findingId) &&
    isString(value.severity) &&
    SEVERITIES.includes(value.severity) &&
    isString(value.code) &&
    isString(value.title) &&
    isOptionalString(value.firstFix)
  );
}

function isSummary(value: unknown): boolean {
  return value === undefined || (Array.isArray(value) && value.every(isSummaryItem));
}

function isLabels(value: unknown): value is Record<LabelKey, string> {
  return isRecord(value) && LABEL_KEYS.every((key) => isString(value[key]));
}

/** Checks the whole report model, so the webview never renders a half-valid shape. */
export function isReportModel(value: unknown): value is ReportModel {
  return (
    isRecord(value) &&
    isString(value.verdict) &&
    VERDICTS.includes(value.verdict) &&
    isString(value.headline) &&
    isString(value.vaultId) &&
    isString(value.callerLabel) &&
    isStringArray(value.operations) &&
    isStringArray(value.objects) &&
    isString(value.now) &&
    Array.isArray(value.families) &&
    value.families.every(isFamily) &&
    typeof value.live === 'boolean' &&
    isLabels(value.labels) &&
    isDenials(value.recentDenials) &&
    isOptionalString(value.notice) &&
    isSummary(value.summary)
  );
}

/** Validates a message from the host; returns undefined for anything that is not exactly one of the known shapes. */
export function parseHostMessage(value: unknown): HostMessage | undefined {
  if (!isRecord(value) || !isString(value.type)) {
    return undefined;
  }

  switch (value.type) {
    case 'render':
      return isReportModel(value.model) ? { type: 'render', model: value.model } : undefined;
    case 'busy':
      return isString(value.text) ? { type: 'busy', text: value.text } : undefined;
    case 'idle':
      return { type: 'idle' };
    default:
      return undefined;
  }
}
