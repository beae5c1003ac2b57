/**
 * Builds one AzureEnv per signed-in account and tenant, for the authentication method the user
 * chose in `kvDoctor.authentication`.
 */
import * as vscode from 'vscode';
import { armScope, type AzureCloud } from '../../azure/clouds';
import type { AzureEnv, Logger } from '../../azure/env';
import { backend } from '../backend';
import { UiError, errorMessage } from '../errors';
import type { AuthenticationMethod } from '../settings';
import type { DiscoveryApi } from '../resources';
import { VSCodeSessionCredential } from './sessionCredential';
import { tenantScope } from './token';

/** One account in one tenant. */
export interface SignIn {
  /** `<account id>|<tenant id>`, stable across refreshes. */
  key: string;
  /** Shown in pickers and tooltips: the account label and the tenant. */
  label: string;
  tenantId?: string;
  env: AzureEnv;
  /**
   * Opens VS Code's sign-in for this account and tenant, for tenants whose policy (such as
   * multi-factor authentication) refuses a silent token. Absent for the other methods.
   */
  signInInteractively?(): Promise<void>;
}

export interface SignInContext {
  method: AuthenticationMethod;
  cloud: AzureCloud;
  discovery: DiscoveryApi;
  log: Logger;
  userAgentPrefix: string;
  /** True when the user asked to sign in, so VS Code may show its sign-in flow. */
  interactive: boolean;
  /** PEM text of a CA to trust instead of the public roots (custom clouds only). */
  ca?: string;
  signal?: AbortSignal;
}

/** VS Code's provider for the cloud: `microsoft` for the public cloud, `microsoft-sovereign-cloud` otherwise. */
export function authenticationProviderId(cloud: AzureCloud): string {
  return cloud.name === 'AzureCloud' ? 'microsoft' : 'microsoft-sovereign-cloud';
}

function environmentTenant(): string | undefined {
  const tenant = process.env.AZURE_TENANT_ID;
  return tenant && tenant.toLowerCase() !== 'adfs' ? tenant : undefined;
}

function baseEnv(context: SignInContext, credential: AzureEnv['credential'], tenantId?: string): AzureEnv {
  return {
    cloud: context.cloud,
    credential,
    tenantId,
    log: context.log,
    userAgentPrefix: context.userAgentPrefix,
    ...(context.ca ? { ca: context.ca } : {}),
  };
}

/** Signs in with the chosen method; an empty list means signed out. */
export async function signIns(context: SignInContext): Promise<SignIn[]> {
  switch (context.method) {
    case 'environment':
      return environmentSignIns(context);
    case 'azureCli':
      return [{ key: 'azure-cli', label: vscode.l10n.t('Azure CLI login'), env: baseEnv(context, backend().cachingCredential(backend().azureCliCredential())) }];
    case 'vscode':
      return vscodeSignIns(context);
  }
}

function environmentSignIns(context: SignInContext): SignIn[] {
  if (!process.env.AZURE_CLIENT_ID || !process.env.AZURE_TENANT_ID) {
    if (context.interactive) {
      throw new UiError(
        'not-signed-in',
        vscode.l10n.t(
          'kvDoctor.authentication is "environment" but AZURE_TENANT_ID or AZURE_CLIENT_ID is not set in the environment VS Code started with. Set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH) and restart, or choose another method.',
        ),
      );
    }
    return [];
  }

  const tenantId = environmentTenant();
  const { cachingCredential, environmentCredential } = backend();
  const credential = cachingCredential(environmentCredential(context.cloud, context.ca ? { ca: context.ca } : {}));
  return [
    {
      key: `environment|${process.env.AZURE_CLIENT_ID}`,
      label: vscode.l10n.t('Service principal {0} (environment)', process.env.AZURE_CLIENT_ID),
      tenantId,
      env: baseEnv(context, credential, tenantId),
    },
  ];
}

/**
 * VS Code's sovereign provider signs in to the cloud its own setting names, so a mismatch with
 * `kvDoctor.cloud` would send tokens of one cloud to another cloud's endpoints.
 */
function checkSovereignSetting(cloud: AzureCloud): void {
  const expected: Record<string, string> = { AzureUSGovernment: 'USGovernment', AzureChinaCloud: 'ChinaCloud', custom: 'custom' };
  const required = expected[cloud.name];
  const actual = vscode.workspace.getConfiguration('microsoft-sovereign-cloud').get<string>('environment');
  if (required && actual !== required) {
    throw new UiError(
      'not-signed-in',
      vscode.l10n.t(
        'kvDoctor.cloud is "{0}", but the VS Code setting microsoft-sovereign-cloud.environment is "{1}". Set it to "{2}" (with microsoft-sovereign-cloud.customEnvironment for a custom cloud), or choose the "azureCli" or "environment" authentication method.',
        cloud.name,
        actual ?? '',
        required,
      ),
    );
  }
}

async function vscodeSignIns(context: SignInContext): Promise<SignIn[]> {
  const providerId = authenticationProviderId(context.cloud);
  const scope = armScope(context.cloud);
  if (providerId === 'microsoft-sovereign-cloud') {
    checkSovereignSetting(context.cloud);
  }

  let accounts = await vscode.authentication.getAccounts(providerId);
  if (accounts.length === 0 && context.interactive) {
    const session = await vscode.authentication.getSession(providerId, [scope], { createIfNone: true });
    accounts = [session.account];
  } else if (context.interactive) {
    // VS Code returns sessions to silent requests only for accounts the user allowed this
    // extension to use, so an explicit sign-in requests that consent once per account.
    for (const account of accounts) {
      await vscode.authentication.getSession(providerId, [scope], { createIfNone: true, account });
    }
  }

  const result: SignIn[] = [];
  for (const account of accounts) {
    const home = baseEnv(context, new VSCodeSessionCredential(providerId, undefined, account));
    let tenants;
    try {
      tenants = await context.discovery.listTenants(home, { signal: context.signal });
    } catch (error) {
      context.log.warn(`Listing tenants for account ${account.label} failed: ${errorMessage(error)}`);
      continue;
    }

    for (const tenant of tenants) {
      const credential = new VSCodeSessionCredential(providerId, tenant.tenantId, account);
      result.push({
        key: `${account.id}|${tenant.tenantId}`,
        label: `${account.label} (${tenant.displayName ?? tenant.tenantId})`,
        tenantId: tenant.tenantId,
        env: baseEnv(context, credential, tenant.tenantId),
        signInInteractively: async () => {
          await vscode.authentication.getSession(providerId, [scope, tenantScope(tenant.tenantId)], { createIfNone: true, account });
        },
      });
    }
  }
  return result;
}
