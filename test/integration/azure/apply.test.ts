/**
 * `apply` over HTTPS against the sandbox: a rendered fix's ARM writes, idempotence, 409
 * RoleAssignmentExists, a 403 that names the missing role, and a failure midway.
 */
import * as assert from 'node:assert/strict';
import { apply, type ArmWrite } from '../../../src/azure/apply';
import { collectWithStats } from '../../../src/azure/collect';
import { diagnose } from '../../../src/diagnosis/diagnose';
import { renderFix } from '../../../src/fixes/render';
import { loadCase, startHttps, type HttpsRun } from './support';

const CASE = 'eso-find-with-key-vault-reader-cannot-get';
const VAULT = '/subscriptions/3a06d4a2-b3ce-4e27-aeb1-7d5ccdb901ad/resourceGroups/rg-orders/providers/Microsoft.KeyVault/vaults/kv-orders-prod';
const PRINCIPAL = 'fa179698-8ad5-4c3a-aa6b-a2d94bd23512';
const SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';

function roleAssignmentWrite(name: string, roleGuid = SECRETS_USER): ArmWrite {
  return {
    method: 'PUT',
    path: `${VAULT}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    apiVersion: '2022-04-01',
    body: {
      properties: {
        roleDefinitionId: `/subscriptions/3a06d4a2-b3ce-4e27-aeb1-7d5ccdb901ad/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`,
        principalId: PRINCIPAL,
        principalType: 'ServicePrincipal',
      },
    },
    description: `Assign role ${roleGuid} to ${PRINCIPAL} on kv-orders-prod`,
  };
}

describe('apply over HTTPS', function () {
  this.timeout(30_000);
  let run: HttpsRun | undefined;

  afterEach(async () => {
    await run?.sandbox.stop();
    run = undefined;
  });

  it('applies the rendered fix and clears the blocker', async () => {
    run = await startHttps(loadCase(CASE));
    const before = await collectWithStats(run.request, run.env, run.options);
    const finding = diagnose(before.facts).findings.find((candidate) => candidate.code === 'rbac-missing-data-action' && candidate.severity === 'blocker');
    assert.ok(finding);
    assert.ok(finding.fixes.length > 0);

    const result = await apply(renderFix(finding.fixes[0]), run.env);
    const after = await collectWithStats(run.request, run.env, run.options);

    assert.equal(result.ok, true, result.summary);
    assert.deepEqual(result.outcomes.map((outcome) => outcome.status), ['applied']);
    assert.equal(diagnose(after.facts).verdict, 'should-work');
  });

  it('applying twice changes nothing', async () => {
    run = await startHttps(loadCase(CASE));
    const facts = (await collectWithStats(run.request, run.env, run.options)).facts;
    const finding = diagnose(facts).findings.find((candidate) => candidate.code === 'rbac-missing-data-action' && candidate.severity === 'blocker');
    assert.ok(finding);
    const rendered = renderFix(finding.fixes[0]);

    await apply(rendered, run.env);
    const count = run.sandbox.state.roleAssignments.size;
    const second = await apply(rendered, run.env);

    assert.equal(second.ok, true, second.summary);
    assert.equal(run.sandbox.state.roleAssignments.size, count);
  });

  it('treats RoleAssignmentExists as success', async () => {
    run = await startHttps(loadCase(CASE));
    await apply({ title: 'first', arm: [roleAssignmentWrite('0f5e1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b')] }, run.env);
    const result = await apply({ title: 'duplicate', arm: [roleAssignmentWrite('7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d')] }, run.env);

    assert.equal(result.ok, true, result.summary);
    assert.equal(result.outcomes[0].status, 'unchanged');
    assert.equal(result.outcomes[0].code, 'RoleAssignmentExists');
  });

  it('names the missing role on 403', async () => {
    run = await startHttps(loadCase(CASE));
    run.sandbox.inject({ method: 'PUT', path: '**/providers/Microsoft.Authorization/roleAssignments/*', fault: { kind: 'forbidden' } });
    const result = await apply({ title: 'grant', arm: [roleAssignmentWrite('1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e')] }, run.env);

    assert.equal(result.ok, false);
    assert.equal(result.outcomes[0].status, 'failed');
    assert.equal(result.outcomes[0].httpStatus, 403);
    assert.match(result.outcomes[0].requiredRoles ?? '', /Role Based Access Control Administrator/);
    assert.match(result.summary, /Key Vault Data Access Administrator/);
  });

  it('reports writes after a failure as not run', async () => {
    run = await startHttps(loadCase(CASE));
    run.sandbox.inject({ method: 'PUT', path: '**/roleAssignments/2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f', fault: { kind: 'status', status: 400, code: 'InvalidRequest', message: 'The request is invalid.' } });
    const result = await apply(
      {
        title: 'three writes',
        arm: [
          roleAssignmentWrite('3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a'),
          roleAssignmentWrite('2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f', '21090545-7ca7-4776-b22c-e363652d74d2'),
          roleAssignmentWrite('4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b', 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'),
        ],
      },
      run.env,
    );

    assert.equal(result.ok, false);
    assert.deepEqual(result.outcomes.map((outcome) => outcome.status), ['applied', 'failed', 'not-run']);
    assert.equal(result.outcomes[1].code, 'InvalidRequest');
    assert.match(result.summary, /Applied 1 of 3 changes/);
    assert.match(result.summary, /Not applied: Assign role b86a8fe4/);
  });

  it('a fix without ARM writes is not applied', async () => {
    run = await startHttps(loadCase(CASE));
    const result = await apply({ title: 'Label the pod template' }, run.env);

    assert.equal(result.ok, false);
    assert.deepEqual(result.outcomes, []);
    assert.match(result.summary, /no ARM change/);
  });
});
