/**
 * Access policy permission names per collection, in the order the Key Vault management API lists
 * them (Microsoft.KeyVault 2023-07-01 `KeyPermissions`, `SecretPermissions`,
 * `CertificatePermissions`). Key Vault compares them case-insensitively; `all` grants every one.
 */
import type { OperationSpec } from '../context';

type Collection = OperationSpec['collection'];

const CANONICAL_ORDER: Record<Collection, string[]> = {
  secrets: ['get', 'list', 'set', 'delete', 'backup', 'restore', 'recover', 'purge'],
  keys: [
    'get', 'list', 'update', 'create', 'import', 'delete', 'recover', 'backup', 'restore', 'decrypt', 'encrypt',
    'unwrapKey', 'wrapKey', 'verify', 'sign', 'purge', 'release', 'rotate', 'getrotationpolicy', 'setrotationpolicy',
  ],
  certificates: [
    'get', 'list', 'update', 'create', 'import', 'delete', 'recover', 'backup', 'restore', 'managecontacts',
    'manageissuers', 'getissuers', 'listissuers', 'setissuers', 'deleteissuers', 'purge',
  ],
};

/** Tests whether a permission list allows the operation (its permission, or `all`). */
export function permissionListAllows(permissions: readonly string[] | undefined, operation: OperationSpec): boolean {
  const needed = operation.policyPermission.toLowerCase();
  return (permissions ?? []).some((permission) => {
    const name = permission.trim().toLowerCase();
    return name === needed || name === 'all';
  });
}

function canonicalIndex(collection: Collection, permission: string): number {
  const index = CANONICAL_ORDER[collection].findIndex((name) => name.toLowerCase() === permission.toLowerCase());
  return index < 0 ? Number.MAX_SAFE_INTEGER : index;
}

/**
 * Merges what an entry already has with what the operations need: existing names first, as they
 * are, then the missing ones in the API's order.
 */
export function mergePermissions(collection: Collection, existing: readonly string[] | undefined, operations: readonly OperationSpec[]): string[] {
  const merged = [...(existing ?? [])];
  const needed = operations
    .filter((operation) => operation.collection === collection)
    .map((operation) => operation.policyPermission)
    .sort((a, b) => canonicalIndex(collection, a) - canonicalIndex(collection, b));

  for (const permission of needed) {
    const present = merged.some((name) => name.toLowerCase() === permission.toLowerCase() || name.toLowerCase() === 'all');
    if (!present) {
      merged.push(permission);
    }
  }
  return merged;
}
