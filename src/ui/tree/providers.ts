/**
 * Tree data providers of the two views. Both read the session and refresh when it changes; the
 * welcome views (`viewsWelcome`) cover signed-out and empty states through context keys.
 */
import * as vscode from 'vscode';
import type { RecentDenialsResult } from '../../azure/recentDenials';
import { backend } from '../backend';
import { errorMessage } from '../errors';
import type { ExtensionLog } from '../log';
import { groupBySubscription } from '../resources';
import type { AzureSession } from '../session';
import { toTreeItem, type TreeNode } from './nodes';

abstract class SessionTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  protected readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(protected readonly session: AzureSession) {
    this.subscription = session.onDidChange(() => {
      this.onSessionChange();
      this.changed.fire(undefined);
    });
  }

  /** Drops what the tree cached for the previous session. */
  protected onSessionChange(): void {
    // Nothing cached by default.
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(node);
  }

  abstract getChildren(node?: TreeNode): TreeNode[];

  protected showsResources(): boolean {
    return this.session.state === 'ready' || this.session.state === 'noSubscriptions';
  }

  /** Builds one row per sign-in whose listing failed for this view. */
  protected errorRows(view: 'vaults' | 'identities'): TreeNode[] {
    return this.session.listErrors
      .filter((error) => error.view === view)
      .map((error) => ({
        kind: 'message',
        text: vscode.l10n.t('Listing failed for {0}; see the log.', error.signInLabel),
        tooltip: error.message,
      }));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** The recent denials of one vault: being read, or read (with the gaps of the read). */
type DenialsState = { status: 'loading'; read: Promise<RecentDenialsResult> } | { status: 'done'; result: RecentDenialsResult } | { status: 'failed'; error: string };

export class VaultTreeProvider extends SessionTree {
  private readonly denials = new Map<string, DenialsState>();

  constructor(
    session: AzureSession,
    private readonly log?: ExtensionLog,
  ) {
    super(session);
  }

  protected override onSessionChange(): void {
    this.denials.clear();
  }

  /**
   * Reads the vault's recent denials once per session and refreshes the tree when they arrive.
   * Azure errors become gaps in the result; other errors are logged and shown as a row.
   */
  loadRecentDenials(vaultId: string, location?: string): Promise<RecentDenialsResult> {
    const key = vaultId.toLowerCase();
    const state = this.denials.get(key);
    if (state?.status === 'loading') {
      return state.read;
    }
    if (state?.status === 'done') {
      return Promise.resolve(state.result);
    }

    const read = backend().readRecentDenials(vaultId, this.session.envForResource(vaultId), { location });
    this.denials.set(key, { status: 'loading', read });
    read.then(
      (result) => {
        this.denials.set(key, { status: 'done', result });
        this.changed.fire(undefined);
      },
      (error: unknown) => {
        this.denials.set(key, { status: 'failed', error: errorMessage(error) });
        this.log?.warn(`Reading the recent denials of ${vaultId} failed: ${errorMessage(error)}`);
        this.changed.fire(undefined);
      },
    );
    return read;
  }

  private denialRows(vaultId: string, location: string | undefined): TreeNode[] {
    const state = this.denials.get(vaultId.toLowerCase());
    if (!state) {
      void this.loadRecentDenials(vaultId, location).catch(() => undefined);
      return [{ kind: 'note', text: vscode.l10n.t('Reading the audit log...') }];
    }
    if (state.status === 'loading') {
      return [{ kind: 'note', text: vscode.l10n.t('Reading the audit log...') }];
    }
    if (state.status === 'failed') {
      return [{ kind: 'message', text: vscode.l10n.t('The audit log could not be read; see the log.'), tooltip: state.error }];
    }

    const { auditLog, gaps } = state.result;
    const errors: TreeNode[] = gaps.map((gap) => ({ kind: 'message', text: vscode.l10n.t('The audit log could not be read; see the log.'), tooltip: gap.error }));
    if (!auditLog || auditLog.destination !== 'log-analytics') {
      const notSent: TreeNode[] = auditLog ? [{ kind: 'note', text: vscode.l10n.t('Audit events are not sent to Log Analytics; diagnose the vault for the command that enables them.') }] : [];
      return [...errors, ...notSent];
    }
    const groups = auditLog.denials ?? [];
    if (groups.length === 0 && errors.length === 0) {
      return [{ kind: 'note', text: vscode.l10n.t('No denial logged in the last 24 hours'), tooltip: vscode.l10n.t('Audit events arrive a few minutes after each request.') }];
    }
    return [...errors, ...groups.map((group): TreeNode => ({ kind: 'denial', vaultId, group }))];
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!this.showsResources()) {
      return [];
    }

    const groups = groupBySubscription(this.session.vaults);
    if (!node) {
      const roots: TreeNode[] = this.errorRows('vaults');
      if (this.session.addedVaults.length > 0) {
        roots.push({ kind: 'addedVaults' });
      }
      for (const subscription of this.session.subscriptions) {
        if (groups.has(subscription.subscriptionId.toLowerCase())) {
          roots.push({ kind: 'subscription', subscriptionId: subscription.subscriptionId, name: subscription.displayName, view: 'vaults' });
        }
      }
      return roots;
    }

    if (node.kind === 'addedVaults') {
      return this.session.addedVaults.map((vault) => ({ kind: 'vault', vault, added: true }));
    }
    if (node.kind === 'subscription') {
      return (groups.get(node.subscriptionId.toLowerCase()) ?? []).map((vault) => ({ kind: 'vault', vault, added: false }));
    }
    if (node.kind === 'vault') {
      return [{ kind: 'recentDenials', vaultId: node.vault.id, ...(node.vault.location ? { location: node.vault.location } : {}) }];
    }
    if (node.kind === 'recentDenials') {
      return this.denialRows(node.vaultId, node.location);
    }
    return [];
  }

  /** True when loading finished and nothing is listed, so the "nothing found" welcome applies. */
  isEmpty(): boolean {
    return !this.session.resourcesLoading && this.session.vaults.length === 0 && this.session.addedVaults.length === 0 && this.session.listErrors.length === 0;
  }
}

