import assert from 'node:assert/strict';
import { FactsValidationError, parseAccessFacts } from '../../../src/diagnosis/validate';
import { ROLES, VAULT_ID, makeFacts, roleAssignment } from './support/factsBuilder';

function json(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

function rejects(input: unknown, message: RegExp): void {
  assert.throws(
    () => parseAccessFacts(input),
    (error: unknown) => error instanceof FactsValidationError && message.test(error.message),
  );
}

describe('parseAccessFacts', () => {
  it('returns valid facts unchanged', () => {
    const facts = makeFacts();
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, VAULT_ID));

    assert.deepEqual(parseAccessFacts(json(facts)), json(facts));
  });

  it('rejects a string for enableRbacAuthorization', () => {
    const input = json(makeFacts()) as { vault: Record<string, unknown> };
    input.vault.enableRbacAuthorization = 'yes';

    rejects(input, /^facts\.vault\.enableRbacAuthorization: expected true, false or null, got "yes"$/);
  });

  it('keeps a null enableRbacAuthorization', () => {
    const input = json(makeFacts({ rbac: null }));

    assert.equal(parseAccessFacts(input).vault?.enableRbacAuthorization, null);
  });

  it('rejects an unknown schema naming the supported one', () => {
    const input = json(makeFacts());
    input.schema = 'kv-doctor-facts/2';

    rejects(input, /facts\.schema: unsupported schema "kv-doctor-facts\/2"; this version reads "kv-doctor-facts\/1"/);
  });

  it('rejects a missing schema', () => {
    const input = json(makeFacts());
    delete input.schema;

    rejects(input, /facts\.schema: unsupported schema nothing/);
  });

  it('names the index of a bad array item', () => {
    const facts = makeFacts();
    facts.roleAssignments.push(roleAssignment(ROLES.secretsUser, VAULT_ID));
    const input = json(facts) as { roleAssignments: Record<string, unknown>[] };
    delete input.roleAssignments[0]?.principalId;

    rejects(input, /^facts\.roleAssignments\[0\]\.principalId: expected a string, got nothing \(the field is missing\)$/);
  });

  it('rejects a missing list and says to use []', () => {
    const input = json(makeFacts());
    delete input.gaps;

    rejects(input, /facts\.gaps: expected an array \(use \[\] for none\)/);
  });

  it('rejects an unknown operation', () => {
    const input = json(makeFacts({ operations: ['secrets/fetch'] }));

    rejects(input, /facts\.request\.operations\[0\]: expected a Key Vault operation/);
  });

  it('rejects a malformed object reference', () => {
    const input = json(makeFacts({ objects: ['db-password'] }));

    rejects(input, /facts\.request\.objects\[0\]: expected secrets\/<name>/);
  });

  it('rejects two caller references', () => {
    const input = json(makeFacts()) as { request: { caller: Record<string, string> } };
    input.request.caller.clientId = 'c';

    rejects(input, /facts\.request\.caller: expected exactly one of identity, objectId or clientId, got identity and clientId/);
  });

  it('rejects an unknown client kind', () => {
    const input = json(makeFacts()) as { request: Record<string, unknown> };
    input.request.client = 'lambda';

    rejects(input, /facts\.request\.client: expected one of aks-workload/);
  });

  it('rejects an unknown gap fact', () => {
    const input = json(makeFacts()) as { gaps: unknown[] };
    input.gaps.push({ fact: 'secrets', error: 'x' });

    rejects(input, /facts\.gaps\[0\]\.fact: expected one of vault, caller/);
  });

  it('accepts a qualified gap fact', () => {
    const input = json(makeFacts()) as { gaps: unknown[] };
    input.gaps.push({ fact: 'federatedCredentials:/x/id', error: 'x', status: 403 });

    assert.equal(parseAccessFacts(input).gaps[0]?.fact, 'federatedCredentials:/x/id');
  });

  it('rejects a bad timestamp', () => {
    const input = json(makeFacts());
    input.now = 'yesterday';

    rejects(input, /facts\.now: expected an ISO 8601 date and time/);
  });

  it('turns ARM null into absent optional fields', () => {
    const input = json(makeFacts()) as { vault: Record<string, unknown> };
    input.vault.publicNetworkAccess = null;

    assert.equal('publicNetworkAccess' in (parseAccessFacts(input).vault ?? {}), false);
  });

  it('rejects a non-object', () => {
    rejects('facts', /^facts: expected an object, got "facts"$/);
    rejects(null, /^facts: expected an object, got null$/);
  });

  it('accepts an observed error with headers', () => {
    const input = json(makeFacts()) as { request: Record<string, unknown> };
    input.request.observedError = { status: 403, headers: { 'x-ms-keyvault-network-info': 'addr=1.2.3.4' }, body: '{}' };

    assert.deepEqual(parseAccessFacts(input).request.observedError, { status: 403, headers: { 'x-ms-keyvault-network-info': 'addr=1.2.3.4' }, body: '{}' });
  });

  it('validates workload ranges', () => {
    const input = json(makeFacts()) as Record<string, unknown>;
    input.workload = {
      files: ['k8s/sa.yaml'],
      serviceAccounts: [{ source: { file: 'k8s/sa.yaml', range: [0, 0, 5] }, name: 'app', namespace: 'default' }],
      podTemplates: [],
      secretProviderClasses: [],
      secretStores: [],
      externalSecrets: [],
      roleAssignments: [],
      vaults: [],
      federatedCredentials: [],
      roleDefinitions: [],
      errors: [],
    };

    rejects(input, /facts\.workload\.serviceAccounts\[0\]\.source\.range: expected \[start line, start column, end line, end column\]/);
  });

  it('accepts a complete workload', () => {
    const input = json(makeFacts()) as Record<string, unknown>;
    const workload = {
      files: ['k8s/app.yaml'],
      serviceAccounts: [{ source: { file: 'k8s/app.yaml', range: [0, 0, 5, 0] }, name: 'app', namespace: 'default', clientId: { value: 'c', range: [3, 4, 3, 40] } }],
      podTemplates: [
        {
          source: { file: 'k8s/app.yaml', range: [6, 0, 30, 0] },
          kind: 'Deployment',
          name: 'app',
          namespace: 'default',
          serviceAccountName: 'app',
          secretProviderClassNames: [],
          env: [{ name: 'AZURE_CLIENT_ID', value: 'c', range: [20, 10, 20, 30] }],
        },
      ],
      secretProviderClasses: [],
      secretStores: [],
      externalSecrets: [{ source: { file: 'k8s/es.yaml', range: [0, 0, 9, 0] }, kind: 'ExternalSecret', name: 'es', namespace: 'default', storeRef: { name: 'store', kind: 'SecretStore' }, gets: ['a'], lists: false, pushes: false }],
      roleAssignments: [],
      vaults: [],
      federatedCredentials: [],
      roleDefinitions: [],
      errors: [{ file: 'bad.yaml', line: 3, message: 'bad indentation' }],
    };
    input.workload = workload;

    assert.deepEqual(parseAccessFacts(input).workload, workload);
  });
});
