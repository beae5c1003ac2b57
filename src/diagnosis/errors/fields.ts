/**
 * Field patterns for the machine-readable lines that Key Vault, Entra ID and the CSI driver
 * put into their error messages (`Caller: appid=...;oid=...`, `Action: '...'`, `AADSTS70021 ...`).
 */
import type { ErrorCaller, ParsedError } from '../observedError';

const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** Returns the value of claim `name`; a value ends at `;`, a quote, white space or a backslash left over from escaping. */
function claim(text: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|[;\\s'"=,(])${name}=([^;'"\\s\\\\,)]+)`, 'i').exec(text);
  return match?.[1];
}

/**
 * Returns the value of a claim that contains an ARM resource id. Resource group names may contain
 * parentheses, so a `)` ends the value only when it closes a parenthesis opened before the claim.
 */
function resourceIdClaim(text: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|[;\\s'"=,(])${name}=([^;'"\\s\\\\,]+)`, 'i').exec(text);
  if (!match) {
    return undefined;
  }

  let value = match[1];
  const count = (character: string) => value.split(character).length - 1;
  while (value.endsWith(')') && count(')') > count('(')) {
    value = value.slice(0, -1);
  }
  return value;
}

/** Returns the tenant GUID of an issuer such as `https://sts.windows.net/<tenant>/`. */
export function tenantOfIssuer(issuer: string): string | undefined {
  const match = new RegExp(`^https?://[^/]+/(${GUID})(?:/|$)`).exec(issuer);
  return match?.[1].toLowerCase();
}

/** Reads `appid`, `oid`, `iss`, `tid`, `numgroups`, `xms_mirid` and `xms_az_rid`. */
export function readCaller(text: string): ErrorCaller | undefined {
  const caller: ErrorCaller = {};
  const appId = claim(text, 'appid');
  const objectId = claim(text, 'oid');
  const issuer = claim(text, 'iss');
  const tenantClaim = claim(text, 'tid');
  const numGroups = claim(text, 'numgroups');
  const managedIdentity = resourceIdClaim(text, 'xms_mirid');
  const azureResource = resourceIdClaim(text, 'xms_az_rid');

  if (appId) caller.appId = appId.toLowerCase();
  if (objectId) caller.objectId = objectId.toLowerCase();
  if (issuer) caller.issuer = issuer;
  const tenant = (issuer && tenantOfIssuer(issuer)) || tenantClaim;
  if (tenant) caller.tenantId = tenant.toLowerCase();
  if (numGroups && /^\d+$/.test(numGroups)) caller.numGroups = Number(numGroups);
  if (managedIdentity) caller.managedIdentityResourceId = managedIdentity;
  if (azureResource) caller.azureResourceId = azureResource;

  return Object.keys(caller).length > 0 ? caller : undefined;
}

/** `null` (as Key Vault prints it) becomes null; quotes around a value are removed. */
function nullableLine(text: string, label: string): string | null | undefined {
  const match = new RegExp(`^\\s*${label}:[ \\t]*(.*)$`, 'im').exec(text);
  if (!match) {
    return undefined;
  }
  const value = match[1].trim().replace(/^'(.*)'$/, '$1');
  return value === '' || value.toLowerCase() === 'null' ? null : value;
}

/** Fills the fields of a Key Vault authorization or network message. */
export function readKeyVaultLines(text: string, parsed: ParsedError): void {
  const action = /Action:\s*'([^']+)'/.exec(text);
  if (action) parsed.action = action[1];

  const resource = /Resource:\s*'([^']+)'/.exec(text);
  if (resource) parsed.resource = resource[1];

  const assignment = nullableLine(text, 'Assignment');
  if (assignment) parsed.assignment = assignment;

  const deny = nullableLine(text, 'DenyAssignmentId');
  if (deny !== undefined) parsed.denyAssignmentId = deny;

  const reason = nullableLine(text, 'DecisionReason');
  if (reason !== undefined) parsed.decisionReason = reason;

  const vault = /Vault:\s*([^;\s]+);location=([\w-]+)/.exec(text) ?? /on key vault '([^;']+)(?:;location=([\w-]+))?'/i.exec(text);
  if (vault) {
    parsed.vaultName = vault[1];
    if (vault[2]) parsed.location = vault[2];
  }

  const client = /Client address:\s*([0-9a-fA-F.:]+[0-9a-fA-F])/.exec(text);
  if (client) parsed.clientAddress = client[1];

  const permission = /does not have (keys|secrets|certificates) (\w+) permission/i.exec(text);
  if (permission) {
    parsed.permission = { collection: permission[1].toLowerCase() as 'secrets' | 'keys' | 'certificates', name: permission[2] };
  }

  const operation = /Operation (\w+) is not allowed on a disabled secret/i.exec(text) ?? /Operation:\s*"?(\w+)"?/.exec(text);
  if (operation) parsed.operation = operation[1];
}

