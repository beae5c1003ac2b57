/** Messages between the benchmark and the sandbox it runs in a child process. */
import type { RequestRecord } from '../../sandbox';
import type { Scenario } from '../../src/scenario/types';

export interface StartMessage {
  type: 'start';
  scenario: Scenario;
  latencyMs: number;
  pageSize: number;
}

/** A fault that makes every request whose path matches `pathPattern` fail with `status`. */
export interface FailMessage {
  type: 'fail';
  id: number;
  /** A path pattern as `compilePathPattern` takes it (a string, so it crosses the process boundary). */
  pathPattern: string;
  status: number;
  code: string;
}

export interface LogMessage {
  type: 'log';
  id: number;
  /** Index of the first record to return. */
  from: number;
}

export type ParentMessage = StartMessage | FailMessage | LogMessage;

export interface StartedMessage {
  type: 'started';
  url: string;
  caPem: string;
  operator: { tenantId: string; clientId: string; clientSecret: string };
}

export interface LogReply {
  type: 'log';
  id: number;
  records: RequestRecord[];
}

export interface DoneReply {
  type: 'done';
  id: number;
}

export interface ErrorReply {
  type: 'error';
  message: string;
}

export type ChildMessage = StartedMessage | LogReply | DoneReply | ErrorReply;
