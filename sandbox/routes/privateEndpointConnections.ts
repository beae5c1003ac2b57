/**
 * A vault's private endpoint connections as their own resources
 * (`<vault>/privateEndpointConnections[/{name}]`), read from the vault body. A PUT approves or
 * rejects a connection and, as in Azure, updates the private endpoint's copy of the state too.
 */
import type { ArmResource } from '../../src/scenario/types';
import { armListBody } from '../http/paging';
import { ArmError, isRecord, json, noContent, parseJsonBody } from '../http/respond';
import type { Route, RouteContext } from '../http/route';
import type { SandboxResponse } from '../http/types';
import { lastSegment, normalizeScope, sameId } from '../tenant/armId';
import type { TenantState } from '../tenant/tenantState';

const CONNECTION_TYPE = 'Microsoft.KeyVault/vaults/privateEndpointConnections';

type EmbeddedConnection = { id: string; etag?: string; properties?: Record<string, unknown> };

function requireVault(state: TenantState, vaultId: string): ArmResource {
  const vault = state.getResource(vaultId);
  if (!vault) {
    throw new ArmError(404, 'ResourceNotFound', `The Resource 'Microsoft.KeyVault/vaults/${lastSegment(vaultId)}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
  }
  return vault;
}

function embeddedConnections(vault: ArmResource): EmbeddedConnection[] {
  const connections = vault.properties?.privateEndpointConnections;
  return Array.isArray(connections) ? (connections as EmbeddedConnection[]) : [];
}

function asResource(vault: ArmResource, connection: EmbeddedConnection): Record<string, unknown> {
  return { id: connection.id, name: lastSegment(connection.id), type: CONNECTION_TYPE, etag: connection.etag ?? '', location: vault.location, properties: connection.properties ?? {} };
}

/** Copies a new connection state to the private endpoint's matching connection to this vault. */
function syncPrivateEndpoint(state: TenantState, vaultId: string, connection: EmbeddedConnection): void {
  const endpointId = (connection.properties?.privateEndpoint as { id?: string } | undefined)?.id;
  const endpoint = endpointId ? state.getResource(endpointId) : undefined;
  const newState = connection.properties?.privateLinkServiceConnectionState;
  if (!endpoint?.properties || !isRecord(newState)) {
    return;
  }

  for (const listName of ['privateLinkServiceConnections', 'manualPrivateLinkServiceConnections']) {
    const links = endpoint.properties[listName];
    for (const link of Array.isArray(links) ? links : []) {
      const properties = isRecord(link) && isRecord(link.properties) ? link.properties : undefined;
      if (properties && sameId(String(properties.privateLinkServiceId ?? ''), vaultId)) {
        properties.privateLinkServiceConnectionState = { ...newState };
      }
    }
  }
}

function handleItem(context: RouteContext): SandboxResponse {
  const vaultId = normalizeScope(context.match[1]);
  const name = context.match[2];
  const vault = requireVault(context.state, vaultId);
  const connections = embeddedConnections(vault);
  const index = connections.findIndex((connection) => sameId(lastSegment(connection.id), name));
  const method = context.request.method.toUpperCase();

  if (index < 0) {
    if (method === 'DELETE') {
      return noContent();
    }
    throw new ArmError(404, 'PrivateEndpointConnectionNotFound', `The private endpoint connection '${name}' was not found on vault '${lastSegment(vaultId)}'.`);
  }

  if (method === 'GET') {
    return json(200, asResource(vault, connections[index]));
  }
  if (method === 'DELETE') {
    const [removed] = connections.splice(index, 1);
    return json(200, asResource(vault, removed));
  }

  const body = parseJsonBody(context.request.body);
  const properties = isRecord(body.properties) ? body.properties : {};
  const newState = properties.privateLinkServiceConnectionState;
  if (!isRecord(newState) || typeof newState.status !== 'string') {
    throw new ArmError(400, 'BadRequest', 'The request needs properties.privateLinkServiceConnectionState.status (Approved, Rejected, Pending or Disconnected).');
  }
  const connectionState = { actionsRequired: 'None', description: '', ...newState };
  const updated: EmbeddedConnection = {
    ...connections[index],
    properties: { ...(connections[index].properties ?? {}), privateLinkServiceConnectionState: connectionState },
  };
  connections[index] = updated;
  syncPrivateEndpoint(context.state, vault.id, updated);
  return json(200, asResource(vault, updated));
}

const VAULT = '(\\/subscriptions\\/[^/]+\\/resourceGroups\\/[^/]+\\/providers\\/Microsoft\\.KeyVault\\/vaults\\/[^/]+)';

export const privateEndpointConnectionRoutes: readonly Route[] = [
  {
    family: 'arm',
    methods: ['GET'],
    pattern: new RegExp(`^${VAULT}\\/privateEndpointConnections$`, 'i'),
    handle: (context) => {
      const vault = requireVault(context.state, normalizeScope(context.match[1]));
      return json(200, armListBody(embeddedConnections(vault).map((connection) => asResource(vault, connection)), context));
    },
  },
  {
    family: 'arm',
    methods: ['GET', 'PUT', 'DELETE'],
    pattern: new RegExp(`^${VAULT}\\/privateEndpointConnections\\/([^/]+)$`, 'i'),
    handle: handleItem,
  },
];