/** AKV10032: `Expected one of <issuer>, <issuer>, found <issuer>.` */
export function readIssuers(text: string, parsed: ParsedError): void {
  const match = /Expected one of\s+([\s\S]+?),?\s+found\s+(https?:\/\/[^\s,'"\\}]+)/i.exec(text);
  if (!match) {
    return;
  }
  parsed.expectedIssuers = match[1]
    .split(/,\s*/)
    .map((issuer) => issuer.trim())
    .filter((issuer) => issuer.length > 0);
  parsed.foundIssuer = match[2].replace(/\.+$/, '');
}

/** AADSTS70021 family: the assertion's issuer, subject and audience in either wording. */
export function readAssertion(text: string, parsed: ParsedError): void {
  const assertion: NonNullable<ParsedError['assertion']> = {};

  for (const field of ['issuer', 'subject', 'audience'] as const) {
    const labelled = new RegExp(`Assertion ${field}:\\s*'([^']*)'`, 'i').exec(text);
    const presented = new RegExp(`presented assertion ${field}\\s*'([^']*)'`, 'i').exec(text);
    const value = labelled?.[1] ?? presented?.[1];
    if (value !== undefined) {
      assertion[field] = value;
    }
  }
  if (Object.keys(assertion).length > 0) {
    parsed.assertion = assertion;
  }
}

/** AADSTS700016: `Application with identifier '<id>' was not found in the directory '<tenant>'`. */
export function readApplication(text: string, parsed: ParsedError): void {
  const match = /Application with identifier '([^']*)' was not found in the directory '([^']*)'/i.exec(text);
  if (match) {
    parsed.applicationId = match[1];
    parsed.directoryTenant = match[2];
  }
}

/** Reads the secret, key or certificate a CSI driver mount failed on. */
export function readCsiObject(text: string, parsed: ParsedError): void {
  const match = /objectType:\s*(\w+),\s*objectName:\s*([^,\s]+),\s*objectVersion:\s*([^:\s,]*)/.exec(text);
  if (match) {
    parsed.csiObject = { objectType: match[1], objectName: match[2], objectVersion: match[3] || undefined };
  }
}

/** Returns the vault's tenant from a 401 challenge: `Bearer authorization="https://login.microsoftonline.com/<tenant>"`. */
export function readChallengeTenant(headerOrText: string): string | undefined {
  const match = /authorization(?:_uri)?="?https?:\/\/[^/"\s]+\/([0-9a-fA-F-]{36}|[\w.-]+)/i.exec(headerOrText);
  return match?.[1].toLowerCase();
}

/** Returns `addr=<ip>` of `x-ms-keyvault-network-info`: the source address Key Vault recorded. */
export function readNetworkInfoAddress(headerOrText: string): string | undefined {
  const match = /addr=([0-9a-fA-F.:]+[0-9a-fA-F])/.exec(headerOrText);
  return match?.[1];
}
