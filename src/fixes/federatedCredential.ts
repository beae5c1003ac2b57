/**
 * Workload identity fixes on a user-assigned managed identity: create or delete a federated
 * identity credential.
 */
import type { FixSpec } from '../diagnosis/finding';
import { parseResourceId } from './armId';
import { value, type Word } from './commandLine';
import { withNotes } from './notes';
import { renderScript } from './script';
import type { RenderedFix } from './types';

/** API version of Microsoft.ManagedIdentity used for writes. */
export const MANAGED_IDENTITY_API_VERSION = '2024-11-30';

type CreateSpec = Extract<FixSpec, { kind: 'federated-credential-create' }>;
type DeleteSpec = Extract<FixSpec, { kind: 'federated-credential-delete' }>;

function identityFlags(identityId: string): Word[] {
  const identity = parseResourceId(identityId, 'Microsoft.ManagedIdentity/userAssignedIdentities');
  return [
    '--identity-name', value(identity.name),
    '--resource-group', value(identity.resourceGroup),
    '--subscription', value(identity.subscriptionId),
  ];
}

/**
 * Renders `az identity federated-credential create` and the PUT of the credential. Issuer and
 * subject are compared exactly by Microsoft Entra ID (case and trailing slash included), so they
 * are passed exactly as given.
 */
export function renderFederatedCredentialCreate(spec: CreateSpec): Omit<RenderedFix, 'title'> {
  const script = renderScript([
    {
      command: [
        'az', 'identity', 'federated-credential', 'create',
        '--name', value(spec.name),
        ...identityFlags(spec.identityId),
        '--issuer', value(spec.issuer),
        '--subject', value(spec.subject),
        '--audiences', ...spec.audiences.map(value),
      ],
    },
  ]);

  return withNotes(
    {
      az: script.az,
      powershell: script.powershell,
      arm: [
        {
          method: 'PUT',
          path: `${spec.identityId}/federatedIdentityCredentials/${spec.name}`,
          apiVersion: MANAGED_IDENTITY_API_VERSION,
          body: { properties: { issuer: spec.issuer, subject: spec.subject, audiences: spec.audiences } },
          description: `Create or replace the federated credential ${spec.name} on ${spec.identityId} for issuer ${spec.issuer} and subject ${spec.subject}.`,
        },
      ],
    },
    [script.powershellWarning],
  );
}

/** Renders `az identity federated-credential delete --yes` and the DELETE of the credential. */
export function renderFederatedCredentialDelete(spec: DeleteSpec): Omit<RenderedFix, 'title'> {
  const script = renderScript([
    { command: ['az', 'identity', 'federated-credential', 'delete', '--name', value(spec.name), ...identityFlags(spec.identityId), '--yes'] },
  ]);

  return withNotes(
    {
      az: script.az,
      powershell: script.powershell,
      arm: [
        {
          method: 'DELETE',
          path: `${spec.identityId}/federatedIdentityCredentials/${spec.name}`,
          apiVersion: MANAGED_IDENTITY_API_VERSION,
          description: `Delete the federated credential ${spec.name} from ${spec.identityId}.`,
        },
      ],
    },
    [script.powershellWarning],
  );
}
