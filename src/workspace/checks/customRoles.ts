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
import type { FieldRef, IacRoleDefinitionFact } from '../../diagnosis/workload';
import { fieldLocation, workspaceFinding } from './finding';
import type { WorkspaceCheck, WorkspaceFinding } from './types';

const KNOWN_DATA_ACTIONS = [...new Set(OPERATIONS.map((operation) => operation.dataAction))];

/** Appends strings after the last item of a JSON list, on new lines with the same indentation, or on the same line for a one-line list. */
function appendToListFix(title: string, file: string, items: FieldRef[], values: string[]): Fix | undefined {
  const last = items[items.length - 1];
  if (!last) {
    return undefined;
  }
  const oneLine = items.every((item) => item.range[0] === last.range[0]) && items.length > 1;
  const quote = last.quote ?? '"';
  const newText = values.map((value) => (oneLine ? `, ${quote}${value}${quote}` : `,\n${' '.repeat(last.range[1])}${quote}${value}${quote}`)).join('');
  return { title, spec: { kind: 'workspace-edit', file, range: [last.range[2], last.range[3], last.range[2], last.range[3]], newText } };
}

function checkDefinition(definition: IacRoleDefinitionFact): WorkspaceFinding[] {
  const dataActions = definition.dataActions.flatMap((field) => (field.value ? [field.value] : []));
  const findings: WorkspaceFinding[] = [];

  for (const action of definition.actions) {
    const missing = intendedDataActions(action.value ?? '', KNOWN_DATA_ACTIONS).filter((dataAction) => !anyActionMatches(dataActions, dataAction));
    if (missing.length === 0) continue;

    const name = definition.roleName ? `The custom role ${definition.roleName}` : 'This custom role';
    const edit = appendToListFix(`Add ${missing.join(' and ')} to dataActions`, definition.source.file, definition.dataActions, missing);
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
