/**
 * Arguments of the Diagnose 403 command when it is called with them (tests, other extensions, a
 * saved request), validated before anything reaches Azure.
 */
import { CLIENT_KINDS, type CallerRef, type ClientKind, type NetworkOrigin } from '../../diagnosis/facts';
import { lookupClientPreset, lookupOperation } from '../../diagnosis/catalogue';
import { UiError } from '../errors';
import { isGuid, isIdentityId, isVaultId } from './references';

export interface DiagnoseArguments {
  vaultId: string;
  caller: CallerRef;
  /** Data-plane operations in the order the client performs them; taken from `preset` when absent. */
  operations: string[];
  /** Objects as `secrets/<name>`, `keys/<name>` or `certificates/<name>`. */
  objects: string[];
  client?: ClientKind;
  /** The error text the caller saw, when there is one. */
  observedError?: string;
  /** The network origin of the request: a subnet, a public address, an AKS cluster. */
  from?: NetworkOrigin;
  /** False to return the diagnosis without opening the report (tests). Default true. */
  showReport: boolean;
}

type Fields = Record<string, unknown>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, field: string): string[] {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new UiError('invalid-input', `Invalid "${field}": expected an array of strings.`);
  }
  return value.map((item: string) => item.trim()).filter((item) => item.length > 0);
}

function parseCaller(value: unknown): CallerRef {
  if (!isRecord(value)) {
    throw new UiError('invalid-input', 'Missing "caller": give { identity: <resource id> }, { objectId: <GUID> } or { clientId: <GUID> }.');
  }

  const given = (['identity', 'objectId', 'clientId'] as const).filter((key) => value[key] !== undefined);
  if (given.length !== 1) {
    throw new UiError('invalid-input', `Invalid "caller": set exactly one of identity, objectId and clientId (got ${given.length}).`);
  }

  const key = given[0];
  const text = value[key];
  if (typeof text !== 'string') {
    throw new UiError('invalid-input', `Invalid "caller.${key}": expected a string.`);
  }
  if (key === 'identity' && !isIdentityId(text)) {
    throw new UiError('invalid-input', `Invalid "caller.identity" "${text}": expected a userAssignedIdentities resource id.`);
  }
  if (key !== 'identity' && !isGuid(text)) {
    throw new UiError('invalid-input', `Invalid "caller.${key}" "${text}": expected a GUID.`);
  }
  return { [key]: text.trim() };
}

function parseOperations(value: Fields): string[] {
  let operations = stringList(value.operations, 'operations');
  if (operations.length === 0 && typeof value.preset === 'string') {
    const preset = lookupClientPreset(value.preset);
    if (!preset) {
      throw new UiError('invalid-input', `Unknown preset "${value.preset}".`);
    }
    operations = [...preset.operations];
  }
  if (operations.length === 0) {
    throw new UiError('invalid-input', 'Missing "operations" (such as ["secrets/get"]) or "preset".');
  }

  const unknown = operations.filter((name) => !lookupOperation(name));
  if (unknown.length > 0) {
    throw new UiError('invalid-input', `Unknown operations: ${unknown.join(', ')}. Use names such as secrets/get, secrets/list or keys/unwrap.`);
  }
  return operations;
}

function parseClient(value: Fields): ClientKind | undefined {
  if (value.client === undefined && typeof value.preset === 'string') {
    return lookupClientPreset(value.preset)?.client;
  }
  if (value.client === undefined) {
    return undefined;
  }
  if (typeof value.client !== 'string' || !(CLIENT_KINDS as readonly string[]).includes(value.client)) {
    throw new UiError('invalid-input', `Invalid "client" "${String(value.client)}": use one of ${CLIENT_KINDS.join(', ')}.`);
  }
  return value.client as ClientKind;
}

function parseOrigin(value: unknown): NetworkOrigin | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!isRecord(value)) {
    throw new UiError('invalid-input', 'Invalid "from": expected { subnetId?, publicIp?, clusterId? }.');
  }

  const origin: NetworkOrigin = {};
  for (const key of ['subnetId', 'publicIp', 'clusterId'] as const) {
    const field = value[key];
    if (field === undefined) {
      continue;
    }
    if (typeof field !== 'string' || !field.trim()) {
      throw new UiError('invalid-input', `Invalid "from.${key}": expected a non-empty string.`);
    }
    origin[key] = field.trim();
  }
  if (origin.subnetId && !/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i.test(origin.subnetId)) {
    throw new UiError('invalid-input', `Invalid "from.subnetId" "${origin.subnetId}": expected a virtualNetworks/<name>/subnets/<name> resource id.`);
  }
  if (origin.clusterId && !/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ContainerService\/managedClusters\/[^/]+$/i.test(origin.clusterId)) {
    throw new UiError('invalid-input', `Invalid "from.clusterId" "${origin.clusterId}": expected a managedClusters resource id.`);
  }
  return origin;
}

/** Validates the argument object of `kvDoctor.diagnose`; throws a UiError that names the field. */
export function parseDiagnoseArguments(value: unknown): DiagnoseArguments {
  if (!isRecord(value)) {
    throw new UiError('invalid-input', 'Diagnose 403 expects an object with vaultId, caller and operations.');
  }
  if (typeof value.vaultId !== 'string' || !isVaultId(value.vaultId)) {
    throw new UiError('invalid-input', `Invalid "vaultId" "${String(value.vaultId)}": expected a Microsoft.KeyVault/vaults resource id.`);
  }

  const objects = stringList(value.objects, 'objects');
  const badObject = objects.find((ref) => !/^(secrets|keys|certificates)\/[^/]+$/.test(ref));
  if (badObject) {
    throw new UiError('invalid-input', `Invalid object "${badObject}": expected secrets/<name>, keys/<name> or certificates/<name>.`);
  }
  if (value.observedError !== undefined && typeof value.observedError !== 'string') {
    throw new UiError('invalid-input', 'Invalid "observedError": expected the error text as a string.');
  }

  return {
    vaultId: value.vaultId.trim().replace(/\/$/, ''),
    caller: parseCaller(value.caller),
    operations: parseOperations(value),
    objects,
    client: parseClient(value),
    observedError: typeof value.observedError === 'string' && value.observedError.trim() ? value.observedError : undefined,
    from: parseOrigin(value.from),
    showReport: value.showReport !== false,
  };
}
