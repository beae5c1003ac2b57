/**
 * Diagnose 403: from a vault (then the caller), from an identity (then the vault), from the
 * command palette (the vault first), or with arguments (tests and other extensions).
 */
import * as vscode from 'vscode';
import type { AccessFacts, AccessRequest, CallerRef } from '../../diagnosis/facts';
import type { Diagnosis } from '../../diagnosis/finding';
import type { DiagnosisOutput } from '../../report/output';
import { UiError, errorMessage } from '../errors';
import type { ClusterSummary } from '../resources';
import { parseDiagnoseArguments, type DiagnoseArguments } from '../input/diagnoseArguments';
import { nameOf } from '../input/references';
import { collectAndDiagnose } from '../live';
import { liveActions } from '../report/actions';
import { ReportPanel } from '../report/panel';
import type { Services } from '../services';
import { isIdentityNode, isVaultNode } from '../tree/nodes';
import { pickCaller, pickObjects, pickOrigin, pickVault, pickVaultForIdentity, pickWork } from './pickers';

/** The command's result, so callers (and tests) can read the outcome. */
export interface DiagnoseResult {
  diagnosis: Diagnosis;
  facts: AccessFacts;
  output: DiagnosisOutput;
  /** The report panel, when one was opened. */
  panel?: ReportPanel;
}

export async function diagnoseCommand(services: Services, argument?: unknown): Promise<DiagnoseResult | undefined> {
  if (typeof argument === 'object' && argument !== null && 'vaultId' in argument) {
    const args = parseDiagnoseArguments(argument);
    return runDiagnosis(services, args, callerLabel(services, args.caller));
  }

  const vaultId = isVaultNode(argument) ? argument.vault.id : await pickVaultId(services);
  if (!vaultId) {
    return undefined;
  }

  const caller = await pickCaller(services.session.identities, nameOf(vaultId));
  if (!caller) {
    return undefined;
  }
  const details = await pickRequestDetails(services, vaultId, caller.objectHint);
  if (!details) {
    return undefined;
  }

  return runDiagnosis(
    services,
    {
      vaultId,
      caller: caller.caller,
      ...details,
      observedError: caller.observedError,
      showReport: true,
    },
    caller.label,
  );
}

export async function diagnoseIdentityCommand(services: Services, node: unknown): Promise<DiagnoseResult | undefined> {
  if (!isIdentityNode(node)) {
    throw new UiError('invalid-input', vscode.l10n.t('Run "Diagnose 403 for This Identity" from an identity in the Managed Identities view.'));
  }
  const identity = node.identity;

  const vaults = [...services.session.addedVaults, ...services.session.vaults];
  const vaultId = await pickVaultForIdentity(vaults, (id) => services.session.subscriptionName(id));
  if (!vaultId) {
    return undefined;
  }
  const details = await pickRequestDetails(services, vaultId, undefined);
  if (!details) {
    return undefined;
  }

  return runDiagnosis(
    services,
    {
      vaultId,
      caller: { identity: identity.id },
      ...details,
      showReport: true,
    },
    `${identity.name} (${identity.clientId})`,
  );
}

/**
 * Asks for what the caller does, on which objects and from where, after the vault and caller are
 * known. Returns undefined when the user dismisses a picker.
 */
async function pickRequestDetails(
  services: Services,
  vaultId: string,
  objectHint: string | undefined,
): Promise<Pick<DiagnoseArguments, 'operations' | 'objects' | 'client' | 'from'> | undefined> {
  const work = await pickWork();
  if (!work) {
    return undefined;
  }
  const objects = await pickObjects(work.operations, objectHint);
  if (!objects) {
    return undefined;
  }
  const from = await pickOrigin(listClusters(services, vaultId));
  if (!from) {
    return undefined;
  }

  return { operations: work.operations, objects, client: work.client, from: Object.keys(from).length > 0 ? from : undefined };
}

async function pickVaultId(services: Services): Promise<string | undefined> {
  const vaults = [...services.session.addedVaults, ...services.session.vaults];
  const picked = await pickVault(vaults, (id) => services.session.subscriptionName(id));
  if (!picked) {
    return undefined;
  }
  if (picked.id) {
    return picked.id;
  }

  const listed = vaults.find((vault) => vault.name.toLowerCase() === picked.name?.toLowerCase());
  if (listed) {
    return listed.id;
  }
  const subscriptionIds = services.session.allSubscriptions.map((subscription) => subscription.subscriptionId);
  const resolved = await services.discovery.resolveVault(services.session.envForResource(''), { name: picked.name, subscriptionIds });
  if (!resolved) {
    throw new UiError('not-found', vscode.l10n.t('No vault named "{0}" was found in the subscriptions you can list. Enter its resource ID instead.', picked.name ?? ''));
  }
  return resolved.id;
}

/** Lists clusters for the origin picker; a failure leaves the list empty (the picker still offers a subnet or address). */
async function listClusters(services: Services, vaultId: string): Promise<ClusterSummary[]> {
  try {
    const subscriptionIds = services.session.subscriptions.map((subscription) => subscription.subscriptionId);
    return await services.discovery.listClusters(services.session.envForResource(vaultId), subscriptionIds);
  } catch (error) {
    services.log.warn(`Listing AKS clusters failed: ${errorMessage(error)}`);
    return [];
  }
}

function callerLabel(services: Services, caller: CallerRef): string {
  if (caller.identity) {
    const identity = services.session.identities.find((candidate) => candidate.id.toLowerCase() === caller.identity?.toLowerCase());
    return identity ? `${identity.name} (${identity.clientId})` : nameOf(caller.identity);
  }
  if (caller.objectId) {
    return vscode.l10n.t('object id {0}', caller.objectId);
  }
  return vscode.l10n.t('client id {0}', caller.clientId ?? '');
}

async function runDiagnosis(services: Services, args: DiagnoseArguments, label: string): Promise<DiagnoseResult> {
  const env = services.session.envForResource(args.vaultId);
  const request: AccessRequest = {
    vaultId: args.vaultId,
    caller: args.caller,
    operations: args.operations,
    objects: args.objects,
    ...(args.client ? { client: args.client } : {}),
    ...(args.observedError ? { observedError: args.observedError } : {}),
    ...(args.from ? { from: args.from } : {}),
  };

  const run = await collectAndDiagnose(request, env, services.log);
  const result: DiagnoseResult = { diagnosis: run.diagnosis, facts: run.facts, output: run.output };
  if (args.showReport) {
    result.panel = ReportPanel.open(
      services.extensionUri,
      run,
      { callerLabel: label, operations: request.operations, objects: request.objects },
      liveActions(services, request, env),
      services.log,
    );
  }
  return result;
}
