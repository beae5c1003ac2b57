/**
 * Evaluation of an ABAC condition for one Key Vault request, in three-valued logic: a part that
 * cannot be evaluated offline makes the result `unknown` unless the rest decides it (false AND
 * unknown is false, true OR unknown is true).
 *
 * Key Vault supports three attributes, all on secret data actions only, and compares strings
 * case-sensitively: `@Resource[Microsoft.KeyVault/vaults:name]` (the vault),
 * `@Resource[Microsoft.KeyVault/vaults/secrets:name]` (an existing secret) and
 * `@Request[Microsoft.KeyVault/vaults/secrets:name]` (the secret a set or restore writes).
 */
import { actionMatches } from './actionPattern';
import { ConditionSyntaxError, parseCondition, type ConditionNode } from './conditionParser';

export type ConditionValue = true | false | 'unknown';

export interface ConditionRequest {
  dataAction: string;
  vaultName: string;
  /** The secret the request acts on; absent for a list call, which names no object. */
  secretName?: string;
}

export interface ConditionResult {
  value: ConditionValue;
  /** Reasons for an unknown result, and comparisons that failed on an absent attribute. */
  notes: string[];
}

const VAULT_NAME = '@resource[microsoft.keyvault/vaults:name]';
const SECRET_NAME = '@resource[microsoft.keyvault/vaults/secrets:name]';
const REQUEST_SECRET_NAME = '@request[microsoft.keyvault/vaults/secrets:name]';

/** Data actions for which Key Vault supplies `@Request[...secrets:name]` instead of `@Resource[...]`. */
const REQUEST_NAME_ACTIONS = ['microsoft.keyvault/vaults/secrets/setsecret/action', 'microsoft.keyvault/vaults/secrets/restore/action'];

function attributeValue(attribute: string, request: ConditionRequest): { known: boolean; value?: string } {
  const key = attribute.toLowerCase();
  const isSecretAction = request.dataAction.toLowerCase().startsWith('microsoft.keyvault/vaults/secrets/');
  const usesRequestName = REQUEST_NAME_ACTIONS.includes(request.dataAction.toLowerCase());

  if (key === VAULT_NAME) {
    return { known: true, value: isSecretAction ? request.vaultName : undefined };
  }
  if (key === SECRET_NAME) {
    return { known: true, value: isSecretAction && !usesRequestName ? request.secretName : undefined };
  }
  if (key === REQUEST_SECRET_NAME) {
    return { known: true, value: isSecretAction && usesRequestName ? request.secretName : undefined };
  }
  return { known: false };
}

/** StringLike wildcards: `*` matches any run of characters and `?` exactly one. */
const LIKE_WILDCARDS: Record<string, string> = { '*': '.*', '?': '.' };

function stringLike(value: string, pattern: string): boolean {
  const body = pattern
    .split('')
    .map((char) => LIKE_WILDCARDS[char] ?? char.replace(/[.+^${}()|[\]\\]/g, '\\$&'))
    .join('');
  return new RegExp(`^${body}$`).test(value);
}

/** Applies a base string operator; undefined when the operator is not one Key Vault conditions use. */
function compare(operator: string, left: string, right: string): boolean | undefined {
  switch (operator.toLowerCase()) {
    case 'stringequals':
      return left === right;
    case 'stringnotequals':
      return left !== right;
    case 'stringequalsignorecase':
      return left.toLowerCase() === right.toLowerCase();
    case 'stringnotequalsignorecase':
      return left.toLowerCase() !== right.toLowerCase();
    case 'stringlike':
      return stringLike(left, right);
    case 'stringnotlike':
      return !stringLike(left, right);
    case 'stringstartswith':
      return left.startsWith(right);
    case 'stringnotstartswith':
      return !left.startsWith(right);
    case 'stringstartswithignorecase':
      return left.toLowerCase().startsWith(right.toLowerCase());
    case 'stringnotstartswithignorecase':
      return !left.toLowerCase().startsWith(right.toLowerCase());
    default:
      return undefined;
  }
}

