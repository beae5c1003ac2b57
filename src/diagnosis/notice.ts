/**
 * A notice for the top of a report when one condition explains the whole diagnosis, so the user
 * does not have to find it among the unknown checks it causes.
 */
import type { AccessFacts } from './facts';

/** Returns the notice for a vault id that names no vault (Resource Manager returned 404), or undefined. */
export function noticeOf(facts: AccessFacts): string | undefined {
  const gap = facts.gaps.find((candidate) => candidate.fact === 'vault' && candidate.status === 404);
  if (!gap || facts.vault) {
    return undefined;
  }
  return (
    `The vault ${facts.request.vaultId} was not found (404${gap.code ? ` ${gap.code}` : ''}). ` +
    'Check the subscription id, the resource group and the vault name for a typo (`az keyvault list --query "[].id"` lists the vaults the account can see), ' +
    'that the signed-in account can read that subscription, and whether the vault was deleted (`az keyvault list-deleted` lists soft-deleted vaults). ' +
    'Every check that needs the vault is unknown until then.'
  );
}
