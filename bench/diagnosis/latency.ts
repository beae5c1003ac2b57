/**
 * Diagnosis latency: one diagnosis against the sandbox with a fixed latency added to every
 * response, beside the same requests sent one at a time and the az commands a person would run.
 * The lower bound is the number of sequential waves times the latency, because no collector that
 * needs the responses of one wave to start the next can finish sooner.
 */
import { collectWithStats, type CollectStats } from '../../src/azure/collect';
import type { AzureEnv } from '../../src/azure/env';
import { deriveOperations } from '../../src/cli/scenarioRun';
import { scenarioRequest } from '../../src/cli/scenarioFile';
import type { AccessRequest } from '../../src/diagnosis/facts';
import { diagnose } from '../../src/diagnosis/diagnose';
import type { Scenario } from '../../src/scenario/types';
import { parseWorkspaceFiles } from '../../src/workspace/parse';
import { loadCase } from '../paths';
import type { FigureLog } from '../report';
import { RemoteSandbox } from '../sandbox/remoteSandbox';
import { azUnavailableReason, runAzByHand, type AzRun } from './azByHand';
import { RecordingHttpClient } from './recordingClient';
import { collectSequentially, type SequentialRun } from './sequentialCollector';
import { timelineOf, type Timeline } from './timeline';

export type CallerForm = 'objectId' | 'identity' | 'clientId';

export interface LatencyOptions {
  latencyMs: number;
  /** Items per list page in the sandbox. */
  pageSize: number;
  /** Timed diagnoses per caller form; the median is reported. */
  runs: number;
  /** Run the az commands too (slow: about 2 s per command). */
  az: boolean;
}

/** The case the latency figures use: an External Secrets workload behind a private endpoint, with AKS and DNS to read. */
export const LATENCY_CASE = 'eso-find-with-key-vault-reader-cannot-get';

/** The caller forms measured, with the most sequential waves each may take. */
const CALLER_FORMS: { form: CallerForm; label: string; maxWaves: number }[] = [
  { form: 'objectId', label: 'principal id known', maxWaves: 2 },
  { form: 'clientId', label: 'client id only', maxWaves: 3 },
  { form: 'identity', label: 'identity resource id only', maxWaves: 3 },
];

export async function measureDiagnosisLatency(log: FigureLog, options: LatencyOptions): Promise<void> {
  const scenario = loadCase(LATENCY_CASE);
  const azSkipReason = options.az ? azUnavailableReason() : 'skipped in quick mode';

  for (const [index, { form, label, maxWaves }] of CALLER_FORMS.entries()) {
    const request = requestWithCaller(scenario, form);
    const section = `diagnosis (${label})`;
    const measured = await measureCollector(scenario, request, options);
    const lowerBoundMs = measured.stats.waves * options.latencyMs;

    log.add({
      section,
      name: 'wall time / lower bound',
      value: measured.medianMs / lowerBoundMs,
      unit: 'x',
      target: { kind: 'max', limit: 1.2 },
      note: `median ${Math.round(measured.medianMs)} ms of ${options.runs} runs, lower bound ${measured.stats.waves} waves x ${options.latencyMs} ms = ${lowerBoundMs} ms`,
    });
    const { timeline } = measured;
    log.add({
      section,
      name: 'time with no request in flight',
      value: Math.round(timeline.idleMs),
      unit: 'ms',
      note: `client work of the median run, ${Math.round(timeline.firstRequestMs)} ms of it before the first request arrived; ${Math.round(timeline.busyMs)} ms with requests in flight, ${Math.round(timeline.busyMs - lowerBoundMs)} ms more than the lower bound`,
    });
    log.add({ section, name: 'sequential waves', value: measured.stats.waves, unit: 'waves', target: { kind: 'max', limit: maxWaves }, note: `requests per wave ${measured.stats.requestsPerWave.join(', ')}` });
    log.add({ section, name: 'kv-doctor wall time', value: Math.round(measured.medianMs), unit: 'ms', note: `${measured.stats.requests} requests, verdict ${measured.verdict}` });
    log.add({
      section,
      name: 'first diagnosis of a session',
      value: Math.round(measured.firstMs),
      unit: 'ms',
      // The process loads the SDK modules during its first diagnosis only.
      note: `includes the sign-in token requests${index === 0 ? ' and loading the SDK modules' : ''}`,
    });

    const sequential = measured.sequential;
    log.add({
      section,
      name: 'naive sequential collector',
      value: Math.round(sequential.wallMs),
      unit: 'ms',
      note: `the same ${sequential.requests} requests one at a time, ${(sequential.wallMs / measured.medianMs).toFixed(1)}x kv-doctor${sequential.failed > 0 ? `, ${sequential.failed} not 2xx` : ''}`,
    });

    if (azSkipReason) {
      log.say(`${section} | az commands by hand: skipped, ${azSkipReason}`);
      continue;
    }
    let az: AzRun;
    try {
      az = await runAzByHand(scenario, request, options.latencyMs, options.pageSize);
    } catch (error) {
      // When the az session fails, this figure is missing, so the line prints why and the benchmark goes on.
      const firstLines = (error instanceof Error ? error.message : String(error)).split('\n').filter((line) => line.trim() !== '').slice(0, 3);
      log.say(`${section} | az commands by hand: failed: ${firstLines.join(' / ')}`);
      continue;
    }
    log.add({
      section,
      name: 'az commands by hand',
      value: Math.round(az.wallMs),
      unit: 'ms',
      note: `${az.commands} commands, ${az.requests} requests, ${(az.wallMs / measured.medianMs).toFixed(1)}x kv-doctor${az.failures.length > 0 ? `; failed: ${az.failures.join('; ')}` : ''}`,
    });
  }
}

