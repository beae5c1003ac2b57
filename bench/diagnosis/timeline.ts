/**
 * Splits a diagnosis's wall time using the sandbox's request log: the time with at least one
 * request in flight, and the time with none (work in the client: building SDK clients, mapping
 * responses, diagnosing). Together with the lower bound, this shows where the excess goes.
 */
import type { RequestRecord } from '../../sandbox';

export interface Timeline {
  /** Milliseconds with at least one request in flight at the sandbox. */
  busyMs: number;
  /** Milliseconds of the run with no request in flight. */
  idleMs: number;
  /** Milliseconds from the start of the run until the sandbox received the first request. */
  firstRequestMs: number;
}

/**
 * Builds the timeline of a run from `startMs` to `endMs` (epoch milliseconds). A record's
 * `time` is when the sandbox responded and `durationMs` how long it held the request, so its
 * interval is [time - durationMs, time]. Both clocks have millisecond resolution.
 */
export function timelineOf(records: readonly RequestRecord[], startMs: number, endMs: number): Timeline {
  const intervals = records
    .map((record) => {
      const end = Date.parse(record.time);
      return { start: end - record.durationMs, end };
    })
    .sort((a, b) => a.start - b.start);

  let busyMs = 0;
  let coveredUntil = -Infinity;
  for (const { start, end } of intervals) {
    const from = Math.max(start, coveredUntil);
    if (end > from) {
      busyMs += end - from;
    }
    coveredUntil = Math.max(coveredUntil, end);
  }

  const wallMs = endMs - startMs;
  return {
    busyMs,
    idleMs: Math.max(0, wallMs - busyMs),
    firstRequestMs: intervals.length > 0 ? Math.max(0, (intervals[0]?.start ?? startMs) - startMs) : wallMs,
  };
}
