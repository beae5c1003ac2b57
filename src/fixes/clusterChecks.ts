/**
 * `kubectl exec` commands for the in-cluster checks of a finding: how the pod resolves the vault,
 * which workload identity variables it has, whether its token file exists, and the address Key
 * Vault reports. None prints a token or a secret value, and none requests a Key Vault token: the
 * vault's `/healthstatus` endpoint answers without one.
 */
import type { VerifySpec } from '../diagnosis/finding';
import { value, type Word } from './commandLine';
import { quoteBash, quotePowerShell } from './quote';
import type { RenderedCommand } from './types';

/** Path of the projected service account token that the Azure Workload Identity webhook mounts (its AZURE_FEDERATED_TOKEN_FILE). */
export const WORKLOAD_IDENTITY_TOKEN_FILE = '/var/run/secrets/azure/tokens/azure-identity-token';

/** A read-only command with what its output should show. */
export interface RenderedCheck extends RenderedCommand {
  /** Expected output when the finding's cause is ruled out, and the meaning of any other output. */
  expect: string;
  note?: string;
}

/**
 * Returns the start of every command. `--` goes through `value()` so PowerShell receives it
 * quoted (`'--'`). Unquoted, PowerShell takes it as its own end-of-parameters marker when the
 * command is a function or script rather than kubectl.exe.
 */
function execWords(namespace: string, target: string): Word[] {
  return ['kubectl', 'exec', '--namespace', value(namespace), value(target), value('--')];
}

function placeholderNote(namespace: string, target: string): string | undefined {
  return /[<>]/.test(namespace) || /[<>]/.test(target)
    ? 'Replace the values in angle brackets with the namespace and the deployment (or pod) that calls Key Vault: no manifest in the workspace names it.'
    : undefined;
}

/** Windows PowerShell 5.1 passes an embedded double quote to kubectl.exe without escaping it. */
function powerShellNote(values: string[]): string | undefined {
  return values.some((text) => text.includes('"'))
    ? 'PowerShell on Windows: a value contains a double quote, which Windows PowerShell 5.1 passes to native programs without escaping. Run the bash form.'
    : undefined;
}

/** Renders the words on one line: the command inside the pod follows `--`, where a line break would only hurt. */
function oneLine(words: Word[], quote: (text: string) => string): string {
  return words.map((word) => (typeof word === 'string' ? word : quote(word.value))).join(' ');
}

function rendered(title: string, words: Word[], expect: string, notes: (string | undefined)[]): RenderedCheck {
  const check: RenderedCheck = { title, az: oneLine(words, quoteBash), powershell: oneLine(words, quotePowerShell), expect };
  const present = notes.filter((note): note is string => note !== undefined);
  if (present.length > 0) {
    check.note = present.join(' ');
  }
  return check;
}

function addressExpectation(addresses: string[]): string {
  return addresses.length > 0
    ? `the private endpoint address ${addresses.join(' or ')}`
    : 'the address your network should use (no private endpoint of this vault is known, so a public Key Vault address is expected)';
}

/** Renders one in-cluster check for bash and PowerShell, with every name quoted for each shell. */
export function renderClusterCheck(spec: VerifySpec): RenderedCheck {
  const base = execWords(spec.namespace, spec.target);
  const notes = [placeholderNote(spec.namespace, spec.target), powerShellNote([spec.namespace, spec.target])];

  switch (spec.kind) {
    case 'resolve-vault-host':
      return rendered(
        `Resolve ${spec.vaultHost} from inside the pod`,
        [...base, 'nslookup', value(spec.vaultHost)],
        `The answer should be ${addressExpectation(spec.expectedAddresses)}. A public address means the pod's DNS does not use the private DNS zone.`,
        [...notes, 'If the image has no nslookup, run the same with getent hosts instead.'],
      );
    case 'workload-identity-environment':
      return rendered(
        'Show the workload identity variables the webhook injected',
        [...base, 'printenv', 'AZURE_CLIENT_ID', 'AZURE_TENANT_ID', 'AZURE_FEDERATED_TOKEN_FILE', 'AZURE_AUTHORITY_HOST'],
        `Four lines: AZURE_CLIENT_ID ${spec.expectedClientId ? `should be ${spec.expectedClientId}` : "should be the diagnosed identity's client id"}, ` +
          `AZURE_TENANT_ID ${spec.expectedTenantId ? `should be ${spec.expectedTenantId}` : "should be the vault's tenant"}, then the token file path and the authority host. ` +
          'No output means the webhook did not inject them: the pod lacks the label azure.workload.identity/use: "true" or was created before it was added, so the SDK falls back to the node identity.',
        notes,
      );
    case 'workload-identity-token-file':
      return rendered(
        'Check that the projected token file exists',
        [...base, 'ls', '-l', WORKLOAD_IDENTITY_TOKEN_FILE],
        'One line with the file size and time: the token is mounted. "No such file or directory" means the webhook did not mutate the pod. ls shows the file, never its content.',
        notes,
      );
    case 'vault-network-info':
      return rendered(
        'Show the client address Key Vault sees',
        [...base, 'curl', '--silent', '--show-error', '--output', '/dev/null', '--dump-header', value('-'), value(`https://${spec.vaultHost}/healthstatus`)],
        `The header x-ms-keyvault-network-info: addr=... is the address Key Vault sees; it should be ${addressExpectation(spec.expectedAddresses)} when the private endpoint is used, and an address your firewall rules allow otherwise.`,
        [...notes, 'The health endpoint needs no token. If the image has no curl, run the same with wget -S -O /dev/null instead.'],
      );
  }
}

/** Renders every in-cluster check of a finding, or an empty list when it has none. */
export function renderClusterChecks(specs: readonly VerifySpec[] | undefined): RenderedCheck[] {
  return (specs ?? []).map(renderClusterCheck);
}
