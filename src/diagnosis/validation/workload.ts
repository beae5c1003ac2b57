/**
 * Validation of the workload facts inside AccessFacts: Kubernetes and infrastructure objects with
 * the source ranges the editor uses to mark them.
 */
import type {
  ControllerKind,
  ExternalSecretFact,
  FieldRef,
  IacFederatedCredentialFact,
  IacRoleAssignmentFact,
  IacRoleDefinitionFact,
  IacVaultFact,
  PodTemplateFact,
  SecretProviderClassFact,
  SecretStoreFact,
  ServiceAccountFact,
  SourceRange,
  SourceRef,
  WorkloadFacts,
} from '../workload';
import {
  assignDefined,
  FactsValidationError,
  readArray,
  readBoolean,
  readEnum,
  readObject,
  readOptionalNumber,
  readOptionalString,
  readString,
  readStringArray,
  type JsonObject,
} from './reader';

const CONTROLLER_KINDS: readonly ControllerKind[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'ReplicaSet'];

function readRange(value: unknown, path: string): SourceRange {
  if (!Array.isArray(value) || value.length !== 4 || !value.every((item) => Number.isInteger(item) && item >= 0)) {
    throw new FactsValidationError(path, '[start line, start column, end line, end column] as four whole numbers from 0', value);
  }
  return value as SourceRange;
}

function readSource(object: JsonObject, path: string): SourceRef {
  const source = readObject(object.source, `${path}.source`);
  return { file: readString(source, 'file', `${path}.source`), range: readRange(source.range, `${path}.source.range`) };
}

function readField(object: JsonObject, key: string, path: string): FieldRef | undefined {
  if (object[key] === undefined || object[key] === null) {
    return undefined;
  }
  const field = readObject(object[key], `${path}.${key}`);
  const result: FieldRef = { range: readRange(field.range, `${path}.${key}.range`) };
  assignDefined(result, 'value', readOptionalString(field, 'value', `${path}.${key}`));
  return result;
}

function readFieldArray(object: JsonObject, key: string, path: string): FieldRef[] {
  return readArray(object, key, path, (item, itemPath) => {
    const field = readObject(item, itemPath);
    const result: FieldRef = { range: readRange(field.range, `${itemPath}.range`) };
    assignDefined(result, 'value', readOptionalString(field, 'value', itemPath));
    return result;
  });
}

function setFields<T extends object>(target: T, object: JsonObject, path: string, keys: readonly (keyof T & string)[]): void {
  for (const key of keys) {
    assignDefined(target, key, readField(object, key, path) as T[typeof key] | undefined);
  }
}

function readServiceAccount(value: unknown, path: string): ServiceAccountFact {
  const object = readObject(value, path);
  const result: ServiceAccountFact = { source: readSource(object, path), name: readString(object, 'name', path), namespace: readString(object, 'namespace', path) };
  setFields(result, object, path, ['clientId', 'tenantId', 'useLabel']);
  return result;
}

function readPodTemplate(value: unknown, path: string): PodTemplateFact {
  const object = readObject(value, path);
  const result: PodTemplateFact = {
    source: readSource(object, path),
    kind: readEnum(object, 'kind', path, CONTROLLER_KINDS),
    name: readString(object, 'name', path),
    namespace: readString(object, 'namespace', path),
    serviceAccountName: readString(object, 'serviceAccountName', path),
    secretProviderClassNames: readStringArray(object, 'secretProviderClassNames', path),
    env: readArray(object, 'env', path, (item, itemPath) => {
      const variable = readObject(item, itemPath);
      const env: PodTemplateFact['env'][number] = { name: readString(variable, 'name', itemPath), range: readRange(variable.range, `${itemPath}.range`) };
      assignDefined(env, 'value', readOptionalString(variable, 'value', itemPath));
      return env;
    }),
  };
  if (object.serviceAccountRange !== undefined && object.serviceAccountRange !== null) {
    result.serviceAccountRange = readRange(object.serviceAccountRange, `${path}.serviceAccountRange`);
  }
  if (object.podLabelsRange !== undefined && object.podLabelsRange !== null) {
    result.podLabelsRange = readRange(object.podLabelsRange, `${path}.podLabelsRange`);
  }
  setFields(result, object, path, ['podUseLabel', 'controllerUseLabel']);
  return result;
}

function readSecretProviderClass(value: unknown, path: string): SecretProviderClassFact {
  const object = readObject(value, path);
  const result: SecretProviderClassFact = {
    source: readSource(object, path),
    name: readString(object, 'name', path),
    namespace: readString(object, 'namespace', path),
    provider: readString(object, 'provider', path),
    objects: readArray(object, 'objects', path, (item, itemPath) => {
      const spcObject = readObject(item, itemPath);
      const entry: SecretProviderClassFact['objects'][number] = {
        objectName: readString(spcObject, 'objectName', itemPath),
        objectType: readString(spcObject, 'objectType', itemPath),
      };
      assignDefined(entry, 'objectVersion', readOptionalString(spcObject, 'objectVersion', itemPath));
      assignDefined(entry, 'objectVersionHistory', readOptionalNumber(spcObject, 'objectVersionHistory', itemPath));
      return entry;
    }),
  };
  setFields(result, object, path, ['keyvaultName', 'tenantId', 'clientID', 'useVMManagedIdentity', 'userAssignedIdentityID', 'usePodIdentity']);
  return result;
}

