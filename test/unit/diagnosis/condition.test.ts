import assert from 'node:assert/strict';
import { rbacChecks } from '../../../src/diagnosis/checks/rbac';
import { evaluateCondition } from '../../../src/diagnosis/rbac/conditionEvaluate';
import { ConditionSyntaxError, parseCondition } from '../../../src/diagnosis/rbac/conditionParser';
import { ROLES, VAULT_ID, codesWith, contextOf, makeFacts, roleAssignment, withCode } from './support/factsBuilder';

const GET = 'Microsoft.KeyVault/vaults/secrets/getSecret/action';
const LIST = 'Microsoft.KeyVault/vaults/secrets/readMetadata/action';
const SET = 'Microsoft.KeyVault/vaults/secrets/setSecret/action';

const NAME_CONDITION = `(
  (
    !(ActionMatches{'${GET}'})
    AND
    !(ActionMatches{'${LIST}'})
  )
  OR
  (
    @Resource[Microsoft.KeyVault/vaults/secrets:name] StringStartsWith 'app-'
  )
)`;

describe('condition parser', () => {
  it('parses the ActionMatches structure', () => {
    const tree = parseCondition(NAME_CONDITION);

    assert.equal(tree.kind, 'or');
  });

  it('parses sets and quantified operators', () => {
    const tree = parseCondition("@Resource[Microsoft.KeyVault/vaults/secrets:name] ForAnyOfAnyValues:StringEquals {'a', 'b'}");

    assert.deepEqual(tree, { kind: 'comparison', attribute: '@Resource[Microsoft.KeyVault/vaults/secrets:name]', operator: 'ForAnyOfAnyValues:StringEquals', value: ['a', 'b'] });
  });

  it('accepts && and || and NOT', () => {
    const tree = parseCondition("NOT ActionMatches{'x'} || ActionMatches{'y'} && ActionMatches{'z'}");

    assert.equal(tree.kind, 'or');
  });

  it('rejects an unbalanced parenthesis with its position', () => {
    assert.throws(() => parseCondition("((ActionMatches{'x'})"), ConditionSyntaxError);
  });

  it('rejects an unterminated string', () => {
    assert.throws(() => parseCondition("ActionMatches{'x}"), /unterminated string/);
  });
});

