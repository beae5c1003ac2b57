/**
 * JSON files: ARM templates (vaults, role assignments, federated credentials, role definitions)
 * and custom role definitions as `az role definition create` takes them or ARM returns them.
 * JSON is parsed with the YAML parser, which accepts JSON and keeps source ranges.
 */
import { isMap, isScalar, LineCounter, parseDocument, type YAMLMap } from 'yaml';
import type { FieldRef, SourceRange, WorkloadFacts } from '../../diagnosis/workload';
import { asMap, asSeq, errorLine, fieldOf, getIn, pairOf, scalarText, SourcePositions, stringIn } from '../yamlNodes';

/** Reads a property whose name may be spelled `Actions` or `actions`. */
function anyCase(map: YAMLMap | undefined, names: string[]): unknown {
  for (const name of names) {
    const pair = pairOf(map, name);
    if (pair) return pair.value;
  }
  return undefined;
}

function stringItems(positions: SourcePositions, list: unknown): FieldRef[] {
  return (asSeq(list)?.items ?? []).flatMap((item) => {
    const value = scalarText(item);
    return value === undefined || !isScalar(item) ? [] : [{ value, range: positions.nodeRange(item) }];
  });
}

/** Reads a role definition in any of its three shapes: az JSON, ARM resource body or template resource. */
function readRoleDefinition(positions: SourcePositions, root: YAMLMap): WorkloadFacts['roleDefinitions'][number] | undefined {
  const properties = asMap(getIn(root, ['properties'])) ?? root;
  const roleName = scalarText(anyCase(properties, ['roleName', 'Name', 'name']));
  const permissions = asSeq(anyCase(properties, ['permissions', 'Permissions']));

  const actions: FieldRef[] = [];
  const dataActions: FieldRef[] = [];
  let dataActionsListRange: SourceRange | undefined;
  const sources = permissions ? permissions.items.map(asMap) : [properties];
  for (const source of sources) {
    actions.push(...stringItems(positions, anyCase(source, ['actions', 'Actions'])));
    const dataActionList = anyCase(source, ['dataActions', 'DataActions']);
    dataActions.push(...stringItems(positions, dataActionList));
    const list = asSeq(dataActionList);
    if (list && dataActionsListRange === undefined) dataActionsListRange = positions.nodeRange(list);
  }
  if (actions.length === 0 && dataActions.length === 0) {
    return undefined;
  }

  const fact: WorkloadFacts['roleDefinitions'][number] = { source: positions.sourceRef(root), actions, dataActions };
  if (roleName) fact.roleName = roleName;
  if (dataActionsListRange) fact.dataActionsListRange = dataActionsListRange;
  return fact;
}

