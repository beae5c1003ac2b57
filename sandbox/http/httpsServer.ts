/** The HTTPS transport: a Node server on 127.0.0.1 that feeds every request to the shared handler. */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';

import type { RequestHandler } from './handler';
import { parseTarget } from './requestParsing';
import type { TlsMaterial } from './tls';
import type { SandboxRequest } from './types';

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

export async function startHttpsServer(handler: RequestHandler, tls: TlsMaterial, port: number): Promise<RunningServer> {
  const server: Server = createServer({ key: tls.serverKey, cert: tls.serverCert }, (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const target = parseTarget(incoming.url ?? '/');
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(incoming.headers)) {
        headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value ?? '';
      }
      const request: SandboxRequest = {
        method: (incoming.method ?? 'GET').toUpperCase(),
        path: target.path,
        query: target.query,
        headers,
        body: Buffer.concat(chunks).toString('utf8'),
        transport: 'https',
      };

      handler(request, target.rawQuery)
        .then((response) => {
          if (response.drop) {
            incoming.socket.destroy();
            return;
          }
          outgoing.writeHead(response.status, { ...response.headers, 'content-length': Buffer.byteLength(response.body) });
          outgoing.end(response.body);
        })
        .catch((error: unknown) => {
          // Writing failed (for example an invalid header in an injected fault): report it and close the socket.
          process.stderr.write(`kv-doctor sandbox: failed to send the response to ${request.method} ${request.path}: ${String(error)}\n`);
          incoming.socket.destroy();
        });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(`The sandbox could not listen on 127.0.0.1:${port}: ${error.message}. Choose another port or use port 0 for any free port.`)));
    server.listen(port, '127.0.0.1', () => resolve());
  });

  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
