/**
 * The signed-in state shared by the trees and commands: sign-ins per account and tenant, the
 * subscriptions they reach, and the vaults and identities discovered in the selected ones.
 */
import { setMaxListeners } from 'node:events';
import * as vscode from 'vscode';
import type { AzureEnv } from '../azure/env';
import { signIns, type SignIn } from './auth/signIns';
import { UiError, errorMessage, isCancellation } from './errors';
import type { ExtensionLog } from './log';
import type { DiscoveryApi, IdentitySummary, SubscriptionInfo, VaultSummary } from './resources';
import { authenticationMethod, customCertificateAuthority, selectedCloud, subscriptionFilter } from './settings';
import { subscriptionOf } from './input/references';

export type SessionState = 'signedOut' | 'loading' | 'noSubscriptions' | 'ready' | 'error';

export interface SessionSubscription extends SubscriptionInfo {
  signInKey: string;
}

/** A listing that failed for one sign-in while the others worked; the trees show it as a row. */
export interface ListError {
  view: 'vaults' | 'identities';
  signInLabel: string;
  message: string;
}

const ADDED_VAULTS_KEY = 'kvDoctor.addedVaults';

export class AzureSession implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  state: SessionState = 'signedOut';
  /** True while vaults and identities of the selected subscriptions are still arriving. */
  resourcesLoading = false;
  /** The error that made the state `error`, for the log and tooltips. */
  lastError?: string;
  private signInList: SignIn[] = [];
  private subscriptionList: SessionSubscription[] = [];
  private vaultList: VaultSummary[] = [];
  private identityList: IdentitySummary[] = [];
  private addedVaultList: VaultSummary[] = [];
  private listErrorList: ListError[] = [];
  private generation = 0;
  private abort?: AbortController;

  constructor(
    private readonly discovery: DiscoveryApi,
    private readonly log: ExtensionLog,
    private readonly memento: vscode.Memento,
    private readonly userAgentPrefix: string,
  ) {}

  get signIns(): readonly SignIn[] {
    return this.signInList;
  }

  /** Every subscription the sign-ins reach, ignoring the filter. */
  get allSubscriptions(): readonly SessionSubscription[] {
    return this.subscriptionList;
  }

  /** The subscriptions the filter selects. */
  get subscriptions(): readonly SessionSubscription[] {
    const filter = subscriptionFilter();
    if (filter.length === 0) {
      return this.subscriptionList;
    }
    return this.subscriptionList.filter((subscription) => filter.includes(subscription.subscriptionId.toLowerCase()));
  }

  get vaults(): readonly VaultSummary[] {
    return this.vaultList;
  }

  get identities(): readonly IdentitySummary[] {
    return this.identityList;
  }

  get addedVaults(): readonly VaultSummary[] {
    return this.addedVaultList;
  }

  get listErrors(): readonly ListError[] {
    return this.listErrorList;
  }

  subscriptionName(subscriptionId: string): string {
    const found = this.subscriptionList.find((subscription) => subscription.subscriptionId.toLowerCase() === subscriptionId.toLowerCase());
    return found?.displayName ?? subscriptionId;
  }

  /** Returns the environment whose sign-in lists the resource's subscription, or the first sign-in when none does. */
  envForResource(resourceId: string): AzureEnv {
    const subscriptionId = subscriptionOf(resourceId);
    const subscription = this.subscriptionList.find((candidate) => candidate.subscriptionId.toLowerCase() === subscriptionId);
    const signIn = this.signInList.find((candidate) => candidate.key === subscription?.signInKey) ?? this.signInList[0];
    if (!signIn) {
      throw new UiError('not-signed-in', vscode.l10n.t('Not signed in to Azure. Run "Sign In to Azure" first.'));
    }
    return signIn.env;
  }

  /** Signs in again and reloads everything; `interactive` lets VS Code show its sign-in flow. */
  async refresh(interactive = false): Promise<void> {
    this.abort?.abort();
    const abort = new AbortController();
    // Discovery pages through many subscriptions in parallel, each request listening on this signal.
    setMaxListeners(100, abort.signal);
    this.abort = abort;
    const generation = ++this.generation;
    const current = () => generation === this.generation;

    this.setState('loading');
    try {
      await this.load(interactive, abort.signal, current);
    } catch (error) {
      if (!current() || isCancellation(error)) {
        return;
      }
      if (error instanceof UiError && error.reason === 'not-signed-in') {
        this.setState('signedOut');
        if (interactive) {
          throw error;
        }
        this.log.warn(`Not signed in: ${error.message}`);
        return;
      }
      this.lastError = errorMessage(error);
      this.log.error(`Loading subscriptions, vaults and identities failed: ${this.lastError}`);
      this.setState('error');
      if (interactive) {
        throw error;
      }
    }
  }

  async addVault(vault: VaultSummary): Promise<void> {
    const ids = this.memento.get<string[]>(ADDED_VAULTS_KEY, []);
    if (!ids.some((id) => id.toLowerCase() === vault.id.toLowerCase())) {
      await this.memento.update(ADDED_VAULTS_KEY, [...ids, vault.id]);
    }
    this.addedVaultList = [...this.addedVaultList.filter((known) => known.id.toLowerCase() !== vault.id.toLowerCase()), vault];
    this.changed.fire();
  }

  async removeVault(vaultId: string): Promise<void> {
    const ids = this.memento.get<string[]>(ADDED_VAULTS_KEY, []);
    await this.memento.update(
      ADDED_VAULTS_KEY,
      ids.filter((id) => id.toLowerCase() !== vaultId.toLowerCase()),
    );
    this.addedVaultList = this.addedVaultList.filter((vault) => vault.id.toLowerCase() !== vaultId.toLowerCase());
    this.changed.fire();
  }

  /** Reapplies the subscription filter: the lists are reloaded for the newly selected subscriptions. */
  async applyFilter(): Promise<void> {
    await this.refresh(false);
  }

  dispose(): void {
    this.abort?.abort();
    this.changed.dispose();
  }

  private setState(state: SessionState): void {
    this.state = state;
    this.changed.fire();
  }

  private async load(interactive: boolean, signal: AbortSignal, current: () => boolean): Promise<void> {
    const cloud = selectedCloud();
    const ca = await customCertificateAuthority();
    const list = await signIns({
      ca,
      method: authenticationMethod(),
      cloud,
      discovery: this.discovery,
      log: this.log,
      userAgentPrefix: this.userAgentPrefix,
      interactive,
      signal,
    });
    if (!current()) {
      return;
    }

    this.signInList = list;
    this.subscriptionList = [];
    this.vaultList = [];
    this.identityList = [];
    this.listErrorList = [];
    if (list.length === 0) {
      this.setState('signedOut');
      return;
    }
    this.log.info(`Signed in: ${list.map((signIn) => signIn.label).join('; ')} (cloud ${cloud.name})`);

    this.subscriptionList = await this.loadSubscriptions(list, signal, interactive);
    if (!current()) {
      return;
    }
    const selected = this.subscriptions;
    this.setState(selected.length === 0 ? 'noSubscriptions' : 'ready');

    this.resourcesLoading = true;
    try {
      await Promise.all([this.loadResources(selected, signal, current), this.loadAddedVaults(signal, current)]);
    } finally {
      if (current()) {
        this.resourcesLoading = false;
        this.changed.fire();
      }
    }
  }

  private async loadSubscriptions(list: SignIn[], signal: AbortSignal, interactive: boolean): Promise<SessionSubscription[]> {
    const byId = new Map<string, SessionSubscription>();
    let failures = 0;

    for (const signIn of list) {
      try {
        const subscriptions = await this.listSubscriptionsOf(signIn, signal, interactive);
        for (const subscription of subscriptions) {
          const key = subscription.subscriptionId.toLowerCase();
          if (!byId.has(key)) {
            byId.set(key, { ...subscription, signInKey: signIn.key });
          }
        }
      } catch (error) {
        if (isCancellation(error)) {
          throw error;
        }
        failures += 1;
        this.log.warn(`Listing subscriptions for ${signIn.label} failed: ${errorMessage(error)}`);
        // The only sign-in failed: there is nothing to show, so the error state explains it.
        if (failures === list.length) {
          throw error;
        }
      }
    }
    return [...byId.values()].sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  /**
   * Lists one sign-in's subscriptions. When the user asked to sign in and the silent token was
   * refused (a tenant that requires multi-factor authentication, say), VS Code's sign-in opens once
   * for that tenant and the listing is retried.
   */
  private async listSubscriptionsOf(signIn: SignIn, signal: AbortSignal, interactive: boolean): Promise<SubscriptionInfo[]> {
    try {
      return await this.discovery.listSubscriptions(signIn.env, { signal });
    } catch (error) {
      if (!interactive || !signIn.signInInteractively || isCancellation(error)) {
        throw error;
      }
      // NOTE: untested here, because no Microsoft account can sign in to the test machines.
      this.log.warn(`Listing subscriptions for ${signIn.label} failed (${errorMessage(error)}); opening VS Code's sign-in for that tenant.`);
      await signIn.signInInteractively();
      return this.discovery.listSubscriptions(signIn.env, { signal });
    }
  }

  private async loadResources(selected: readonly SessionSubscription[], signal: AbortSignal, current: () => boolean): Promise<void> {
    const bySignIn = new Map<string, string[]>();
    for (const subscription of selected) {
      bySignIn.set(subscription.signInKey, [...(bySignIn.get(subscription.signInKey) ?? []), subscription.subscriptionId]);
    }

    const loads: Promise<void>[] = [];
    for (const [key, subscriptionIds] of bySignIn) {
      const signIn = this.signInList.find((candidate) => candidate.key === key);
      if (!signIn) {
        continue;
      }
      loads.push(
        this.discovery
          .listVaults(signIn.env, subscriptionIds, (page) => this.merge(current, () => (this.vaultList = [...this.vaultList, ...page])), { signal })
          .catch((error: unknown) => this.reportListError('vaults', signIn, error, current)),
        this.discovery
          .listIdentities(signIn.env, subscriptionIds, (page) => this.merge(current, () => (this.identityList = [...this.identityList, ...page])), {
            signal,
          })
          .catch((error: unknown) => this.reportListError('identities', signIn, error, current)),
      );
    }
    await Promise.all(loads);
  }

  private async loadAddedVaults(signal: AbortSignal, current: () => boolean): Promise<void> {
    const ids = this.memento.get<string[]>(ADDED_VAULTS_KEY, []);
    const resolved: VaultSummary[] = [];

    for (const id of ids) {
      try {
        const vault = await this.discovery.resolveVault(this.envForResource(id), { id, subscriptionIds: [] }, { signal });
        if (vault) {
          resolved.push(vault);
        } else {
          this.log.warn(`The added vault ${id} was not found; remove it from the Key Vaults view if it was deleted.`);
        }
      } catch (error) {
        if (isCancellation(error)) {
          throw error;
        }
        this.log.warn(`Reading the added vault ${id} failed: ${errorMessage(error)}`);
      }
    }
    this.merge(current, () => (this.addedVaultList = resolved));
  }

  private merge(current: () => boolean, update: () => void): void {
    if (!current()) {
      return;
    }
    update();
    this.changed.fire();
  }

  /** Records a failed listing; the trees show it as a row, so the other sign-ins' items stay visible. */
  private reportListError(view: ListError['view'], signIn: SignIn, error: unknown, current: () => boolean): void {
    if (isCancellation(error) || !current()) {
      return;
    }
    const message = errorMessage(error);
    this.log.error(`Listing ${view} for ${signIn.label} failed: ${message}`);
    this.listErrorList = [...this.listErrorList, { view, signInLabel: signIn.label, message }];
    this.changed.fire();
  }
}