function readResource(positions: SourcePositions, resource: YAMLMap, facts: WorkloadFacts): void {
  const type = stringIn(resource, ['type'])?.toLowerCase();
  const properties = asMap(getIn(resource, ['properties']));
  const source = positions.sourceRef(resource);

  if (type === 'microsoft.keyvault/vaults') {
    const acls = asMap(getIn(properties, ['networkAcls']));
    const vault: WorkloadFacts['vaults'][number] = {
      source,
      hasFirewallRules: (asSeq(getIn(acls, ['ipRules']))?.items.length ?? 0) > 0 || (asSeq(getIn(acls, ['virtualNetworkRules']))?.items.length ?? 0) > 0,
      accessPolicyObjectIds: (asSeq(getIn(properties, ['accessPolicies']))?.items ?? [])
        .map((entry) => fieldOf(positions, asMap(entry), 'objectId'))
        .filter((field): field is FieldRef => field !== undefined),
    };
    const name = stringIn(resource, ['name']);
    const tenantId = fieldOf(positions, properties, 'tenantId');
    const rbac = fieldOf(positions, properties, 'enableRbacAuthorization');
    const publicAccess = fieldOf(positions, properties, 'publicNetworkAccess');
    if (name) vault.name = name;
    if (tenantId) vault.tenantId = tenantId;
    if (rbac) vault.enableRbacAuthorization = rbac;
    if (publicAccess) vault.publicNetworkAccess = publicAccess;
    facts.vaults.push(vault);
  } else if (type === 'microsoft.authorization/roleassignments') {
    const assignment: WorkloadFacts['roleAssignments'][number] = { source };
    const roleDefinition = fieldOf(positions, properties, 'roleDefinitionId');
    const principalId = fieldOf(positions, properties, 'principalId');
    const scope = fieldOf(positions, properties, 'scope') ?? fieldOf(positions, resource, 'scope');
    if (roleDefinition) assignment.roleDefinition = roleDefinition;
    if (principalId) assignment.principalId = principalId;
    if (scope) assignment.scope = scope;
    facts.roleAssignments.push(assignment);
  } else if (type === 'microsoft.managedidentity/userassignedidentities/federatedidentitycredentials') {
    const audiences = (asSeq(getIn(properties, ['audiences']))?.items ?? []).map(scalarText).filter((value): value is string => value !== undefined);
    const credential: WorkloadFacts['federatedCredentials'][number] = { source, audiences };
    const issuer = fieldOf(positions, properties, 'issuer');
    const subject = fieldOf(positions, properties, 'subject');
    if (issuer) credential.issuer = issuer;
    if (subject) credential.subject = subject;
    facts.federatedCredentials.push(credential);
  } else if (type === 'microsoft.authorization/roledefinitions') {
    const definition = readRoleDefinition(positions, resource);
    if (definition) facts.roleDefinitions.push(definition);
  }

  // Nested child resources, as templates allow.
  for (const child of asSeq(getIn(resource, ['resources']))?.items ?? []) {
    if (isMap(child)) readResource(positions, child, facts);
  }
}

/** Only JSON that mentions these is worth an error when it does not parse. */
const RELEVANT_JSON = /Microsoft\.(KeyVault|Authorization|ManagedIdentity)|DataActions|deploymentTemplate/i;

/**
 * Describes why `text` is not JSON, with the message and position of `JSON.parse`, so the error
 * uses JSON's terms rather than the YAML parser's. Falls back to the YAML parser's error for JSON
 * that `JSON.parse` accepts but the YAML parser does not.
 */
function jsonError(text: string, fallback: { offset: number; message: string }): { offset: number; message: string } {
  try {
    JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message);
    const offset = position ? Number(position[1]) : text.length;
    const reason = message.replace(/\s*in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '');
    const truncated = offset >= text.trimEnd().length ? ' (the file ends before the JSON is complete)' : '';
    return { offset, message: `${reason}${truncated}` };
  }
  return fallback;
}

/** Reads an ARM template or role definition into `facts`. Returns false when the file is not valid JSON. */
export function readJsonFile(file: string, text: string, facts: WorkloadFacts): boolean {
  const lineCounter = new LineCounter();
  const positions = new SourcePositions(file, lineCounter);
  // Duplicate keys are valid JSON (the last one wins), so they must not make the file unreadable.
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  if (document.errors.length > 0) {
    if (RELEVANT_JSON.test(text)) {
      const first = document.errors[0];
      const error = jsonError(text, { offset: first.pos[0], message: first.message });
      facts.errors.push({ file, line: errorLine(lineCounter, text, error.offset), message: `Invalid JSON: ${error.message}` });
    }
    return false;
  }

  const root = asMap(document.contents);
  if (!root) {
    return true;
  }

  // Template `resources` is a list, or an object keyed by symbolic name (languageVersion 2.0).
  const resources = getIn(root, ['resources']);
  const list = asSeq(resources)?.items ?? asMap(resources)?.items.map((pair) => pair.value) ?? [];
  for (const resource of list) {
    if (isMap(resource)) readResource(positions, resource, facts);
  }

  if (!resources) {
    const definition = readRoleDefinition(positions, root);
    if (definition) facts.roleDefinitions.push(definition);
  }
  return true;
}
