/**
 * Splits a Kubernetes YAML file into documents and hands each one to the reader for its kind.
 * A document that does not parse, or that contains Helm template syntax, becomes an error entry
 * and is skipped. The other documents of the file are still read.
 */
import { LineCounter, parseAllDocuments } from 'yaml';
import type { ControllerKind, WorkloadFacts } from '../../diagnosis/workload';
import { asMap, errorLine, SourcePositions, stringIn } from '../yamlNodes';
import { readExternalSecret, readPushSecret, readSecretStore } from './externalSecrets';
import { CONTROLLER_KINDS, readPodTemplate } from './podTemplate';
import { readSecretProviderClass, type ParseProblem } from './secretProviderClass';
import { readServiceAccount } from './serviceAccount';

const HELM_SYNTAX = /\{\{[\s\S]*?\}\}/;

/** Reads every supported object of one YAML file into `facts`. Returns false when no document parsed. */
export function readKubernetesFile(file: string, text: string, facts: WorkloadFacts): boolean {
  const lineCounter = new LineCounter();
  const positions = new SourcePositions(file, lineCounter);
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  if (!Array.isArray(documents)) {
    return false;
  }

  let parsedAny = false;
  for (const document of documents) {
    const [start, end] = document.range;
    const source = text.slice(start, end);
    // The document's range begins at its `---` marker; errors point at its first content line.
    const line = lineCounter.linePos(document.contents?.range?.[0] ?? start).line - 1;

    if (HELM_SYNTAX.test(source)) {
      facts.errors.push({ file, line, message: 'The document contains Helm template syntax ({{ }}); render it with `helm template` and open the output to have it checked.' });
      continue;
    }
    if (document.errors.length > 0) {
      const first = document.errors[0];
      facts.errors.push({ file, line: errorLine(lineCounter, text, first.pos[0]), message: `Invalid YAML: ${first.message}` });
      continue;
    }

    parsedAny = true;
    const problems: ParseProblem[] = [];
    readDocument(positions, document.contents, facts, problems);
    for (const problem of problems) {
      facts.errors.push({ file, line: problem.line, message: problem.message });
    }
  }
  return parsedAny;
}

function readDocument(positions: SourcePositions, contents: unknown, facts: WorkloadFacts, problems: ParseProblem[]): void {
  const root = asMap(contents);
  const kind = stringIn(root, ['kind']);
  if (!root || !kind) {
    return;
  }

  if (kind === 'List') {
    // `kubectl get -o yaml` wraps objects in a List with `items`.
    const items = root.get('items');
    for (const item of (items as { items?: unknown[] } | undefined)?.items ?? []) {
      readDocument(positions, item, facts, problems);
    }
    return;
  }

  if (kind === 'ServiceAccount') {
    const account = readServiceAccount(positions, root);
    if (account) facts.serviceAccounts.push(account);
  } else if ((CONTROLLER_KINDS as readonly string[]).includes(kind)) {
    const template = readPodTemplate(positions, root, kind as ControllerKind);
    if (template) facts.podTemplates.push(template);
  } else if (kind === 'SecretProviderClass') {
    const providerClass = readSecretProviderClass(positions, root, problems);
    if (providerClass) facts.secretProviderClasses.push(providerClass);
  } else if (kind === 'SecretStore' || kind === 'ClusterSecretStore') {
    const store = readSecretStore(positions, root, kind);
    if (store) facts.secretStores.push(store);
  } else if (kind === 'ExternalSecret') {
    const externalSecret = readExternalSecret(positions, root);
    if (externalSecret) facts.externalSecrets.push(externalSecret);
  } else if (kind === 'PushSecret') {
    facts.externalSecrets.push(...readPushSecret(positions, root));
  }
}
