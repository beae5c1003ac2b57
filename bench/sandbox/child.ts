/**
 * The sandbox in its own process. The benchmark runs it here so that the sandbox's TLS and JSON
 * work does not share an event loop with the collector being timed, as on a real tenant.
 */
import { startSandbox, type Sandbox } from '../../sandbox';
import type { ChildMessage, ParentMessage } from './protocol';

let sandbox: Sandbox | undefined;

function reply(message: ChildMessage): void {
  process.send?.(message);
}

async function handle(message: ParentMessage): Promise<void> {
  switch (message.type) {
    case 'start': {
      sandbox = await startSandbox({ scenario: message.scenario, https: true, latencyMs: message.latencyMs, pageSize: message.pageSize });
      if (!sandbox.caPem) {
        throw new Error('The sandbox started without a CA certificate, so HTTPS clients cannot trust it.');
      }
      reply({ type: 'started', url: sandbox.url, caPem: sandbox.caPem, operator: sandbox.operator });
      return;
    }
    case 'fail': {
      requireSandbox().inject({ path: message.pathPattern, fault: { kind: 'status', status: message.status, code: message.code } });
      reply({ type: 'done', id: message.id });
      return;
    }
    case 'log': {
      reply({ type: 'log', id: message.id, records: requireSandbox().log.slice(message.from) });
      return;
    }
  }
}

function requireSandbox(): Sandbox {
  if (!sandbox) {
    throw new Error('The sandbox child received a request before "start".');
  }
  return sandbox;
}

process.on('message', (message: ParentMessage) => {
  handle(message).catch((error: unknown) => {
    reply({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  });
});

// The parent closes the IPC channel to stop the sandbox; stopping also removes its TLS files.
process.on('disconnect', () => {
  void (sandbox?.stop() ?? Promise.resolve()).finally(() => process.exit(0));
});
