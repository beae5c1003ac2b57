/**
 * Loads AccessFacts from untrusted JSON (a saved file, the command line, a webview message),
 * checking every field. Errors name the field path, what was expected and what was found, for
 * example `facts.vault.enableRbacAuthorization: expected true, false or null, got "yes"`.
 */
import { lookupOperation } from './catalogue';
import {
  CLIENT_KINDS,
  FACTS_SCHEMA,
  GAP_FACTS,
  type AccessFacts,
  type AccessPolicyEntry,
  type AccessRequest,
  type CallerFacts,
  type ClusterFacts,
  type DenyAssignmentFacts,
  type DirectoryFacts,
  type Gap,
  type IdentityFacts,
  type NetworkFacts,
  type ObjectFacts,
  type ObservedError,
  type RoleAssignmentFacts,
  type RoleDefinitionFacts,
  type RolePermission,
  type VaultFacts,
} from './facts';
import {
  assignDefined,
  FactsValidationError,
  readArray,
  readBoolean,
  readEnum,
  readNullableString,
  readObject,
  readOptionalArray,
  readOptionalBoolean,
  readOptionalNumber,
  readOptionalString,
  readString,
  readStringArray,
  readTimestamp,
  type JsonObject,
} from './validation/reader';
import { readAuditLog, readCloud } from './validation/auditLog';
import { readWorkload } from './validation/workload';

export { FactsValidationError } from './validation/reader';

function readObservedError(value: unknown, path: string): ObservedError {
  if (typeof value === 'string') {
    return value;
  }
  const object = readObject(value, path);
  const result: Exclude<ObservedError, string> = { body: readString(object, 'body', path) };
  assignDefined(result, 'status', readOptionalNumber(object, 'status', path));
  if (object.headers !== undefined && object.headers !== null) {
    const headers = readObject(object.headers, `${path}.headers`);
    result.headers = {};
    for (const [name, header] of Object.entries(headers)) {
      if (typeof header !== 'string') {
        throw new FactsValidationError(`${path}.headers.${name}`, 'a string', header);
      }
      result.headers[name] = header;
    }
  }
  return result;
}

function readRequest(value: unknown, path: string): AccessRequest {
  const object = readObject(value, path);
  const callerObject = readObject(object.caller, `${path}.caller`);
  const caller = {
    identity: readOptionalString(callerObject, 'identity', `${path}.caller`),
    objectId: readOptionalString(callerObject, 'objectId', `${path}.caller`),
    clientId: readOptionalString(callerObject, 'clientId', `${path}.caller`),
  };
  const given = Object.entries(caller).filter(([, id]) => id !== undefined);
  if (given.length !== 1) {
    throw new FactsValidationError(`${path}.caller`, 'exactly one of identity, objectId or clientId', callerObject, `${path}.caller: expected exactly one of identity, objectId or clientId, got ${given.length === 0 ? 'none' : given.map(([key]) => key).join(' and ')}`);
  }

  const operations = readStringArray(object, 'operations', path);
  operations.forEach((name, index) => {
    if (!lookupOperation(name)) {
      throw new FactsValidationError(`${path}.operations[${index}]`, 'a Key Vault operation such as secrets/get, secrets/list or keys/wrap', name);
    }
  });
  if (operations.length === 0) {
    throw new FactsValidationError(`${path}.operations`, 'at least one operation, such as secrets/get', operations, `${path}.operations: expected at least one operation, such as secrets/get, got an empty array`);
  }

  const objects = readStringArray(object, 'objects', path);
  objects.forEach((ref, index) => {
    if (!/^(secrets|keys|certificates)\/[^/]+$/i.test(ref)) {
      throw new FactsValidationError(`${path}.objects[${index}]`, 'secrets/<name>, keys/<name> or certificates/<name>', ref);
    }
  });

  const request: AccessRequest = {
    vaultId: readString(object, 'vaultId', path),
    caller: Object.fromEntries(given),
    operations,
    objects,
  };
  if (object.client !== undefined && object.client !== null) {
    request.client = readEnum(object, 'client', path, CLIENT_KINDS);
  }
  if (object.from !== undefined && object.from !== null) {
    const from = readObject(object.from, `${path}.from`);
    request.from = {};
    assignDefined(request.from, 'subnetId', readOptionalString(from, 'subnetId', `${path}.from`));
    assignDefined(request.from, 'publicIp', readOptionalString(from, 'publicIp', `${path}.from`));
    assignDefined(request.from, 'clusterId', readOptionalString(from, 'clusterId', `${path}.from`));
  }
  if (object.observedError !== undefined && object.observedError !== null) {
    request.observedError = readObservedError(object.observedError, `${path}.observedError`);
  }
  return request;
}

