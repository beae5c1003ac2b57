/**
 * The operation a pasted Key Vault denial names, when the request left it out. A client that
 * lists before it reads (External Secrets `find`, the .NET configuration provider) fails on the
 * list call, so the error's `Action` (RBAC) or permission (access policies) shows an operation the
 * user may not have asked about.
 */
import { OPERATIONS } from '../catalogue';
import type { CheckContext, OperationSpec } from '../context';

export interface ErrorOperation {
  operation: OperationSpec;
  /** `secrets/<name>` when the error's resource is one object. */
  objectRef?: string;
}

const OBJECT_IN_RESOURCE = /\/vaults\/[^/]+\/(secrets|keys|certificates)\/([^/]+)/i;

function objectRefOf(resource: string | undefined, requested: readonly string[]): string | undefined {
  const match = resource ? OBJECT_IN_RESOURCE.exec(resource) : null;
  if (!match) {
    return undefined;
  }

  // Key Vault lower-cases the resource in the message, so prefer the request's spelling of the name.
  const ref = `${(match[1] as string).toLowerCase()}/${match[2]}`;
  return requested.find((candidate) => candidate.toLowerCase() === ref.toLowerCase()) ?? ref;
}

function fromRbacError(action: string, resource: string | undefined, requested: readonly string[]): ErrorOperation | undefined {
  const candidates = OPERATIONS.filter((operation) => operation.dataAction.toLowerCase() === action.toLowerCase());
  const objectRef = objectRefOf(resource, requested);

  if (objectRef) {
    const collection = objectRef.split('/')[0];
    const operation = candidates.find((candidate) => candidate.collection === collection && !candidate.listsCollection && !candidate.vaultScoped);
    return operation ? { operation, objectRef } : undefined;
  }
  const operation = candidates.find((candidate) => candidate.listsCollection || candidate.vaultScoped);
  return operation ? { operation } : undefined;
}

function fromPolicyError(collection: OperationSpec['collection'], permission: string): ErrorOperation | undefined {
  const candidates = OPERATIONS.filter(
    (operation) => operation.collection === collection && operation.policyPermission.toLowerCase() === permission.toLowerCase(),
  );
  const operation = candidates.find((candidate) => candidate.listsCollection) ?? candidates[0];
  return operation ? { operation } : undefined;
}

/**
 * Returns the operation the pasted error names when no requested operation is the same, or
 * undefined. Errors that name another vault are ignored.
 */
export function operationFromError(context: CheckContext): ErrorOperation | undefined {
  const error = context.error;
  const vaultName = context.facts.vault?.name;
  if (!error || (error.vaultName && vaultName && error.vaultName.toLowerCase() !== vaultName.toLowerCase())) {
    return undefined;
  }

  let found: ErrorOperation | undefined;
  if (error.kind === 'forbidden-by-rbac' && error.action) {
    found = fromRbacError(error.action, error.resource, context.facts.request.objects);
  } else if (error.kind === 'access-policy-denied' && error.permission) {
    found = fromPolicyError(error.permission.collection, error.permission.name);
  }

  if (!found || context.operations.some((operation) => operation.name === found.operation.name)) {
    return undefined;
  }
  return found;
}

/** Returns the requested operations plus the one the pasted error adds, if any. */
export function operationsWithError(context: CheckContext): OperationSpec[] {
  const extra = operationFromError(context);
  return extra ? [...context.operations, extra.operation] : [...context.operations];
}
