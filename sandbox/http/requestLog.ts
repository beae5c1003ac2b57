/** Queries over the sandbox's request log. */
import { compilePathPattern } from './faults';
import type { RequestMatch, RequestRecord } from './types';

export function matchesRecord(record: RequestRecord, match: RequestMatch): boolean {
  if (match.method && match.method.toUpperCase() !== record.method) {
    return false;
  }
  if (match.path !== undefined && !compilePathPattern(match.path).test(record.path)) {
    return false;
  }
  if (match.status !== undefined && match.status !== record.status) {
    return false;
  }
  return match.apiVersion === undefined || match.apiVersion === record.apiVersion;
}

export function countRequests(log: readonly RequestRecord[], match: RequestMatch = {}): number {
  return log.filter((record) => matchesRecord(record, match)).length;
}