function readAccessPolicy(value: unknown, path: string): AccessPolicyEntry {
  const object = readObject(value, path);
  const permissions = readObject(object.permissions, `${path}.permissions`);
  const entry: AccessPolicyEntry = {
    tenantId: readString(object, 'tenantId', path),
    objectId: readString(object, 'objectId', path),
    permissions: {},
  };
  const applicationId = readNullableString(object, 'applicationId', path);
  if (applicationId !== undefined) {
    entry.applicationId = applicationId;
  }
  for (const collection of ['keys', 'secrets', 'certificates', 'storage'] as const) {
    assignDefined(entry.permissions, collection, readOptionalArray(permissions, collection, `${path}.permissions`, (item, itemPath) => {
      if (typeof item !== 'string') {
        throw new FactsValidationError(itemPath, 'a permission name such as get', item);
      }
      return item;
    }));
  }
  return entry;
}

function readVault(value: unknown, path: string): VaultFacts {
  const object = readObject(value, path);
  const rbac = object.enableRbacAuthorization;
  if (rbac !== true && rbac !== false && rbac !== null) {
    throw new FactsValidationError(`${path}.enableRbacAuthorization`, 'true, false or null', rbac);
  }

  const vault: VaultFacts = {
    id: readString(object, 'id', path),
    name: readString(object, 'name', path),
    tenantId: readString(object, 'tenantId', path),
    enableRbacAuthorization: rbac,
    accessPolicies: readArray(object, 'accessPolicies', path, readAccessPolicy),
    privateEndpointConnections: readArray(object, 'privateEndpointConnections', path, (item, itemPath) => {
      const connection = readObject(item, itemPath);
      const result = { id: readString(connection, 'id', itemPath) };
      for (const key of ['privateEndpointId', 'status', 'description', 'provisioningState'] as const) {
        assignDefined(result as Record<string, string>, key, readOptionalString(connection, key, itemPath));
      }
      return result;
    }),
  };
  for (const key of ['location', 'vaultUri', 'publicNetworkAccess', 'createdAt', 'lastModifiedAt'] as const) {
    assignDefined(vault, key, readOptionalString(object, key, path));
  }

  if (object.networkAcls !== undefined && object.networkAcls !== null) {
    const aclPath = `${path}.networkAcls`;
    const acls = readObject(object.networkAcls, aclPath);
    vault.networkAcls = {
      ipRules: readStringArray(acls, 'ipRules', aclPath),
      virtualNetworkRules: readArray(acls, 'virtualNetworkRules', aclPath, (item, itemPath) => {
        const rule = readObject(item, itemPath);
        const result: { id: string; ignoreMissingVnetServiceEndpoint?: boolean } = { id: readString(rule, 'id', itemPath) };
        assignDefined(result, 'ignoreMissingVnetServiceEndpoint', readOptionalBoolean(rule, 'ignoreMissingVnetServiceEndpoint', itemPath));
        return result;
      }),
    };
    assignDefined(vault.networkAcls, 'bypass', readOptionalString(acls, 'bypass', aclPath));
    assignDefined(vault.networkAcls, 'defaultAction', readOptionalString(acls, 'defaultAction', aclPath));
  }
  return vault;
}

function readCaller(value: unknown, path: string): CallerFacts {
  const object = readObject(value, path);
  const caller: CallerFacts = {};
  for (const key of ['principalId', 'clientId', 'tenantId', 'principalType', 'identityId', 'displayName', 'createdAt'] as const) {
    assignDefined(caller, key, readOptionalString(object, key, path));
  }
  assignDefined(caller, 'groupIds', readOptionalArray(object, 'groupIds', path, (item, itemPath) => {
    if (typeof item !== 'string') {
      throw new FactsValidationError(itemPath, 'a group object id', item);
    }
    return item;
  }));
  return caller;
}

