/**
 * Decides the error kind from the inner code, the AADSTS number and the message wording.
 *
 * Order follows where the error comes from: token acquisition (Entra ID, IMDS) first, then Key
 * Vault's 401, then Key Vault's 403 by inner code, then by wording when no inner code was pasted.
 * When the inner code and the wording disagree, the inner code wins, because Key Vault sets it
 * from the permission model it evaluated.
 */
import type { ErrorKind } from '../observedError';

const FEDERATED_CREDENTIAL_CODES = new Set(['70021', '700211', '700213', '7002138']);

const OBO = /on-behalf-of \(OBO\) flow/i;
const ACCESS_POLICY = /does not have (?:keys|secrets|certificates) \w+ permission|not found on any access policy/i;
const OPERATION_NOT_ALLOWED = /Operation is not allowed/i;

function classifyByInnerCode(innerCode: string, text: string): ErrorKind | undefined {
  switch (innerCode.toLowerCase()) {
    case 'forbiddenbyrbac':
      return 'forbidden-by-rbac';
    case 'forbiddenbyfirewall':
      return 'forbidden-by-firewall';
    case 'forbiddenbyconnection':
      return 'forbidden-by-connection';
    case 'secretdisabled':
      return 'secret-disabled';
    case 'accessdenied':
      return OBO.test(text) ? 'obo-required' : 'access-policy-denied';
    case 'forbiddenbypolicy':
      if (OBO.test(text)) return 'obo-required';
      if (OPERATION_NOT_ALLOWED.test(text)) return 'operation-not-allowed';
      return 'access-policy-denied';
    default:
      return undefined;
  }
}

function classifyByWording(text: string): ErrorKind | undefined {
  if (/Caller is not authorized to perform action on resource/i.test(text)) return 'forbidden-by-rbac';
  if (OBO.test(text)) return 'obo-required';
  if (ACCESS_POLICY.test(text)) return 'access-policy-denied';
  if (/Client address is not authorized and caller is not a trusted service/i.test(text)) return 'forbidden-by-firewall';
  if (/Public network access is disabled and request is not from a trusted service/i.test(text)) return 'forbidden-by-connection';
  if (/Connection is not an approved private link/i.test(text)) return 'forbidden-by-connection';
  if (/is not allowed on a disabled secret/i.test(text)) return 'secret-disabled';
  if (OPERATION_NOT_ALLOWED.test(text)) return 'operation-not-allowed';
  return undefined;
}

/** Returns the kind of a normalised error text; `unrecognised` when nothing matches. */
export function classify(text: string, innerCode: string | undefined, aadstsCode: string | undefined): ErrorKind {
  if (aadstsCode !== undefined) {
    if (FEDERATED_CREDENTIAL_CODES.has(aadstsCode)) return 'federated-credential-no-match';
    if (aadstsCode === '700016') return 'application-not-found';
  }

  if (/Multiple user assigned identities exist/i.test(text)) return 'imds-multiple-identities';
  if (/AKV10032/.test(text)) return 'invalid-issuer';

  const byCode = innerCode === undefined ? undefined : classifyByInnerCode(innerCode, text);
  if (byCode !== undefined) return byCode;

  // IMDS returns 400 {"error":"invalid_request","error_description":"Identity not found"}.
  if (/\bIdentity not found\b/i.test(text)) return 'imds-identity-not-found';

  return classifyByWording(text) ?? 'unrecognised';
}
