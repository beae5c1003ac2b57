/** Microsoft Graph directory objects (users, groups, service principals) as domain principals. */
import type { PrincipalFacts } from '../../diagnosis/facts';
import { assignDefined, required, text, type Json } from './values';

const PRINCIPAL_TYPES: Record<string, string> = {
  '#microsoft.graph.serviceprincipal': 'ServicePrincipal',
  '#microsoft.graph.user': 'User',
  '#microsoft.graph.group': 'Group',
  '#microsoft.graph.device': 'Device',
};

export function mapDirectoryObject(object: Json): PrincipalFacts {
  const facts: PrincipalFacts = { objectId: required(object.id, 'id', 'A directory object') };
  assignDefined(facts, {
    clientId: text(object.appId),
    type: principalType(object),
    displayName: text(object.displayName),
  });
  return facts;
}

/** ARM's `principalType` spelling for a Graph object; undefined for types ARM cannot assign roles to. */
export function principalType(object: Json): string | undefined {
  const odataType = text(object['@odata.type'])?.toLowerCase();
  return odataType ? PRINCIPAL_TYPES[odataType] : undefined;
}
