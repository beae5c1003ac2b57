/**
 * Starts the sandbox in a child process (see child.ts) and talks to it over IPC: the benchmark
 * gets the URL, the CA and the operator's sign-in values, reads the request log and injects
 * failures.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { RequestRecord } from '../../sandbox';
import { customCloud } from '../../src/azure/clouds';
import { cachingCredential, clientSecretCredential } from '../../src/azure/credentials';
import type { AzureEnv } from '../../src/azure/env';
import type { Scenario } from '../../src/scenario/types';
import type { ChildMessage, ParentMessage, StartedMessage } from './protocol';

export interface RemoteSandboxOptions {
  scenario: Scenario;
  latencyMs: number;
  pageSize: number;
}

export class RemoteSandbox {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (message: ChildMessage) => void; reject: (error: Error) => void }>();
  private failure: Error | undefined;

  private constructor(
    private readonly child: ChildProcess,
    readonly started: StartedMessage,
  ) {
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'log' || message.type === 'done') {
        this.waiting.get(message.id)?.resolve(message);
        this.waiting.delete(message.id);
      } else if (message.type === 'error') {
        this.failAll(new Error(`The sandbox process failed: ${message.message}`));
      }
    });
    child.on('exit', (code) => this.failAll(new Error(`The sandbox process exited with code ${code}.`)));
  }

  static async start(options: RemoteSandboxOptions): Promise<RemoteSandbox> {
    // tsx runs the TypeScript child; the IPC channel carries the scenario and the replies.
    const child = fork(path.join(__dirname, 'child.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const started = await new Promise<StartedMessage>((resolve, reject) => {
      child.once('message', (message: ChildMessage) => {
        if (message.type === 'started') {
          resolve(message);
        } else {
          reject(new Error(`The sandbox process did not start: ${message.type === 'error' ? message.message : message.type}`));
        }
      });
      child.once('exit', (code) => reject(new Error(`The sandbox process exited with code ${code} before it started.`)));
      send(child, { type: 'start', scenario: options.scenario, latencyMs: options.latencyMs, pageSize: options.pageSize });
    });
    return new RemoteSandbox(child, started);
  }

  /**
   * Returns an environment signed in as the sandbox operator over HTTPS. The credential is
   * wrapped in `cachingCredential`, as the command line and the extension wrap theirs, so
   * parallel SDK clients share one token request.
   */
  createEnv(): AzureEnv {
    const { url, caPem, operator } = this.started;
    const cloud = customCloud({ name: 'Sandbox', armEndpoint: url, authorityHost: url, graphEndpoint: `${url}/graph` });
    return {
      cloud,
      credential: cachingCredential(clientSecretCredential(cloud, operator.tenantId, operator.clientId, operator.clientSecret, { ca: caPem })),
      tenantId: operator.tenantId,
      ca: caPem,
    };
  }

  /** Returns the request log from index `from` on. */
  async readLog(from = 0): Promise<RequestRecord[]> {
    const reply = await this.request({ type: 'log', id: this.nextId++, from });
    return reply.type === 'log' ? reply.records : [];
  }

  /** Makes every later request whose path matches `pathPattern` fail with `status` and `code`. */
  async fail(pathPattern: string, status: number, code: string): Promise<void> {
    await this.request({ type: 'fail', id: this.nextId++, pathPattern, status, code });
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.disconnect();
    await exited;
  }

  private request(message: ParentMessage & { id: number }): Promise<ChildMessage> {
    if (this.failure) {
      return Promise.reject(this.failure);
    }
    return new Promise((resolve, reject) => {
      this.waiting.set(message.id, { resolve, reject });
      send(this.child, message);
    });
  }

  private failAll(error: Error): void {
    this.failure ??= error;
    for (const { reject } of this.waiting.values()) {
      reject(error);
    }
    this.waiting.clear();
  }
}

function send(child: ChildProcess, message: ParentMessage): void {
  child.send(message);
}
