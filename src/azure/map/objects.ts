/**
 * Secret and key state as arm-keyvault 5 returns it. ARM never returns a secret's value, and the
 * collector requests only the resource (`secrets.get`), so no value is ever requested.
 */
import type { Key, Secret } from '@azure/arm-keyvault';
import type { ObjectFacts } from '../../diagnosis/facts';
import { assignDefined, strings } from './values';

export function mapSecret(ref: string, secret: Secret): ObjectFacts {
  const facts: ObjectFacts = { ref, exists: true };
  assignDefined(facts, { id: secret.id, enabled: secret.properties?.attributes?.enabled });
  return facts;
}

export function mapKey(ref: string, key: Key): ObjectFacts {
  const facts: ObjectFacts = { ref, exists: true };
  assignDefined(facts, { id: key.id, enabled: key.attributes?.enabled });
  if (key.keyOps !== undefined) {
    facts.keyOps = strings(key.keyOps);
  }
  return facts;
}
