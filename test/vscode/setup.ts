/**
 * Runs in the launcher process before VS Code starts. It seeds a sandbox with a shared case over
 * HTTPS on 127.0.0.1, and starts a small control server beside it. The tests in the extension host
 * read the sandbox's role assignments and request log through that server (GET /state), and
 * inject faults (POST /fault with a FaultRule whose `path` is a pattern string).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, type FaultRule } from '../../sandbox/index';
import type { SetupResult } from '../support/vscode/run';
import { withAuditLog } from './support/auditLog';
import { withWorkspaceIdentities } from './support/workspaceIdentities';
import { readCase, sandboxEnvironment, sandboxSettings } from './support/sandboxEnvironment';

export const CASE_FILE = 'eso-find-with-key-vault-reader-cannot-get.json';

/**
 * The vault's audit log records the case's own denial: the workload identity, which holds only
 * Key Vault Reader, refused SecretGet. The case's tests paste that error, so the log changes none
 * of their results; the recent denials tests read it.
 */
const LOGGED_DENIALS = [
  {
    objectId: 'fa179698-8ad5-4c3a-aa6b-a2d94bd23512',
    clientId: '639238ce-6f81-48cd-a6bd-142e9fd6eb53',
    operationName: 'SecretGet',
    object: 'secrets/orders-api-key',
    clientAddress: '10.40.0.12',
    minutesAgo: [4, 9],
  },
];

export async function setup(): Promise<SetupResult> {
  const sandbox = await startSandbox({ scenario: withWorkspaceIdentities(withAuditLog(readCase(CASE_FILE), LOGGED_DENIALS)) });

  const control = http.createServer((request, response) => {
    if (request.method === 'POST' && request.url === '/fault') {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        try {
          sandbox.inject(JSON.parse(body) as FaultRule);
          response.writeHead(204).end();
        } catch (error) {
          response.writeHead(400, { 'content-type': 'text/plain' }).end(`Invalid fault rule: ${String(error)}`);
        }
      });
      return;
    }
    if (request.method !== 'GET' || request.url !== '/state') {
      response.writeHead(404).end();
      return;
    }
    const state = {
      roleAssignments: [...sandbox.state.roleAssignments.values()],
      log: sandbox.log.map((record) => ({ method: record.method, path: record.path, status: record.status })),
    };
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(state));
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  const { port } = control.address() as AddressInfo;

  return {
    env: {
      ...sandboxEnvironment(sandbox),
      KVD_TEST_SETTINGS: JSON.stringify(sandboxSettings(sandbox)),
      KVD_TEST_CONTROL_URL: `http://127.0.0.1:${port}`,
      KVD_TEST_CASE_FILE: CASE_FILE,
    },
    teardown: async () => {
      await new Promise<void>((resolve) => control.close(() => resolve()));
      await sandbox.stop();
    },
  };
}
