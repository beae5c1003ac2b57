/**
 * The signed-in checks of the workspace. For each ServiceAccount, they check that the identity
 * its client id names has a federated credential for it. For each SecretProviderClass or External
 * Secrets store, they check that this identity may perform the manifest's operations on the vault
 * it names. Azure is read only after sign-in and when a file is opened or saved, never while the
 * user types. Reads run one at a time, and their results are cached for a few minutes. A read
 * that fails or leaves a gap adds no problem, and the log records it.
 */
import { setMaxListeners } from 'node:events';
import * as vscode from 'vscode';
import type { AccessFacts, AccessRequest, FederatedCredentialFacts } from '../../diagnosis/facts';
import type { Diagnosis } from '../../diagnosis/finding';
import type { WorkloadFacts } from '../../diagnosis/workload';
import { accessFindings, checkBindingCredentials } from '../../workspace/checks/onlineFindings';
import { accessTargets, serviceAccountBindings, type AccessTarget } from '../../workspace/checks/onlineTargets';
import type { WorkspaceFinding } from '../../workspace/checks/types';
import { backend } from '../backend';
import type { ExtensionLog } from '../log';
import type { IdentitySummary, VaultSummary } from '../resources';
import type { AzureSession } from '../session';
import { isWorkspaceFile } from '../workspaceFacts';
import type { WorkspaceProblems } from './problems';

/** How long a read result stays valid, because role assignments and credentials change rarely while a user edits. */
const RESULT_TTL_MS = 5 * 60_000;
/** A failed read is retried sooner, since the cause is often transient (throttling, a network blip). */
const FAILURE_TTL_MS = 60_000;
/** Gaps in these facts make the RBAC and access policy findings unreliable, so none is shown. */
const ACCESS_FACTS = new Set(['vault', 'caller', 'identity', 'roleAssignments', 'roleDefinitions', 'denyAssignments', 'directory']);

interface CacheEntry<T> {
  expires: number;
  /** Undefined when the read failed or left a gap. */
  value?: T;
}

interface Job {
  key: string;
  label: string;
  run(signal: AbortSignal): Promise<void>;
}

/** Reads `kvDoctor.workspace.onlineChecks`. */
export function onlineChecksEnabled(): boolean {
  return vscode.workspace.getConfiguration('kvDoctor').get<boolean>('workspace.onlineChecks', true);
}

export class OnlineWorkspaceChecks implements vscode.Disposable {
  private readonly credentials = new Map<string, CacheEntry<FederatedCredentialFacts[]>>();
  private readonly diagnoses = new Map<string, CacheEntry<Diagnosis>>();
  private readonly queue: Job[] = [];
  private running?: { key: string; abort: AbortController };
  private readonly disposables: vscode.Disposable[] = [];
  /** Fires when a read finishes, after the problems were checked again with its result. */
  private readonly finished = new vscode.EventEmitter<string>();
  readonly onDidFinish = this.finished.event;