function readSecretStore(value: unknown, path: string): SecretStoreFact {
  const object = readObject(value, path);
  const result: SecretStoreFact = {
    source: readSource(object, path),
    kind: readEnum(object, 'kind', path, ['SecretStore', 'ClusterSecretStore'] as const),
    name: readString(object, 'name', path),
    namespace: readString(object, 'namespace', path),
  };
  setFields(result, object, path, ['vaultUrl', 'authType', 'tenantId', 'identityId']);
  if (object.serviceAccountRef !== undefined && object.serviceAccountRef !== null) {
    const refPath = `${path}.serviceAccountRef`;
    const ref = readObject(object.serviceAccountRef, refPath);
    result.serviceAccountRef = { name: readString(ref, 'name', refPath), range: readRange(ref.range, `${refPath}.range`) };
    assignDefined(result.serviceAccountRef, 'namespace', readOptionalString(ref, 'namespace', refPath));
  }
  if (object.providerRange !== undefined && object.providerRange !== null) {
    result.providerRange = readRange(object.providerRange, `${path}.providerRange`);
  }
  return result;
}

function readExternalSecret(value: unknown, path: string): ExternalSecretFact {
  const object = readObject(value, path);
  const storeRef = readObject(object.storeRef, `${path}.storeRef`);
  return {
    source: readSource(object, path),
    kind: readEnum(object, 'kind', path, ['ExternalSecret', 'PushSecret'] as const),
    name: readString(object, 'name', path),
    namespace: readString(object, 'namespace', path),
    storeRef: {
      name: readString(storeRef, 'name', `${path}.storeRef`),
      kind: readEnum(storeRef, 'kind', `${path}.storeRef`, ['SecretStore', 'ClusterSecretStore'] as const),
    },
    gets: readStringArray(object, 'gets', path),
    lists: readBoolean(object, 'lists', path),
    pushes: readBoolean(object, 'pushes', path),
  };
}

function readIacRoleAssignment(value: unknown, path: string): IacRoleAssignmentFact {
  const object = readObject(value, path);
  const result: IacRoleAssignmentFact = { source: readSource(object, path) };
  setFields(result, object, path, ['roleDefinition', 'principalId', 'scope']);
  return result;
}

function readIacVault(value: unknown, path: string): IacVaultFact {
  const object = readObject(value, path);
  const result: IacVaultFact = {
    source: readSource(object, path),
    hasFirewallRules: readBoolean(object, 'hasFirewallRules', path),
    accessPolicyObjectIds: readFieldArray(object, 'accessPolicyObjectIds', path),
  };
  assignDefined(result, 'name', readOptionalString(object, 'name', path));
  setFields(result, object, path, ['tenantId', 'enableRbacAuthorization', 'publicNetworkAccess']);
  return result;
}

function readIacFederatedCredential(value: unknown, path: string): IacFederatedCredentialFact {
  const object = readObject(value, path);
  const result: IacFederatedCredentialFact = { source: readSource(object, path), audiences: readStringArray(object, 'audiences', path) };
  setFields(result, object, path, ['issuer', 'subject']);
  return result;
}

function readIacRoleDefinition(value: unknown, path: string): IacRoleDefinitionFact {
  const object = readObject(value, path);
  const result: IacRoleDefinitionFact = {
    source: readSource(object, path),
    actions: readFieldArray(object, 'actions', path),
    dataActions: readFieldArray(object, 'dataActions', path),
  };
  assignDefined(result, 'roleName', readOptionalString(object, 'roleName', path));
  return result;
}

/** Validates the workload facts and returns a normalised copy. */
export function readWorkload(value: unknown, path: string): WorkloadFacts {
  const object = readObject(value, path);
  return {
    files: readStringArray(object, 'files', path),
    serviceAccounts: readArray(object, 'serviceAccounts', path, readServiceAccount),
    podTemplates: readArray(object, 'podTemplates', path, readPodTemplate),
    secretProviderClasses: readArray(object, 'secretProviderClasses', path, readSecretProviderClass),
    secretStores: readArray(object, 'secretStores', path, readSecretStore),
    externalSecrets: readArray(object, 'externalSecrets', path, readExternalSecret),
    roleAssignments: readArray(object, 'roleAssignments', path, readIacRoleAssignment),
    vaults: readArray(object, 'vaults', path, readIacVault),
    federatedCredentials: readArray(object, 'federatedCredentials', path, readIacFederatedCredential),
    roleDefinitions: readArray(object, 'roleDefinitions', path, readIacRoleDefinition),
    errors: readArray(object, 'errors', path, (item, itemPath) => {
      const error = readObject(item, itemPath);
      const result: WorkloadFacts['errors'][number] = { file: readString(error, 'file', itemPath), message: readString(error, 'message', itemPath) };
      assignDefined(result, 'line', readOptionalNumber(error, 'line', itemPath));
      return result;
    }),
  };
}
