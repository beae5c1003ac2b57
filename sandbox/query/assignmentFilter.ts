/**
 * The `$filter` grammar of the Microsoft.Authorization list APIs: terms joined with `and`, each
 * one of `atScope()`, `principalId eq '<id>'`, `assignedTo('<id>')`, `roleName eq '<name>'`,
 * `type eq '<BuiltInRole|CustomRole>'` or `denyAssignmentName eq '<name>'`. Each list accepts
 * only the terms it names in `allowed`.
 */
import { ArmError } from '../http/respond';

export interface AuthorizationFilter {
  atScope: boolean;
  principalId?: string;
  assignedTo?: string;
  roleName?: string;
  roleType?: string;
  denyAssignmentName?: string;
}

export type FilterTerm = keyof AuthorizationFilter;

const TERM_PATTERNS: ReadonlyArray<[FilterTerm, RegExp]> = [
  ['atScope', /^atScope\(\s*\)$/i],
  ['principalId', /^principalId\s+eq\s+'([^']+)'$/i],
  ['assignedTo', /^assignedTo\(\s*'([^']+)'\s*\)$/i],
  ['roleName', /^roleName\s+eq\s+'([^']*)'$/i],
  ['roleType', /^type\s+eq\s+'([^']+)'$/i],
  ['denyAssignmentName', /^denyAssignmentName\s+eq\s+'([^']*)'$/i],
];

const TERM_SYNTAX: Record<FilterTerm, string> = {
  atScope: 'atScope()',
  principalId: "principalId eq '{id}'",
  assignedTo: "assignedTo('{id}')",
  roleName: "roleName eq '{name}'",
  roleType: "type eq 'BuiltInRole|CustomRole'",
  denyAssignmentName: "denyAssignmentName eq '{name}'",
};

export function parseAuthorizationFilter(filter: string | undefined, allowed: readonly FilterTerm[]): AuthorizationFilter {
  const parsed: AuthorizationFilter = { atScope: false };
  if (filter === undefined || filter.trim() === '') {
    return parsed;
  }

  for (const rawTerm of filter.trim().split(/\s+and\s+/i)) {
    const term = rawTerm.trim();
    const recognized = TERM_PATTERNS.find(([name, pattern]) => allowed.includes(name) && pattern.test(term));
    if (!recognized) {
      const supported = allowed.map((name) => TERM_SYNTAX[name]).join(', ');
      throw new ArmError(400, 'UnsupportedQuery', `The filter '${filter}' is not supported. Supported filter terms, joined with 'and': ${supported}.`);
    }

    const [name, pattern] = recognized;
    if (name === 'atScope') {
      parsed.atScope = true;
    } else {
      parsed[name] = (pattern.exec(term) as RegExpExecArray)[1];
    }
  }

  if (parsed.principalId !== undefined && parsed.assignedTo !== undefined) {
    throw new ArmError(400, 'UnsupportedQuery', `The filter '${filter}' combines principalId and assignedTo(). Use one of them.`);
  }
  return parsed;
}
