/**
 * wi-client-id-mismatch: the client id the workload sends (ServiceAccount annotation,
 * SecretProviderClass `clientID`, `AZURE_CLIENT_ID`) must be the client id of the identity that
 * has the access. A principal (object) id there is a common slip: the two look alike, but
 * token requests take the client id and role assignments take the principal id.
 */
import type { CheckContext } from '../../context';
import type { Finding, Fix } from '../../finding';
import type { FieldRef } from '../../workload';
import { replaceValueFix } from './edits';
import { identityFinding, isGuid, sameId } from './findings';
import { describeCaller, whoIs, whoseObjectId } from './knownIdentities';
import type { ClientIdSetting, Requester, WorkloadView } from './workload';

function settingFixes(setting: ClientIdSetting, clientId: string): Fix[] {
  const fixes = [replaceValueFix(`Set ${setting.label} to ${clientId}`, setting.file, setting.field, clientId)];
  const account = setting.serviceAccount;
  if (account && setting.field === account.clientId) {
    fixes.push({
      title: `Annotate ServiceAccount ${account.namespace}/${account.name} with client id ${clientId}`,
      spec: { kind: 'kubectl-annotate-service-account', namespace: account.namespace, name: account.name, clientId },
      note: 'Restart the pods that use this service account: the webhook injects AZURE_CLIENT_ID only when a pod starts.',
    });
  }
  return fixes;
}

function checkSetting(context: CheckContext, setting: ClientIdSetting): Finding {
  const caller = context.facts.caller;
  const value = setting.field.value ?? '';
  const evidence = [`${setting.file}:${setting.field.range[0] + 1}`];

  if (sameId(value, caller.clientId)) {
    return identityFinding({
      code: 'wi-client-id-mismatch',
      severity: 'ok',
      title: `${setting.label} is the diagnosed identity's client id`,
      detail: `${setting.label} is ${value}, the client id of ${describeCaller(context.facts)}.`,
      evidence,
    });
  }

  if (!caller.clientId) {
    return identityFinding({
      code: 'wi-client-id-mismatch',
      severity: 'unknown',
      title: `Cannot check ${setting.label}`,
      detail: `${setting.label} is ${value}, but the diagnosed identity's client id is not known.`,
      evidence,
      missing: ['caller'],
    });
  }

  const error = context.error;
  const principalOwner = sameId(value, caller.principalId) ? undefined : whoseObjectId(context.facts, value);
  let reason: string;
  if (sameId(value, caller.principalId)) {
    reason = `${value} is the principal (object) id of the diagnosed identity, not its client id ${caller.clientId}.`;
  } else if (principalOwner) {
    reason = `${value} is the principal (object) id of ${principalOwner.label}, not a client id.`;
  } else if (!isGuid(value)) {
    reason = `"${value}" is not a client id (a GUID); a placeholder or template value was left in.`;
  } else {
    const owner = whoIs(context.facts, { clientId: value });
    const notFound = error?.kind === 'application-not-found' && sameId(error.applicationId, value);
    reason = owner
      ? `${value} is the client id of ${owner.label}, so the token is issued to that identity instead.`
      : notFound
        ? `Entra ID answered AADSTS700016: no application with client id ${value} exists in the tenant${error?.directoryTenant ? ` ${error.directoryTenant}` : ''}.`
        : `${value} belongs to no identity among the facts; the token, if any, is issued to that other application.`;
  }

  return identityFinding({
    code: 'wi-client-id-mismatch',
    severity: 'blocker',
    title: `${setting.label} does not name the diagnosed identity`,
    detail: `${reason} The diagnosed identity ${describeCaller(context.facts)} has client id ${caller.clientId}.`,
    evidence,
    fixes: settingFixes(setting, caller.clientId),
  });
}

/** A tenant id setting the token request uses: the service account annotation, `tenantID` or the store's `tenantId`. */
interface TenantSetting {
  file: string;
  field: FieldRef;
  label: string;
}

function tenantSettings(view: WorkloadView): TenantSetting[] {
  const settings = new Map<string, TenantSetting>();
  const add = (file: string, field: FieldRef | undefined, label: string): void => {
    if (field?.value) settings.set(`${file}:${field.range.join(',')}`, { file, field, label });
  };

  for (const requester of view.requesters) {
    const account = requester.serviceAccount;
    if (account && requester.kind !== 'csi') {
      add(account.source.file, account.tenantId, `the annotation azure.workload.identity/tenant-id of ServiceAccount ${account.namespace}/${account.name}`);
    }
    if (requester.providerClass) {
      add(requester.providerClass.source.file, requester.providerClass.tenantId, `tenantID of SecretProviderClass ${requester.providerClass.namespace}/${requester.providerClass.name}`);
    }
    if (requester.store) {
      add(requester.store.source.file, requester.store.tenantId, `tenantId of ${requester.store.kind} ${requester.store.name}`);
    }
  }
  return [...settings.values()];
}

/** Flags a tenant setting that names another tenant: the token request then fails with AADSTS700016 even with the right client id. */
function checkTenantSetting(context: CheckContext, setting: TenantSetting): Finding | undefined {
  // Not the vault's tenant: when the vault names the wrong tenant, the workload's setting is still right.
  const tenant = context.facts.caller.tenantId ?? context.error?.caller?.tenantId;
  const value = setting.field.value ?? '';
  if (!tenant || sameId(value, tenant) || !isGuid(value)) {
    return undefined;
  }
  return identityFinding({
    code: 'wi-client-id-mismatch',
    severity: 'blocker',
    title: `${setting.label} names another tenant`,
    detail: `The token is requested from tenant ${value}, but ${describeCaller(context.facts)} belongs to tenant ${tenant}, so Entra ID does not find the client id there (AADSTS700016).`,
    evidence: [`${setting.file}:${setting.field.range[0] + 1}`],
    fixes: [replaceValueFix(`Set ${setting.label} to ${tenant}`, setting.file, setting.field, tenant)],
  });
}

/** Checks every client id and tenant setting of the workload, and an AADSTS700016 no setting explains. */
export function checkClientIds(context: CheckContext, view: WorkloadView): Finding[] {
  const settings = new Map<string, ClientIdSetting>();
  for (const setting of [...view.requesters.map((requester: Requester) => requester.clientId), ...view.managedIdentitySettings]) {
    if (setting) settings.set(`${setting.file}:${setting.field.range.join(',')}`, setting);
  }
  const findings = [...settings.values()].map((setting) => checkSetting(context, setting));
  for (const setting of tenantSettings(view)) {
    const finding = checkTenantSetting(context, setting);
    if (finding) findings.push(finding);
  }

  const error = context.error;
  if (error?.kind === 'application-not-found' && !findings.some((finding) => finding.severity === 'blocker')) {
    findings.push(
      identityFinding({
        code: 'wi-client-id-mismatch',
        severity: 'blocker',
        title: `The client id ${error.applicationId ?? ''} does not exist in the tenant`.replace('  ', ' '),
        detail:
          `Entra ID answered AADSTS700016: application ${error.applicationId ?? '(not shown)'} was not found in the directory ${error.directoryTenant ?? ''}. ` +
          `The workload sends a client id that is not ${describeCaller(context.facts)}'s${context.facts.caller.clientId ? ` (${context.facts.caller.clientId})` : ''}, ` +
          'or asks the wrong tenant (check azure.workload.identity/tenant-id, tenantID or AZURE_TENANT_ID).',
        evidence: [`AADSTS700016 ${error.applicationId ?? ''}`.trim()],
      }),
    );
  }
  return findings;
}
