import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { KeyVaultManagementClient } from '@azure/arm-keyvault';
import { ManagedServiceIdentityClient } from '@azure/arm-msi';
import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { TokenCredential } from '@azure/core-auth';
import { RestError } from '@azure/core-rest-pipeline';

import { startSandbox, type Sandbox } from '../../../sandbox/index';
import { ARM_SCOPES, INHERITANCE, inheritanceScenario, operatorCredential, transportOptions, type TransportName } from './helpers';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) {
    items.push(item);
  }
  return items;
}

async function restErrorOf(promise: Promise<unknown>): Promise<RestError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof RestError, `expected a RestError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the request to fail');
}

const { subscriptionId, vault } = INHERITANCE;
const vaultScope = vault.slice(1);

for (const transport of ['https', 'in-process'] as TransportName[]) {
  describe(`sandbox SDK clients (${transport})`, function () {
    let sandbox: Sandbox;
    let credential: TokenCredential;
    let authorization: AuthorizationManagementClient;
    let keyVault: KeyVaultManagementClient;
    let identities: ManagedServiceIdentityClient;

    beforeEach(async function () {
      sandbox = await startSandbox({ scenario: inheritanceScenario(), https: transport === 'https' });
      credential = operatorCredential(sandbox, transport);
      const options = transportOptions(sandbox, transport);
      authorization = new AuthorizationManagementClient(credential, subscriptionId, { ...options, credentialScopes: ARM_SCOPES });
      keyVault = new KeyVaultManagementClient(credential, subscriptionId, { ...options, credentials: { scopes: ARM_SCOPES } });
      identities = new ManagedServiceIdentityClient(credential, subscriptionId, { ...options, credentialScopes: ARM_SCOPES });
    });

    afterEach(async function () {
      await sandbox.stop();
    });

    it('lists subscriptions and tenants', async function () {
      const client = new SubscriptionClient(credential, { ...transportOptions(sandbox, transport), credentials: { scopes: ARM_SCOPES } });

      const subscriptions = await collect(client.subscriptions.list());
      const tenants = await collect(client.tenants.list());

      assert.deepEqual(subscriptions.map((subscription) => subscription.subscriptionId), [subscriptionId]);
      assert.equal(subscriptions[0].displayName, 'Contoso Production');
      assert.deepEqual(tenants.map((tenant) => tenant.tenantId), [INHERITANCE.tenantId]);
    });

    it('pages vault lists through nextLink', async function () {
      const original = sandbox.state.getResource(vault);
      assert.ok(original);
      for (const name of ['kv-orders-dr', 'kv-orders-test']) {
        const copy = structuredClone(original);
        copy.id = original.id.replace(/kv-orders-prod$/, name);
        copy.name = name;
        sandbox.state.resources.set(copy.id.toLowerCase(), copy);
      }

      const vaults = await collect(keyVault.vaults.listBySubscription());

      assert.deepEqual(vaults.map((item) => item.name).sort(), ['kv-orders-dr', 'kv-orders-prod', 'kv-orders-test']);
      assert.equal(vaults[0].properties.enableRbacAuthorization, true);
      const pages = sandbox.log.filter((record) => /\/providers\/Microsoft\.KeyVault\/vaults$/i.test(record.path));
      assert.equal(pages.length, 2);
      assert.ok(pages[1].rawQuery.includes('$skipToken='), pages[1].rawQuery);
      assert.equal(pages[0].apiVersion, '2026-02-01');
    });

    it('finds a vault through the resources list', async function () {
      const vaults = await collect(keyVault.vaults.list());

      assert.deepEqual(vaults.map((item) => item.id), [vault]);
      assert.equal(sandbox.countRequests({ path: `/subscriptions/${subscriptionId}/resources`, apiVersion: '2015-11-01' }), 1);
    });

    it('updates a vault with PATCH and PUT', async function () {
      const patched = await keyVault.vaults.update('rg-orders', 'kv-orders-prod', { properties: { enableRbacAuthorization: false } });
      const current = await keyVault.vaults.get('rg-orders', 'kv-orders-prod');
      const replaced = await keyVault.vaults.createOrUpdate('rg-orders', 'kv-orders-prod', {
        location: current.location ?? 'westeurope',
        properties: { ...current.properties, publicNetworkAccess: 'Disabled' },
      });

      assert.equal(patched.properties.enableRbacAuthorization, false);
      assert.equal(replaced.properties.publicNetworkAccess, 'Disabled');
      assert.equal(sandbox.state.getResource(vault)?.properties?.publicNetworkAccess, 'Disabled');
      assert.equal(sandbox.state.getResource(vault)?.properties?.enableRbacAuthorization, false);
    });

    it('adds and removes access policy entries', async function () {
      const entry = { tenantId: INHERITANCE.tenantId, objectId: INHERITANCE.caller, permissions: { secrets: ['get', 'list'] } };

      await keyVault.vaults.updateAccessPolicy('rg-orders', 'kv-orders-prod', 'add', { properties: { accessPolicies: [entry] } });
      const added = (await keyVault.vaults.get('rg-orders', 'kv-orders-prod')).properties.accessPolicies ?? [];
      await keyVault.vaults.updateAccessPolicy('rg-orders', 'kv-orders-prod', 'remove', { properties: { accessPolicies: [{ ...entry, permissions: { secrets: ['list'] } }] } });
      const reduced = (await keyVault.vaults.get('rg-orders', 'kv-orders-prod')).properties.accessPolicies ?? [];

      assert.deepEqual(added.map((policy) => policy.permissions.secrets), [['get', 'list']]);
      assert.deepEqual(reduced.map((policy) => policy.permissions.secrets), [['get']]);
    });

    it('lists and patches vault secrets', async function () {
      const secrets = await collect(keyVault.secrets.list('rg-orders', 'kv-orders-prod'));
      const updated = await keyVault.secrets.update('rg-orders', 'kv-orders-prod', 'orders-api-key', { properties: { attributes: { enabled: false } } });

      assert.equal(secrets.length, 3);
      assert.equal(updated.properties.attributes?.enabled, false);
      assert.equal(updated.properties.value, undefined);
    });

    it('reads identities and writes federated credentials', async function () {
      const all = await collect(identities.userAssignedIdentities.listBySubscription());
      const identity = await identities.userAssignedIdentities.get('rg-identity', 'id-orders-api');
      await identities.federatedIdentityCredentials.createOrUpdate('rg-identity', 'id-orders-api', 'fic-ci', {
        issuer: 'https://token.actions.githubusercontent.com',
        subject: 'repo:contoso/orders:ref:refs/heads/main',
        audiences: ['api://AzureADTokenExchange'],
      });
      const credentials = await collect(identities.federatedIdentityCredentials.list('rg-identity', 'id-orders-api'));

      assert.equal(all.length, 2);
      assert.equal(identity.principalId, INHERITANCE.caller);
      assert.deepEqual(credentials.map((item) => item.name).sort(), ['fic-aks-prod-orders', 'fic-ci']);
      assert.ok(sandbox.state.getResource(`${identity.id}/federatedIdentityCredentials/fic-ci`));
    });

    it('rejects a federated credential under an unknown identity', async function () {
      const error = await restErrorOf(identities.federatedIdentityCredentials.createOrUpdate('rg-identity', 'id-missing', 'fic', {
        issuer: 'https://issuer.example', subject: 'system:serviceaccount:ns:sa', audiences: ['api://AzureADTokenExchange'],
      }));

      assert.equal(error.statusCode, 404);
      assert.equal(error.code, 'ParentResourceNotFound');
    });

    it('filters role assignments like ARM', async function () {
      const list = async (filter?: string) =>
        (await collect(authorization.roleAssignments.listForScope(vaultScope, filter ? { filter } : {}))).map((item) => item.name).sort();
      const existing = 'a0000000-0000-4000-8000-0000000000';
      const seeded = (await list('atScope()')).filter((name) => !name?.startsWith(existing));

      assert.equal(seeded.length, 1, 'the case seeds one assignment at the vault');
      assert.deepEqual(await list(), [...seeded, `${existing}0a`, `${existing}0b`, `${existing}0c`, `${existing}0d`].sort());
      assert.deepEqual(await list('atScope()'), [...seeded, `${existing}0a`, `${existing}0b`, `${existing}0c`].sort());
      assert.deepEqual(await list(`principalId eq '${INHERITANCE.caller}'`), [...seeded, `${existing}0b`].sort());
      assert.deepEqual(await list(`assignedTo('${INHERITANCE.caller}')`), [...seeded, `${existing}0a`, `${existing}0b`, `${existing}0d`].sort());
      assert.deepEqual(await list(`atScope() and assignedTo('${INHERITANCE.caller}')`), [...seeded, `${existing}0a`, `${existing}0b`].sort());
    });

    it('creates a role assignment and reports duplicates', async function () {
      const parameters = {
        roleDefinitionId: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${INHERITANCE.roles.secretsUser}`,
        principalId: INHERITANCE.caller,
        principalType: 'ServicePrincipal',
      };
      const name = randomUUID();

      const created = await authorization.roleAssignments.create(vaultScope, name, parameters);
      const again = await authorization.roleAssignments.create(vaultScope, name, parameters);
      const duplicate = await restErrorOf(authorization.roleAssignments.create(vaultScope, randomUUID(), parameters));

      assert.equal(created.scope, vault);
      assert.equal(created.principalType, 'ServicePrincipal');
      assert.equal(created.createdBy, sandbox.operator.objectId);
      assert.equal(again.name, name);
      assert.equal(duplicate.statusCode, 409);
      assert.equal(duplicate.code, 'RoleAssignmentExists');
      assert.equal(sandbox.countRequests({ method: 'PUT', status: 201 }), 1);
      assert.equal(sandbox.countRequests({ method: 'PUT', status: 200 }), 1);
    });

    it('rejects unknown principals and roles', async function () {
      const roleDefinitionId = `/providers/Microsoft.Authorization/roleDefinitions/${INHERITANCE.roles.secretsUser}`;
      const stranger = randomUUID();

      const missingPrincipal = await restErrorOf(authorization.roleAssignments.create(vaultScope, randomUUID(), { roleDefinitionId, principalId: stranger }));
      const typed = await authorization.roleAssignments.create(vaultScope, randomUUID(), { roleDefinitionId, principalId: stranger, principalType: 'ServicePrincipal' });
      const missingRole = await restErrorOf(authorization.roleAssignments.create(vaultScope, randomUUID(), {
        roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${randomUUID()}`, principalId: INHERITANCE.caller, principalType: 'ServicePrincipal',
      }));

      assert.equal(missingPrincipal.statusCode, 400);
      assert.equal(missingPrincipal.code, 'PrincipalNotFound');
      assert.equal(typed.principalId, stranger);
      assert.equal(missingRole.statusCode, 400);
      assert.equal(missingRole.code, 'RoleDefinitionDoesNotExist');
    });

    it('deletes a role assignment', async function () {
      const name = 'a0000000-0000-4000-8000-00000000000b';

      const deleted = await authorization.roleAssignments.delete(`subscriptions/${subscriptionId}`, name);
      const remaining = await collect(authorization.roleAssignments.listForScope(vaultScope, { filter: `principalId eq '${INHERITANCE.caller}'` }));

      assert.equal(deleted.name, name);
      assert.ok(remaining.every((item) => item.name !== name));
    });

    it('reads role definitions at any scope', async function () {
      const byName = await collect(authorization.roleDefinitions.list(`subscriptions/${subscriptionId}`, { filter: "roleName eq 'Key Vault Secrets User'" }));
      const builtins = await collect(authorization.roleDefinitions.list(vaultScope, { filter: "type eq 'BuiltInRole'" }));
      const atVault = await authorization.roleDefinitions.get(vaultScope, INHERITANCE.roles.secretsUser);
      const byId = await authorization.roleDefinitions.getById(`providers/Microsoft.Authorization/roleDefinitions/${INHERITANCE.roles.secretsUser}`);

      assert.deepEqual(byName.map((role) => role.name), [INHERITANCE.roles.secretsUser]);
      assert.equal(byName[0].roleType, 'BuiltInRole');
      assert.ok(builtins.length >= 10);
      assert.equal(atVault.id, `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${INHERITANCE.roles.secretsUser}`);
      assert.equal(byId.id, `/providers/Microsoft.Authorization/roleDefinitions/${INHERITANCE.roles.secretsUser}`);
      assert.ok(byId.permissions?.[0].dataActions?.includes('Microsoft.KeyVault/vaults/secrets/getSecret/action'));
    });

    it('lists deny assignments at scope', async function () {
      sandbox.state.denyAssignments.set('deny-1', {
        id: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/denyAssignments/deny-1`,
        name: 'deny-1',
        type: 'Microsoft.Authorization/denyAssignments',
        properties: {
          denyAssignmentName: 'Deny secrets for everyone',
          scope: `/subscriptions/${subscriptionId}`,
          permissions: [{ actions: [], notActions: [], dataActions: ['Microsoft.KeyVault/vaults/secrets/*'], notDataActions: [] }],
          principals: [{ id: '00000000-0000-0000-0000-000000000000', type: 'SystemDefined' }],
          excludePrincipals: [],
          doNotApplyToChildScopes: false,
          isSystemProtected: true,
        },
      });

      const denies = await collect(authorization.denyAssignments.listForScope(vaultScope, { filter: 'atScope()' }));

      assert.deepEqual(denies.map((deny) => deny.denyAssignmentName), ['Deny secrets for everyone']);
    });

    it('queries Resource Graph with paging', async function () {
      const client = new ResourceGraphClient(credential, { ...transportOptions(sandbox, transport), credentials: { scopes: ARM_SCOPES } });
      const query = "Resources | where type =~ 'Microsoft.KeyVault/vaults/secrets' and subscriptionId in ('" + subscriptionId + "') | project id, name, enabled = properties.attributes.enabled";

      const first = await client.resources({ query, subscriptions: [subscriptionId], options: { top: 2 } });
      const second = await client.resources({ query, subscriptions: [subscriptionId], options: { top: 2, skipToken: first.skipToken } });

      assert.equal(first.totalRecords, 3);
      assert.equal(first.count, 2);
      assert.ok(first.skipToken);
      assert.equal(second.count, 1);
      assert.equal(second.skipToken, undefined);
      const rows = [...(first.data as Record<string, unknown>[]), ...(second.data as Record<string, unknown>[])];
      assert.deepEqual(rows.map((row) => row.name).sort(), ['orders-api-key', 'orders-db-password', 'shipping-partner-token']);
      assert.deepEqual(Object.keys(rows[0]), ['id', 'name', 'enabled']);
    });

    it('rejects Resource Graph queries outside the subset', async function () {
      const client = new ResourceGraphClient(credential, { ...transportOptions(sandbox, transport), credentials: { scopes: ARM_SCOPES } });

      const error = await restErrorOf(client.resources({ query: 'Resources | summarize count() by type' }));

      assert.equal(error.statusCode, 400);
      assert.match(error.message, /summarize/);
    });
  });
}
