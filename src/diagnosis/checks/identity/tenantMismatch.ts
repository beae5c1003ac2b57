/**
 * tenant-mismatch: Key Vault accepts tokens only from the tenant in its `properties.tenantId`
 * and returns 401 AKV10032 for any other. The fix moves the vault to the caller's tenant; an
 * access-policy vault also loses its old entries, which name objects of the old tenant.
 */
import type { Finding, Fix } from '../../finding';
import type { CheckContext } from '../../context';
import { tenantOfIssuer } from '../../errors/fields';
import { identityFinding, sameId } from './findings';

/** Finds the tenant of the caller's token, from the most direct evidence first. */
function callerTenant(context: CheckContext): { tenantId: string; source: string } | undefined {
  const error = context.error;
  const found = error?.foundIssuer ? tenantOfIssuer(error.foundIssuer) : undefined;
  if (found) return { tenantId: found, source: `the token's issuer ${error?.foundIssuer}` };
  if (error?.caller?.tenantId) return { tenantId: error.caller.tenantId, source: 'the caller in the pasted error' };
  if (context.facts.caller.tenantId) return { tenantId: context.facts.caller.tenantId, source: "the identity's tenant" };
  return undefined;
}

function tenantFix(context: CheckContext, tenantId: string): Fix[] {
  const vault = context.facts.vault;
  if (!vault) return [];

  // Access policy vaults (enableRbacAuthorization false or absent) keep entries of the old tenant.
  const accessPolicyVault = vault.enableRbacAuthorization !== true;
  const fixes: Fix[] = [
    {
      title: `Set the vault's tenant to ${tenantId}`,
      spec: { kind: 'vault-update', vaultId: vault.id, tenantId, ...(accessPolicyVault ? { removeAccessPolicies: true } : {}) },
      note:
        'Only when the vault belongs to this tenant (its tenantId was hard-coded or the subscription moved tenants). ' +
        (accessPolicyVault
          ? 'The existing access policies name objects of the old tenant and are removed; add them again for this tenant afterwards.'
          : 'Role assignments from the old tenant do not carry over; recreate them after the move.'),
    },
  ];

  // Removing the old entries leaves the caller without any; grant what the operations need in the same change.
  const principalId = context.facts.caller.principalId;
  if (accessPolicyVault && principalId) fixes.push(callerPolicyFix(context, vault.id, principalId, tenantId));
  return fixes;
}

/** Builds the access policy entry the caller needs once the vault is in its tenant. */
function callerPolicyFix(context: CheckContext, vaultId: string, principalId: string, tenantId: string): Fix {
  const permissions: Record<'secrets' | 'keys' | 'certificates', string[]> = { secrets: [], keys: [], certificates: [] };
  for (const operation of context.operations) {
    const list = permissions[operation.collection];
    if (!list.includes(operation.policyPermission)) list.push(operation.policyPermission);
  }

  return {
    title: `Then give the caller ${principalId} an access policy entry in the new tenant`,
    spec: {
      kind: 'access-policy-set',
      vaultId,
      objectId: principalId,
      tenantId,
      ...(permissions.secrets.length > 0 ? { secrets: permissions.secrets } : {}),
      ...(permissions.keys.length > 0 ? { keys: permissions.keys } : {}),
      ...(permissions.certificates.length > 0 ? { certificates: permissions.certificates } : {}),
    },
    note: 'Run after the tenant change: the change removes every entry of the old tenant.',
  };
}

export function checkTenantMismatch(context: CheckContext): Finding[] {
  const vault = context.facts.vault;
  const error = context.error;
  const caller = callerTenant(context);
  const vaultTenant = vault?.tenantId ?? (error?.expectedIssuers?.[0] ? tenantOfIssuer(error.expectedIssuers[0]) : undefined) ?? error?.challengeTenantId;

  // A 401 pasted before the vault's tenant was corrected no longer describes the vault: trust ARM's current state.
  const errorPredatesFix =
    error?.kind === 'invalid-issuer' && vault !== undefined && caller !== undefined && sameId(vault.tenantId, caller.tenantId);

  if (error?.kind === 'invalid-issuer' && !errorPredatesFix) {
    const expected = error.expectedIssuers?.join(', ') ?? (vaultTenant ? `the vault's tenant ${vaultTenant}` : "the vault's tenant");
    return [
      identityFinding({
        code: 'tenant-mismatch',
        severity: 'blocker',
        title: 'The token comes from another tenant than the vault',
        detail:
          `Key Vault returned 401 AKV10032: it accepts tokens issued by ${expected}, but the caller's token was issued by ${error.foundIssuer ?? 'another tenant'}. ` +
          (vault ? `The vault's properties.tenantId is ${vault.tenantId}.` : ''),
        evidence: [vault ? `${vault.id} properties.tenantId=${vault.tenantId}` : '', error.foundIssuer ? `found issuer ${error.foundIssuer}` : ''].filter(Boolean),
        fixes: caller ? tenantFix(context, caller.tenantId) : [],
      }),
    ];
  }

  if (!vault || !caller) {
    if (!vault && !caller) return [];
    return [
      identityFinding({
        code: 'tenant-mismatch',
        severity: 'unknown',
        title: "Cannot compare the vault's tenant with the caller's tenant",
        detail: vault ? "The caller's tenant is not known." : `The vault could not be read${context.gap('vault') ? `: ${context.gap('vault')?.error}` : ''}.`,
        missing: [vault ? 'caller' : 'vault'],
      }),
    ];
  }

  if (sameId(vault.tenantId, caller.tenantId)) {
    return [
      identityFinding({
        code: 'tenant-mismatch',
        severity: 'ok',
        title: "The vault's tenant is the caller's tenant",
        detail:
          `The vault's tenantId ${vault.tenantId} matches ${caller.source}.` +
          (errorPredatesFix ? ' The pasted 401 AKV10032 names another tenant, so it was returned before the vault changed tenant.' : ''),
        evidence: [`${vault.id} properties.tenantId=${vault.tenantId}`],
      }),
    ];
  }

  return [
    identityFinding({
      code: 'tenant-mismatch',
      severity: 'blocker',
      title: "The vault's tenant is not the caller's tenant",
      detail: `The vault accepts tokens only from tenant ${vault.tenantId}, but ${caller.source} places the caller in tenant ${caller.tenantId}, so Key Vault returns 401 AKV10032.`,
      evidence: [`${vault.id} properties.tenantId=${vault.tenantId}`],
      fixes: tenantFix(context, caller.tenantId),
    }),
  ];
}
