/**
 * Snapshot of the built-in role definitions that matter for Key Vault, so the common case needs
 * no role definition request. Source: Azure's built-in roles reference (security, privileged and
 * general pages); each entry in data/builtinRoles.json names the page and date it was taken from.
 */
import type { RolePermission } from './facts';
import snapshot from './data/builtinRoles.json';

export interface BuiltInRole {
  /** The role's GUID, lower case. */
  guid: string;
  roleName: string;
  description: string;
  /** Null when the snapshot could not confirm the role's permissions. */
  permissions: RolePermission[] | null;
}

interface SnapshotEntry {
  id: string;
  roleName: string;
  description: string;
  permissions: RolePermission[] | null;
}

const ROLES: readonly BuiltInRole[] = (snapshot as SnapshotEntry[]).map((entry) => ({
  guid: entry.id.toLowerCase(),
  roleName: entry.roleName,
  description: entry.description,
  permissions: entry.permissions,
}));

const BY_GUID = new Map(ROLES.map((role) => [role.guid, role]));
const BY_NAME = new Map(ROLES.map((role) => [role.roleName.toLowerCase(), role]));

/** Every built-in role in the snapshot. */
export const BUILT_IN_ROLES = ROLES;

/** Finds a built-in role by GUID or by a role definition id ending in the GUID, case-insensitively. */
export function lookupBuiltInRoleByGuid(guidOrId: string): BuiltInRole | undefined {
  const segments = guidOrId.trim().split('/');
  return BY_GUID.get((segments[segments.length - 1] ?? '').toLowerCase());
}

/** Finds a built-in role by its name, case-insensitively (`key vault secrets user`). */
export function lookupBuiltInRoleByName(roleName: string): BuiltInRole | undefined {
  return BY_NAME.get(roleName.trim().toLowerCase());
}

/** GUIDs of the roles the fixes grant, so fixes never depend on a name lookup. */
export const ROLE_GUIDS = {
  keyVaultAdministrator: '00482a5a-887f-4fb3-b363-3b7fe8e74483',
  keyVaultReader: '21090545-7ca7-4776-b22c-e363652d74d2',
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7',
  keyVaultCertificateUser: 'db79e9a7-68ee-4b58-9aeb-b90e7c24fcba',
  keyVaultCertificatesOfficer: 'a4417e6f-fecd-4de8-b567-7b0420556985',
  keyVaultCryptoUser: '12338af0-0e69-4776-bea7-57ae8d297424',
  keyVaultCryptoOfficer: '14b46e9e-c2b7-41b4-b07b-48a6ebf60603',
  keyVaultCryptoServiceEncryptionUser: 'e147488a-f6f5-4113-8e2d-b22465e65bf6',
  keyVaultCryptoServiceReleaseUser: '08bbd89e-9f13-488c-ac41-acfcb10c90ab',
} as const;
