/**
 * Property tests over whole rendered fixes: whatever text a name contains, each generated bash
 * command passes it to the program as one intact argument (checked by running the command
 * through bash with stand-in `az` and `kubectl` programs), and the PowerShell form tokenizes to the
 * same arguments. The quoting function itself is covered in test/unit/fixes/quote.test.ts; these
 * tests cover the renderers that build commands from specs.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Fix, FixSpec } from '../../../src/diagnosis/finding';
import { renderFix } from '../../../src/fixes/render';
import { BashSandbox, tokenizePowerShell, type Invocation } from '../fixes/shells';

const SUBSCRIPTION = '6176bc15-1b99-473d-bddf-c3354238bf68';
const PRINCIPAL = '98f7995d-049e-45c7-b80b-0803ca9ef3d7';
const TENANT = '1fe4a3fc-41d7-43b1-9974-c7526b46706f';
const SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';

/** Fragments that markup, templates, terminals and shells act on. */
const FRAGMENTS = [
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', 'javascript:alert(1)', '{{7*7}}', '${7*7}', '#{7*7}', '%{7*7}',
  '\u202e', '\u2066', '\u200b', '\u001b[31m', "'", '"', '`', '$(id)', '$HOME', ';', '&&', '|', '>', '<', '\\', '!', '*', '?', '~', '#',
  '%PATH%', '^', '(', ')', '[', ']', '{', '}', ' ', '\t', '\n', 'ü', '東京', '😀', '--', '-x', '@file',
];

/** Any text without NUL (no argument can hold one) and without `/` (so it stays one id segment). */
const hostileText = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'binary', maxLength: 4 }), fc.stringMatching(/^[a-z0-9-]{1,8}$/)), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join(''))
  .filter((text) => !text.includes('\u0000') && !text.includes('/') && text.trim() !== '');

function fix(spec: FixSpec): Fix {
  return { title: 'Apply it', spec };
}

/** Returns the argument after `flag` in the first invocation. */
function argumentAfter(invocation: Invocation, flag: string): string | undefined {
  const index = invocation.args.indexOf(flag);
  return index === -1 ? undefined : invocation.args[index + 1];
}

/** PowerShell's arguments for each command of a rendered fix, with the program first. */
function powerShellInvocations(script: string): string[][] {
  return script.split(/\n(?=az |kubectl )/).map((command) => tokenizePowerShell(command));
}

describe('rendered commands with hostile names', function () {
  this.timeout(120_000);
  let bash: BashSandbox;

  before(() => {
    bash = new BashSandbox('C.UTF-8');
  });

  after(() => {
    bash.remove();
  });

  function assertSameInPowerShell(rendered: ReturnType<typeof renderFix>, invocations: Invocation[]): void {
    assert.ok(rendered.powershell, 'no PowerShell form');
    assert.deepEqual(powerShellInvocations(rendered.powershell), invocations.map((invocation) => [invocation.program, ...invocation.args]));
  }

  it('keeps a role assignment scope whole', () => {
    fc.assert(
      fc.property(hostileText, (group) => {
        const scope = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${group}/providers/Microsoft.KeyVault/vaults/kv-app`;
        const rendered = renderFix(fix({ kind: 'role-assignment-create', principalId: PRINCIPAL, principalType: 'ServicePrincipal', roleDefinitionGuid: SECRETS_USER, roleName: 'Key Vault Secrets User', scope }));
        const [invocation] = bash.run(rendered.az ?? '');

        assert.equal(argumentAfter(invocation, '--scope'), scope);
        assert.equal(rendered.arm?.[0].path.startsWith(scope), true);
        assertSameInPowerShell(rendered, [invocation]);
      }),
      { numRuns: 100 },
    );
  });

  it('keeps federated credential fields whole', () => {
    fc.assert(
      fc.property(hostileText, hostileText, hostileText, hostileText, (group, name, issuer, subject) => {
        const identityId = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-app`;
        const rendered = renderFix(fix({ kind: 'federated-credential-create', identityId, name, issuer, subject, audiences: ['api://AzureADTokenExchange'] }));
        const [invocation] = bash.run(rendered.az ?? '');

        assert.equal(argumentAfter(invocation, '--resource-group'), group);
        assert.equal(argumentAfter(invocation, '--name'), name);
        assert.equal(argumentAfter(invocation, '--issuer'), issuer);
        assert.equal(argumentAfter(invocation, '--subject'), subject);
        assertSameInPowerShell(rendered, [invocation]);
      }),
      { numRuns: 100 },
    );
  });

  it('keeps an access policy vault group whole', () => {
    fc.assert(
      fc.property(hostileText, (group) => {
        const vaultId = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${group}/providers/Microsoft.KeyVault/vaults/kv-app`;
        const rendered = renderFix(fix({ kind: 'access-policy-set', vaultId, objectId: PRINCIPAL, tenantId: TENANT, secrets: ['get', 'list'] }));
        const [invocation] = bash.run(rendered.az ?? '');

        assert.equal(argumentAfter(invocation, '--resource-group'), group);
        assert.equal(argumentAfter(invocation, '--name'), 'kv-app');
        assertSameInPowerShell(rendered, [invocation]);
      }),
      { numRuns: 100 },
    );
  });

  it('keeps Kubernetes names whole', () => {
    fc.assert(
      fc.property(hostileText, hostileText, (namespace, name) => {
        const rendered = renderFix(fix({ kind: 'kubectl-annotate-service-account', namespace, name, clientId: SECRETS_USER }));
        const [invocation] = bash.run(rendered.az ?? '');

        assert.equal(invocation.program, 'kubectl');
        assert.equal(argumentAfter(invocation, '--namespace'), namespace);
        assert.equal(invocation.args[2], name);
        assertSameInPowerShell(rendered, [invocation]);
      }),
      { numRuns: 100 },
    );
  });

  it('writes a role name and description unchanged', () => {
    fc.assert(
      fc.property(hostileText, hostileText, (roleName, description) => {
        const roleDefinitionId = `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/7b0ad2d6-7f1c-4d5c-9a53-3f3c6a1a2f10`;
        const rendered = renderFix(fix({
          kind: 'role-definition-update',
          roleDefinitionId,
          roleName,
          description,
          assignableScopes: [`/subscriptions/${SUBSCRIPTION}`],
          permissions: [{ actions: [], notActions: [], dataActions: ['Microsoft.KeyVault/vaults/secrets/getSecret/action'], notDataActions: [] }],
        }));
        const invocations = bash.run(rendered.az ?? '');
        const written = JSON.parse(readFileSync(join(bash.directory, 'kv-doctor-role.json'), 'utf8')) as { roleName: string; description: string };

        assert.deepEqual(invocations, [{ program: 'az', args: ['role', 'definition', 'update', '--role-definition', '@kv-doctor-role.json'] }]);
        assert.equal(written.roleName, roleName);
        assert.equal(written.description, description);
      }),
      { numRuns: 100 },
    );
  });
});
