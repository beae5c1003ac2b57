/**
 * Parsing of what users type or paste: vault ids and URIs, callers and diagnose arguments. No
 * `vscode` import; invalid input raises a UiError that names the value and the expected form.
 */
import { UiError } from '../errors';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VAULT_ID = /^\/subscriptions\/([0-9a-f-]{36})\/resourceGroups\/([^/]+)\/providers\/Microsoft\.KeyVault\/vaults\/([^/]+)\/?$/i;
const IDENTITY_ID =
  /^\/subscriptions\/([0-9a-f-]{36})\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/([^/]+)\/?$/i;
/** Vault names: 3 to 24 letters, digits and hyphens, starting with a letter (ARM's rule). */
const VAULT_NAME = /^[a-z][a-z0-9-]{1,22}[a-z0-9]$/i;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

export type VaultReference =
  | { kind: 'id'; id: string; subscriptionId: string; name: string }
  | { kind: 'name'; name: string; uri?: string };

/**
 * Reads a vault resource id, a vault URI (`https://<name>.<suffix>/`) or a bare vault name. A URI
 * or name still has to be resolved to a resource id through Azure Resource Graph.
 */
export function parseVaultReference(input: string): VaultReference {
  const text = input.trim();
  const idMatch = VAULT_ID.exec(text);
  if (idMatch) {
    return { kind: 'id', id: text.replace(/\/$/, ''), subscriptionId: idMatch[1].toLowerCase(), name: idMatch[3] };
  }

  if (/^https:\/\//i.test(text)) {
    let host: string;
    try {
      host = new URL(text).hostname;
    } catch {
      throw new UiError('invalid-input', `"${text}" is not a valid URL. Paste the vault URI, such as https://my-vault.vault.azure.net/.`);
    }
    const name = host.split('.')[0];
    if (!VAULT_NAME.test(name)) {
      throw new UiError('invalid-input', `"${text}" does not start with a vault name. Paste the vault URI, such as https://my-vault.vault.azure.net/.`);
    }
    return { kind: 'name', name, uri: `https://${host}/` };
  }

  if (VAULT_NAME.test(text)) {
    return { kind: 'name', name: text };
  }

  throw new UiError(
    'invalid-input',
    `"${text}" is not a vault resource id, vault URI or vault name. Use /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<name> or https://<name>.vault.azure.net/.`,
  );
}

export function isVaultId(value: string): boolean {
  return VAULT_ID.test(value.trim());
}

export function isIdentityId(value: string): boolean {
  return IDENTITY_ID.test(value.trim());
}

/** The subscription GUID in an ARM resource id, lower-cased; undefined when the id names none. */
export function subscriptionOf(resourceId: string): string | undefined {
  const match = /^\/subscriptions\/([0-9a-f-]{36})(\/|$)/i.exec(resourceId.trim());
  return match ? match[1].toLowerCase() : undefined;
}

/** The last segment of an ARM resource id: the resource's name. */
export function nameOf(resourceId: string): string {
  const segments = resourceId.replace(/\/+$/, '').split('/');
  return segments[segments.length - 1] ?? resourceId;
}
