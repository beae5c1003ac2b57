/**
 * The transport-neutral request and response that every sandbox route works on. The HTTPS server
 * and the in-process HttpClient both translate to and from these shapes, so routes never see a
 * socket.
 */

export type Transport = 'https' | 'in-process';

export interface SandboxRequest {
  method: string;
  /** Path with `//` collapsed and no trailing slash, original letter case kept. */
  path: string;
  /** Decoded query parameters; the first value wins when a name repeats. */
  query: Map<string, string>;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
  transport: Transport;
}

/** A response for the transport to send. With `drop` set, the transport closes the connection without one. */
export interface SandboxResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  drop?: boolean;
}

/** One request as the sandbox saw it, for assertions in tests. */
export interface RequestRecord {
  time: string;
  method: string;
  path: string;
  /** The query string as sent, without the leading `?`, still percent-encoded. */
  rawQuery: string;
  query: Record<string, string>;
  apiVersion?: string;
  userAgent?: string;
  status: number;
  durationMs: number;
  transport: Transport;
  /** Short description of the injected fault that produced or delayed the response. */
  fault?: string;
  /** The stack of an unexpected error inside the sandbox, which then sent a 500 response. */
  error?: string;
}

/** Selects requests in the log: every given field must match. */
export interface RequestMatch {
  method?: string;
  /** A RegExp tested against the path, or a path pattern (see `compilePathPattern`). */
  path?: RegExp | string;
  status?: number;
  apiVersion?: string;
}
