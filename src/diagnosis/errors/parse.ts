/**
 * Parses an error the user pasted: a Key Vault 401/403 body, an Entra ID AADSTS error or an
 * IMDS error, raw or wrapped by an SDK, `az`, Go autorest or a kubectl event.
 */
import type { ObservedError } from '../facts';
import type { ParsedError } from '../observedError';
import { classify } from './classify';
import {
  readApplication,
  readAssertion,
  readCaller,
  readChallengeTenant,
  readCsiObject,
  readIssuers,
  readKeyVaultLines,
  readNetworkInfoAddress,
} from './fields';
import { normalizeObservedError } from './normalize';

/** Status implied by the outer error code when the paste did not show the status. */
const STATUS_OF_CODE: Record<string, number> = { forbidden: 403, unauthorized: 401 };

/** Classifies a pasted error and extracts the caller and every field its message names. Never throws. */
export function parseObservedError(observed: ObservedError): ParsedError {
  try {
    return parse(observed);
  } catch (error) {
    // Patterns run on arbitrary pasted text: a failure must not stop the diagnosis.
    const message = typeof observed === 'string' ? observed : String((observed as { body?: unknown })?.body ?? '');
    return { kind: 'unrecognised', message: `${message}\n(parse failed: ${String(error)})` };
  }
}

function parse(observed: ObservedError): ParsedError {
  const normalized = normalizeObservedError(observed);

  // The service's message comes first so that its fields win over copies in wrapper text.
  const text = normalized.message === undefined ? normalized.text : `${normalized.message}\n${normalized.text}`;
  const aadsts = /AADSTS(\d+)/.exec(text)?.[1];

  const parsed: ParsedError = {
    kind: classify(text, normalized.innerCode, aadsts),
    message: (normalized.message ?? normalized.text).trim(),
  };

  if (normalized.code) parsed.code = normalized.code;
  if (normalized.innerCode) parsed.innerCode = normalized.innerCode;
  if (aadsts) parsed.aadstsCode = aadsts;

  const status = normalized.status ?? (normalized.code ? STATUS_OF_CODE[normalized.code.toLowerCase()] : undefined);
  if (status !== undefined) parsed.status = status;

  const caller = readCaller(text);
  if (caller) parsed.caller = caller;

  readKeyVaultLines(text, parsed);
  readIssuers(text, parsed);
  readAssertion(text, parsed);
  readApplication(text, parsed);
  readCsiObject(text, parsed);

  const networkInfo = normalized.headers['x-ms-keyvault-network-info'];
  parsed.clientAddress ??= networkInfo ? readNetworkInfoAddress(networkInfo) : undefined;
  if (parsed.clientAddress === undefined) delete parsed.clientAddress;

  const challenge = normalized.headers['www-authenticate'];
  const challengeTenant = challenge ? readChallengeTenant(challenge) : undefined;
  if (challengeTenant) parsed.challengeTenantId = challengeTenant;

  return parsed;
}
