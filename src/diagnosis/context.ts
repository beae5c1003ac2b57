/**
 * The check context that every check receives, and the signature each check family implements.
 */
import type { AccessFacts, Gap } from './facts';
import type { Finding } from './finding';
import type { ParsedError } from './observedError';

/** One data-plane operation: the data action Azure RBAC checks and the access policy permission. */
export interface OperationSpec {
  /** `secrets/get`, `keys/unwrap`, ... as the request names it. */
  name: string;
  collection: 'secrets' | 'keys' | 'certificates';
  /** The REST call, for explanations: `GET /secrets/{name}`. */
  restCall: string;
  /** The data action Azure RBAC requires, such as `Microsoft.KeyVault/vaults/secrets/getSecret/action`. */
  dataAction: string;
  /** The access policy permission, such as `get` (compared case-insensitively). */
  policyPermission: string;
  /** True for list calls: they act on the collection, so only a role at vault scope or above can allow them. */
  listsCollection: boolean;
  /** True when the operation returns a secret value (or a certificate's private key). */
  readsSecretValue: boolean;
  /**
   * True when the operation acts on vault-level settings (certificate issuers and contacts), so a
   * role assigned on one object never allows it.
   */
  vaultScoped?: boolean;
  /** The key's permitted operation (`keyOps` entry) a cryptographic key operation needs, such as `wrapKey`. */
  keyOperation?: string;
}

export interface CheckContext {
  facts: AccessFacts;
  /**
   * The pasted error, parsed, when the request carried one; otherwise the most relevant recent
   * denial from Key Vault's audit log, when one was read.
   */
  error?: ParsedError;
  /** Source of `error`: pasted by the user, or built from an audit log record. */
  errorSource?: 'pasted' | 'audit-log';
  /** The requested operations, resolved from the catalogue, in request order. */
  operations: OperationSpec[];
  /** The gap that stops a check, if the named fact (or one qualified by `fact:`) is missing. */
  gap(fact: string): Gap | undefined;
}

/** A check family: reads the context, returns every finding it can state (including `ok` and `unknown`). */
export type Check = (context: CheckContext) => Finding[];
