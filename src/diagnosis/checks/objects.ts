/**
 * Object state check: Key Vault denies an authorized caller when the secret is disabled
 * (403 SecretDisabled, "Operation get is not allowed on a disabled secret") or when a key's
 * permitted operations (keyOps) exclude the requested one. ARM reports both without any value.
 */
import type { Check, CheckContext, OperationSpec } from '../context';
import type { ObjectFacts } from '../facts';
import type { Finding } from '../finding';
import { joinWords } from '../rbac/describe';
import { requestTargets, vaultIdOf, vaultNameOf } from '../rbac/targets';

function objectFinding(code: Finding['code'], severity: Finding['severity'], title: string, detail: string, evidence: string[], missing?: string[]): Finding {
  const result: Finding = { code, family: 'object', severity, title, detail, evidence, fixes: [] };
  if (missing) {
    result.missing = missing;
  }
  return result;
}

function findObject(objects: readonly ObjectFacts[], ref: string): ObjectFacts | undefined {
  return objects.find((object) => object.ref.toLowerCase() === ref.toLowerCase());
}

/** Groups the requested operations that pass `test` by the named object they act on. */
function refsFor(context: CheckContext, test: (operation: OperationSpec) => boolean): { ref: string; operations: OperationSpec[] }[] {
  const byRef = new Map<string, { ref: string; operations: OperationSpec[] }>();
  for (const target of requestTargets(context.facts, context.operations)) {
    if (!target.objectRef || !test(target.operation)) {
      continue;
    }
    const entry = byRef.get(target.objectRef.toLowerCase()) ?? { ref: target.objectRef, operations: [] };
    entry.operations.push(target.operation);
    byRef.set(target.objectRef.toLowerCase(), entry);
  }
  return [...byRef.values()];
}

function secretFindings(context: CheckContext): Finding[] {
  const facts = context.facts;
  const refs = refsFor(context, (operation) => operation.collection === 'secrets' && operation.readsSecretValue);
  if (refs.length === 0) {
    return [];
  }

  const gap = context.gap('objects');
  const unread = refs.filter((item) => !findObject(facts.objects, item.ref));
  const disabled = refs.filter((item) => findObject(facts.objects, item.ref)?.enabled === false);
  const findings: Finding[] = [];

  for (const item of disabled) {
    const secretName = item.ref.slice('secrets/'.length);
    const object = findObject(facts.objects, item.ref);
    findings.push({
      ...objectFinding(
        'secret-disabled',
        'blocker',
        `The secret ${secretName} is disabled`,
        `${item.ref} has enabled: false, so Key Vault rejects ${joinWords(item.operations.map((operation) => operation.name))} with 403 SecretDisabled even for an authorized caller. Clients that list and then read every secret stop at the first disabled one unless they skip it.`,
        [object?.id ?? `${vaultIdOf(facts)}/${item.ref}`],
      ),
      fixes: [
        {
          title: `Enable the secret ${secretName}`,
          spec: { kind: 'secret-enable', vaultName: vaultNameOf(facts), secretName, vaultId: vaultIdOf(facts) },
          note: 'Or make the client skip disabled secrets (attributes.enabled in the list result) if the secret was disabled on purpose.',
        },
      ],
    });
  }

  if (unread.length > 0) {
    findings.push(
      objectFinding(
        'secret-disabled',
        'unknown',
        `Whether ${joinWords(unread.map((item) => item.ref))} ${unread.length === 1 ? 'is' : 'are'} enabled is unknown`,
        `The state of ${joinWords(unread.map((item) => item.ref))} was not read${gap ? `: ${gap.error}` : ''}.`,
        [vaultIdOf(facts)],
        ['objects'],
      ),
    );
  }

  const enabled = refs.filter((item) => {
    const object = findObject(facts.objects, item.ref);
    return object?.exists && object.enabled !== false;
  });
  if (enabled.length > 0) {
    findings.push(
      objectFinding('secret-disabled', 'ok', `${joinWords(enabled.map((item) => item.ref))} ${enabled.length === 1 ? 'is' : 'are'} enabled`, 'Key Vault serves enabled secrets to authorized callers.', enabled.map((item) => findObject(facts.objects, item.ref)?.id ?? item.ref)),
    );
  }
  // NOTE: a request for an object that does not exist returns 404, not 403, so it is not reported here.
  return findings;
}

function keyFindings(context: CheckContext): Finding[] {
  const facts = context.facts;
  const refs = refsFor(context, (operation) => Boolean(operation.keyOperation));
  const findings: Finding[] = [];

  for (const item of refs) {
    const object = findObject(facts.objects, item.ref);
    const evidence = [object?.id ?? `${vaultIdOf(facts)}/${item.ref}`];
    if (!object || !object.keyOps) {
      if (!object || object.exists) {
        const gap = context.gap('objects');
        findings.push(objectFinding('key-operation-not-allowed', 'unknown', `The permitted operations of ${item.ref} are unknown`, `The key's keyOps were not read${gap ? `: ${gap.error}` : ''}.`, evidence, ['objects']));
      }
      continue;
    }

    const permitted = object.keyOps.map((operation) => operation.toLowerCase());
    const denied = item.operations.filter((operation) => !permitted.includes((operation.keyOperation ?? '').toLowerCase()));
    if (denied.length === 0) {
      findings.push(objectFinding('key-operation-not-allowed', 'ok', `${item.ref} permits ${joinWords(item.operations.map((operation) => operation.keyOperation ?? operation.name))}`, `keyOps: ${object.keyOps.join(', ')}.`, evidence));
      continue;
    }

    const keyName = item.ref.slice('keys/'.length);
    const needed = [...new Set([...object.keyOps, ...denied.map((operation) => operation.keyOperation ?? '')])];
    const finding = objectFinding(
      'key-operation-not-allowed',
      'blocker',
      `The key ${keyName} does not permit ${joinWords(denied.map((operation) => operation.keyOperation ?? operation.name))}`,
      `${item.ref} permits only ${object.keyOps.join(', ') || 'no operations'}, so Key Vault rejects ${joinWords(denied.map((operation) => operation.name))} with 403 "Operation is not allowed" whatever the caller's permissions.`,
      evidence,
    );
    finding.fixes.push({
      title: `Permit ${joinWords(denied.map((operation) => operation.keyOperation ?? operation.name))} on the key ${keyName}`,
      spec: { kind: 'key-operations-update', vaultName: vaultNameOf(facts), keyName, keyOps: needed },
    });
    findings.push(finding);
  }
  return findings;
}

/** Findings of the object state check. */
export const objectChecks: Check = (context) => [...secretFindings(context), ...keyFindings(context)];
