/**
 * The diagnostic setting that sends a vault's audit events to a Log Analytics workspace, so Key
 * Vault's own record of each refused request (caller, address, reason) can be read.
 */
import type { FixSpec } from '../diagnosis/finding';
import { parseResourceId } from './armId';
import { renderCommand, value } from './commandLine';
import { withNotes } from './notes';
import { jsonForFile, renderScript } from './script';
import type { RenderedFix } from './types';

type DiagnosticSettingSpec = Extract<FixSpec, { kind: 'diagnostic-setting-create' }>;

/** API version of Microsoft.Insights/diagnosticSettings used for writes. */
export const DIAGNOSTIC_SETTINGS_API_VERSION = '2021-05-01-preview';

/** Placeholder for the workspace when none is known. The note asks the user to replace it. */
export const WORKSPACE_PLACEHOLDER = '<log-analytics-workspace-resource-id>';

/** File the PowerShell form writes the log categories to, in the current directory. */
const LOGS_FILE = 'kv-doctor-logs.json';

/**
 * Renders `az monitor diagnostic-settings create` and, when the workspace is known, the PUT of the
 * diagnostic setting. Bash passes the categories as inline JSON; PowerShell writes them to a file
 * first, because Windows PowerShell and az.cmd strip the double quotes of a JSON argument.
 */
export function renderDiagnosticSettingCreate(spec: DiagnosticSettingSpec): Omit<RenderedFix, 'title'> {
  parseResourceId(spec.vaultId, 'Microsoft.KeyVault/vaults');
  if (spec.workspaceId !== undefined) {
    parseResourceId(spec.workspaceId, 'Microsoft.OperationalInsights/workspaces');
  }

  const workspace = spec.workspaceId ?? WORKSPACE_PLACEHOLDER;
  const logs = spec.categories.map((category) => ({ category, enabled: true }));
  const common = ['az', 'monitor', 'diagnostic-settings', 'create', '--name', value(spec.name), '--resource', value(spec.vaultId), '--workspace', value(workspace)];

  const bash = renderCommand([...common, '--logs', value(JSON.stringify(logs))], 'bash');
  const powershell = renderScript([
    { writeFile: { path: LOGS_FILE, content: jsonForFile(logs) } },
    { command: [...common, '--logs', value(`@${LOGS_FILE}`)] },
  ]);

  const rendered: Omit<RenderedFix, 'title'> = { az: bash, powershell: powershell.powershell };
  if (spec.workspaceId !== undefined) {
    rendered.arm = [
      {
        method: 'PUT',
        path: `${spec.vaultId}/providers/Microsoft.Insights/diagnosticSettings/${spec.name}`,
        apiVersion: DIAGNOSTIC_SETTINGS_API_VERSION,
        body: { properties: { workspaceId: spec.workspaceId, logs } },
        description: `Send the vault's ${spec.categories.join(', ')} logs to the Log Analytics workspace ${spec.workspaceId} (diagnostic setting ${spec.name}).`,
      },
    ];
  }

  return withNotes(rendered, [
    powershell.powershellWarning,
    spec.workspaceId === undefined
      ? `No Log Analytics workspace is known in the vault's subscription: replace ${WORKSPACE_PLACEHOLDER} with the resource id of the workspace that should keep the audit events.`
      : undefined,
    'Audit events reach the workspace a few minutes after each request; they cost Log Analytics ingestion.',
  ]);
}
