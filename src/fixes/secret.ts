/**
 * Object state fixes: enable a disabled secret, and widen a key's permitted operations.
 */
import type { FixSpec } from '../diagnosis/finding';
import { KEY_VAULT_API_VERSION } from './accessPolicy';
import { value, type Word } from './commandLine';
import { withNotes } from './notes';
import { renderScript } from './script';
import type { RenderedFix } from './types';

type EnableSpec = Extract<FixSpec, { kind: 'secret-enable' }>;
type KeyOperationsSpec = Extract<FixSpec, { kind: 'key-operations-update' }>;

/**
 * Renders `az keyvault secret set-attributes --enabled true` and, for the current version when the
 * vault id is known, the ARM PATCH of the secret's attributes (ARM addresses only the current
 * version, and returns no secret value).
 */
export function renderSecretEnable(spec: EnableSpec): Omit<RenderedFix, 'title'> {
  const words: Word[] = ['az', 'keyvault', 'secret', 'set-attributes', '--vault-name', value(spec.vaultName), '--name', value(spec.secretName)];
  if (spec.version) {
    words.push('--version', value(spec.version));
  }
  words.push('--enabled', 'true');

  const script = renderScript([{ command: words }]);
  const result: Omit<RenderedFix, 'title'> = { az: script.az, powershell: script.powershell };
  const notes: (string | undefined)[] = [
    script.powershellWarning,
    'az calls the vault itself here: the person running it needs permission to update secrets (Key Vault Secrets Officer, or an access policy with set), and network access to the vault.',
  ];

  if (spec.vaultId && !spec.version) {
    result.arm = [
      {
        method: 'PATCH',
        path: `${spec.vaultId}/secrets/${spec.secretName}`,
        apiVersion: KEY_VAULT_API_VERSION,
        body: { properties: { attributes: { enabled: true } } },
        description: `Enable the current version of the secret ${spec.secretName} in ${spec.vaultName}.`,
      },
    ];
  }

  return withNotes(result, notes);
}

/**
 * Renders `az keyvault key set-attributes --ops`. There is no ARM request: Resource Manager's key
 * resource creates keys but does not update a key's permitted operations, so only the data-plane
 * command applies it.
 */
export function renderKeyOperationsUpdate(spec: KeyOperationsSpec): Omit<RenderedFix, 'title'> {
  const words: Word[] = ['az', 'keyvault', 'key', 'set-attributes', '--vault-name', value(spec.vaultName), '--name', value(spec.keyName), '--ops', ...spec.keyOps.map(value)];
  const script = renderScript([{ command: words }]);
  const notes: (string | undefined)[] = [
    script.powershellWarning,
    'az calls the vault itself here: the person running it needs permission to update keys (Key Vault Crypto Officer, or an access policy with update), and network access to the vault. The list replaces the current one.',
  ];

  return withNotes({ az: script.az, powershell: script.powershell }, notes);
}
