import assert from 'node:assert/strict';
import type { Finding } from '../../../src/diagnosis/finding';
import { verificationCommands } from '../../../src/fixes/verification';
import { tokenizePowerShell } from './shells';

const SUB = '8af5b79c-3235-4c81-8bf2-4fd5b8b9b8fe';
const VAULT = `/subscriptions/${SUB}/resourceGroups/rg-billing/providers/Microsoft.KeyVault/vaults/kv-billing-prod`;
const IDENTITY = `/subscriptions/${SUB}/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-eso`;

function finding(partial: Partial<Finding>): Finding {
  return { code: 'rbac-no-assignment', family: 'authorization', severity: 'blocker', title: 't', detail: 'd', evidence: [VAULT], fixes: [], ...partial };
}

describe('verificationCommands', () => {
  it('lists role assignments at the vault from the evidence', () => {
    const [first] = verificationCommands(finding({}));
    assert.equal(first.az, `az role assignment list \\\n  --scope ${VAULT} \\\n  --include-inherited`);
  });

  it('filters on the principal id without Graph when the facts name it', () => {
    const facts = { caller: { principalId: 'ea285cc2-4faf-4c0f-b6e0-4018a5465ec0' }, request: { vaultId: VAULT, caller: {}, operations: [], objects: [] }, roleAssignments: [], network: { privateEndpoints: [], privateDnsZones: [], virtualNetworks: [] } };
    const commands = verificationCommands(finding({}), facts as never);
    assert.match(commands[0].az, /--query "\[\?principalId=='ea285cc2-4faf-4c0f-b6e0-4018a5465ec0'\]"$/);
    assert.deepEqual(tokenizePowerShell(commands[0].powershell).slice(-2), ['--query', "[?principalId=='ea285cc2-4faf-4c0f-b6e0-4018a5465ec0']"]);
  });

  it('shows role definitions by GUID with --name, not --ids', () => {
    const facts = {
      caller: { principalId: 'p1' },
      request: { vaultId: VAULT, caller: {}, operations: [], objects: [] },
      roleAssignments: [{ id: 'a', scope: VAULT, principalId: 'p1', roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/21090545-7ca7-4776-b22c-e363652d74d2` }],
      network: { privateEndpoints: [], privateDnsZones: [], virtualNetworks: [] },
    };
    const commands = verificationCommands(finding({ code: 'rbac-control-plane-only' }), facts as never);
    assert.ok(commands.some((command) => command.az === 'az role definition list --name 21090545-7ca7-4776-b22c-e363652d74d2'));
    assert.ok(commands.every((command) => !command.az.includes('--ids')));
  });

  it('reads the identity and its federated credentials', () => {
    const commands = verificationCommands(finding({ code: 'wi-fic-issuer-mismatch', family: 'identity', evidence: [IDENTITY, VAULT] }));
    assert.ok(commands.some((command) => /^az identity federated-credential list \\\n {2}--identity-name id-eso/.test(command.az)));
    assert.ok(commands.some((command) => /^az identity show/.test(command.az)));
  });

  it('shows the vault network settings', () => {
    const [first] = verificationCommands(finding({ code: 'network-firewall', family: 'network' }));
    assert.match(first.az, /^az keyvault show \\\n {2}--name kv-billing-prod \\\n {2}--resource-group rg-billing \\\n {2}--subscription 8af5b79c/);
    assert.match(first.az, /networkAcls:properties\.networkAcls/);
  });

  it('returns nothing when no id is known', () => {
    assert.deepEqual(verificationCommands(finding({ evidence: [] })), []);
  });
});
