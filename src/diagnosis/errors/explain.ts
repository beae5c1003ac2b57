/**
 * Explains a parsed error in plain words: what it means, who the caller really was, and what to
 * check next. Used by `kv-doctor explain` and the extension's "Explain error" command.
 */
import type { ErrorKind, ParsedError } from '../observedError';
import { firstPartyClient } from './firstPartyClients';

export interface ExplainedCaller {
  /** `oid`: the principal (object) id, which role assignments and access policies name. */
  objectId?: string;
  /** `appid`: the client (application) id, which token requests and workload settings name. */
  clientId?: string;
  tenantId?: string;
  /** `xms_mirid`: the managed identity's resource id. */
  managedIdentityResourceId?: string;
  /** `xms_az_rid`: the Azure resource (VM, scale set, app) that requested the token. */
  azureResourceId?: string;
  groupCount?: number;
  /** One paragraph naming the caller, for display. */
  summary: string;
}

export interface Explanation {
  kind: ErrorKind;
  headline: string;
  meaning: string;
  caller?: ExplainedCaller;
  nextSteps: string[];
}

function lastSegment(id: string): string {
  return id.split('/').filter((part) => part.length > 0).pop() ?? id;
}

function explainCaller(parsed: ParsedError): ExplainedCaller | undefined {
  const caller = parsed.caller;
  if (!caller) {
    return undefined;
  }

  const parts: string[] = [];
  if (caller.managedIdentityResourceId) {
    const name = lastSegment(caller.managedIdentityResourceId);
    const node = /\/resourcegroups\/mc_/i.test(caller.managedIdentityResourceId) ? " It lives in the cluster's node resource group, so it is most likely the AKS kubelet (node pool) or add-on identity, not the workload's own identity." : '';
    parts.push(`The token came from the managed identity ${name}.${node}`);
  }
  const tool = firstPartyClient(caller.appId);
  if (tool) {
    parts.push(
      `The client (application) id ${caller.appId} is ${tool.name}, a Microsoft application: a user signed in through ${tool.signIn} made the request, not a workload.` +
        (caller.objectId ? ` The principal (object) id ${caller.objectId} is that user's: role assignments and access policies must name the user or a group the user is in.` : ''),
    );
  } else {
    if (caller.objectId) parts.push(`Its principal (object) id is ${caller.objectId}: role assignments and access policies must name this id.`);
    if (caller.appId) parts.push(`Its client (application) id is ${caller.appId}: this is what the workload's configuration must name.`);
  }
  if (caller.tenantId) parts.push(`The token was issued by tenant ${caller.tenantId}.`);
  if (caller.azureResourceId) parts.push(`The request came from the Azure resource ${lastSegment(caller.azureResourceId)}.`);
  if (caller.numGroups !== undefined) parts.push(`The token carried ${caller.numGroups} group claim(s).`);

  const explained: ExplainedCaller = { summary: parts.join(' ') };
  if (caller.objectId) explained.objectId = caller.objectId;
  if (caller.appId) explained.clientId = caller.appId;
  if (caller.tenantId) explained.tenantId = caller.tenantId;
  if (caller.managedIdentityResourceId) explained.managedIdentityResourceId = caller.managedIdentityResourceId;
  if (caller.azureResourceId) explained.azureResourceId = caller.azureResourceId;
  if (caller.numGroups !== undefined) explained.groupCount = caller.numGroups;
  return explained;
}

const COMPARE_CALLER = 'Compare the caller ids above with the identity you expected: a different oid means the workload runs as another identity (often the node identity through IMDS).';

type Text = Pick<Explanation, 'headline' | 'meaning' | 'nextSteps'>;

