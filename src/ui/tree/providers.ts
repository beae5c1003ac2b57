/**
 * Tree data providers of the two views. Both read the session and refresh when it changes; the
 * welcome views (`viewsWelcome`) cover signed-out and empty states through context keys.
 */
import * as vscode from 'vscode';
import { groupBySubscription } from '../resources';
import type { AzureSession } from '../session';
import { toTreeItem, type TreeNode } from './nodes';

abstract class SessionTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(protected readonly session: AzureSession) {
    this.subscription = session.onDidChange(() => this.changed.fire(undefined));
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

export class VaultTreeProvider extends SessionTree {
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