function readIdentity(value: unknown, path: string): IdentityFacts {
  const object = readObject(value, path);
  const identity: IdentityFacts = {
    id: readString(object, 'id', path),
    name: readString(object, 'name', path),
    principalId: readString(object, 'principalId', path),
    clientId: readString(object, 'clientId', path),
    tenantId: readString(object, 'tenantId', path),
  };
  assignDefined(identity, 'createdAt', readOptionalString(object, 'createdAt', path));
  assignDefined(identity, 'federatedCredentials', readOptionalArray(object, 'federatedCredentials', path, (item, itemPath) => {
    const credential = readObject(item, itemPath);
    const result = {
      id: readString(credential, 'id', itemPath),
      name: readString(credential, 'name', itemPath),
      issuer: readString(credential, 'issuer', itemPath),
      subject: readString(credential, 'subject', itemPath),
      audiences: readStringArray(credential, 'audiences', itemPath),
    };
    assignDefined(result as { createdAt?: string }, 'createdAt', readOptionalString(credential, 'createdAt', itemPath));
    return result;
  }));
  return identity;
}

function readDirectory(value: unknown, path: string): DirectoryFacts {
  const object = readObject(value, path);
  const directory: DirectoryFacts = {
    principals: readArray(object, 'principals', path, (item, itemPath) => {
      const principal = readObject(item, itemPath);
      const result: DirectoryFacts['principals'][number] = { objectId: readString(principal, 'objectId', itemPath) };
      for (const key of ['clientId', 'type', 'displayName'] as const) {
        assignDefined(result, key, readOptionalString(principal, key, itemPath));
      }
      return result;
    }),
    missingObjectIds: readStringArray(object, 'missingObjectIds', path),
  };
  assignDefined(directory, 'membershipChanges', readOptionalArray(object, 'membershipChanges', path, (item, itemPath) => {
    const change = readObject(item, itemPath);
    return { groupId: readString(change, 'groupId', itemPath), at: readTimestamp(change, 'at', itemPath) };
  }));
  return directory;
}

function readPermission(value: unknown, path: string): RolePermission {
  const object = readObject(value, path);
  const permission: RolePermission = {
    actions: readStringArray(object, 'actions', path),
    notActions: readStringArray(object, 'notActions', path),
    dataActions: readStringArray(object, 'dataActions', path),
    notDataActions: readStringArray(object, 'notDataActions', path),
  };
  assignDefined(permission, 'condition', readNullableString(object, 'condition', path));
  assignDefined(permission, 'conditionVersion', readNullableString(object, 'conditionVersion', path));
  return permission;
}

function readRoleAssignment(value: unknown, path: string): RoleAssignmentFacts {
  const object = readObject(value, path);
  const assignment: RoleAssignmentFacts = {
    id: readString(object, 'id', path),
    scope: readString(object, 'scope', path),
    roleDefinitionId: readString(object, 'roleDefinitionId', path),
    principalId: readString(object, 'principalId', path),
  };
  for (const key of ['name', 'principalType', 'createdOn', 'updatedOn'] as const) {
    assignDefined(assignment, key, readOptionalString(object, key, path));
  }
  assignDefined(assignment, 'condition', readNullableString(object, 'condition', path));
  assignDefined(assignment, 'conditionVersion', readNullableString(object, 'conditionVersion', path));
  return assignment;
}

function readRoleDefinition(value: unknown, path: string): RoleDefinitionFacts {
  const object = readObject(value, path);
  const definition: RoleDefinitionFacts = {
    id: readString(object, 'id', path),
    name: readString(object, 'name', path),
    roleName: readString(object, 'roleName', path),
    roleType: readString(object, 'roleType', path),
    assignableScopes: readStringArray(object, 'assignableScopes', path),
    permissions: readArray(object, 'permissions', path, readPermission),
  };
  assignDefined(definition, 'description', readOptionalString(object, 'description', path));
  return definition;
}

function readPrincipalList(object: JsonObject, key: string, path: string): { id: string; type?: string }[] {
  return readArray(object, key, path, (item, itemPath) => {
    const principal = readObject(item, itemPath);
    const result: { id: string; type?: string } = { id: readString(principal, 'id', itemPath) };
    assignDefined(result, 'type', readOptionalString(principal, 'type', itemPath));
    return result;
  });
}

function readDenyAssignment(value: unknown, path: string): DenyAssignmentFacts {
  const object = readObject(value, path);
  const deny: DenyAssignmentFacts = {
    id: readString(object, 'id', path),
    scope: readString(object, 'scope', path),
    permissions: readArray(object, 'permissions', path, readPermission),
    principals: readPrincipalList(object, 'principals', path),
    excludePrincipals: readPrincipalList(object, 'excludePrincipals', path),
    doNotApplyToChildScopes: readBoolean(object, 'doNotApplyToChildScopes', path),
  };
  assignDefined(deny, 'name', readOptionalString(object, 'name', path));
  assignDefined(deny, 'denyAssignmentName', readOptionalString(object, 'denyAssignmentName', path));
  assignDefined(deny, 'isSystemProtected', readOptionalBoolean(object, 'isSystemProtected', path));
  return deny;
}

