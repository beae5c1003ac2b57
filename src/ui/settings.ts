/**
 * The extension's settings (`kvDoctor.*`), read in one place.
 */
import * as vscode from 'vscode';
import { cloudByName, customCloud, type AzureCloud } from '../azure/clouds';
import { UiError } from './errors';

export type AuthenticationMethod = 'vscode' | 'azureCli' | 'environment';

const SECTION = 'kvDoctor';

function configuration(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

export function authenticationMethod(): AuthenticationMethod {
  const value = configuration().get<string>('authentication', 'vscode');
  return value === 'azureCli' || value === 'environment' ? value : 'vscode';
}

/** Returns the cloud that `kvDoctor.cloud` names, or the custom endpoints. Throws a UiError naming the setting to fix. */
export function selectedCloud(): AzureCloud {
  const config = configuration();
  const name = config.get<string>('cloud', 'AzureCloud');
  if (name !== 'custom') {
    try {
      return cloudByName(name);
    } catch (error) {
      throw new UiError('invalid-input', vscode.l10n.t('Invalid setting kvDoctor.cloud "{0}": {1}', name, String(error)));
    }
  }

  const armEndpoint = config.get<string>('customCloud.resourceManagerEndpoint', '');
  const authorityHost = config.get<string>('customCloud.activeDirectoryEndpoint', '');
  if (!armEndpoint || !authorityHost) {
    throw new UiError(
      'invalid-input',
      vscode.l10n.t(
        'kvDoctor.cloud is "custom" but kvDoctor.customCloud.resourceManagerEndpoint or kvDoctor.customCloud.activeDirectoryEndpoint is empty. Set both in Settings.',
      ),
    );
  }

  try {
    return customCloud({
      name: 'custom',
      armEndpoint,
      authorityHost,
      armAudience: config.get<string>('customCloud.resourceManagerAudience') || undefined,
      graphEndpoint: config.get<string>('customCloud.microsoftGraphEndpoint') || undefined,
      keyVaultDnsSuffix: config.get<string>('customCloud.keyVaultDnsSuffix') || undefined,
      logAnalyticsEndpoint: config.get<string>('customCloud.logAnalyticsEndpoint') || undefined,
    });
  } catch (error) {
    throw new UiError('invalid-input', vscode.l10n.t('Invalid custom cloud settings: {0}', error instanceof Error ? error.message : String(error)));
  }
}

/**
 * Reads the PEM file that `kvDoctor.customCloud.certificateAuthorityFile` names, for a custom cloud
 * only. Returns undefined for the global clouds or an empty setting, and throws a UiError naming
 * the file when it cannot be read.
 */
export async function customCertificateAuthority(): Promise<string | undefined> {
  const config = configuration();
  const file = config.get<string>('customCloud.certificateAuthorityFile', '').trim();
  if (config.get<string>('cloud') !== 'custom' || !file) {
    return undefined;
  }

  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(file)));
  } catch (error) {
    throw new UiError('invalid-input', vscode.l10n.t('Cannot read kvDoctor.customCloud.certificateAuthorityFile "{0}": {1}', file, error instanceof Error ? error.message : String(error)));
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    throw new UiError('invalid-input', vscode.l10n.t('Invalid kvDoctor.customCloud.certificateAuthorityFile "{0}": the file contains no PEM certificate (-----BEGIN CERTIFICATE-----).', file));
  }
  return text;
}

/** Subscription ids the user chose to show; empty means all. */
export function subscriptionFilter(): string[] {
  return configuration()
    .get<string[]>('subscriptions', [])
    .filter((id) => typeof id === 'string')
    .map((id) => id.toLowerCase());
}

export async function setSubscriptionFilter(ids: string[]): Promise<void> {
  await configuration().update('subscriptions', ids, vscode.ConfigurationTarget.Global);
}

/** True when a change touches a setting that changes who is signed in or which endpoints are used. */
export function affectsSignIn(event: vscode.ConfigurationChangeEvent): boolean {
  return (
    event.affectsConfiguration(`${SECTION}.authentication`) ||
    event.affectsConfiguration(`${SECTION}.cloud`) ||
    event.affectsConfiguration(`${SECTION}.customCloud`)
  );
}

export function affectsSubscriptions(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${SECTION}.subscriptions`);
}
