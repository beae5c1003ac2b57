/** ServiceAccount: the workload identity annotations and the label older webhooks read. */
import type { YAMLMap } from 'yaml';
import type { ServiceAccountFact } from '../../diagnosis/workload';
import { asMap, fieldOf, getIn, stringIn, type SourcePositions } from '../yamlNodes';

export const CLIENT_ID_ANNOTATION = 'azure.workload.identity/client-id';
export const TENANT_ID_ANNOTATION = 'azure.workload.identity/tenant-id';
export const USE_LABEL = 'azure.workload.identity/use';

export function readServiceAccount(positions: SourcePositions, root: YAMLMap): ServiceAccountFact | undefined {
  const name = stringIn(root, ['metadata', 'name']);
  if (!name) {
    return undefined;
  }

  const annotations = asMap(getIn(root, ['metadata', 'annotations']));
  const labels = asMap(getIn(root, ['metadata', 'labels']));
  const fact: ServiceAccountFact = {
    source: positions.sourceRef(root),
    name,
    namespace: stringIn(root, ['metadata', 'namespace']) ?? 'default',
  };

  const clientId = fieldOf(positions, annotations, CLIENT_ID_ANNOTATION);
  const tenantId = fieldOf(positions, annotations, TENANT_ID_ANNOTATION);
  const useLabel = fieldOf(positions, labels, USE_LABEL);
  if (clientId) fact.clientId = clientId;
  if (tenantId) fact.tenantId = tenantId;
  if (useLabel) fact.useLabel = useLabel;
  return fact;
}
