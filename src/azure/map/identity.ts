/** User-assigned identities and federated credentials as arm-msi 2.2 returns them (`properties` flattened). */
import type { FederatedIdentityCredential, Identity } from '@azure/arm-msi';
import type { FederatedCredentialFacts, IdentityFacts } from '../../diagnosis/facts';
import { assignDefined, isoDate, record, required, strings, type Json } from './values';

export function mapIdentity(identity: Identity): IdentityFacts {
  return identityFacts(
    {
      id: identity.id,
      name: identity.name,
      principalId: identity.principalId,
      clientId: identity.clientId,
      tenantId: identity.tenantId,
      createdAt: identity.systemData?.createdAt,
    },
    '',
  );
}

/** Maps the same identity from wire JSON (a Resource Graph row or a generic GET), where `properties` is nested. */
export function mapIdentityJson(resource: Json): IdentityFacts {
  const properties = record(resource.properties);
  return identityFacts(
    {
      id: resource.id,
      name: resource.name,
      principalId: properties.principalId,
      clientId: properties.clientId,
      tenantId: properties.tenantId,
      createdAt: record(resource.systemData).createdAt,
    },
    'properties.',
  );
}

/** The fields of a user-assigned identity, read from the SDK's flattened shape or the nested wire shape. */
interface IdentityFields {
  id: unknown;
  name: unknown;
  principalId: unknown;
  clientId: unknown;
  tenantId: unknown;
  createdAt: unknown;
}

/** Builds IdentityFacts. Errors name each property with `propertyPrefix` in front, to match the shape it came from. */
function identityFacts(fields: IdentityFields, propertyPrefix: string): IdentityFacts {
  const id = required(fields.id, 'id', 'A managed identity');
  const description = `The managed identity ${id}`;

  const facts: IdentityFacts = {
    id,
    name: required(fields.name, 'name', description),
    principalId: required(fields.principalId, `${propertyPrefix}principalId`, description),
    clientId: required(fields.clientId, `${propertyPrefix}clientId`, description),
    tenantId: required(fields.tenantId, `${propertyPrefix}tenantId`, description),
  };
  assignDefined(facts, { createdAt: isoDate(fields.createdAt) });
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
