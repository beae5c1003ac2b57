/** User-assigned identities and federated credentials as arm-msi 2.2 returns them (`properties` flattened). */
import type { FederatedIdentityCredential, Identity } from '@azure/arm-msi';
import type { FederatedCredentialFacts, IdentityFacts } from '../../diagnosis/facts';
import { assignDefined, isoDate, record, required, strings, type Json } from './values';

export function mapIdentity(identity: Identity): IdentityFacts {
  const id = required(identity.id, 'id', 'A managed identity');
  const description = `The managed identity ${id}`;
  const facts: IdentityFacts = {
    id,
    name: required(identity.name, 'name', description),
    principalId: required(identity.principalId, 'principalId', description),
    clientId: required(identity.clientId, 'clientId', description),
    tenantId: required(identity.tenantId, 'tenantId', description),
  };
  assignDefined(facts, { createdAt: isoDate(identity.systemData?.createdAt) });
  return facts;
}

/** Maps the same identity from wire JSON (a Resource Graph row or a generic GET), where `properties` is nested. */
export function mapIdentityJson(resource: Json): IdentityFacts {
  const id = required(resource.id, 'id', 'A managed identity');
  const description = `The managed identity ${id}`;
  const properties = record(resource.properties);
  const facts: IdentityFacts = {
    id,
    name: required(resource.name, 'name', description),
    principalId: required(properties.principalId, 'properties.principalId', description),
    clientId: required(properties.clientId, 'properties.clientId', description),
    tenantId: required(properties.tenantId, 'properties.tenantId', description),
  };
  assignDefined(facts, { createdAt: isoDate(record(resource.systemData).createdAt) });
  return facts;
}

export function mapFederatedCredential(credential: FederatedIdentityCredential): FederatedCredentialFacts {
  const id = required(credential.id, 'id', 'A federated credential');
  const description = `The federated credential ${id}`;
  const facts: FederatedCredentialFacts = {
    id,
    name: required(credential.name, 'name', description),
    issuer: required(credential.issuer, 'issuer', description),
    subject: required(credential.subject, 'subject', description),
    audiences: strings(credential.audiences),
  };
  assignDefined(facts, { createdAt: isoDate(credential.systemData?.createdAt) });
  return facts;
}