export class IdentityTreeProvider extends SessionTree {
  getChildren(node?: TreeNode): TreeNode[] {
    if (!this.showsResources()) {
      return [];
    }

    const groups = groupBySubscription(this.session.identities);
    if (!node) {
      const subscriptions: TreeNode[] = this.session.subscriptions
        .filter((subscription) => groups.has(subscription.subscriptionId.toLowerCase()))
        .map((subscription) => ({ kind: 'subscription', subscriptionId: subscription.subscriptionId, name: subscription.displayName, view: 'identities' }));
      return [...this.errorRows('identities'), ...subscriptions];
    }
    if (node.kind === 'subscription') {
      return (groups.get(node.subscriptionId.toLowerCase()) ?? []).map((identity) => ({ kind: 'identity', identity }));
    }
    return [];
  }

  isEmpty(): boolean {
    return !this.session.resourcesLoading && this.session.identities.length === 0 && this.session.listErrors.length === 0;
  }
}

/** Keeps the context keys the welcome views and menus use in step with the session. */
export function syncContextKeys(session: AzureSession, vaults: VaultTreeProvider, identities: IdentityTreeProvider): vscode.Disposable {
  const update = () => {
    void vscode.commands.executeCommand('setContext', 'kvDoctor.state', session.state);
    void vscode.commands.executeCommand('setContext', 'kvDoctor.vaultsEmpty', vaults.isEmpty());
    void vscode.commands.executeCommand('setContext', 'kvDoctor.identitiesEmpty', identities.isEmpty());
  };
  update();
  return session.onDidChange(update);
}