interface CollectorMeasurement {
  medianMs: number;
  firstMs: number;
  stats: CollectStats;
  verdict: string;
  /** The median run's split into time with and without requests in flight. */
  timeline: Timeline;
  /** The requests of the last timed run, sent again one at a time. */
  sequential: SequentialRun;
}

async function measureCollector(scenario: Scenario, request: AccessRequest, options: LatencyOptions): Promise<CollectorMeasurement> {
  const sandbox = await RemoteSandbox.start({ scenario, latencyMs: options.latencyMs, pageSize: options.pageSize });
  try {
    const recorder = new RecordingHttpClient();
    const base = sandbox.createEnv();
    // A new env object per run: collect caches role definitions per env, and a signed-in
    // session keeps its tokens, so each run is a later diagnosis of another vault.
    const freshEnv = (): AzureEnv => ({ ...base, httpClient: recorder });
    const workload = scenario.workspace ? parseWorkspaceFiles(scenario.workspace.files) : undefined;
    let logLength = (await sandbox.readLog()).length;

    const diagnoseOnce = async () => {
      recorder.clear();
      const startedAt = Date.now();
      const started = performance.now();
      const { facts, stats } = await collectWithStats(request, freshEnv(), { now: scenario.now, workload });
      const diagnosis = diagnose(facts);
      const wallMs = performance.now() - started;
      const endedAt = Date.now();

      const records = await sandbox.readLog(logLength);
      logLength += records.length;
      return { wallMs, stats, verdict: diagnosis.verdict, timeline: timelineOf(records, startedAt, endedAt) };
    };

    const first = await diagnoseOnce();
    const timed = [];
    for (let run = 0; run < options.runs; run += 1) {
      timed.push(await diagnoseOnce());
    }

    const sorted = [...timed].sort((a, b) => a.wallMs - b.wallMs);
    const median = sorted[Math.floor(sorted.length / 2)] ?? first;
    const last = timed[timed.length - 1] ?? first;
    const sequential = await collectSequentially([...recorder.requests], sandbox.started.caPem);
    return { medianMs: median.wallMs, firstMs: first.wallMs, stats: last.stats, verdict: last.verdict, timeline: median.timeline, sequential };
  } finally {
    await sandbox.stop();
  }
}

/**
 * Builds the scenario's request with the caller named one way: by principal (object) id, by
 * client id, or by the identity's resource id. The ids come from the identity in the scenario.
 */
export function requestWithCaller(scenario: Scenario, form: CallerForm): AccessRequest {
  const request = scenarioRequest(scenario);
  if (request.operations.length === 0) {
    request.operations = deriveOperations(request.client, scenario.workspace ? parseWorkspaceFiles(scenario.workspace.files) : undefined);
  }

  const identityId = scenario.question.caller.identity;
  const identity = scenario.tenant.resources.find((resource) => resource.id === identityId);
  const principalId = identity?.properties?.principalId;
  const clientId = identity?.properties?.clientId;
  if (!identityId || typeof principalId !== 'string' || typeof clientId !== 'string') {
    throw new Error(`The case ${LATENCY_CASE} must name its caller by a user-assigned identity that the tenant contains, with principalId and clientId.`);
  }

  const forms: Record<CallerForm, AccessRequest['caller']> = {
    objectId: { objectId: principalId },
    clientId: { clientId },
    identity: { identity: identityId },
  };
  request.caller = forms[form];
  return request;
}