  constructor(
    private readonly problems: WorkspaceProblems,
    private readonly session: AzureSession,
    private readonly log: ExtensionLog,
  ) {
    const opened = (document: vscode.TextDocument): void => {
      const file = problems.fileOf(document.uri);
      if (!file || !isWorkspaceFile(file) || !this.ready() || !onlineChecksEnabled()) return;
      // The check makes the workload facts match the document before the targets are read from them.
      problems.checkNow();
      this.refresh();
    };
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument(opened),
      vscode.workspace.onDidSaveTextDocument(opened),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration('kvDoctor.workspace.onlineChecks')) return;
        if (!onlineChecksEnabled()) this.cancel();
        problems.checkNow();
        this.refresh();
      }),
      session.onDidChange(() => {
        if (!this.ready()) {
          // Another account or subscription may see other identities and assignments.
          this.cancel();
          this.credentials.clear();
          this.diagnoses.clear();
          return;
        }
        this.refresh();
      }),
      this.finished,
    );
  }

  /** Builds the findings of the cached read results for the workload, without reading Azure. */
  findings(workload: WorkloadFacts): WorkspaceFinding[] {
    if (!this.ready() || !onlineChecksEnabled()) {
      return [];
    }

    const findings: WorkspaceFinding[] = [];
    for (const binding of serviceAccountBindings(workload)) {
      const identity = this.identityOf(binding.clientId);
      const credentials = identity ? fresh(this.credentials.get(identity.id)) : undefined;
      // TODO: the cluster's OIDC issuer is not known from the workspace, so only subjects and audiences are compared.
      if (identity && credentials) findings.push(...checkBindingCredentials(binding, identity, credentials));
    }
    for (const target of accessTargets(workload)) {
      const key = this.accessKey(target);
      const diagnosis = key ? fresh(this.diagnoses.get(key)) : undefined;
      if (diagnosis) findings.push(...accessFindings(target, diagnosis));
    }
    return findings;
  }

  /** Queues a read for every binding and target of the current workload whose result is missing or expired. */
  refresh(): void {
    if (!this.ready() || !onlineChecksEnabled()) {
      return;
    }

    const workload = this.problems.workload;
    for (const binding of serviceAccountBindings(workload)) {
      const identity = this.identityOf(binding.clientId);
      if (!identity) {
        this.log.debug(`Online checks: the client id ${binding.clientId} of ServiceAccount ${binding.namespace}/${binding.name} names no listed identity, so its federated credentials are not read.`);
        continue;
      }
      this.enqueue(this.credentials, identity.id, `the federated credentials of ${identity.name}`, (signal) => this.readCredentials(identity, signal));
    }
    for (const target of accessTargets(workload)) {
      const identity = this.identityOf(target.clientId);
      const vault = this.vaultNamed(target.vaultName);
      const key = this.accessKey(target);
      if (!identity || !vault || !key) {
        this.log.debug(`Online checks: ${target.label} is not checked: ${!identity ? `the client id ${target.clientId} names no listed identity` : `the vault ${target.vaultName} is not among the listed vaults`}.`);
        continue;
      }
      this.enqueue(this.diagnoses, key, `access of ${identity.name} to ${vault.name} for ${target.label}`, (signal) => this.diagnoseAccess(key, target, identity, vault, signal));
    }
    void this.drain();
  }

  /**
   * Returns whether the access of the target `label` (such as `SecretStore orders/kv-orders-prod`)
   * in the current workload was `read` or `failed` within the cache's lifetime, or undefined.
   */
  accessResult(label: string): 'read' | 'failed' | undefined {
    const target = accessTargets(this.problems.workload).find((candidate) => candidate.label === label);
    const key = target ? this.accessKey(target) : undefined;
    const entry = key ? this.diagnoses.get(key) : undefined;
    if (!entry || entry.expires <= Date.now()) return undefined;
    return entry.value ? 'read' : 'failed';
  }

  /** Stops the running read and drops the queued ones. */
  cancel(): void {
    this.queue.length = 0;
    this.running?.abort.abort();
  }

  dispose(): void {
    this.cancel();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private ready(): boolean {
    return this.session.state === 'ready' && !this.session.resourcesLoading;
  }

  private identityOf(clientId: string): IdentitySummary | undefined {
    return this.session.identities.find((identity) => identity.clientId.toLowerCase() === clientId);
  }

  private vaultNamed(name: string): VaultSummary | undefined {
    const lower = name.toLowerCase();
    return [...this.session.addedVaults, ...this.session.vaults].find((vault) => vault.name.toLowerCase() === lower);
  }

  /** Keys the diagnosis by vault and principal, and by the operations and objects it was asked about. */
  private accessKey(target: AccessTarget): string | undefined {
    const identity = this.identityOf(target.clientId);
    const vault = this.vaultNamed(target.vaultName);
    if (!identity || !vault) return undefined;
    return [vault.id.toLowerCase(), identity.principalId, [...target.operations].sort().join(','), [...target.objects].sort().join(',')].join('|');
  }

  private enqueue<T>(cache: Map<string, CacheEntry<T>>, key: string, label: string, run: (signal: AbortSignal) => Promise<void>): void {
    const entry = cache.get(key);
    if ((entry && entry.expires > Date.now()) || this.running?.key === key || this.queue.some((job) => job.key === key)) {
      return;
    }
    this.queue.push({ key, label, run });
  }

  /** Runs the queued reads one after another; a second call while one runs returns at once. */
  private async drain(): Promise<void> {
    if (this.running) {
      return;
    }

    for (let job = this.queue.shift(); job; job = this.queue.shift()) {
      const abort = new AbortController();
      // One collection sends a few dozen requests in parallel, each listening on this signal.
      setMaxListeners(100, abort.signal);
      this.running = { key: job.key, abort };
      const started = Date.now();
      try {
        await job.run(abort.signal);
        this.log.debug(`Online checks: read ${job.label} in ${Date.now() - started} ms`);
      } catch (error) {
        if (abort.signal.aborted) {
          this.log.debug(`Online checks: reading ${job.label} was cancelled`);
        } else {
          this.log.warn(`Online checks: reading ${job.label} failed, so it adds no problem: ${errorText(error)}`);
        }
      } finally {
        this.running = undefined;
      }

      if (!abort.signal.aborted) {
        this.problems.checkNow();
        this.finished.fire(job.key);
      }
    }
  }

  private async readCredentials(identity: IdentitySummary, signal: AbortSignal): Promise<void> {
    try {
      const credentials = await backend().readFederatedCredentials(identity.id, this.session.envForResource(identity.id), signal);
      this.credentials.set(identity.id, { expires: Date.now() + RESULT_TTL_MS, value: credentials });
    } catch (error) {
      if (!signal.aborted) this.credentials.set(identity.id, { expires: Date.now() + FAILURE_TTL_MS });
      throw error;
    }
  }

  private async diagnoseAccess(key: string, target: AccessTarget, identity: IdentitySummary, vault: VaultSummary, signal: AbortSignal): Promise<void> {
    const request: AccessRequest = { vaultId: vault.id, caller: { identity: identity.id }, operations: target.operations, objects: target.objects, client: target.client };
    let facts: AccessFacts;
    try {
      facts = await backend().collect(request, this.session.envForResource(vault.id), { signal, workload: this.problems.workload, log: this.log, auditLog: false });
    } catch (error) {
      if (!signal.aborted) this.diagnoses.set(key, { expires: Date.now() + FAILURE_TTL_MS });
      throw error;
    }
    if (signal.aborted) {
      return;
    }

    const blocking = facts.gaps.filter((gap) => ACCESS_FACTS.has(gap.fact.split(':')[0]));
    if (blocking.length > 0) {
      for (const gap of blocking) this.log.warn(`Online checks: ${target.label} adds no problem, because ${gap.fact} could not be read: ${gap.error}`);
      this.diagnoses.set(key, { expires: Date.now() + FAILURE_TTL_MS });
      return;
    }
    this.diagnoses.set(key, { expires: Date.now() + RESULT_TTL_MS, value: backend().diagnoseFacts(facts).diagnosis });
  }
}

function fresh<T>(entry: CacheEntry<T> | undefined): T | undefined {
  return entry && entry.expires > Date.now() ? entry.value : undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
