/**
 * The VS Code session credential against a real authentication provider registered in the
 * extension host. VS Code hands a session to an extension only after the user allowed it to use
 * the account, and a silent request never prompts for that, so every request here ends without a
 * session.
 * The tests check what reaches the provider: one session request per token, with the `/.default`
 * scope and the tenant scope. Reading the token's expiry is covered by the unit tests of token.ts.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { NotSignedInError, VSCodeSessionCredential } from '../../src/ui/auth/sessionCredential';

const PROVIDER_ID = 'kvd-test-microsoft';
const TENANT = '414971c0-e638-41d4-a02f-ff6a9c84845d';

describe('VS Code session credential', () => {
  const requests: string[][] = [];
  let registration: vscode.Disposable;
  const changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();

  before(() => {
    registration = vscode.authentication.registerAuthenticationProvider(PROVIDER_ID, 'Test Microsoft', {
      onDidChangeSessions: changed.event,
      async getSessions(scopes) {
        if (scopes) {
          requests.push([...scopes]);
        }
        const accessToken = `${Buffer.from('{}').toString('base64url')}.${Buffer.from(JSON.stringify({ exp: 1_900_000_000 })).toString('base64url')}.`;
        return [{ id: `session-${requests.length}`, accessToken, account: { id: 'user', label: 'user@example.test' }, scopes: scopes ?? [] }];
      },
      async createSession() {
        throw new Error('The tests never create sessions interactively.');
      },
      async removeSession() {},
    });
  });

  after(() => {
    registration.dispose();
    changed.dispose();
  });

  async function requestToken(credential: VSCodeSessionCredential, tenantId?: string): Promise<string[]> {
    const before = requests.length;
    await assert.rejects(credential.getToken('https://management.azure.com', tenantId ? { tenantId } : undefined), NotSignedInError);
    assert.equal(requests.length, before + 1, 'expected exactly one session request per token');
    return requests[requests.length - 1];
  }

  it('requests /.default and the tenant', async () => {
    const scopes = await requestToken(new VSCodeSessionCredential(PROVIDER_ID, TENANT, undefined));
    assert.deepEqual([...scopes].sort(), ['https://management.azure.com/.default', `VSCODE_TENANT:${TENANT}`].sort());
  });

  it('requests a session every time', async () => {
    const credential = new VSCodeSessionCredential(PROVIDER_ID, TENANT, undefined);
    await requestToken(credential);
    await requestToken(credential);
  });

  it('prefers the tenant of the request', async () => {
    const scopes = await requestToken(new VSCodeSessionCredential(PROVIDER_ID, TENANT, undefined), 'other-tenant');
    assert.ok(scopes.includes('VSCODE_TENANT:other-tenant'), scopes.join(' '));
    assert.ok(!scopes.includes(`VSCODE_TENANT:${TENANT}`), scopes.join(' '));
  });

  it('omits the tenant scope without a tenant', async () => {
    const scopes = await requestToken(new VSCodeSessionCredential(PROVIDER_ID, undefined, undefined));
    assert.deepEqual(scopes, ['https://management.azure.com/.default']);
  });

  it('names the sign-in command when signed out', async () => {
    const credential = new VSCodeSessionCredential(PROVIDER_ID, TENANT, undefined);
    await assert.rejects(credential.getToken('https://management.azure.com/.default'), (error: unknown) => {
      assert.ok(error instanceof NotSignedInError);
      assert.equal(error.name, 'CredentialUnavailableError');
      assert.match(error.message, /Sign In to Azure/);
      return true;
    });
  });
});
