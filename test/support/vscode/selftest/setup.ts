/**
 * Setup for the launcher self-test: runs in the launcher process before VS Code starts. It
 * starts a small HTTP server on 127.0.0.1 and passes its URL and a marker value to the extension
 * host through the environment, the way a suite passes the sandbox's URL and CA file.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SetupResult } from '../run';

export const SELFTEST_VALUE = 'forwarded-by-setup';

export async function setup(): Promise<SetupResult> {
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end('pong');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    env: { KVD_SELFTEST_VALUE: SELFTEST_VALUE, KVD_SELFTEST_URL: `http://127.0.0.1:${port}/ping` },
    teardown: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
