/**
 * SecretProviderClass of the Secrets Store CSI driver, Azure provider: the vault, the identity
 * mode and the objects it reads. `parameters.objects` is a YAML string holding `array:`, a list of
 * YAML strings, one per object.
 */
import { parse as parseYaml, type YAMLMap } from 'yaml';
import type { SecretProviderClassFact, SpcObjectFact } from '../../diagnosis/workload';
import { asMap, fieldOf, getIn, stringIn, type SourcePositions } from '../yamlNodes';

export interface ParseProblem {
  line?: number;
  message: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readObject(entry: unknown): SpcObjectFact | undefined {
  const object = typeof entry === 'string' ? (parseYaml(entry) as unknown) : entry;
  if (!isRecord(object) || typeof object.objectName !== 'string') {
    return undefined;
  }

  const fact: SpcObjectFact = { objectName: object.objectName, objectType: String(object.objectType ?? 'secret') };
  if (object.objectVersion !== undefined && object.objectVersion !== null && object.objectVersion !== '') {
    fact.objectVersion = String(object.objectVersion);
  }
  const history = Number(object.objectVersionHistory);
  if (Number.isFinite(history) && history > 0) {
    fact.objectVersionHistory = history;
  }
  return fact;
}

/** Parses the `objects` string; invalid YAML becomes an entry in `problems`. */
function readObjects(text: string | undefined, problems: ParseProblem[], line: number): SpcObjectFact[] {
  if (!text) {
    return [];
  }
  try {
    const parsed = parseYaml(text) as unknown;
    const array = isRecord(parsed) && Array.isArray(parsed.array) ? (parsed.array as unknown[]) : [];
    return array.map(readObject).filter((object): object is SpcObjectFact => object !== undefined);
  } catch (error) {
    problems.push({ line, message: `SecretProviderClass parameters.objects is not valid YAML: ${(error as Error).message}` });
    return [];
  }
}

export function readSecretProviderClass(positions: SourcePositions, root: YAMLMap, problems: ParseProblem[]): SecretProviderClassFact | undefined {
  const name = stringIn(root, ['metadata', 'name']);
  if (!name) {
    return undefined;
  }

  const parameters = asMap(getIn(root, ['spec', 'parameters']));
  const objectsField = fieldOf(positions, parameters, 'objects');
  const fact: SecretProviderClassFact = {
    source: positions.sourceRef(root),
    name,
    namespace: stringIn(root, ['metadata', 'namespace']) ?? 'default',
    provider: stringIn(root, ['spec', 'provider']) ?? '',
    objects: readObjects(objectsField?.value, problems, objectsField?.range[0] ?? positions.nodeRange(root)[0]),
  };

  const fields = {
    keyvaultName: fieldOf(positions, parameters, 'keyvaultName'),
    // `tenantId` is the older spelling of `tenantID`; both are accepted by the provider.
    tenantId: fieldOf(positions, parameters, 'tenantID') ?? fieldOf(positions, parameters, 'tenantId'),
    clientID: fieldOf(positions, parameters, 'clientID'),
    useVMManagedIdentity: fieldOf(positions, parameters, 'useVMManagedIdentity'),
    userAssignedIdentityID: fieldOf(positions, parameters, 'userAssignedIdentityID'),
    usePodIdentity: fieldOf(positions, parameters, 'usePodIdentity'),
  };
  for (const [key, field] of Object.entries(fields)) {
    if (field) {
      fact[key as keyof typeof fields] = field;
    }
  }
  return fact;
}
