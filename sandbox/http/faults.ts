/**
 * Fault injection: rules that make chosen requests fail, slow down or break, so tests can check
 * retries, error messages and partial results.
 */
import type { SandboxRequest } from './types';

export type Fault =
  /** Any status with an ARM error body; `body` replaces the whole body when given. */
  | { kind: 'status'; status: number; code?: string; message?: string; headers?: Record<string, string>; body?: string }
  /** 429 `TooManyRequests`, with `Retry-After` in seconds when `retryAfterSeconds` is set. */
  | { kind: 'throttle'; retryAfterSeconds?: number }
  /** 403 `AuthorizationFailed` naming the caller and the action; `action` overrides the derived one. */
  | { kind: 'forbidden'; action?: string }
  /** Delays the response by `ms` milliseconds, then sends the normal response. */
  | { kind: 'latency'; ms: number }
  /** Closes the connection without a response. */
  | { kind: 'drop' }
  /** Cuts the normal response body in half (still a well-formed HTTP response). */
  | { kind: 'truncate' }
  /** Replaces the normal response body with text that is not JSON. */
  | { kind: 'malformed' };

export interface FaultRule {
  /** HTTP method, any when omitted. */
  method?: string;
  /** A RegExp tested against the request path, or a path pattern (see `compilePathPattern`). */
  path: string | RegExp;
  /** Query parameters that must match: a string compares case-insensitively, a RegExp is tested. */
  query?: Record<string, string | RegExp>;
  fault: Fault;
  /** How many requests the rule affects before it expires; unlimited when omitted. */
  times?: number;
}

/**
 * Compiles a path pattern, matched case-insensitively against the whole path. A single star
 * matches within one segment and a double star across segments; sandbox/README.md has examples.
 */
export function compilePathPattern(pattern: string | RegExp): RegExp {
  if (pattern instanceof RegExp) {
    return pattern;
  }

  const withSlash = pattern.startsWith('/') || pattern.startsWith('**') ? pattern : '/' + pattern;
  const source = withSlash
    .split('**')
    .map((part) => part.split('*').map(escapeRegExp).join('[^/]*'))
    .join('.*');
  return new RegExp(`^${source}/?$`, 'i');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

interface ActiveRule {
  rule: FaultRule;
  path: RegExp;
  remaining: number;
}

export class FaultSet {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): void {
    if (rule.times !== undefined && (!Number.isInteger(rule.times) || rule.times < 1)) {
      throw new Error(`Invalid fault rule: times must be a positive integer, got ${rule.times}.`);
    }
    this.rules.push({ rule, path: compilePathPattern(rule.path), remaining: rule.times ?? Infinity });
  }

  clear(): void {
    this.rules = [];
  }

  /** Returns the faults that apply to `request`, in the order they were added, and counts them down. */
  take(request: SandboxRequest): Fault[] {
    const matched = this.rules.filter((active) => active.remaining > 0 && matches(active, request));
    for (const active of matched) {
      active.remaining -= 1;
    }
    this.rules = this.rules.filter((active) => active.remaining > 0);
    return matched.map((active) => active.rule.fault);
  }
}

function matches(active: ActiveRule, request: SandboxRequest): boolean {
  if (active.rule.method && active.rule.method.toUpperCase() !== request.method.toUpperCase()) {
    return false;
  }
  if (!active.path.test(request.path)) {
    return false;
  }

  for (const [name, expected] of Object.entries(active.rule.query ?? {})) {
    const actual = queryValue(request.query, name);
    if (actual === undefined) {
      return false;
    }
    const ok = expected instanceof RegExp ? expected.test(actual) : expected.toLowerCase() === actual.toLowerCase();
    if (!ok) {
      return false;
    }
  }
  return true;
}

/** Reads a query parameter by case-insensitive name, as ARM treats `$filter` and `$Filter` alike. */
export function queryValue(query: Map<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of query) {
    if (key.toLowerCase() === lower) {
      return value;
    }
  }
  return undefined;
}

export function describeFault(fault: Fault): string {
  switch (fault.kind) {
    case 'status':
      return `status ${fault.status}`;
    case 'throttle':
      return fault.retryAfterSeconds === undefined ? 'throttle' : `throttle retry-after=${fault.retryAfterSeconds}`;
    case 'latency':
      return `latency ${fault.ms}ms`;
    default:
      return fault.kind;
  }
}