function forbiddenByRbac(parsed: ParsedError): Text {
  const where = parsed.resource ? ` on ${parsed.resource}` : '';
  return {
    headline: 'Azure RBAC denied the request',
    meaning:
      `The vault uses Azure RBAC, and no role assignment gives the caller the data action ${parsed.action ?? '(not shown)'}${where}.` +
      (parsed.decisionReason ? ` Key Vault's decision reason: ${parsed.decisionReason}.` : '') +
      (parsed.denyAssignmentId ? ` A deny assignment applies: ${parsed.denyAssignmentId}.` : ''),
    nextSteps: [
      COMPARE_CALLER,
      'List the role assignments of that principal id at the vault and above; roles such as Reader or Contributor grant only control-plane actions, never data actions.',
      'Check that the role includes the data action (Key Vault Secrets User for secret values, Crypto User for key operations) and that its scope covers the object; a list needs the role at vault scope.',
      'A role assigned in the last minutes, or through a group joined recently, may not be effective yet.',
    ],
  };
}

function accessPolicyDenied(parsed: ParsedError): Text {
  const permission = parsed.permission ? `${parsed.permission.collection} ${parsed.permission.name}` : 'the needed permission';
  return {
    headline: 'The vault access policies deny the request',
    meaning: `The vault uses access policies (not Azure RBAC), and no access policy entry for the caller's object id grants ${permission}. Role assignments are ignored on such a vault.`,
    nextSteps: [
      COMPARE_CALLER,
      "Find the access policy entry whose objectId is the caller's oid; an entry holding the client id, or the app registration's object id, never matches.",
      `Add ${permission} to that entry; a client that lists before reading needs list as well as get.`,
    ],
  };
}

