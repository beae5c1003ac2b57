/**
 * Checks an `AccessRequest` before any request is sent. Object and client ids end up in OData and
 * KQL filters, so they must be GUIDs. Every error names the field, the value and the fix.
 */
import type { AccessRequest } from '../diagnosis/facts';
import { requireResourceId, type ParsedResourceId } from './ids';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OBJECT_REF = /^(secrets|keys|certificates)\/[0-9A-Za-z-]{1,127}$/;

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

  const given = (['identity', 'objectId', 'clientId'] as const).filter((field) => request.caller[field] !== undefined && request.caller[field] !== '');
  if (given.length !== 1) {
    throw new InvalidRequestError(
      `The caller must be exactly one of identity, objectId or clientId; got ${given.length === 0 ? 'none' : given.join(' and ')}.`,
    );
  }
  const { identity, objectId, clientId } = request.caller;
  if (identity !== undefined) {
    try {
      requireResourceId(identity, 'Microsoft.ManagedIdentity', 'userAssignedIdentities', 'identity id');
    } catch (error) {
      throw new InvalidRequestError((error as Error).message);
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
  if (request.from?.clusterId !== undefined) {
    try {
      requireResourceId(request.from.clusterId, 'Microsoft.ContainerService', 'managedClusters', 'cluster id');
    } catch (error) {
      throw new InvalidRequestError((error as Error).message);
    }
  }
  return vault;
}
