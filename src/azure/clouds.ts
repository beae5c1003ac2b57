/**
 * Azure clouds: every endpoint the collector, apply and discovery use. No other module names a
 * Microsoft host, so sovereign clouds and Azure Stack Hub work by choosing a different cloud.
 */

export interface AzureCloud {
  /** `AzureCloud`, `AzureUSGovernment`, `AzureChinaCloud`, or the name of a custom cloud. */
  name: string;
  /** Azure Resource Manager base URL, without a trailing slash. */
  armEndpoint: string;
  /** Audience of ARM tokens; the scope requested is `<armAudience>/.default`. */
  armAudience: string;
  /** Microsoft Entra authority host, without a trailing slash. */
  authorityHost: string;
  /** Microsoft Graph base URL (requests go to `<graphEndpoint>/v1.0/...`), without a trailing slash. */
  graphEndpoint: string;
  /** Audience of Graph tokens; the scope requested is `<graphAudience>/.default`. */
  graphAudience: string;
  /** DNS suffix of vault URIs, such as `vault.azure.net`. */
  keyVaultDnsSuffix: string;
  /** Name of the private DNS zone a Key Vault private endpoint registers in. */
  privateLinkZone: string;
  /**
   * Log Analytics query API base URL (requests go to `<logAnalyticsEndpoint>/v1/...`), without a
   * trailing slash, which is also the token audience. Absent for a cloud without Log Analytics
   * (Azure Stack Hub), where Key Vault's audit log is not read.
   */
  logAnalyticsEndpoint?: string;
}

/** Endpoints published by Microsoft for the three global clouds. */
export const CLOUDS: Readonly<Record<'AzureCloud' | 'AzureUSGovernment' | 'AzureChinaCloud', AzureCloud>> = {
  AzureCloud: {
    name: 'AzureCloud',
    armEndpoint: 'https://management.azure.com',
    armAudience: 'https://management.azure.com',
    authorityHost: 'https://login.microsoftonline.com',
    graphEndpoint: 'https://graph.microsoft.com',
    graphAudience: 'https://graph.microsoft.com',
    keyVaultDnsSuffix: 'vault.azure.net',
    privateLinkZone: 'privatelink.vaultcore.azure.net',
    logAnalyticsEndpoint: 'https://api.loganalytics.io',
  },
  AzureUSGovernment: {
    name: 'AzureUSGovernment',
    armEndpoint: 'https://management.usgovcloudapi.net',
    armAudience: 'https://management.usgovcloudapi.net',
    authorityHost: 'https://login.microsoftonline.us',
    graphEndpoint: 'https://graph.microsoft.us',
    graphAudience: 'https://graph.microsoft.us',
    keyVaultDnsSuffix: 'vault.usgovcloudapi.net',
    privateLinkZone: 'privatelink.vaultcore.usgovcloudapi.net',
    logAnalyticsEndpoint: 'https://api.loganalytics.us',
  },
  AzureChinaCloud: {
    name: 'AzureChinaCloud',
    armEndpoint: 'https://management.chinacloudapi.cn',
    armAudience: 'https://management.chinacloudapi.cn',
    authorityHost: 'https://login.chinacloudapi.cn',
    graphEndpoint: 'https://microsoftgraph.chinacloudapi.cn',
    graphAudience: 'https://microsoftgraph.chinacloudapi.cn',
    keyVaultDnsSuffix: 'vault.azure.cn',
    privateLinkZone: 'privatelink.vaultcore.azure.cn',
    logAnalyticsEndpoint: 'https://api.loganalytics.azure.cn',
  },
};

/** Names accepted by `cloudByName`, including the spellings VS Code and the az CLI use. */
const CLOUD_ALIASES: Record<string, keyof typeof CLOUDS> = {
  azurecloud: 'AzureCloud',
  public: 'AzureCloud',
  azureusgovernment: 'AzureUSGovernment',
  usgovernment: 'AzureUSGovernment',
  usgov: 'AzureUSGovernment',
  azurechinacloud: 'AzureChinaCloud',
  chinacloud: 'AzureChinaCloud',
  china: 'AzureChinaCloud',
};

/** Returns the global cloud with this name, or throws an error that lists the accepted names. */
export function cloudByName(name: string): AzureCloud {
  const key = CLOUD_ALIASES[name.trim().toLowerCase()];
  if (!key) {
    throw new Error(
      `Unknown cloud "${name}". Use AzureCloud, AzureUSGovernment or AzureChinaCloud, or give a custom cloud's ARM endpoint.`,
    );
  }
  return CLOUDS[key];
}

/** Explicit values for a custom cloud, such as Azure Stack Hub or a local sandbox. */
export interface CustomCloudValues {
  name?: string;
  armEndpoint: string;
  authorityHost: string;
  armAudience?: string;
  graphEndpoint?: string;
  graphAudience?: string;
  keyVaultDnsSuffix?: string;
  privateLinkZone?: string;
  /** Log Analytics query API base URL; without it the custom cloud's audit log is not read. */
  logAnalyticsEndpoint?: string;
}