const TEXTS: Record<ErrorKind, (parsed: ParsedError) => Text> = {
  'forbidden-by-rbac': forbiddenByRbac,
  'access-policy-denied': accessPolicyDenied,
  'obo-required': () => ({
    headline: 'The access policy is a compound identity entry',
    meaning: "The caller's only access policy entry has an applicationId, which admits the caller only when it acts on behalf of that application (the on-behalf-of flow). A plain app or managed identity token does not match it.",
    nextSteps: ['Add an access policy entry with only the objectId (no applicationId), then remove the compound entry.'],
  }),
  'forbidden-by-firewall': (parsed) => ({
    headline: 'The vault firewall rejected the request',
    meaning: `The vault's firewall denies by default, and the client address ${parsed.clientAddress ?? '(not shown)'} is in no IP rule, its subnet is in no virtual network rule, and the caller is not a trusted Microsoft service. Authorization was not evaluated.`,
    nextSteps: [
      'Allow the address shown (for AKS, the cluster outbound address) or the caller subnet with the Microsoft.KeyVault service endpoint.',
      'If the vault has a private endpoint, the caller did not resolve the vault to it: check the privatelink.vaultcore.azure.net zone and its link to the caller network.',
      'bypass AzureServices does not admit AKS, App Service application code, Container Apps or CI runners.',
    ],
  }),
  'forbidden-by-connection': (parsed) => ({
    headline: 'Public network access is disabled',
    meaning:
      'The vault accepts only private endpoint traffic (and trusted services), and this request came neither through an approved private endpoint nor from a trusted service.' +
      (/bypass is not set to 'AzureServices'/i.test(parsed.message) ? ' Trusted services are refused too, because bypass is not AzureServices.' : '') +
      ' Firewall rules are ignored while public access is disabled.',
    nextSteps: [
      "Make sure the caller's virtual network (or a peered one) has a private endpoint of the vault with status Approved.",
      'Check that privatelink.vaultcore.azure.net is linked to the caller network and has an A record with the bare vault name pointing at the endpoint address.',
      'Callers outside any virtual network (laptops, hosted CI runners) cannot reach such a vault.',
    ],
  }),
  'secret-disabled': (parsed) => ({
    headline: 'The secret is disabled',
    meaning: `The caller is authorized, but the secret (or the version requested) is disabled, so operation ${parsed.operation ?? 'get'} is refused. Tools that read every secret stop at the first disabled one.`,
    nextSteps: ['Enable the secret version, or make the client skip disabled secrets.'],
  }),
  'operation-not-allowed': (parsed) => ({
    headline: "The key does not permit this operation",
    meaning: `The caller is authorized, but the key's permitted operations (key_ops) exclude ${parsed.operation ?? 'the requested operation'}.`,
    nextSteps: ["Check the key's permitted operations (az keyvault key show --query key.keyOps) and create a key version that allows the operation."],
  }),
  'invalid-issuer': (parsed) => ({
    headline: 'The token comes from another tenant than the vault',
    meaning: `Key Vault accepts tokens only from the tenant in its properties.tenantId (${parsed.expectedIssuers?.join(', ') ?? parsed.challengeTenantId ?? 'not shown'}), but this token was issued by ${parsed.foundIssuer ?? 'another tenant'}.`,
    nextSteps: [
      "If the vault's tenantId was hard-coded or the subscription moved to another tenant, set the vault's tenantId to the tenant that owns the identities (and re-create access policies).",
      'If the caller is a user or pipeline in several tenants, request the token from the vault tenant.',
    ],
  }),
  'federated-credential-no-match': (parsed) => ({
    headline: 'No federated credential matches the workload token',
    meaning:
      `Entra ID refused to exchange the Kubernetes token: no federated credential of the identity has exactly issuer "${parsed.assertion?.issuer ?? '?'}", subject "${parsed.assertion?.subject ?? '?'}" and audience "${parsed.assertion?.audience ?? 'api://AzureADTokenExchange'}". ` +
      'The comparison is exact and case-sensitive; a missing trailing "/" on the issuer is enough.',
    nextSteps: [
      "Compare the identity's federated credentials (az identity federated-credential list) with the values above, character by character.",
      "The issuer must be the cluster's oidcIssuerProfile.issuerURL; the subject must be system:serviceaccount:<namespace>:<service account> of the account that requests the token.",
      'External Secrets without serviceAccountRef requests the token for its own controller service account.',
    ],
  }),
  'application-not-found': (parsed) => ({
    headline: 'The client id does not exist in the tenant',
    meaning: `Entra ID found no application with id ${parsed.applicationId ?? '(not shown)'} in the directory ${parsed.directoryTenant ?? '(not shown)'}.`,
    nextSteps: [
      'Check the client id in the service account annotation, the SecretProviderClass clientID or AZURE_CLIENT_ID: it must be the client id, not the principal id.',
      'Check the tenant id the workload uses (azure.workload.identity/tenant-id, tenantID, AZURE_TENANT_ID).',
    ],
  }),
  'imds-identity-not-found': () => ({
    headline: 'The node has no identity with that client id',
    meaning: 'IMDS on the node was asked for a managed identity that is not attached to the VM or node pool.',
    nextSteps: [
      'For the CSI driver: a workload identity belongs in clientID, not in userAssignedIdentityID with useVMManagedIdentity.',
      'Otherwise attach the identity to the node pool or use the kubelet identity client id.',
    ],
  }),
  'imds-multiple-identities': () => ({
    headline: 'The SDK fell back to the node identity',
    meaning: 'No client id reached IMDS, and the node has several managed identities, so IMDS cannot choose. This usually means workload identity did not apply to the pod.',
    nextSteps: [
      'Put the label azure.workload.identity/use: "true" on the pod template (not on the Deployment metadata) and restart the pods.',
      'Check that the service account has the azure.workload.identity/client-id annotation.',
    ],
  }),
  unrecognised: () => ({
    headline: 'The error was not recognized',
    meaning: 'The text matches no known Key Vault, Entra ID or IMDS error.',
    nextSteps: ['Paste the whole response body, including the inner error code, or the full SDK exception text.'],
  }),
};

/** Explains a parsed error; every kind gets a headline, a meaning and at least one next step. */
export function explainError(parsed: ParsedError): Explanation {
  const text = TEXTS[parsed.kind](parsed);
  const explanation: Explanation = { kind: parsed.kind, ...text };
  const caller = explainCaller(parsed);
  if (caller) explanation.caller = caller;
  return explanation;
}