function evaluateComparison(node: Extract<ConditionNode, { kind: 'comparison' }>, request: ConditionRequest, notes: string[]): ConditionValue {
  const attribute = attributeValue(node.attribute, request);
  if (!attribute.known) {
    notes.push(`attribute ${node.attribute} is not one of the Key Vault attributes this tool evaluates`);
    return 'unknown';
  }

  if (attribute.value === undefined) {
    // A list call names no secret, so a secret-name comparison has nothing to compare and fails.
    // Key Vault rejects such a list with 403.
    notes.push(`${node.attribute} is absent for ${request.dataAction}${request.secretName === undefined ? ' (the request names no secret)' : ''}, so "${node.attribute} ${node.operator}" is false`);
    return false;
  }

  // `ForAnyOfAnyValues:StringEquals {'a','b'}` and the like: a Key Vault attribute has one value,
  // so "any of its values" and "all of its values" both mean that value.
  const [quantifier, baseOperator] = node.operator.includes(':') ? node.operator.split(':', 2) : ['', node.operator];
  const rightValues = Array.isArray(node.value) ? node.value : [node.value];
  const quantifierKey = (quantifier ?? '').toLowerCase();

  if (quantifierKey === '' && Array.isArray(node.value)) {
    notes.push(`operator ${node.operator} takes one value but the condition gives a set`);
    return 'unknown';
  }
  const results = rightValues.map((right) => compare(baseOperator ?? '', attribute.value as string, right));
  if (results.some((result) => result === undefined)) {
    notes.push(`operator ${node.operator} is not evaluated by this tool`);
    return 'unknown';
  }

  if (quantifierKey === '' || quantifierKey === 'foranyofanyvalues' || quantifierKey === 'forallofanyvalues') {
    return results.some(Boolean);
  }
  if (quantifierKey === 'foranyofallvalues' || quantifierKey === 'forallofallvalues') {
    return results.every(Boolean);
  }
  notes.push(`quantifier ${quantifier} is not evaluated by this tool`);
  return 'unknown';
}

function evaluateNode(node: ConditionNode, request: ConditionRequest, notes: string[]): ConditionValue {
  switch (node.kind) {
    case 'actionMatches':
      return actionMatches(node.pattern, request.dataAction);
    case 'subOperationMatches':
      // NOTE: Key Vault data actions have no sub-operations that we know of, so no sub-operation
      // pattern matches a Key Vault request.
      return false;
    case 'not': {
      const value = evaluateNode(node.operand, request, notes);
      return value === 'unknown' ? 'unknown' : !value;
    }
    case 'and': {
      const values = node.operands.map((operand) => evaluateNode(operand, request, notes));
      if (values.includes(false)) {
        return false;
      }
      return values.includes('unknown') ? 'unknown' : true;
    }
    case 'or': {
      const values = node.operands.map((operand) => evaluateNode(operand, request, notes));
      if (values.includes(true)) {
        return true;
      }
      return values.includes('unknown') ? 'unknown' : false;
    }
    case 'comparison':
      return evaluateComparison(node, request, notes);
  }
}

// Parsed trees by condition text. The parser is pure, and a tenant repeats a few condition texts
// across many assignments. Trees are only read after parsing.
const parsedConditions = new Map<string, ConditionNode | ConditionSyntaxError>();
const MAX_PARSED_CONDITIONS = 1000;

function parsedCondition(condition: string): ConditionNode | ConditionSyntaxError {
  let parsed = parsedConditions.get(condition);
  if (parsed === undefined) {
    try {
      parsed = parseCondition(condition);
    } catch (error) {
      if (!(error instanceof ConditionSyntaxError)) {
        throw error;
      }
      parsed = error;
    }
    if (parsedConditions.size >= MAX_PARSED_CONDITIONS) {
      parsedConditions.clear();
    }
    parsedConditions.set(condition, parsed);
  }
  return parsed;
}

/** Evaluates a role assignment's condition for a request. Unparsable or unsupported conditions give `unknown` with the reason. */
export function evaluateCondition(condition: string, conditionVersion: string | null | undefined, request: ConditionRequest): ConditionResult {
  if (conditionVersion && conditionVersion.trim() !== '2.0') {
    return { value: 'unknown', notes: [`condition version ${conditionVersion} is not evaluated by this tool (only 2.0)`] };
  }

  const tree = parsedCondition(condition);
  if (tree instanceof ConditionSyntaxError) {
    return { value: 'unknown', notes: [`the condition could not be parsed: ${tree.message}`] };
  }

  const notes: string[] = [];
  const value = evaluateNode(tree, request, notes);
  return { value, notes };
}
