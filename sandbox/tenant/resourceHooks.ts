/**
 * Type-specific behaviour of generic resource writes: the checks and server-set fields that ARM's
 * resource providers apply for the types the product reads back after a fix.
 */
import { randomUUID } from 'node:crypto';

import type { ArmResource } from '../../src/scenario/types';
import { ArmError, isRecord } from '../http/respond';
import { sameId } from './armId';
import type { TenantState } from './tenantState';

const DEFAULT_FIC_AUDIENCE = 'api://AzureADTokenExchange';

/** Checks and completes `resource` before a PUT stores it; `existing` is the stored version, if any. */
export function prepareForPut(state: TenantState, resource: ArmResource, existing: ArmResource | undefined): void {
  const type = resource.type.toLowerCase();
  const properties = (resource.properties ??= {});

  if (type === 'microsoft.keyvault/vaults') {
    prepareVault(resource, properties, existing);
  } else if (type === 'microsoft.keyvault/vaults/secrets') {
    // ARM accepts a secret value on create, but the sandbox, like the product, never keeps one.
    delete properties.value;
    properties.attributes = isRecord(properties.attributes) ? properties.attributes : { enabled: true };
  } else if (type === 'microsoft.managedidentity/userassignedidentities') {
    prepareIdentity(state, resource, properties, existing);
  } else if (type === 'microsoft.managedidentity/userassignedidentities/federatedidentitycredentials') {
    prepareFederatedCredential(properties);
  }
}

/** Removes what a deleted resource takes with it outside the resource map. */
export function afterDelete(state: TenantState, resource: ArmResource): void {
  if (resource.type.toLowerCase() === 'microsoft.managedidentity/userassignedidentities') {
    // Deleting an identity deletes its service principal; role assignments naming it stay behind.
    const principalId = resource.properties?.principalId;
    if (typeof principalId === 'string') {
      state.principals.delete(principalId.toLowerCase());
    }
  }
}

function prepareVault(resource: ArmResource, properties: Record<string, unknown>, existing: ArmResource | undefined): void {
  if (typeof properties.tenantId !== 'string' || properties.tenantId === '') {
    throw new ArmError(400, 'BadRequest', `The vault '${resource.name}' needs properties.tenantId. Send the tenant's GUID.`);
  }
  if (!isRecord(properties.sku) || typeof properties.sku.name !== 'string') {
    throw new ArmError(400, 'BadRequest', `The vault '${resource.name}' needs properties.sku, for example {"family":"A","name":"standard"}.`);
  }

  const previous = existing?.properties ?? {};
  properties.accessPolicies ??= [];
  properties.vaultUri ??= previous.vaultUri ?? `https://${resource.name}.vault.azure.net/`;
  // Private endpoint connections belong to the private endpoints, not to the vault body a client sends.
  properties.privateEndpointConnections = previous.privateEndpointConnections ?? properties.privateEndpointConnections ?? [];
  properties.provisioningState = 'Succeeded';
}

function prepareIdentity(state: TenantState, resource: ArmResource, properties: Record<string, unknown>, existing: ArmResource | undefined): void {
  const previous = existing?.properties ?? {};
  const principalId = typeof previous.principalId === 'string' ? previous.principalId : randomUUID();
  const clientId = typeof previous.clientId === 'string' ? previous.clientId : randomUUID();

  properties.tenantId = state.tenantId;
  properties.principalId = principalId;
  properties.clientId = clientId;
  properties.isolationScope ??= 'None';

  if (!state.findPrincipal(principalId)) {
    state.principals.set(principalId.toLowerCase(), { objectId: principalId, appId: clientId, type: 'ServicePrincipal', displayName: resource.name, memberOf: [] });
  }
}

function prepareFederatedCredential(properties: Record<string, unknown>): void {
  for (const field of ['issuer', 'subject']) {
    if (typeof properties[field] !== 'string' || properties[field] === '') {
      throw new ArmError(400, 'BadRequest', `The federated identity credential needs properties.${field} as a non-empty string.`);
    }
  }

  const audiences = properties.audiences;
  if (audiences === undefined) {
    properties.audiences = [DEFAULT_FIC_AUDIENCE];
  } else if (!Array.isArray(audiences) || audiences.length !== 1 || typeof audiences[0] !== 'string') {
    throw new ArmError(400, 'BadRequest', `properties.audiences must hold exactly one string, such as '${DEFAULT_FIC_AUDIENCE}'.`);
  }
}

/** Returns whether resources of `type` are extension resources, listed only under the resource they extend. */
export function isExtensionType(type: string): boolean {
  return ['microsoft.insights/diagnosticsettings'].some((candidate) => sameId(candidate, type));
}