/**
 * Builds a custom cloud from explicit values. Audiences default to their endpoints; the Key Vault
 * suffix and private link zone default to the public cloud's because Azure Stack Hub has no
 * private link and its vault URIs are never compared against the suffix.
 */
export function customCloud(values: CustomCloudValues): AzureCloud {
  const armEndpoint = httpsBase(values.armEndpoint, 'armEndpoint');
  const authorityHost = httpsBase(values.authorityHost, 'authorityHost');
  const graphEndpoint = values.graphEndpoint ? httpsBase(values.graphEndpoint, 'graphEndpoint') : `${armEndpoint}/graph`;

  const cloud: AzureCloud = {
    name: values.name ?? 'Custom',
    armEndpoint,
    armAudience: trimSlash(values.armAudience ?? armEndpoint),
    authorityHost,
    graphEndpoint,
    graphAudience: trimSlash(values.graphAudience ?? graphEndpoint),
    keyVaultDnsSuffix: (values.keyVaultDnsSuffix ?? CLOUDS.AzureCloud.keyVaultDnsSuffix).replace(/^\./, ''),
    privateLinkZone: values.privateLinkZone ?? CLOUDS.AzureCloud.privateLinkZone,
  };
  if (values.logAnalyticsEndpoint) {
    cloud.logAnalyticsEndpoint = httpsBase(values.logAnalyticsEndpoint, 'logAnalyticsEndpoint');
  }
  return cloud;
}

/**
 * Builds a custom cloud from an ARM `/metadata/endpoints` document. Both shapes ARM serves are
 * accepted: the single object of api-version 2015-01-01 (`authentication.loginEndpoint`,
 * `authentication.audiences`, `graphEndpoint`) and the array of api-version 2022-09-01
 * (`resourceManager`, `microsoftGraphResourceId`, `suffixes.keyVaultDns`); from an array the
 * entry whose `resourceManager` matches `armEndpoint` is used, else the first.
 */
export function cloudFromMetadata(armEndpoint: string, document: unknown, overrides: Partial<CustomCloudValues> = {}): AzureCloud {
  const entries = Array.isArray(document) ? document : [document];
  const base = trimSlash(armEndpoint);
  const entry = entries.find((item) => isRecord(item) && trimSlash(String(item.resourceManager ?? '')) === base) ?? entries[0];
  if (!isRecord(entry)) {
    throw new Error(`The metadata document of ${base} is not a JSON object; check the ARM endpoint URL.`);
  }

  const authentication = isRecord(entry.authentication) ? entry.authentication : {};
  const loginEndpoint = typeof authentication.loginEndpoint === 'string' ? authentication.loginEndpoint : undefined;
  if (!loginEndpoint && !overrides.authorityHost) {
    throw new Error(`The metadata document of ${base} has no authentication.loginEndpoint; give the authority host explicitly.`);
  }
  const audiences = Array.isArray(authentication.audiences) ? authentication.audiences.filter((a): a is string => typeof a === 'string') : [];
  const suffixes = isRecord(entry.suffixes) ? entry.suffixes : {};
  const graph = typeof entry.microsoftGraphResourceId === 'string' ? entry.microsoftGraphResourceId : undefined;

  return customCloud({
    name: typeof entry.name === 'string' ? entry.name : undefined,
    armEndpoint: base,
    authorityHost: overrides.authorityHost ?? loginEndpoint ?? '',
    armAudience: overrides.armAudience ?? audiences[0],
    graphEndpoint: overrides.graphEndpoint ?? graph,
    graphAudience: overrides.graphAudience ?? graph,
    keyVaultDnsSuffix: overrides.keyVaultDnsSuffix ?? (typeof suffixes.keyVaultDns === 'string' ? suffixes.keyVaultDns : undefined),
    privateLinkZone: overrides.privateLinkZone,
    ...(overrides.name ? { name: overrides.name } : {}),
  });
}

/** Returns the scope to request for ARM tokens in this cloud. */
export function armScope(cloud: AzureCloud): string {
  return `${cloud.armAudience}/.default`;
}

/** Returns the scope to request for Log Analytics query tokens in this cloud, or undefined when it has no Log Analytics endpoint. */
export function logAnalyticsScope(cloud: AzureCloud): string | undefined {
  return cloud.logAnalyticsEndpoint ? `${cloud.logAnalyticsEndpoint}/.default` : undefined;
}

/** Returns the scope to request for Microsoft Graph tokens in this cloud. */
export function graphScope(cloud: AzureCloud): string {
  return `${cloud.graphAudience}/.default`;
}

/** True when the URL's host is a loopback address (a local sandbox), where instance discovery must be off. */
export function isLoopbackUrl(url: string): boolean {
  try {
    return ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}

function httpsBase(value: string, field: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`Invalid ${field} "${value}": give an absolute https:// URL.`);
  }
  if (url.protocol !== 'https:') {
    throw new Error(`Invalid ${field} "${value}": Azure SDK clients send tokens only over https://.`);
  }
  return trimSlash(url.toString());
}

function trimSlash(value: string): string {
  return value.replace(/\/+$/, '');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
