/**
 * The Markdown page of "Explain a Pasted Error": the plain-words explanation, then every field
 * read from the error. No `vscode` import.
 */
import type { ParsedError } from '../diagnosis/observedError';
import { escapeMarkdown } from '../report/markdown';

/** The explanation part, as the engine's error explainer returns it. */
export interface ExplanationView {
  headline: string;
  meaning: string;
  caller?: { summary: string };
  nextSteps: string[];
}

function row(name: string, value: string | number | undefined | null): string[] {
  return value === undefined || value === null || value === '' ? [] : [`| ${name} | ${escapeMarkdown(String(value))} |`];
}

export function explanationMarkdown(parsed: ParsedError, explanation: ExplanationView | undefined): string {
  const lines: string[] = [];
  if (explanation) {
    lines.push(`# ${escapeMarkdown(explanation.headline)}`, '', escapeMarkdown(explanation.meaning), '');
    if (explanation.caller?.summary) {
      lines.push('## Who called', '', escapeMarkdown(explanation.caller.summary), '');
    }
    if (explanation.nextSteps.length > 0) {
      lines.push('## Next steps', '', ...explanation.nextSteps.map((step) => `- ${escapeMarkdown(step)}`), '');
    }
  } else {
    lines.push(`# ${escapeMarkdown(parsed.kind)}`, '');
  }

  const caller = parsed.caller;
  const fields = [
    ...row('Kind', parsed.kind),
    ...row('HTTP status', parsed.status),
    ...row('Error code', parsed.code),
    ...row('Inner error code', parsed.innerCode),
    ...row('AADSTS code', parsed.aadstsCode),
    ...row('Caller object (principal) ID', caller?.objectId),
    ...row('Caller application (client) ID', caller?.appId),
    ...row('Caller tenant', caller?.tenantId),
    ...row('Token issuer', caller?.issuer),
    ...row('Managed identity resource', caller?.managedIdentityResourceId),
    ...row('Refused data action', parsed.action),
    ...row('Resource', parsed.resource),
    ...row('Vault', parsed.vaultName),
    ...row('Client address', parsed.clientAddress),
    ...row('Missing access policy permission', parsed.permission ? `${parsed.permission.collection}/${parsed.permission.name}` : undefined),
    ...row('Expected issuers', parsed.expectedIssuers?.join(', ')),
    ...row('Found issuer', parsed.foundIssuer),
    ...row('Application not found', parsed.applicationId),
  ];
  if (fields.length > 0) {
    lines.push('## Read from the error', '', '| Field | Value |', '| --- | --- |', ...fields, '');
  }
  return lines.join('\n');
}
