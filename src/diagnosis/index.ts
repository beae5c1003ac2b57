/**
 * The diagnosis engine's public surface. The engine is pure: no vscode, no network, no file
 * system, and the same facts always give the same diagnosis.
 */
export * from './facts';
export * from './finding';
export * from './workload';
export type { ParsedError, ErrorCaller, ErrorKind } from './observedError';
export type { Check, CheckContext, OperationSpec } from './context';
export { OPERATIONS, CLIENT_PRESETS, lookupOperation, lookupClientPreset, type ClientPreset } from './catalogue';
export { BUILT_IN_ROLES, ROLE_GUIDS, lookupBuiltInRoleByGuid, lookupBuiltInRoleByName, type BuiltInRole } from './builtinRoles';
export { diagnose, buildContext, resolveOperations, sortFindings, verdictOf, InvalidRequestError } from './diagnose';
export { parseAccessFacts, FactsValidationError } from './validate';
export { parseObservedError } from './errors/parse';
export { actionMatches } from './rbac/actionPattern';
export { scopeContains } from './rbac/scope';
export { evaluateCondition, type ConditionRequest, type ConditionResult } from './rbac/conditionEvaluate';
export { leastPrivilegeRoles, type RoleChoice } from './rbac/leastPrivilege';
