/**
 * The narrowest built-in Key Vault data role that allows a set of operations. Candidates are tried
 * from least to most privileged and checked against the built-in role snapshot, so a fix never
 * grants a role that does not in fact contain the needed data actions.
 */
import { lookupBuiltInRoleByGuid, ROLE_GUIDS } from '../builtinRoles';
import type { OperationSpec } from '../context';
import type { ClientKind } from '../facts';
import { blockGrants } from './actionPattern';

export interface RoleChoice {
  guid: string;
  roleName: string;
  /** The requested operations this role is chosen for. */
  operations: OperationSpec[];
}

/** Per collection, the candidates in order of privilege. */
const CANDIDATES: Record<OperationSpec['collection'], string[]> = {
  secrets: [
    // Lists names and attributes without values: the narrowest role for a client that only lists.
    ROLE_GUIDS.keyVaultReader,
    ROLE_GUIDS.keyVaultSecretsUser,
    ROLE_GUIDS.keyVaultSecretsOfficer,
    ROLE_GUIDS.keyVaultAdministrator,
  ],
  keys: [
    ROLE_GUIDS.keyVaultCryptoServiceEncryptionUser,
    ROLE_GUIDS.keyVaultCryptoUser,
    ROLE_GUIDS.keyVaultCryptoServiceReleaseUser,
    ROLE_GUIDS.keyVaultCryptoOfficer,
    ROLE_GUIDS.keyVaultAdministrator,
  ],
  certificates: [ROLE_GUIDS.keyVaultCertificateUser, ROLE_GUIDS.keyVaultCertificatesOfficer, ROLE_GUIDS.keyVaultAdministrator],
};

/** Tests whether a built-in role grants every data action of the operations. */
export function builtInRoleAllows(guid: string, operations: readonly OperationSpec[]): boolean {
  const permissions = lookupBuiltInRoleByGuid(guid)?.permissions;
  if (!permissions) {
    return false;
  }
  return operations.every((operation) =>
    permissions.some((block) => blockGrants(block.dataActions, block.notDataActions, operation.dataAction)),
  );
}

function choose(guids: readonly string[], operations: OperationSpec[]): RoleChoice | undefined {
  for (const guid of guids) {
    // Key Vault Reader only for a client that lists secrets and reads no value.
    if (guid === ROLE_GUIDS.keyVaultReader && operations.some((operation) => operation.collection === 'secrets' && !operation.listsCollection)) {
      continue;
    }
    if (builtInRoleAllows(guid, operations)) {
      const role = lookupBuiltInRoleByGuid(guid);
      return role ? { guid, roleName: role.roleName, operations } : undefined;
    }
  }
  return undefined;
}

/**
 * Chooses built-in roles that together allow the operations, one per collection where needed.
 * The Secrets Store CSI driver reading key or certificate objects gets Key Vault Certificate User,
 * as the AKS documentation recommends. That role also covers secret reads, so no second role is added.
 */
export function leastPrivilegeRoles(operations: readonly OperationSpec[], client?: ClientKind): RoleChoice[] {
  const unique = [...new Map(operations.map((operation) => [operation.name, operation])).values()];

  if (client === 'csi-driver' && unique.some((operation) => operation.collection !== 'secrets')) {
    const certificateUser = choose([ROLE_GUIDS.keyVaultCertificateUser], unique);
    if (certificateUser) {
      return [certificateUser];
    }
  }

  const choices: RoleChoice[] = [];
  for (const collection of ['certificates', 'secrets', 'keys'] as const) {
    const inCollection = unique.filter((operation) => operation.collection === collection);
    if (inCollection.length === 0) {
      continue;
    }
    const covered = choices.find((choice) => builtInRoleAllows(choice.guid, inCollection));
    if (covered) {
      covered.operations.push(...inCollection);
      continue;
    }
    const choice = choose(CANDIDATES[collection], inCollection);
    if (choice) {
      choices.push(choice);
    }
  }
  return choices;
}
