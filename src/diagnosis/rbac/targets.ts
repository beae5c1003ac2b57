/**
 * The resources a request touches: one per operation and named object. Azure RBAC checks a list
 * call at the vault (it names no object) and an object call at `<vault>/<collection>/<name>`.
 */
import type { OperationSpec } from '../context';
import type { AccessFacts } from '../facts';
import { objectScope } from './scope';

export interface RequestTarget {
  operation: OperationSpec;
  /** The scope Azure checks: the vault id, or the object's id below it. */
  resource: string;
  /** `secrets/<name>` when the operation acts on a named object. */
  objectRef?: string;
  objectName?: string;
  /** True when the operation acts on one object but the request names none of its collection. */
  unnamedObject: boolean;
  /** True when the pasted error, not the request, names this operation. */
  fromError?: boolean;
}

/** Returns the vault id to evaluate against: the vault as read, or the id the request names. */
export function vaultIdOf(facts: AccessFacts): string {
  return facts.vault?.id ?? facts.request.vaultId;
}

export function vaultNameOf(facts: AccessFacts): string {
  if (facts.vault?.name) {
    return facts.vault.name;
  }
  const segments = facts.request.vaultId.split('/');
  return segments[segments.length - 1] ?? facts.request.vaultId;
}

/** Lists the targets of every requested operation, in request order. */
export function requestTargets(facts: AccessFacts, operations: readonly OperationSpec[]): RequestTarget[] {
  const vaultId = vaultIdOf(facts);
  const targets: RequestTarget[] = [];

  for (const operation of operations) {
    if (operation.listsCollection || operation.vaultScoped) {
      targets.push({ operation, resource: vaultId, unnamedObject: false });
      continue;
    }

    const refs = facts.request.objects.filter((ref) => ref.toLowerCase().startsWith(`${operation.collection}/`));
    if (refs.length === 0) {
      targets.push({ operation, resource: vaultId, unnamedObject: true });
      continue;
    }
    for (const ref of refs) {
      targets.push({
        operation,
        resource: objectScope(vaultId, ref),
        objectRef: ref,
        objectName: ref.slice(operation.collection.length + 1),
        unnamedObject: false,
      });
    }
  }
  return targets;
}

/** Builds the target of the operation a pasted error names: its object, the vault for a list, or an unnamed object. */
export function errorTarget(facts: AccessFacts, operation: OperationSpec, objectRef: string | undefined): RequestTarget {
  const vaultId = vaultIdOf(facts);
  if (objectRef) {
    return { operation, resource: objectScope(vaultId, objectRef), objectRef, objectName: objectRef.slice(operation.collection.length + 1), unnamedObject: false, fromError: true };
  }
  const onVault = operation.listsCollection || Boolean(operation.vaultScoped);
  return { operation, resource: vaultId, unnamedObject: !onVault, fromError: true };
}

/** Describes a target for findings: `secrets/get on secrets/db-password`, or `secrets/list on the vault`. */
export function describeTarget(target: RequestTarget): string {
  const source = target.fromError ? ' (named by the pasted error)' : '';
  if (target.objectRef) {
    return `${target.operation.name} on ${target.objectRef}${source}`;
  }
  return target.unnamedObject ? `${target.operation.name} (no object named)${source}` : `${target.operation.name} on the vault${source}`;
}
