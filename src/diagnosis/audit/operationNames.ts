/**
 * Key Vault's audit log names data-plane operations in one word (`SecretGet`, `KeyUnwrap`,
 * `CertificateListVersions`); requests name them as `secrets/get`, `keys/unwrap`. This maps the
 * first to the second through the operation catalogue.
 */
import { lookupOperation } from '../catalogue';
import type { OperationSpec } from '../context';

const COLLECTION_BY_PREFIX: Record<string, OperationSpec['collection']> = {
  Secret: 'secrets',
  Key: 'keys',
  Certificate: 'certificates',
};

/** Logged names whose verb is not the catalogue verb with the prefix removed. */
const SPECIAL_NAMES: Record<string, string> = {
  keyrotationpolicyget: 'keys/getrotationpolicy',
  keyrotationpolicyset: 'keys/setrotationpolicy',
  certificateissuerget: 'certificates/getissuers',
  certificateissuerslist: 'certificates/listissuers',
  certificateissuerset: 'certificates/setissuers',
  certificateissuerupdate: 'certificates/setissuers',
  certificateissuerdelete: 'certificates/deleteissuers',
  certificatecontactsset: 'certificates/managecontacts',
  certificatecontactsdelete: 'certificates/managecontacts',
};

/**
 * Returns the catalogue operation a logged `OperationName` stands for, or undefined for
 * operations outside the catalogue (`Authentication`, `VaultGet`, ...).
 */
export function operationOfLoggedName(operationName: string): OperationSpec | undefined {
  const name = operationName.trim();
  const special = SPECIAL_NAMES[name.toLowerCase()];
  if (special) {
    return lookupOperation(special);
  }

  const match = /^(Secret|Key|Certificate)([A-Za-z]+)$/i.exec(name);
  if (!match) {
    return undefined;
  }
  const prefix = Object.keys(COLLECTION_BY_PREFIX).find((candidate) => candidate.toLowerCase() === (match[1] as string).toLowerCase());
  const collection = prefix ? COLLECTION_BY_PREFIX[prefix] : undefined;
  return collection ? lookupOperation(`${collection}/${(match[2] as string).toLowerCase()}`) : undefined;
}
