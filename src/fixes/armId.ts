/**
 * The parts of Azure Resource Manager ids that `az` commands take as separate flags.
 */

export interface ResourceIdParts {
  subscriptionId: string;
  resourceGroup: string;
  /** Name of the top-level resource, such as the vault or the virtual network. */
  name: string;
  /** `Microsoft.KeyVault/vaults` style type of the top-level resource. */
  type: string;
  /** Child type and name pairs after the top-level resource, such as `subnets`, `default`. */
  children: { type: string; name: string }[];
}

/** Raised when an id lacks the parts a command needs. */
export class InvalidResourceIdError extends Error {
  constructor(readonly id: string, readonly expected: string) {
    super(`Invalid resource id ${JSON.stringify(id)}: expected ${expected}.`);
    this.name = 'InvalidResourceIdError';
  }
}

/**
 * Splits `/subscriptions/<s>/resourceGroups/<rg>/providers/<ns>/<type>/<name>[/<child type>/<child name>...]`.
 * Segment names are matched case-insensitively because ARM ids are; values keep their case.
 */
export function parseResourceId(id: string, expectedType?: string): ResourceIdParts {
  const segments = id.split('/');
  const expected = expectedType ? `a ${expectedType} resource id` : 'a resource id';

  const valid =
    segments.length >= 9 &&
    segments[0] === '' &&
    segments[1].toLowerCase() === 'subscriptions' &&
    segments[3].toLowerCase() === 'resourcegroups' &&
    segments[5].toLowerCase() === 'providers' &&
    segments.every((segment, index) => index === 0 || segment !== '') &&
    (segments.length - 9) % 2 === 0;
  if (!valid) {
    throw new InvalidResourceIdError(id, `${expected} such as /subscriptions/<id>/resourceGroups/<group>/providers/<namespace>/<type>/<name>`);
  }

  const type = `${segments[6]}/${segments[7]}`;
  if (expectedType && type.toLowerCase() !== expectedType.toLowerCase()) {
    throw new InvalidResourceIdError(id, expected);
  }

  const children: { type: string; name: string }[] = [];
  for (let index = 9; index < segments.length; index += 2) {
    children.push({ type: segments[index], name: segments[index + 1] });
  }

  return { subscriptionId: segments[2], resourceGroup: segments[4], name: segments[8], type, children };
}

/** Returns the name of the child of the given type, or throws when the id has none. */
export function childName(id: string, parts: ResourceIdParts, childType: string): string {
  const child = parts.children.find((candidate) => candidate.type.toLowerCase() === childType.toLowerCase());
  if (!child) {
    throw new InvalidResourceIdError(id, `an id that names a ${childType} child`);
  }
  return child.name;
}

const MANAGEMENT_GROUP_PREFIX = '/providers/microsoft.management/managementgroups/';

/** True for a management group scope, where role definition ids have no subscription prefix. */
export function isManagementGroupScope(scope: string): boolean {
  return scope.toLowerCase().startsWith(MANAGEMENT_GROUP_PREFIX);
}

/** Returns the subscription a scope lies in, or undefined for management group, tenant and root scopes. */
export function subscriptionOfScope(scope: string): string | undefined {
  const match = /^\/subscriptions\/([^/]+)/i.exec(scope);
  return match ? match[1] : undefined;
}

/** Returns the last segment of an id: the GUID of a role definition or role assignment. */
export function lastSegment(id: string): string {
  const trimmed = id.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
