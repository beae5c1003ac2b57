import assert from 'node:assert/strict';
import type { VerifySpec } from '../../../src/diagnosis/finding';
import { renderClusterCheck, WORKLOAD_IDENTITY_TOKEN_FILE } from '../../../src/fixes/clusterChecks';
import { renderDiagnosticSettingCreate } from '../../../src/fixes/diagnosticSettings';
import { renderFix } from '../../../src/fixes/render';
import { BashSandbox, tokenizePowerShell } from './shells';

const VAULT_ID = '/subscriptions/22222222-2222-4222-8222-222222222222/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-app-prod';
const WORKSPACE_ID = '/subscriptions/22222222-2222-4222-8222-222222222222/resourceGroups/rg-ops/providers/Microsoft.OperationalInsights/workspaces/law-ops';
const HOST = 'kv-app-prod.vault.azure.net';

/** Namespaces and deployment names a manifest could hold, each with characters a shell would act on. */
const HOSTILE_NAMES: [string, string][] = [
  ["team's $(id)", 'deploy/api`whoami`'],
  ['ns; rm -rf ~', 'deploy/a "b" c'],
  ['ns\nkubectl delete ns prod', 'deploy/$HOME'],
  ['--all-namespaces', '-it'],
  ['ns\u202eevil', 'deploy/@(1)'],
  ['<namespace>', 'deploy/<deployment-name>'],
];

function specsFor(namespace: string, target: string): VerifySpec[] {
  return [
    { kind: 'resolve-vault-host', namespace, target, vaultHost: HOST, expectedAddresses: ['10.31.8.4'] },
    { kind: 'workload-identity-environment', namespace, target, expectedClientId: 'cccccccc-0000-4000-8000-000000000001' },
    { kind: 'workload-identity-token-file', namespace, target },
    { kind: 'vault-network-info', namespace, target, vaultHost: HOST, expectedAddresses: [] },
  ];
}

/** The arguments kubectl should receive for each spec, after `exec --namespace <ns> <target> --`. */
function expectedTail(spec: VerifySpec): string[] {
  switch (spec.kind) {
    case 'resolve-vault-host':
      return ['nslookup', HOST];
    case 'workload-identity-environment':
      return ['printenv', 'AZURE_CLIENT_ID', 'AZURE_TENANT_ID', 'AZURE_FEDERATED_TOKEN_FILE', 'AZURE_AUTHORITY_HOST'];
    case 'workload-identity-token-file':
      return ['ls', '-l', WORKLOAD_IDENTITY_TOKEN_FILE];
    case 'vault-network-info':
      return ['curl', '--silent', '--show-error', '--output', '/dev/null', '--dump-header', '-', `https://${HOST}/healthstatus`];
  }
}

