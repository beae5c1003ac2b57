import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Fix, FixSpec } from '../../../src/diagnosis/finding';
import { renderFix } from '../../../src/fixes/render';
import { roleAssignmentName } from '../../../src/fixes/nameUuid';
import { BashSandbox, tokenizePowerShell } from './shells';

const SUB = '6176bc15-1b99-473d-bddf-c3354238bf68';
const VAULT = `/subscriptions/${SUB}/resourceGroups/rg-shipping/providers/Microsoft.KeyVault/vaults/kv-shipping-prod`;
const PRINCIPAL = '98f7995d-049e-45c7-b80b-0803ca9ef3d7';
const TENANT = '1fe4a3fc-41d7-43b1-9974-c7526b46706f';
const SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';
const IDENTITY = `/subscriptions/${SUB}/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-payments-api`;

function fix(spec: FixSpec, note?: string): Fix {
  return { title: 'Apply it', spec, ...(note ? { note } : {}) };
}

describe('renderFix', () => {
  describe('role-assignment-create', () => {
    const spec: FixSpec = {
      kind: 'role-assignment-create',
      principalId: PRINCIPAL,
      principalType: 'ServicePrincipal',
      roleDefinitionGuid: SECRETS_USER,
      roleName: 'Key Vault Secrets User',
      scope: VAULT,
    };

    it('renders the az command with ids only', () => {
      const rendered = renderFix(fix(spec));
      assert.equal(
        rendered.az,
        `az role assignment create \\\n  --assignee-object-id ${PRINCIPAL} \\\n  --assignee-principal-type ServicePrincipal \\\n  --role ${SECRETS_USER} \\\n  --scope ${VAULT}`,
      );
      assert.equal(rendered.powershell, rendered.az?.replace(/\\\n/g, '`\n'));
    });

    it('renders the PUT with a name derived from scope, role and principal', () => {
      const [write] = renderFix(fix(spec)).arm ?? [];
      const name = roleAssignmentName(VAULT, SECRETS_USER, PRINCIPAL);
      assert.equal(write.method, 'PUT');
      assert.equal(write.path, `${VAULT}/providers/Microsoft.Authorization/roleAssignments/${name}`);
      assert.equal(write.apiVersion, '2022-04-01');
      assert.deepEqual(write.body, {
        properties: {
          roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${SECRETS_USER}`,
          principalId: PRINCIPAL,
          principalType: 'ServicePrincipal',
        },
      });
    });

    it('gives the same name for differently cased input', () => {
      assert.equal(roleAssignmentName(VAULT.toUpperCase(), SECRETS_USER.toUpperCase(), PRINCIPAL), roleAssignmentName(`${VAULT}/`, SECRETS_USER, PRINCIPAL));
      assert.notEqual(roleAssignmentName(VAULT, SECRETS_USER, PRINCIPAL), roleAssignmentName(VAULT, SECRETS_USER, TENANT));
      assert.match(roleAssignmentName(VAULT, SECRETS_USER, PRINCIPAL), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });

    it('uses a tenant-level role id at a management group', () => {
      const scope = '/providers/Microsoft.Management/managementGroups/platform';
      const [write] = renderFix(fix({ ...spec, scope })).arm ?? [];
      assert.equal((write.body as { properties: { roleDefinitionId: string } }).properties.roleDefinitionId, `/providers/Microsoft.Authorization/roleDefinitions/${SECRETS_USER}`);
      assert.ok(write.path.startsWith(`${scope}/providers/Microsoft.Authorization/roleAssignments/`));
    });
  });

  it('renders role-assignment-delete', () => {
    const id = `${VAULT}/providers/Microsoft.Authorization/roleAssignments/0aeaa121-1876-4f51-b4de-f7cfb58d19fc`;
    const rendered = renderFix(fix({ kind: 'role-assignment-delete', assignmentId: id }));
    assert.equal(rendered.az, `az role assignment delete \\\n  --ids ${id}`);
    assert.deepEqual(rendered.arm?.map((write) => [write.method, write.path, write.apiVersion]), [['DELETE', id, '2022-04-01']]);
  });

  describe('role-definition-update', () => {
    const roleId = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/7b0ad2d6-7f1c-4d5c-9a53-3f3c6a1a2f10`;
    const spec: FixSpec = {
      kind: 'role-definition-update',
      roleDefinitionId: roleId,
      roleName: "CMK <reader> & 'wrapper'",
      description: 'Unwrap keys for \u202edisk encryption',
      assignableScopes: [`/subscriptions/${SUB}`],
      permissions: [{ actions: [], notActions: [], dataActions: ['Microsoft.KeyVault/vaults/keys/read'], notDataActions: [] }],
    };

    it('writes the JSON with a quoted here-document, then updates from the file', () => {
      const rendered = renderFix(fix(spec));
      assert.match(rendered.az ?? '', /^cat > kv-doctor-role\.json <<'JSON'\n\{\n/);
      assert.ok(rendered.az?.endsWith("\nJSON\naz role definition update --role-definition @kv-doctor-role.json"));
      assert.match(rendered.powershell ?? '', /^@'\n\{\n/);
      assert.ok(rendered.powershell?.endsWith("\n'@ | Set-Content -Path kv-doctor-role.json -Encoding ascii\naz role definition update --role-definition '@kv-doctor-role.json'"));
    });

    it('writes a file bash reads back as the same role', () => {
      const sandbox = new BashSandbox();
      try {
        const invocations = sandbox.run(renderFix(fix(spec)).az ?? '');
        assert.deepEqual(invocations, [{ program: 'az', args: ['role', 'definition', 'update', '--role-definition', '@kv-doctor-role.json'] }]);

        const written = JSON.parse(readFileSync(join(sandbox.directory, 'kv-doctor-role.json'), 'utf8'));
        assert.equal(written.id, roleId);
        assert.equal(written.roleName, spec.roleName);
        assert.equal(written.description, spec.description);
        assert.deepEqual(written.dataActions, ['Microsoft.KeyVault/vaults/keys/read']);
        assert.deepEqual(written.actions, []);
      } finally {
        sandbox.remove();
      }
    });

    it('renders the PUT of the role definition', () => {
      const [write] = renderFix(fix(spec)).arm ?? [];
      assert.equal(write.method, 'PUT');
      assert.equal(write.path, roleId);
      assert.deepEqual(write.body, {
        properties: {
          roleName: spec.roleName,
          description: spec.description,
          type: 'CustomRole',
          assignableScopes: spec.assignableScopes,
          permissions: spec.permissions,
        },
      });
    });

    it('offers only the ARM request for several permission blocks', () => {
      const permissions = [...spec.permissions, ...spec.permissions];
      const rendered = renderFix(fix({ ...spec, permissions }));
      assert.equal(rendered.az, undefined);
      assert.match(rendered.note ?? '', /2 permission blocks/);
      assert.equal(rendered.arm?.length, 1);
    });
  });

  describe('access-policy-set', () => {
    const spec: FixSpec = { kind: 'access-policy-set', vaultId: VAULT, objectId: PRINCIPAL, tenantId: TENANT, secrets: ['get', 'list'] };

    it('renders set-policy with the vault subscription', () => {
      const rendered = renderFix(fix(spec));
      assert.equal(
        rendered.az,
        `az keyvault set-policy \\\n  --name kv-shipping-prod \\\n  --resource-group rg-shipping \\\n  --subscription ${SUB} \\\n  --object-id ${PRINCIPAL} \\\n  --secret-permissions get list`,
      );
    });

    it('renders the PUT to accessPolicies/add', () => {
      const [write] = renderFix(fix(spec)).arm ?? [];
      assert.equal(write.path, `${VAULT}/accessPolicies/add`);
      assert.equal(write.apiVersion, '2026-02-01');
      assert.deepEqual(write.body, { properties: { accessPolicies: [{ tenantId: TENANT, objectId: PRINCIPAL, permissions: { secrets: ['get', 'list'] } }] } });
    });

    it('offers only az without the tenant', () => {
      const rendered = renderFix(fix({ ...spec, tenantId: undefined }));
      assert.equal(rendered.arm, undefined);
      assert.match(rendered.note ?? '', /does not carry the vault's tenant id/);
    });
  });

  it('renders access-policy-delete for a compound identity', () => {
    const application = 'f0660c79-3e94-4f84-9abc-44e202616910';
    const rendered = renderFix(
      fix({ kind: 'access-policy-delete', vaultId: VAULT, objectId: PRINCIPAL, applicationId: application, tenantId: TENANT, permissions: { secrets: ['get'] } }),
    );
    assert.match(rendered.az ?? '', /az keyvault delete-policy .*--object-id 98f7995d-049e-45c7-b80b-0803ca9ef3d7 \\\n {2}--application-id f0660c79/s);
    const [write] = rendered.arm ?? [];
    assert.equal(write.path, `${VAULT}/accessPolicies/remove`);
    assert.deepEqual(write.body, { properties: { accessPolicies: [{ tenantId: TENANT, objectId: PRINCIPAL, applicationId: application, permissions: { secrets: ['get'] } }] } });
  });

  it('deletes an access policy entry only while it exists', () => {
    const rendered = renderFix(fix({ kind: 'access-policy-delete', vaultId: VAULT, objectId: PRINCIPAL }));

    assert.match(rendered.az ?? '', /^if \[ -n "\$\(az keyvault show /);
    assert.match(rendered.az ?? '', /objectId=='\\''98f7995d-049e-45c7-b80b-0803ca9ef3d7'\\'' && !applicationId/);
    assert.match(rendered.az ?? '', /then\n {2}az keyvault delete-policy [^]*\nfi$/);
    assert.match(rendered.powershell ?? '', /^if \(az keyvault show [^]*\) \{\n {2}az keyvault delete-policy [^]*\n\}$/);
  });

  it('renders key-operations-update without an ARM request', () => {
    const rendered = renderFix(fix({ kind: 'key-operations-update', vaultName: 'kv-cmk', keyName: 'cmk key', keyOps: ['wrapKey', 'unwrapKey'] }));

    assert.equal(rendered.az, "az keyvault key set-attributes --vault-name kv-cmk --name 'cmk key' --ops wrapKey unwrapKey");
    assert.equal(rendered.powershell, "az keyvault key set-attributes --vault-name kv-cmk --name 'cmk key' --ops wrapKey unwrapKey");
    assert.equal(rendered.arm, undefined);
    assert.match(rendered.note ?? '', /replaces the current one/);
  });

  describe('vault-update', () => {
    it('moves the tenant: remove policies, then set tenantId', () => {
      const rendered = renderFix(fix({ kind: 'vault-update', vaultId: VAULT, tenantId: TENANT, removeAccessPolicies: true }));
      const lines = (rendered.az ?? '').split('\n').filter((line) => line.startsWith('az '));
      assert.equal(lines.length, 2);
      assert.match(rendered.az ?? '', /--remove properties\.accessPolicies[\s\S]*--set properties\.tenantId=1fe4a3fc-41d7-43b1-9974-c7526b46706f/);
      assert.deepEqual(rendered.arm?.[0].body, { properties: { accessPolicies: [], tenantId: TENANT } });
      assert.equal(rendered.arm?.[0].method, 'PATCH');
      assert.equal(rendered.arm?.[0].path, VAULT);
    });

    it('switches the permission model', () => {
      const rendered = renderFix(fix({ kind: 'vault-update', vaultId: VAULT, enableRbacAuthorization: true }));
      assert.equal(rendered.az, `az keyvault update \\\n  --name kv-shipping-prod \\\n  --resource-group rg-shipping \\\n  --subscription ${SUB} \\\n  --enable-rbac-authorization true`);
      assert.deepEqual(rendered.arm?.[0].body, { properties: { enableRbacAuthorization: true } });
    });

    it('keeps the current rules when it changes the default action', () => {
      const currentNetworkAcls = { bypass: 'None', defaultAction: 'Allow', ipRules: ['203.0.113.7/32'], virtualNetworkRules: [] };
      const rendered = renderFix(fix({ kind: 'vault-update', vaultId: VAULT, defaultAction: 'Deny', currentNetworkAcls }));
      assert.deepEqual(rendered.arm?.[0].body, {
        properties: { networkAcls: { bypass: 'None', defaultAction: 'Deny', ipRules: [{ value: '203.0.113.7/32' }], virtualNetworkRules: [] } },
      });
    });

    it('reports a spec that changes nothing', () => {
      const rendered = renderFix(fix({ kind: 'vault-update', vaultId: VAULT }));
      assert.equal(rendered.az, undefined);
      assert.match(rendered.note ?? '', /names no property to change/);
    });

    it('offers only az for a firewall change without the current rules', () => {
      const rendered = renderFix(fix({ kind: 'vault-update', vaultId: VAULT, bypass: 'AzureServices' }));
      assert.equal(rendered.arm, undefined);
      assert.match(rendered.az ?? '', /--bypass AzureServices/);
    });
  });

  it('renders network-rule-add with the existing rules repeated', () => {
    const subnet = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-aks/subnets/nodes`;
    const currentNetworkAcls = { defaultAction: 'Deny', ipRules: ['198.51.100.1'], virtualNetworkRules: [{ id: 'x' }] };
    const rendered = renderFix(fix({ kind: 'network-rule-add', vaultId: VAULT, subnetId: subnet, currentNetworkAcls }));
    assert.match(rendered.az ?? '', /az keyvault network-rule add[\s\S]*--subnet \/subscriptions\/.*\/subnets\/nodes$/);
    assert.deepEqual(rendered.arm?.[0].body, {
      properties: { networkAcls: { defaultAction: 'Deny', ipRules: [{ value: '198.51.100.1' }], virtualNetworkRules: [{ id: 'x' }, { id: subnet }] } },
    });
  });

  it('renders subnet-service-endpoint without an ARM request', () => {
    const subnet = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-aks/subnets/nodes`;
    const rendered = renderFix(fix({ kind: 'subnet-service-endpoint', subnetId: subnet, existingServiceEndpoints: ['Microsoft.Storage'] }));
    assert.equal(
      rendered.az,
      `az network vnet subnet update \\\n  --resource-group rg-net \\\n  --vnet-name vnet-aks \\\n  --name nodes \\\n  --subscription ${SUB} \\\n  --service-endpoints Microsoft.Storage Microsoft.KeyVault`,
    );
    assert.equal(rendered.arm, undefined);
  });

  it('renders private-endpoint-connection-approve', () => {
    const rendered = renderFix(fix({ kind: 'private-endpoint-connection-approve', vaultId: VAULT, connectionName: 'pe-aks.4f2c' }));
    assert.match(rendered.az ?? '', /az keyvault private-endpoint-connection approve[\s\S]*--vault-name kv-shipping-prod[\s\S]*--name pe-aks\.4f2c/);
    assert.match(rendered.az ?? '', /--description 'Approved after a Key Vault Access Doctor diagnosis'/);
    assert.equal(rendered.arm?.[0].path, `${VAULT}/privateEndpointConnections/pe-aks.4f2c`);
    assert.deepEqual(rendered.arm?.[0].body, { properties: { privateLinkServiceConnectionState: { status: 'Approved', description: 'Approved after a Key Vault Access Doctor diagnosis' } } });
  });

  describe('private DNS', () => {
    const zone = `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net`;
    const vnet = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-aks`;

    it('links the zone to the network', () => {
      const rendered = renderFix(fix({ kind: 'private-dns-link-create', zoneId: zone, virtualNetworkId: vnet, linkName: 'link-vnet-aks' }));
      assert.match(rendered.az ?? '', /--zone-name privatelink\.vaultcore\.azure\.net[\s\S]*--virtual-network \/subscriptions\/.*vnet-aks[\s\S]*--registration-enabled false/);
      assert.deepEqual(rendered.arm?.[0], {
        method: 'PUT',
        path: `${zone}/virtualNetworkLinks/link-vnet-aks`,
        apiVersion: '2024-06-01',
        body: { location: 'global', properties: { virtualNetwork: { id: vnet }, registrationEnabled: false } },
        description: `Link the private DNS zone privatelink.vaultcore.azure.net to the virtual network ${vnet}.`,
      });
    });

    it('adds the A record', () => {
      const rendered = renderFix(fix({ kind: 'private-dns-a-record-add', zoneId: zone, recordName: 'kv-shipping-prod', ipv4Address: '10.20.1.4' }));
      assert.match(rendered.az ?? '', /record-set a add-record[\s\S]*--record-set-name kv-shipping-prod[\s\S]*--ipv4-address 10\.20\.1\.4/);
      assert.deepEqual(rendered.arm?.[0].body, { properties: { ttl: 10, aRecords: [{ ipv4Address: '10.20.1.4' }] } });
      assert.equal(rendered.arm?.[0].path, `${zone}/A/kv-shipping-prod`);
    });
  });

  describe('federated credentials', () => {
    const spec: FixSpec = {
      kind: 'federated-credential-create',
      identityId: IDENTITY,
      name: 'payments-api',
      issuer: 'https://westeurope.oic.prod-aks.azure.com/tenant/cluster/',
      subject: 'system:serviceaccount:payments:payments-api',
      audiences: ['api://AzureADTokenExchange'],
    };

    it('creates with exact issuer and subject', () => {
      const rendered = renderFix(fix(spec));
      assert.equal(
        rendered.az,
        [
          'az identity federated-credential create',
          '--name payments-api',
          '--identity-name id-payments-api',
          '--resource-group rg-identities',
          `--subscription ${SUB}`,
          '--issuer https://westeurope.oic.prod-aks.azure.com/tenant/cluster/',
          '--subject system:serviceaccount:payments:payments-api',
          '--audiences api://AzureADTokenExchange',
        ].join(' \\\n  '),
      );
      assert.deepEqual(rendered.arm?.[0], {
        method: 'PUT',
        path: `${IDENTITY}/federatedIdentityCredentials/payments-api`,
        apiVersion: '2024-11-30',
        body: { properties: { issuer: spec.issuer, subject: spec.subject, audiences: spec.audiences } },
        description: `Create or replace the federated credential payments-api on ${IDENTITY} for issuer ${spec.issuer} and subject ${spec.subject}.`,
      });
    });

    it('deletes with --yes', () => {
      const rendered = renderFix(fix({ kind: 'federated-credential-delete', identityId: IDENTITY, name: 'old-fic' }));
      assert.match(rendered.az ?? '', /az identity federated-credential delete[\s\S]*--name old-fic[\s\S]*--yes$/);
      assert.deepEqual(rendered.arm?.map((write) => [write.method, write.path]), [['DELETE', `${IDENTITY}/federatedIdentityCredentials/old-fic`]]);
    });
  });

  it('renders secret-enable with the ARM PATCH for the current version', () => {
    const rendered = renderFix(fix({ kind: 'secret-enable', vaultName: 'kv-shipping-prod', secretName: 'legacy-smtp-password', vaultId: VAULT }));
    assert.equal(rendered.az, 'az keyvault secret set-attributes \\\n  --vault-name kv-shipping-prod \\\n  --name legacy-smtp-password \\\n  --enabled true');
    assert.deepEqual(rendered.arm?.[0], {
      method: 'PATCH',
      path: `${VAULT}/secrets/legacy-smtp-password`,
      apiVersion: '2026-02-01',
      body: { properties: { attributes: { enabled: true } } },
      description: 'Enable the current version of the secret legacy-smtp-password in kv-shipping-prod.',
    });
  });

  it('renders secret-enable for a version without ARM', () => {
    const rendered = renderFix(fix({ kind: 'secret-enable', vaultName: 'kv', secretName: 's', version: 'abc123', vaultId: VAULT }));
    assert.match(rendered.az ?? '', /--version abc123 --enabled true$/);
    assert.equal(rendered.arm, undefined);
  });

  describe('kubernetes', () => {
    it('labels a Deployment pod template through a patch file', () => {
      const rendered = renderFix(fix({ kind: 'kubectl-label-pod-template', namespace: 'payments', controllerKind: 'Deployment', name: 'payments-api' }));
      const sandbox = new BashSandbox();
      try {
        const invocations = sandbox.run(rendered.az ?? '');
        assert.deepEqual(invocations, [{ program: 'kubectl', args: ['patch', 'deployment', 'payments-api', '--namespace', 'payments', '--type', 'merge', '--patch-file', 'kv-doctor-patch.json'] }]);
        const patch = JSON.parse(readFileSync(join(sandbox.directory, 'kv-doctor-patch.json'), 'utf8'));
        assert.deepEqual(patch, { spec: { template: { metadata: { labels: { 'azure.workload.identity/use': 'true' } } } } });
      } finally {
        sandbox.remove();
      }
    });

    it('labels the job template of a CronJob', () => {
      const rendered = renderFix(fix({ kind: 'kubectl-label-pod-template', namespace: 'n', controllerKind: 'CronJob', name: 'nightly' }));
      assert.match(rendered.az ?? '', /"jobTemplate": \{\n\s+"spec": \{\n\s+"template"/);
    });

    it('explains that a Job template cannot change', () => {
      const rendered = renderFix(fix({ kind: 'kubectl-label-pod-template', namespace: 'n', controllerKind: 'Job', name: 'export' }));
      assert.equal(rendered.az, undefined);
      assert.match(rendered.note ?? '', /cannot be changed in place/);
    });

    it('annotates the service account', () => {
      const rendered = renderFix(fix({ kind: 'kubectl-annotate-service-account', namespace: 'payments', name: 'payments-api', clientId: PRINCIPAL }));
      assert.equal(rendered.az, `kubectl annotate serviceaccount payments-api azure.workload.identity/client-id=${PRINCIPAL} \\\n  --namespace payments \\\n  --overwrite`);
    });
  });

  it('passes workspace edits through', () => {
    const rendered = renderFix(fix({ kind: 'workspace-edit', file: 'k8s/job.yaml', range: [12, 4, 12, 40], newText: 'serviceAccountName: api' }));
    assert.deepEqual(rendered, { title: 'Apply it', edit: { file: 'k8s/job.yaml', range: [12, 4, 12, 40], newText: 'serviceAccountName: api' } });
  });

  it('keeps the engine note first', () => {
    const rendered = renderFix(fix({ kind: 'access-policy-set', vaultId: VAULT, objectId: PRINCIPAL, secrets: ['get'] }, 'Run before switching to RBAC.'));
    assert.match(rendered.note ?? '', /^Run before switching to RBAC\. Only the az command is offered/);
  });

  it('reports an invalid id instead of throwing', () => {
    const rendered = renderFix(fix({ kind: 'access-policy-set', vaultId: 'kv-shipping-prod', objectId: PRINCIPAL, secrets: ['get'] }));
    assert.equal(rendered.az, undefined);
    assert.match(rendered.note ?? '', /Invalid resource id "kv-shipping-prod": expected a Microsoft\.KeyVault\/vaults resource id/);
  });

  it('reports an unknown kind instead of throwing', () => {
    const rendered = renderFix({ title: 't', spec: { kind: 'from-the-future' } as unknown as FixSpec });
    assert.match(rendered.note ?? '', /"from-the-future" is unknown/);
  });
});

describe('rendered commands with hostile names', () => {
  const hostile = "pay$(id)`x`'\"; rm -rf / & | <> ü\u202e東京\n(1)!*";
  const specs: { spec: FixSpec; expected: string[] }[] = [
    {
      spec: { kind: 'federated-credential-create', identityId: `/subscriptions/${SUB}/resourceGroups/rg (1)/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-1`, name: hostile, issuer: hostile, subject: hostile, audiences: ['api://AzureADTokenExchange'] },
      expected: ['identity', 'federated-credential', 'create', '--name', hostile, '--identity-name', 'id-1', '--resource-group', 'rg (1)', '--subscription', SUB, '--issuer', hostile, '--subject', hostile, '--audiences', 'api://AzureADTokenExchange'],
    },
    {
      spec: { kind: 'secret-enable', vaultName: 'kv', secretName: hostile },
      expected: ['keyvault', 'secret', 'set-attributes', '--vault-name', 'kv', '--name', hostile, '--enabled', 'true'],
    },
    {
      spec: { kind: 'role-assignment-create', principalId: PRINCIPAL, principalType: 'ServicePrincipal', roleDefinitionGuid: SECRETS_USER, roleName: hostile, scope: `${VAULT}/secrets/${hostile}` },
      expected: ['role', 'assignment', 'create', '--assignee-object-id', PRINCIPAL, '--assignee-principal-type', 'ServicePrincipal', '--role', SECRETS_USER, '--scope', `${VAULT}/secrets/${hostile}`],
    },
  ];

  it('reach az as the intended arguments through bash', () => {
    const sandbox = new BashSandbox();
    try {
      for (const { spec, expected } of specs) {
        assert.deepEqual(sandbox.run(renderFix(fix(spec)).az ?? ''), [{ program: 'az', args: expected }]);
      }
    } finally {
      sandbox.remove();
    }
  });

  it('tokenize to the intended arguments in PowerShell', () => {
    for (const { spec, expected } of specs) {
      assert.deepEqual(tokenizePowerShell(renderFix(fix(spec)).powershell ?? ''), ['az', ...expected]);
    }
  });

  it('warn about PowerShell argument passing', () => {
    assert.match(renderFix(fix(specs[1].spec)).note ?? '', /^PowerShell on Windows: a value contains a double quote/);
  });

  it('warn about cmd.exe metacharacters outside quotes', () => {
    const rendered = renderFix(fix({ kind: 'secret-enable', vaultName: 'kv', secretName: 'a&b' }));
    assert.match(rendered.note ?? '', /cmd\.exe \(running az\.cmd\) interprets/);
  });
});
