/** The shape of a sandbox route and what it receives. */
import type { Caller, Operator } from '../entra/tokens';
import type { TenantState } from '../tenant/tenantState';
import type { SandboxRequest, SandboxResponse } from './types';

/**
 * The service a route imitates. The family sets authentication (Entra ID and the cloud metadata
 * document need none), whether `api-version` is required (ARM and metadata), and the error body format.
 */
export type ServiceFamily = 'arm' | 'graph' | 'entra' | 'metadata' | 'logAnalytics';

export interface RouteContext {
  request: SandboxRequest;
  /** The route pattern's match on the normalized path. */
  match: RegExpExecArray;
  state: TenantState;
  operator: Operator;
  /** The caller from the bearer token; undefined only on routes that need no authentication. */
  caller?: Caller;
  /** The base URL for links the sandbox returns (`nextLink`, token endpoints), without a trailing slash. */
  baseUrl: string;
  pageSize: number;
}

export interface Route {
  family: ServiceFamily;
  methods: readonly string[];
  /** Tested case-insensitively against the normalized path. */
  pattern: RegExp;
  handle(context: RouteContext): SandboxResponse | Promise<SandboxResponse>;
}