function readObjectFacts(value: unknown, path: string): ObjectFacts {
  const object = readObject(value, path);
  const result: ObjectFacts = { ref: readString(object, 'ref', path), exists: readBoolean(object, 'exists', path) };
  assignDefined(result, 'id', readOptionalString(object, 'id', path));
  assignDefined(result, 'enabled', readOptionalBoolean(object, 'enabled', path));
  assignDefined(result, 'keyOps', readOptionalArray(object, 'keyOps', path, (item, itemPath) => {
    if (typeof item !== 'string') {
      throw new FactsValidationError(itemPath, 'a key operation such as wrapKey', item);
    }
    return item;
  }));
  return result;
}

function readNetwork(value: unknown, path: string): NetworkFacts {
  const object = readObject(value, path);
  return {
    privateEndpoints: readArray(object, 'privateEndpoints', path, (item, itemPath) => {
      const endpoint = readObject(item, itemPath);
      const result: NetworkFacts['privateEndpoints'][number] = {
        id: readString(endpoint, 'id', itemPath),
        ipAddresses: readStringArray(endpoint, 'ipAddresses', itemPath),
      };
      for (const key of ['subnetId', 'status', 'provisioningState', 'privateLinkServiceId'] as const) {
        assignDefined(result, key, readOptionalString(endpoint, key, itemPath));
      }
      return result;
    }),
    privateDnsZones: readArray(object, 'privateDnsZones', path, (item, itemPath) => {
      const zone = readObject(item, itemPath);
      return {
        id: readString(zone, 'id', itemPath),
        name: readString(zone, 'name', itemPath),
        links: readArray(zone, 'links', itemPath, (linkItem, linkPath) => {
          const link = readObject(linkItem, linkPath);
          const result: { id: string; virtualNetworkId: string; registrationEnabled?: boolean; state?: string } = {
            id: readString(link, 'id', linkPath),
            virtualNetworkId: readString(link, 'virtualNetworkId', linkPath),
          };
          assignDefined(result, 'registrationEnabled', readOptionalBoolean(link, 'registrationEnabled', linkPath));
          assignDefined(result, 'state', readOptionalString(link, 'state', linkPath));
          return result;
        }),
        aRecords: readArray(zone, 'aRecords', itemPath, (recordItem, recordPath) => {
          const record = readObject(recordItem, recordPath);
          return { name: readString(record, 'name', recordPath), ipv4Addresses: readStringArray(record, 'ipv4Addresses', recordPath) };
        }),
      };
    }),
    virtualNetworks: readArray(object, 'virtualNetworks', path, (item, itemPath) => {
      const network = readObject(item, itemPath);
      return {
        id: readString(network, 'id', itemPath),
        subnets: readArray(network, 'subnets', itemPath, (subnetItem, subnetPath) => {
          const subnet = readObject(subnetItem, subnetPath);
          const result: { id: string; addressPrefix?: string; serviceEndpoints: string[] } = {
            id: readString(subnet, 'id', subnetPath),
            serviceEndpoints: readStringArray(subnet, 'serviceEndpoints', subnetPath),
          };
          assignDefined(result, 'addressPrefix', readOptionalString(subnet, 'addressPrefix', subnetPath));
          return result;
        }),
        peeredVnetIds: readStringArray(network, 'peeredVnetIds', itemPath),
        dnsServers: readStringArray(network, 'dnsServers', itemPath),
      };
    }),
  };
}

function readIdentityRef(object: JsonObject, key: 'kubeletIdentity' | 'secretsProviderIdentity', path: string): ClusterFacts['kubeletIdentity'] {
  if (object[key] === undefined || object[key] === null) {
    return undefined;
  }
  const ref = readObject(object[key], `${path}.${key}`);
  const result: NonNullable<ClusterFacts['kubeletIdentity']> = {};
  for (const field of ['resourceId', 'clientId', 'objectId'] as const) {
    assignDefined(result, field, readOptionalString(ref, field, `${path}.${key}`));
  }
  return result;
}

