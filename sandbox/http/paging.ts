/**
 * Server-side paging with continuation links built from the sandbox's own base URL, never from
 * a public Azure host, so clients that follow links verbatim stay on 127.0.0.1.
 */
import { queryValue } from './faults';
import { ArmError } from './respond';
import type { RouteContext } from './route';

export interface Page<T> {
  items: T[];
  /** Absolute URL of the next page, absent on the last page. */
  nextLink?: string;
}

const SKIP_TOKEN_NAMES = ['$skipToken', '$skiptoken'];

/**
 * Returns the page of `items` that the request's skip token points at. The page size is the
 * sandbox's page size, or `$top` when the request sends a smaller one.
 */
export function pageOf<T>(items: T[], context: RouteContext, top?: number): Page<T> {
  const requestedTop = top ?? parseTop(queryValue(context.request.query, '$top'));
  const size = Math.max(1, Math.min(context.pageSize, requestedTop ?? Infinity));
  const offset = readSkipToken(context);
  const pageItems = items.slice(offset, offset + size);
  const nextOffset = offset + size;

  if (nextOffset >= items.length) {
    return { items: pageItems };
  }
  return { items: pageItems, nextLink: buildNextLink(context, nextOffset) };
}

/** Builds the ARM list body for the requested page: `{ value, nextLink? }`. */
export function armListBody<T>(items: T[], context: RouteContext, top?: number): { value: T[]; nextLink?: string } {
  const page = pageOf(items, context, top);
  return page.nextLink ? { value: page.items, nextLink: page.nextLink } : { value: page.items };
}

/** Builds an opaque continuation token for `offset`. */
export function encodeSkipToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

export function decodeSkipToken(token: string): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    const offset = (parsed as { offset?: unknown }).offset;
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) {
      return offset;
    }
  } catch {
    // Falls through to the error below.
  }
  throw new ArmError(400, 'InvalidSkipToken', `The skip token '${token}' is not valid. Use the nextLink from the previous page unchanged.`);
}

function readSkipToken(context: RouteContext): number {
  const token = SKIP_TOKEN_NAMES.map((name) => queryValue(context.request.query, name)).find((value) => value !== undefined);
  return token === undefined ? 0 : decodeSkipToken(token);
}

function parseTop(value: string | undefined): number | undefined {
  if (value === undefined) {
    return undefined;
  }

  const top = Number(value);
  if (!Number.isInteger(top) || top < 1) {
    throw new ArmError(400, 'InvalidTopParameter', `The $top value '${value}' is not valid. Use a positive integer.`);
  }
  return top;
}

function buildNextLink(context: RouteContext, offset: number): string {
  const parameters: string[] = [];
  let tokenName = '$skipToken';

  for (const [name, value] of context.request.query) {
    if (SKIP_TOKEN_NAMES.includes(name)) {
      tokenName = name;
      continue;
    }
    parameters.push(`${name}=${encodeURIComponent(value)}`);
  }
  parameters.push(`${tokenName}=${encodeSkipToken(offset)}`);

  return `${context.baseUrl}${context.request.path}?${parameters.join('&')}`;
}
