/**
 * The terminal form of `kv-doctor explain`: what the error means, the caller the service saw
 * (comparing it with the intended identity settles most cases), every field the error names,
 * and what to check next.
 */
import type { Explanation } from '../diagnosis/errors/explain';
import type { ParsedError } from '../diagnosis/observedError';
import { showInvisibleCharacters } from '../fixes/quote';
import { wrapParagraph as paragraph } from '../report/wrap';

/** Formats the explanation and the parsed error, printing every value from the paste with invisible characters made visible. */
export function formatExplanationText(explanation: Explanation, parsed: ParsedError): string {
  const lines: string[] = [];
  const add = (label: string, field: unknown): void => {
    if (field !== undefined && field !== null && field !== '') {
      lines.push(`  ${label.padEnd(26)}${showInvisibleCharacters(String(field))}`);
    }
  };

  lines.push(showInvisibleCharacters(explanation.headline), `Error: ${describeStatus(parsed)}`);
  lines.push('', 'What it means:', ...paragraph(explanation.meaning));

  const caller = parsed.caller;
  if (caller && Object.values(caller).some((field) => field !== undefined)) {
    lines.push('', 'Who really called (as the service saw it):');
    if (explanation.caller?.summary) {
      lines.push(...paragraph(explanation.caller.summary), '');
    }
    add('Client (application) id', caller.appId);
    add('Object (principal) id', caller.objectId);
    add('Tenant', caller.tenantId);
    add('Token issuer', caller.issuer);
    add('Managed identity', caller.managedIdentityResourceId);
    add('Requesting resource', caller.azureResourceId);
    add('Group claims in token', caller.numGroups);
  } else {
    lines.push('', 'The error does not name the caller.');
  }

  const detailsStart = lines.length;
  add('Refused data action', parsed.action);
  add('Resource', parsed.resource);
  add('Assignment', parsed.assignment);
  add('Deny assignment', parsed.denyAssignmentId);
  add('Decision reason', parsed.decisionReason);
  add('Vault', parsed.vaultName);
  add('Region', parsed.location);
  add('Client address', parsed.clientAddress);
  add('Missing permission', parsed.permission ? `${parsed.permission.collection} ${parsed.permission.name}` : undefined);
  add('Operation', parsed.operation);
  add('Tenants the vault accepts', parsed.expectedIssuers?.join(', '));
  add('Token issuer found', parsed.foundIssuer);
  add("Vault's tenant (challenge)", parsed.challengeTenantId);
  add('Assertion issuer', parsed.assertion?.issuer);
  add('Assertion subject', parsed.assertion?.subject);
  add('Assertion audience', parsed.assertion?.audience);
  add('Application not found', parsed.applicationId);
  add('Directory (tenant)', parsed.directoryTenant);
  add('CSI object', parsed.csiObject ? `${parsed.csiObject.objectType}/${parsed.csiObject.objectName}` : undefined);
  if (lines.length > detailsStart) {
    lines.splice(detailsStart, 0, '', 'Details:');
  }

  if (explanation.nextSteps.length > 0) {
    lines.push('', 'What to check next:');
    explanation.nextSteps.forEach((step, index) => lines.push(...paragraph(step, `  ${index + 1}. `)));
  }

  return `${lines.join('\n')}\n`;
}

function describeStatus(parsed: ParsedError): string {
  const parts = [
    parsed.status === undefined ? undefined : String(parsed.status),
    parsed.code,
    parsed.innerCode,
    parsed.aadstsCode === undefined ? undefined : `AADSTS${parsed.aadstsCode}`,
  ].filter((part): part is string => part !== undefined);
  const codes = parts.length > 0 ? `, ${parts.map(showInvisibleCharacters).join(' ')}` : '';
  return `${parsed.kind}${codes}`;
}