function readCluster(value: unknown, path: string): ClusterFacts {
  const object = readObject(value, path);
  const cluster: ClusterFacts = {
    id: readString(object, 'id', path),
    name: readString(object, 'name', path),
    nodeSubnetIds: readStringArray(object, 'nodeSubnetIds', path),
  };
  assignDefined(cluster, 'oidcIssuerEnabled', readOptionalBoolean(object, 'oidcIssuerEnabled', path));
  assignDefined(cluster, 'oidcIssuerUrl', readOptionalString(object, 'oidcIssuerUrl', path));
  assignDefined(cluster, 'workloadIdentityEnabled', readOptionalBoolean(object, 'workloadIdentityEnabled', path));
  assignDefined(cluster, 'clusterPrincipalId', readOptionalString(object, 'clusterPrincipalId', path));
  assignDefined(cluster, 'kubeletIdentity', readIdentityRef(object, 'kubeletIdentity', path));
  assignDefined(cluster, 'secretsProviderIdentity', readIdentityRef(object, 'secretsProviderIdentity', path));
  assignDefined(cluster, 'nodeIdentityClientIds', readOptionalArray(object, 'nodeIdentityClientIds', path, (item, itemPath) => {
    if (typeof item !== 'string') {
      throw new FactsValidationError(itemPath, 'a client id', item);
    }
    return item;
  }));
  return cluster;
}

function readGap(value: unknown, path: string): Gap {
  const object = readObject(value, path);
  const fact = readString(object, 'fact', path);
  const base = fact.split(':', 1)[0] ?? '';
  if (!(GAP_FACTS as readonly string[]).includes(base)) {
    throw new FactsValidationError(`${path}.fact`, `one of ${GAP_FACTS.join(', ')}, optionally followed by ":<qualifier>"`, fact);
  }
  const gap: Gap = { fact, error: readString(object, 'error', path) };
  assignDefined(gap, 'status', readOptionalNumber(object, 'status', path));
  assignDefined(gap, 'code', readOptionalString(object, 'code', path));
  return gap;
}

/**
 * Validates JSON as AccessFacts and returns a normalised copy (ARM's null for an unset optional
 * property becomes an absent field). Throws FactsValidationError naming the first invalid field;
 * an unknown schema version is rejected with the supported one named.
 */
export function parseAccessFacts(json: unknown): AccessFacts {
  const path = 'facts';
  const object = readObject(json, path);

  if (object.schema !== FACTS_SCHEMA) {
    throw new FactsValidationError(
      `${path}.schema`,
      `"${FACTS_SCHEMA}"`,
      object.schema,
      `${path}.schema: unsupported schema ${JSON.stringify(object.schema) ?? 'nothing (the field is missing)'}; this version reads "${FACTS_SCHEMA}" only. Collect the facts again with this version.`,
    );
  }

  const facts: AccessFacts = {
    schema: FACTS_SCHEMA,
    now: readTimestamp(object, 'now', path),
    request: readRequest(object.request, `${path}.request`),
    caller: readCaller(object.caller, `${path}.caller`),
    identities: readArray(object, 'identities', path, readIdentity),
    directory: readDirectory(object.directory, `${path}.directory`),
    roleAssignments: readArray(object, 'roleAssignments', path, readRoleAssignment),
    roleDefinitions: readArray(object, 'roleDefinitions', path, readRoleDefinition),
    denyAssignments: readArray(object, 'denyAssignments', path, readDenyAssignment),
    managementGroupIds: readStringArray(object, 'managementGroupIds', path),
    objects: readArray(object, 'objects', path, readObjectFacts),
    network: readNetwork(object.network, `${path}.network`),
    gaps: readArray(object, 'gaps', path, readGap),
  };
  if (object.vault !== undefined && object.vault !== null) {
    facts.vault = readVault(object.vault, `${path}.vault`);
  }
  if (object.cluster !== undefined && object.cluster !== null) {
    facts.cluster = readCluster(object.cluster, `${path}.cluster`);
  }
  if (object.workload !== undefined && object.workload !== null) {
    facts.workload = readWorkload(object.workload, `${path}.workload`);
  }
  if (object.auditLog !== undefined && object.auditLog !== null) {
    facts.auditLog = readAuditLog(object.auditLog, `${path}.auditLog`);
  }
  if (object.cloud !== undefined && object.cloud !== null) {
    facts.cloud = readCloud(object.cloud, `${path}.cloud`);
  }
  return facts;
}
