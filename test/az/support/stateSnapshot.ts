/**
 * A comparable picture of what az can change in the sandbox: resources (vaults with their access
 * policies, identities, federated credentials, network), custom roles and role assignments.
 */
import type { TenantState } from '../../../sandbox';

/** Fields that ARM sets on every successful PUT, also when the body is unchanged. */
const WRITE_TIMESTAMPS = new Set(['systemData', 'updatedOn', 'updatedBy']);

/**
 * Normalizes a resource for comparison. It drops the write timestamps (`systemData` on the
 * resource, `updatedOn` and `updatedBy` in role definitions and assignments), because az's
 * keyvault commands always PUT the whole vault and `az role definition update` PUTs the whole
 * role. It sorts lists of strings, because the lists in these resources are sets:
 * `az keyvault set-policy` rewrites an entry's permissions as the union of old and new, in
 * another order.
 */
function normalize(value: unknown, depth = 0): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => normalize(item, depth + 1));
    return items.every((item) => typeof item === 'string') ? [...(items as string[])].sort() : items;
  }
  if (typeof value !== 'object' || value === null) {
    return value;
  }

  // Depth 0 is the resource and depth 1 its `properties`, where ARM keeps these fields.
  const entries = Object.entries(value as Record<string, unknown>).filter(([key]) => !(depth <= 1 && WRITE_TIMESTAMPS.has(key)));
  return Object.fromEntries(entries.map(([key, item]) => [key, normalize(item, depth + 1)]));
}

function sortedValues(map: Map<string, unknown>): unknown[] {
  return [...map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, value]) => normalize(value));
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
