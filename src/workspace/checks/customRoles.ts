/**
 * rbac-control-plane-only for custom role definitions in the workspace: a Key Vault object
 * permission under `actions` (`Microsoft.KeyVault/vaults/secrets/read`, `keys/read`) grants
 * access through Azure Resource Manager only. Reading a key or secret through the vault needs the
 * matching entry under `dataActions`, which the role then lacks.
 */
import { OPERATIONS } from '../../diagnosis/catalogue';
import { anyActionMatches } from '../../diagnosis/rbac/actionPattern';
import { intendedDataActions } from '../../diagnosis/rbac/fixes';
import type { Fix } from '../../diagnosis/finding';
import type { IacRoleDefinitionFact, SourceRange } from '../../diagnosis/workload';
import { fieldLocation, workspaceFinding } from './finding';
import type { WorkspaceCheck, WorkspaceFinding } from './types';

const KNOWN_DATA_ACTIONS = [...new Set(OPERATIONS.map((operation) => operation.dataAction))];

/** True when the range lies inside `outer`. */
function within(range: SourceRange, outer: SourceRange): boolean {
  const starts = range[0] > outer[0] || (range[0] === outer[0] && range[1] >= outer[1]);
  const ends = range[2] < outer[2] || (range[2] === outer[2] && range[3] <= outer[3]);
  return starts && ends;
}

/**
 * Adds strings to the dataActions list of a role definition. An empty list (`[]`) is replaced by
 * a one-line list. Otherwise the strings go after the last item: on the same line for a one-line
 * list, or on new lines with the item's indentation. Bicep separates the lines of a multi-line
 * list with newlines alone, JSON with commas.
 */
function addDataActionsFix(title: string, definition: IacRoleDefinitionFact, values: string[]): Fix | undefined {
  const file = definition.source.file;
  const bicep = file.toLowerCase().endsWith('.bicep');
  const items = definition.dataActions;
  const last = items[items.length - 1];
  const listRange = definition.dataActionsListRange;

  if (!last) {
    // TODO: a definition without any dataActions key (common in ARM template permissions) gets no
    // edit, because the parser records no place to insert the key.
    if (!listRange) return undefined;
    const quote = bicep ? "'" : '"';
    const newText = `[${values.map((value) => `${quote}${value}${quote}`).join(', ')}]`;
    return { title, spec: { kind: 'workspace-edit', file, range: listRange, newText } };
  }

  // The list's own range distinguishes a one-line list from a multi-line one. Without it, several
  // items on one line are taken as a one-line list.
  const oneLine = listRange && within(last.range, listRange) ? listRange[0] === listRange[2] : items.length > 1 && items.every((item) => item.range[0] === last.range[0]);
  const quote = last.quote ?? (bicep ? "'" : '"');
  const lineBreak = bicep ? '\n' : ',\n';
  const newText = values.map((value) => (oneLine ? `, ${quote}${value}${quote}` : `${lineBreak}${' '.repeat(last.range[1])}${quote}${value}${quote}`)).join('');
  return { title, spec: { kind: 'workspace-edit', file, range: [last.range[2], last.range[3], last.range[2], last.range[3]], newText } };
}

function checkDefinition(definition: IacRoleDefinitionFact): WorkspaceFinding[] {
  const dataActions = definition.dataActions.flatMap((field) => (field.value ? [field.value] : []));
  const findings: WorkspaceFinding[] = [];

  for (const action of definition.actions) {
    const missing = intendedDataActions(action.value ?? '', KNOWN_DATA_ACTIONS).filter((dataAction) => !anyActionMatches(dataActions, dataAction));
    if (missing.length === 0) continue;

    const name = definition.roleName ? `The custom role ${definition.roleName}` : 'This custom role';
    const edit = addDataActionsFix(`Add ${missing.join(' and ')} to dataActions`, definition, missing);
    findings.push(
      workspaceFinding({
        code: 'rbac-control-plane-only',
        family: 'authorization',
        severity: 'blocker',
        title: `${name} lists ${action.value} under actions, which grants no data access`,
        detail: `Entries under actions apply to Azure Resource Manager only. Reading through the vault checks dataActions, which lack ${missing.join(' and ')}, so the request is denied. Add the data action under dataActions; the actions entry can stay for the control plane.`,
        location: fieldLocation(definition.source.file, action),
        fixes: edit ? [edit] : [],
        preferredFix: 0,
      }),
    );
  }
  return findings;
}

export const checkCustomRoles: WorkspaceCheck = ({ workload }) => workload.roleDefinitions.flatMap(checkDefinition);
