/**
 * Collecting and diagnosing with a signed-in account, with progress and cancellation.
 */
import { setMaxListeners } from 'node:events';
import * as vscode from 'vscode';
import type { AzureEnv } from '../azure/env';
import type { AccessRequest } from '../diagnosis/facts';
import { backend } from './backend';
import type { DiagnosisRun } from './engine';
import type { ExtensionLog } from './log';
import { nameOf } from './input/references';
import { readWorkloadFacts } from './workspaceFacts';

/** Collects the facts for the request and diagnoses them, in a cancellable progress notification. */
export async function collectAndDiagnose(request: AccessRequest, env: AzureEnv, log: ExtensionLog): Promise<DiagnosisRun> {
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Diagnosing access to {0}', nameOf(request.vaultId)),
      cancellable: true,
    },
    async (progress, token) => {
      const abort = new AbortController();
      // One diagnosis sends a few dozen requests in parallel, each listening on this signal.
      setMaxListeners(100, abort.signal);
      const subscription = token.onCancellationRequested(() => abort.abort());
      try {
        progress.report({ message: vscode.l10n.t('Reading workspace manifests...') });
        const workload = await readWorkloadFacts(log, token);
        throwIfCancelled(token);

        progress.report({ message: vscode.l10n.t('Reading Azure Resource Manager...') });
        const started = Date.now();
        log.info(`Diagnose: vault ${request.vaultId}, caller ${JSON.stringify(request.caller)}, operations ${request.operations.join(', ')}`);
        const facts = await backend().collect(request, env, { signal: abort.signal, workload, log });
        throwIfCancelled(token);

        const run = backend().diagnoseFacts(facts);
        log.info(
          `Diagnosis of ${request.vaultId}: ${run.diagnosis.verdict} (${run.diagnosis.findings.length} checks, ${facts.gaps.length} gaps) in ${Date.now() - started} ms`,
        );
        for (const gap of facts.gaps) {
          log.warn(`Missing fact ${gap.fact}: ${gap.error}${gap.status ? ` (${gap.status}${gap.code ? ` ${gap.code}` : ''})` : ''}`);
        }
        return run;
      } finally {
        subscription.dispose();
      }
    },
  );
}

function throwIfCancelled(token: vscode.CancellationToken): void {
  if (token.isCancellationRequested) {
    throw new vscode.CancellationError();
  }
}
