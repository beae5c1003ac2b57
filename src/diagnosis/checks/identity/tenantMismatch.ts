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
  return [
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
}

export function checkTenantMismatch(context: CheckContext): Finding[] {
  const vault = context.facts.vault;
  const error = context.error;
  const caller = callerTenant(context);
  const vaultTenant = vault?.tenantId ?? (error?.expectedIssuers?.[0] ? tenantOfIssuer(error.expectedIssuers[0]) : undefined) ?? error?.challengeTenantId;

  if (error?.kind === 'invalid-issuer') {
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
        detail: `The vault's tenantId ${vault.tenantId} matches ${caller.source}.`,
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
