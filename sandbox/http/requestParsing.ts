/** Turns a request URL as sent on the wire into the normalized sandbox request fields. */

export interface ParsedTarget {
  path: string;
  query: Map<string, string>;
  rawQuery: string;
}

/**
 * Splits a request target (`/path?query`, or an absolute URL) into a normalized path and decoded
 * query. Repeated slashes collapse, because ARM accepts `//subscriptions/...` (which some SDKs
 * and az send) and `new URL` would read the first segment as a host.
 */
export function parseTarget(target: string): ParsedTarget {
  const withoutOrigin = target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  const hashAt = withoutOrigin.indexOf('#');
  const withoutHash = hashAt < 0 ? withoutOrigin : withoutOrigin.slice(0, hashAt);
  const queryAt = withoutHash.indexOf('?');
  const rawPath = queryAt < 0 ? withoutHash : withoutHash.slice(0, queryAt);
  const rawQuery = queryAt < 0 ? '' : withoutHash.slice(queryAt + 1);

  let decodedPath: string;
  try {
    decodedPath = decodeURIComponent(rawPath);
  } catch {
    decodedPath = rawPath;
  }
  const path = ('/' + decodedPath).replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');

  const query = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(rawQuery)) {
    if (!query.has(name)) {
      query.set(name, value);
    }
  }
  return { path, query, rawQuery };
}