describe('in-cluster check commands', () => {
  let sandbox: BashSandbox;

  before(() => {
    sandbox = new BashSandbox('C.UTF-8');
  });

  after(() => {
    sandbox.remove();
  });

  it('pass hostile names to kubectl intact in bash', () => {
    for (const [namespace, target] of HOSTILE_NAMES) {
      for (const spec of specsFor(namespace, target)) {
        const invocations = sandbox.run(renderClusterCheck(spec).az);
        assert.deepEqual(invocations, [{ program: 'kubectl', args: ['exec', '--namespace', namespace, target, '--', ...expectedTail(spec)] }], `${spec.kind} ${JSON.stringify(namespace)}`);
      }
    }
  });

  it('pass hostile names intact in PowerShell', () => {
    for (const [namespace, target] of HOSTILE_NAMES) {
      for (const spec of specsFor(namespace, target)) {
        const tokens = tokenizePowerShell(renderClusterCheck(spec).powershell);
        assert.deepEqual(tokens, ['kubectl', 'exec', '--namespace', namespace, target, '--', ...expectedTail(spec)], `${spec.kind} ${JSON.stringify(namespace)}`);
      }
    }
  });

  it('quote the end-of-options marker for PowerShell', () => {
    const check = renderClusterCheck(specsFor('catalog', 'deploy/catalog-api')[0] as VerifySpec);

    assert.equal(check.az, `kubectl exec --namespace catalog deploy/catalog-api -- nslookup ${HOST}`);
    assert.equal(check.powershell, `kubectl exec --namespace catalog deploy/catalog-api '--' nslookup ${HOST}`);
  });

  it('mark placeholders and PowerShell double quotes', () => {
    const placeholder = renderClusterCheck({ kind: 'workload-identity-token-file', namespace: '<namespace>', target: 'deploy/<deployment-name>' });
    const quoted = renderClusterCheck({ kind: 'workload-identity-token-file', namespace: 'ns', target: 'deploy/a"b' });
    const plain = renderClusterCheck({ kind: 'workload-identity-token-file', namespace: 'ns', target: 'deploy/a' });

    assert.match(placeholder.note ?? '', /Replace the values in angle brackets/);
    assert.match(quoted.note ?? '', /double quote/);
    assert.equal(plain.note, undefined);
  });

  it('say what the output should show', () => {
    const [resolve, environment, , networkInfo] = specsFor('ns', 'deploy/a').map(renderClusterCheck);

    assert.match(resolve?.expect ?? '', /10\.31\.8\.4/);
    assert.match(environment?.expect ?? '', /cccccccc-0000-4000-8000-000000000001/);
    assert.match(networkInfo?.expect ?? '', /x-ms-keyvault-network-info/);
  });

  it('never print a token or request one', () => {
    for (const spec of specsFor('ns', 'deploy/a')) {
      const command = renderClusterCheck(spec).az;
      assert.doesNotMatch(command, /\bcat\b|oauth2|\/token\b|Authorization|IDENTITY_ENDPOINT/i, command);
    }
  });
});

describe('diagnostic setting command', () => {
  let sandbox: BashSandbox;

  before(() => {
    sandbox = new BashSandbox('C.UTF-8');
  });

  after(() => {
    sandbox.remove();
  });

  const spec = { kind: 'diagnostic-setting-create' as const, vaultId: VAULT_ID, name: 'kv-doctor-audit', workspaceId: WORKSPACE_ID, categories: ['AuditEvent'] };

  it('passes the logs JSON to az intact', () => {
    const invocations = sandbox.run(renderDiagnosticSettingCreate(spec).az ?? '');

    assert.deepEqual(invocations, [
      {
        program: 'az',
        args: ['monitor', 'diagnostic-settings', 'create', '--name', 'kv-doctor-audit', '--resource', VAULT_ID, '--workspace', WORKSPACE_ID, '--logs', '[{"category":"AuditEvent","enabled":true}]'],
      },
    ]);
  });

  it('writes the logs to a file for PowerShell', () => {
    const powershell = renderDiagnosticSettingCreate(spec).powershell ?? '';
    const lines = powershell.split('\n');
    const command = lines.slice(lines.findIndex((line) => line.startsWith('az '))).join(' ').replace(/ `\s+/g, ' ');

    assert.match(powershell, /Set-Content -Path kv-doctor-logs\.json -Encoding ascii/);
    assert.match(powershell, /"category": "AuditEvent"/);
    assert.deepEqual(tokenizePowerShell(command).slice(-2), ['--logs', '@kv-doctor-logs.json']);
  });

  it('applies through one ARM PUT when the workspace is known', () => {
    const arm = renderDiagnosticSettingCreate(spec).arm;

    assert.equal(arm?.length, 1);
    assert.equal(arm?.[0]?.method, 'PUT');
    assert.equal(arm?.[0]?.path, `${VAULT_ID}/providers/Microsoft.Insights/diagnosticSettings/kv-doctor-audit`);
    assert.deepEqual(arm?.[0]?.body, { properties: { workspaceId: WORKSPACE_ID, logs: [{ category: 'AuditEvent', enabled: true }] } });
  });

  it('rejects a workspace id of another type', () => {
    const rendered = renderFix({ title: 'Enable audit events', spec: { ...spec, workspaceId: VAULT_ID } });

    assert.equal(rendered.az, undefined);
    assert.match(rendered.note ?? '', /No command could be generated/);
  });
});
