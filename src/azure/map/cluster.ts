/** An AKS managed cluster from a generic GET (wire JSON). */
import type { ClusterFacts } from '../../diagnosis/facts';
import { assignDefined, flag, record, records, required, text, type Json } from './values';

type ClusterIdentityRef = NonNullable<ClusterFacts['kubeletIdentity']>;

export function mapCluster(resource: Json): ClusterFacts {
  const id = required(resource.id, 'id', 'A managed cluster');
  const properties = record(resource.properties);
  const oidc = record(properties.oidcIssuerProfile);
  const addon = record(record(properties.addonProfiles).azureKeyvaultSecretsProvider);

  const facts: ClusterFacts = {
    id,
    name: required(resource.name, 'name', `The managed cluster ${id}`),
    nodeSubnetIds: [
      ...new Set(
        records(properties.agentPoolProfiles)
          .map((pool) => text(pool.vnetSubnetID))
          .filter((subnet): subnet is string => subnet !== undefined),
      ),
    ],
  };
  assignDefined(facts, {
    oidcIssuerEnabled: flag(oidc.enabled),
    oidcIssuerUrl: text(oidc.issuerURL),
    workloadIdentityEnabled: flag(record(record(properties.securityProfile).workloadIdentity).enabled),
    clusterPrincipalId: text(record(resource.identity).principalId),
    kubeletIdentity: identityRef(record(properties.identityProfile).kubeletidentity),
    secretsProviderIdentity: addon.enabled === false ? undefined : identityRef(addon.identity),
  });
  return facts;
}

/** Resource group of the cluster's node resources (`MC_...`), where its scale sets live. */
export function nodeResourceGroup(resource: Json): string | undefined {
  return text(record(resource.properties).nodeResourceGroup);
}

function identityRef(value: unknown): ClusterIdentityRef | undefined {
  const source = record(value);
  const ref: ClusterIdentityRef = {};
  assignDefined(ref, { resourceId: text(source.resourceId), clientId: text(source.clientId), objectId: text(source.objectId) });
  return Object.keys(ref).length > 0 ? ref : undefined;
}
