import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tenantScope, toDefaultScopes, tokenExpiry } from '../../../src/ui/auth/token';
import { redact } from '../../../src/ui/redact';
import { describeArmWrites } from '../../../src/ui/report/confirmText';
import { isSingleCommand } from '../../../src/ui/report/terminalText';
import { describeVaultAccess, groupBySubscription } from '../../../src/ui/resources';

function jwt(payload: object): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none' })}.${part(payload)}.`;
}

describe('token expiry', () => {
  it('reads exp in milliseconds', () => {
    assert.equal(tokenExpiry(jwt({ exp: 1_800_000_000 })), 1_800_000_000_000);
  });

  it('is undefined for opaque or odd tokens', () => {
    assert.equal(tokenExpiry('opaque-token'), undefined);
    assert.equal(tokenExpiry('a.b.c'), undefined);
    assert.equal(tokenExpiry(jwt({ exp: '1800000000' })), undefined);
    assert.equal(tokenExpiry(jwt({})), undefined);
  });
});

describe('session scopes', () => {
  it('adds /.default once', () => {
    assert.deepEqual(toDefaultScopes('https://management.azure.com'), ['https://management.azure.com/.default']);
    assert.deepEqual(toDefaultScopes(['https://management.azure.com/']), ['https://management.azure.com/.default']);
    assert.deepEqual(toDefaultScopes(['https://management.usgovcloudapi.net/.default']), ['https://management.usgovcloudapi.net/.default']);
  });

  it('names the tenant', () => {
    assert.equal(tenantScope('414971c0-e638-41d4-a02f-ff6a9c84845d'), 'VSCODE_TENANT:414971c0-e638-41d4-a02f-ff6a9c84845d');
  });
});

describe('log redaction', () => {
  it('masks bearer tokens and JWTs', () => {
    const token = jwt({ exp: 1 });
    const text = redact(`Authorization: Bearer ${token} and raw ${token}`);
    assert.ok(!text.includes(token.split('.')[1]), text);
    assert.ok(text.includes('Bearer ***'));
  });

  it('masks secrets in forms and JSON', () => {
    assert.equal(redact('client_id=abc&client_secret=s3cr3t&scope=x'), 'client_id=abc&client_secret=***&scope=x');
    assert.equal(redact('{"accessToken": "zzz", "tenant": "t"}'), '{"accessToken":"***", "tenant": "t"}');
  });

  it('leaves ids alone', () => {
    const line = 'GET /subscriptions/3a06d4a2-b3ce-4e27-aeb1-7d5ccdb901ad/providers/x 200 12 ms';
    assert.equal(redact(line), line);
  });
});

describe('apply confirmation text', () => {
  it('shows method, path, api-version and body', () => {
    const text = describeArmWrites([
      {
        method: 'PUT',
        path: '/subscriptions/s/providers/Microsoft.Authorization/roleAssignments/1',
        apiVersion: '2022-04-01',
        body: { properties: { principalId: 'p' } },
        description: 'Assign Key Vault Secrets User',
      },
      { method: 'DELETE', path: '/x', apiVersion: '2024-11-30', description: 'Delete' },
    ]);
    assert.equal(
      text,
      [
        '1. Assign Key Vault Secrets User',
        'PUT /subscriptions/s/providers/Microsoft.Authorization/roleAssignments/1?api-version=2022-04-01',
        '{\n  "properties": {\n    "principalId": "p"\n  }\n}',
        '',
        '2. Delete',
        'DELETE /x?api-version=2024-11-30',
      ].join('\n'),
    );
  });
});

describe('vault access description', () => {
  it('reads model and public access', () => {
    assert.deepEqual(describeVaultAccess({ enableRbacAuthorization: true }), { model: 'rbac', publicAccess: 'enabled' });
    assert.deepEqual(describeVaultAccess({ enableRbacAuthorization: null, publicNetworkAccess: 'Disabled' }), {
      model: 'accessPolicies',
      publicAccess: 'disabled',
    });
    assert.deepEqual(describeVaultAccess({ enableRbacAuthorization: false, publicNetworkAccess: 'Enabled', defaultAction: 'Deny' }), {
      model: 'accessPolicies',
      publicAccess: 'selectedNetworks',
    });
  });

  it('groups by subscription case-insensitively', () => {
    const groups = groupBySubscription([
      { subscriptionId: 'AA', name: 'b' },
      { subscriptionId: 'aa', name: 'a' },
      { subscriptionId: 'bb', name: 'c' },
    ]);
    assert.deepEqual([...groups.keys()], ['aa', 'bb']);
    assert.deepEqual(groups.get('aa')?.map((item) => item.name), ['a', 'b']);
  });
});

describe('webview script source', () => {
  it('never writes HTML from strings', () => {
    // Comments may name the sinks to explain why they are avoided, so only code is searched.
    const source = readFileSync(path.resolve(__dirname, '../../../media/report.ts'), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    for (const sink of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'eval(', 'new Function']) {
      assert.ok(!source.includes(sink), `media/report.ts uses ${sink}`);
    }
  });
});

describe('terminal insertion', () => {
  it('treats continued lines as one command', () => {
    assert.equal(isSingleCommand('az role assignment create \\\n  --role r \\\n  --scope s', 'bash'), true);
    assert.equal(isSingleCommand('az role assignment create `\n  --role r `\n  --scope s', 'powershell'), true);
    assert.equal(isSingleCommand('az keyvault show --name kv\n', 'bash'), true);
  });

  it('treats scripts as several commands', () => {
    assert.equal(isSingleCommand("cat > role.json <<'JSON'\n{}\nJSON\naz role definition update --role-definition @role.json", 'bash'), false);
    assert.equal(isSingleCommand('az a \\\naz b\naz c', 'bash'), false);
    assert.equal(isSingleCommand('az a `\n  --x\naz b', 'powershell'), false);
  });
});
