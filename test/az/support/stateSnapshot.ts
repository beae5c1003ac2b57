/**
 * A comparable picture of what az can change in the sandbox: resources (vaults with their access
 * policies, identities, federated credentials, network), custom roles and role assignments.
 */
import type { TenantState } from '../../../sandbox';

/**
 * Drops `systemData`: ARM sets its `lastModifiedAt` on every PUT, also when the body is
 * unchanged, and az's keyvault commands always PUT the whole vault.
 */
function withoutSystemData(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return value;
  }
  const { systemData: _systemData, ...rest } = value as Record<string, unknown>;
  return rest;
}

function sortedValues(map: Map<string, unknown>): unknown[] {
  return [...map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, value]) => withoutSystemData(value));
}

export function snapshotState(state: TenantState): string {
  return JSON.stringify(
    {
      resources: sortedValues(state.resources),
      resourceGroups: sortedValues(state.resourceGroups),
      customRoles: sortedValues(state.customRoles),
      roleAssignments: sortedValues(state.roleAssignments),
      denyAssignments: sortedValues(state.denyAssignments),
    },
    null,
    1,
  );
}

/** Lists the lines that differ between two snapshots, for a readable assertion message. */
export function diffSnapshots(before: string, after: string, maxLines = 40): string {
  const beforeLines = before.split('\n');
  const afterLines = after.split('\n');
  const lines: string[] = [];
  const length = Math.max(beforeLines.length, afterLines.length);

  for (let i = 0; i < length && lines.length < maxLines; i += 1) {
    if (beforeLines[i] !== afterLines[i]) {
      lines.push(`line ${i + 1}: - ${beforeLines[i] ?? '(none)'}`, `line ${i + 1}: + ${afterLines[i] ?? '(none)'}`);
    }
  }
  return lines.join('\n');
}