describe('condition evaluation', () => {
  const request = (dataAction: string, secretName?: string) => ({ dataAction, vaultName: 'kv-app-prod', secretName });

  it('allows a matching secret name', () => {
    assert.equal(evaluateCondition(NAME_CONDITION, '2.0', request(GET, 'app-db')).value, true);
  });

  it('denies another secret name', () => {
    assert.equal(evaluateCondition(NAME_CONDITION, '2.0', request(GET, 'billing-db')).value, false);
  });

  it('compares names case-sensitively', () => {
    assert.equal(evaluateCondition(NAME_CONDITION, '2.0', request(GET, 'APP-db')).value, false);
  });

  it('denies a list, which names no secret', () => {
    const result = evaluateCondition(NAME_CONDITION, '2.0', request(LIST));

    assert.equal(result.value, false);
    assert.match(result.notes.join(' '), /names no secret/);
  });

  it('ignores actions the condition does not target', () => {
    assert.equal(evaluateCondition(NAME_CONDITION, '2.0', request(SET, 'anything')).value, true);
  });

  it('uses the request name for setSecret', () => {
    const condition = `(!(ActionMatches{'${SET}'})) OR (@Request[Microsoft.KeyVault/vaults/secrets:name] StringLike 'app-*')`;

    assert.equal(evaluateCondition(condition, '2.0', request(SET, 'app-x')).value, true);
    assert.equal(evaluateCondition(condition, '2.0', request(SET, 'other')).value, false);
  });

  for (const [operator, value, expected] of [
    ['StringEquals', 'app-db', true],
    ['StringNotEquals', 'app-db', false],
    ['StringEqualsIgnoreCase', 'APP-DB', true],
    ['StringNotEqualsIgnoreCase', 'APP-DB', false],
    ['StringLike', 'app-?b', true],
    ['StringNotLike', 'app-*', false],
    ['StringStartsWith', 'app', true],
    ['StringNotStartsWith', 'app', false],
  ] as const) {
    it(`${operator} '${value}' on app-db is ${expected}`, () => {
      const condition = `@Resource[Microsoft.KeyVault/vaults/secrets:name] ${operator} '${value}'`;

      assert.equal(evaluateCondition(condition, '2.0', request(GET, 'app-db')).value, expected);
    });
  }

  it('evaluates ForAnyOfAnyValues against a set', () => {
    const condition = "@Resource[Microsoft.KeyVault/vaults/secrets:name] ForAnyOfAnyValues:StringEquals {'x', 'app-db'}";

    assert.equal(evaluateCondition(condition, '2.0', request(GET, 'app-db')).value, true);
    assert.equal(evaluateCondition(condition, '2.0', request(GET, 'y')).value, false);
  });

  it('evaluates the vault name attribute', () => {
    const condition = "@Resource[Microsoft.KeyVault/vaults:name] StringEquals 'kv-app-prod'";

    assert.equal(evaluateCondition(condition, '2.0', request(GET, 'a')).value, true);
  });

  it('reports an unsupported attribute as unknown', () => {
    const result = evaluateCondition("@Resource[Microsoft.KeyVault/vaults/secrets:tags] StringEquals 'x'", '2.0', request(GET, 'a'));

    assert.equal(result.value, 'unknown');
    assert.match(result.notes.join(' '), /not one of the Key Vault attributes/);
  });

  it('lets a false branch decide despite an unknown one', () => {
    const condition = "@Resource[Microsoft.KeyVault/vaults/secrets:tags] StringEquals 'x' AND @Resource[Microsoft.KeyVault/vaults/secrets:name] StringEquals 'other'";

    assert.equal(evaluateCondition(condition, '2.0', request(GET, 'a')).value, false);
  });

  it('treats SubOperationMatches as false for Key Vault', () => {
    assert.equal(evaluateCondition("!(ActionMatches{'x'} AND SubOperationMatches{'y'})", '2.0', request(GET, 'a')).value, true);
  });

  it('reports an unparsable condition as unknown', () => {
    assert.equal(evaluateCondition('((', '2.0', request(GET, 'a')).value, 'unknown');
  });

  it('reports another condition version as unknown', () => {
    assert.equal(evaluateCondition(NAME_CONDITION, '1.0', request(GET, 'app-db')).value, 'unknown');
  });
});

describe('rbac check with conditions', () => {
  it('a condition on secret names makes list fail', () => {
    const facts = makeFacts({ operations: ['secrets/list', 'secrets/get'], objects: ['secrets/app-db'] });
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, VAULT_ID, { condition: NAME_CONDITION, conditionVersion: '2.0' }));

    const findings = rbacChecks(contextOf(facts));

    const blockers = withCode(findings, 'rbac-condition', 'blocker');
    assert.equal(blockers.length, 1);
    assert.match(blockers[0]?.title ?? '', /secrets\/list on the vault/);
    assert.match(withCode(findings, 'rbac-missing-data-action', 'ok')[0]?.title ?? '', /secrets\/get on secrets\/app-db/);
    const fix = blockers[0]?.fixes[0]?.spec;
    assert.equal(fix?.kind === 'role-assignment-create' ? fix.roleDefinitionGuid : undefined, ROLES.keyVaultReader);
  });

  it('an unconditioned second assignment makes the condition irrelevant', () => {
    const facts = makeFacts({ operations: ['secrets/list'], objects: [] });
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, VAULT_ID, { condition: NAME_CONDITION, conditionVersion: '2.0' }));
    facts.roleAssignments.push(roleAssignment(ROLES.keyVaultReader, VAULT_ID));

    assert.deepEqual(codesWith(rbacChecks(contextOf(facts)), 'blocker'), []);
  });

  it('an unevaluable condition is a warning, not a blocker', () => {
    const facts = makeFacts();
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, VAULT_ID, { condition: "@Resource[Microsoft.KeyVault/vaults/secrets:tags] StringEquals 'x'", conditionVersion: '2.0' }));

    const findings = rbacChecks(contextOf(facts));

    assert.deepEqual(codesWith(findings, 'blocker'), []);
    assert.equal(withCode(findings, 'rbac-condition', 'warning').length, 1);
  });
});
