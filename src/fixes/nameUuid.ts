/**
 * Name-based UUIDs (RFC 9562 version 5, SHA-1) for role assignment names.
 *
 * ARM accepts a repeated PUT of the same role assignment name with the same body, so a name
 * derived from (scope, role, principal) makes a repeated Apply harmless, the way ARM templates
 * use `guid()`.
 */
import { createHash } from 'node:crypto';

/** This product's namespace for role assignment names (a random version 4 UUID, fixed forever). */
const ROLE_ASSIGNMENT_NAMESPACE = '5e0c1d5a-7a4b-4f0e-9d43-2b8e6c1f7a90';

/** Computes a version 5 UUID of `name` in `namespace`. */
export function uuidV5(namespace: string, name: string): string {
  const namespaceBytes = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (namespaceBytes.length !== 16) {
    throw new Error(`Invalid namespace UUID ${JSON.stringify(namespace)}: expected 32 hexadecimal digits.`);
  }

  const hash = createHash('sha1').update(namespaceBytes).update(Buffer.from(name, 'utf8')).digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;

  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Derives the role assignment name for a role at a scope for a principal. ARM compares scopes and
 * GUIDs case-insensitively, so they are lower-cased first and differently cased inputs give the same name.
 */
export function roleAssignmentName(scope: string, roleDefinitionGuid: string, principalId: string): string {
  const normalisedScope = scope.replace(/\/+$/, '').toLowerCase();
  return uuidV5(ROLE_ASSIGNMENT_NAMESPACE, `${normalisedScope}|${roleDefinitionGuid.toLowerCase()}|${principalId.toLowerCase()}`);
}
