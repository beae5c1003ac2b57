/**
 * Turns the object names a user types into the `secrets/<name>` style references the request
 * carries, one per collection that the chosen operations read by name.
 */
import { lookupOperation } from '../../diagnosis/catalogue';
import { UiError } from '../errors';

/** Key Vault object names: 1 to 127 letters, digits and hyphens. */
const OBJECT_NAME = /^[0-9a-zA-Z-]{1,127}$/;
const OBJECT_REF = /^(secrets|keys|certificates)\/[0-9a-zA-Z-]{1,127}$/;

/**
 * `names` is comma- or space-separated; an entry already written as `secrets/<name>` is kept as
 * it is. List operations name no object, so only the other operations' collections are used.
 */
export function objectReferences(names: string, operations: readonly string[]): string[] {
  const collections = new Set<string>();
  for (const name of operations) {
    const operation = lookupOperation(name);
    if (operation && !operation.listsCollection) {
      collections.add(operation.collection);
    }
  }

  const refs: string[] = [];
  for (const entry of names.split(/[,\s]+/).map((part) => part.trim()).filter(Boolean)) {
    if (OBJECT_REF.test(entry)) {
      refs.push(entry);
      continue;
    }
    if (!OBJECT_NAME.test(entry)) {
      throw new UiError('invalid-input', `"${entry}" is not a valid Key Vault object name: use 1 to 127 letters, digits and hyphens.`);
    }
    for (const collection of collections) {
      refs.push(`${collection}/${entry}`);
    }
  }
  return [...new Set(refs)];
}

/** Returns the object name in a Key Vault error's `Resource:` line, such as `orders-api-key` in `.../secrets/orders-api-key`. */
export function objectNameFromResource(resource: string | undefined): string | undefined {
  const match = /\/(?:secrets|keys|certificates)\/([0-9a-zA-Z-]{1,127})(?:\/|$)/i.exec(resource ?? '');
  return match?.[1];
}
