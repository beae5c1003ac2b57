/**
 * Checks an `AccessRequest` before any request is sent. Object and client ids end up in OData and
 * KQL filters, so they must be GUIDs. Every error names the field, the value and the fix.
 */
import type { AccessRequest } from '../diagnosis/facts';
import { requireResourceId, type ParsedResourceId } from './ids';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OBJECT_REF = /^(secrets|keys|certificates)\/[0-9A-Za-z-]{1,127}$/;
/** ARM's naming rules: vaults 3-24 ASCII letters, digits and hyphens; identities 3-128, underscores too. */
const VAULT_NAME = /^[0-9A-Za-z-]{3,24}$/;
const IDENTITY_NAME = /^[0-9A-Za-z][0-9A-Za-z_-]{2,127}$/;

export class InvalidRequestError extends Error {
  override readonly name = 'InvalidRequestError';
}

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** Validates the request and returns the parsed vault id. */
export function validateAccessRequest(request: AccessRequest): ParsedResourceId & { resourceGroup: string; name: string } {
  let vault: ParsedResourceId & { resourceGroup: string; name: string };
  try {
    vault = requireResourceId(request.vaultId, 'Microsoft.KeyVault', 'vaults', 'vault id');
  } catch (error) {
    throw new InvalidRequestError((error as Error).message);
  }

  if (!VAULT_NAME.test(vault.name)) {
    throw new InvalidRequestError(`Invalid vault name "${vault.name}" in ${request.vaultId}: vault names have 3 to 24 letters, digits and hyphens.`);
  }

  const given = (['identity', 'objectId', 'clientId'] as const).filter((field) => request.caller[field] !== undefined && request.caller[field] !== '');
  if (given.length !== 1) {
    throw new InvalidRequestError(
      `The caller must be exactly one of identity, objectId or clientId; got ${given.length === 0 ? 'none' : given.join(' and ')}.`,
    );
  }
  const { identity, objectId, clientId } = request.caller;
  if (identity !== undefined) {
    let name: string;
    try {
      name = requireResourceId(identity, 'Microsoft.ManagedIdentity', 'userAssignedIdentities', 'identity id').name;
    } catch (error) {
      throw new InvalidRequestError((error as Error).message);
    }
    if (!IDENTITY_NAME.test(name)) {
      throw new InvalidRequestError(`Invalid identity name "${name}" in ${identity}: identity names have 3 to 128 letters, digits, hyphens and underscores.`);
    }
  }
  if (objectId !== undefined && !isGuid(objectId)) {
    throw new InvalidRequestError(`Invalid object id "${objectId}": give the principal's object id as a GUID.`);
  }
  if (clientId !== undefined && !isGuid(clientId)) {
    throw new InvalidRequestError(`Invalid client id "${clientId}": give the application (client) id as a GUID.`);
  }

  for (const ref of request.objects) {
    if (!OBJECT_REF.test(ref)) {
      throw new InvalidRequestError(`Invalid object "${ref}": use secrets/<name>, keys/<name> or certificates/<name> (letters, digits and dashes).`);
    }
  }
  for (const operation of request.operations) {
    if (!/^[a-z]+\/[a-z]+$/i.test(operation)) {
      throw new InvalidRequestError(`Invalid operation "${operation}": use <collection>/<operation>, such as secrets/get.`);
    }
  }
  if (request.from?.subnetId !== undefined) {
    try {
      requireResourceId(request.from.subnetId, 'Microsoft.Network', 'virtualNetworks/subnets', 'subnet id');
    } catch (error) {
      throw new InvalidRequestError((error as Error).message);
    }
  }
  if (request.from?.clusterId !== undefined) {
    try {
      requireResourceId(request.from.clusterId, 'Microsoft.ContainerService', 'managedClusters', 'cluster id');
    } catch (error) {
      throw new InvalidRequestError((error as Error).message);
    }
  }
  return vault;
}
