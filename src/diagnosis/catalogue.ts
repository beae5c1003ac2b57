/**
 * The Key Vault data-plane operations: for each, the data action Azure RBAC checks and the access
 * policy permission that allows it, plus the operation lists that common clients perform.
 *
 * Data actions follow the Microsoft.KeyVault section of Azure's resource provider operations list.
 * Access policy names follow the `KeyPermissions`, `SecretPermissions` and `CertificatePermissions`
 * enums of the Key Vault management API (Microsoft.KeyVault 2023-07-01).
 * The mapping between the two is Microsoft's own (KeyVault-AccessPolicyToRBAC-CompareTool).
 */
import type { OperationSpec } from './context';
import type { ClientKind } from './facts';

const SECRETS = 'Microsoft.KeyVault/vaults/secrets';
const KEYS = 'Microsoft.KeyVault/vaults/keys';
const CERTIFICATES = 'Microsoft.KeyVault/vaults/certificates';

type Collection = OperationSpec['collection'];

interface OperationRow {
  verb: string;
  restCall: string;
  dataAction: string;
  policyPermission: string;
  listsCollection?: boolean;
  readsSecretValue?: boolean;
  vaultScoped?: boolean;
  keyOperation?: string;
}

const SECRET_ROWS: OperationRow[] = [
  { verb: 'get', restCall: 'GET /secrets/{name}/{version}', dataAction: `${SECRETS}/getSecret/action`, policyPermission: 'get', readsSecretValue: true },
  { verb: 'list', restCall: 'GET /secrets', dataAction: `${SECRETS}/readMetadata/action`, policyPermission: 'list', listsCollection: true },
  // Listing the versions of one secret, or reading its attributes, acts on that secret.
  { verb: 'listversions', restCall: 'GET /secrets/{name}/versions', dataAction: `${SECRETS}/readMetadata/action`, policyPermission: 'list' },
  { verb: 'set', restCall: 'PUT /secrets/{name}', dataAction: `${SECRETS}/setSecret/action`, policyPermission: 'set' },
  // The access policy model has no separate update permission: `set` covers attribute updates.
  { verb: 'update', restCall: 'PATCH /secrets/{name}/{version}', dataAction: `${SECRETS}/update/action`, policyPermission: 'set' },
  { verb: 'delete', restCall: 'DELETE /secrets/{name}', dataAction: `${SECRETS}/delete`, policyPermission: 'delete' },
  { verb: 'backup', restCall: 'POST /secrets/{name}/backup', dataAction: `${SECRETS}/backup/action`, policyPermission: 'backup' },
  { verb: 'restore', restCall: 'POST /secrets/restore', dataAction: `${SECRETS}/restore/action`, policyPermission: 'restore' },
  { verb: 'recover', restCall: 'POST /deletedsecrets/{name}/recover', dataAction: `${SECRETS}/recover/action`, policyPermission: 'recover' },
  { verb: 'purge', restCall: 'DELETE /deletedsecrets/{name}', dataAction: `${SECRETS}/purge/action`, policyPermission: 'purge' },
];

const KEY_ROWS: OperationRow[] = [
  { verb: 'get', restCall: 'GET /keys/{name}/{version}', dataAction: `${KEYS}/read`, policyPermission: 'get' },
  { verb: 'list', restCall: 'GET /keys', dataAction: `${KEYS}/read`, policyPermission: 'list', listsCollection: true },
  { verb: 'listversions', restCall: 'GET /keys/{name}/versions', dataAction: `${KEYS}/read`, policyPermission: 'list' },
  { verb: 'create', restCall: 'POST /keys/{name}/create', dataAction: `${KEYS}/create/action`, policyPermission: 'create' },
  { verb: 'import', restCall: 'PUT /keys/{name}', dataAction: `${KEYS}/import/action`, policyPermission: 'import' },
  { verb: 'update', restCall: 'PATCH /keys/{name}/{version}', dataAction: `${KEYS}/update/action`, policyPermission: 'update' },
  { verb: 'delete', restCall: 'DELETE /keys/{name}', dataAction: `${KEYS}/delete`, policyPermission: 'delete' },
  { verb: 'backup', restCall: 'POST /keys/{name}/backup', dataAction: `${KEYS}/backup/action`, policyPermission: 'backup' },
  { verb: 'restore', restCall: 'POST /keys/restore', dataAction: `${KEYS}/restore/action`, policyPermission: 'restore' },
  { verb: 'recover', restCall: 'POST /deletedkeys/{name}/recover', dataAction: `${KEYS}/recover/action`, policyPermission: 'recover' },
  { verb: 'purge', restCall: 'DELETE /deletedkeys/{name}', dataAction: `${KEYS}/purge/action`, policyPermission: 'purge' },
  { verb: 'sign', restCall: 'POST /keys/{name}/{version}/sign', dataAction: `${KEYS}/sign/action`, policyPermission: 'sign', keyOperation: 'sign' },
  { verb: 'verify', restCall: 'POST /keys/{name}/{version}/verify', dataAction: `${KEYS}/verify/action`, policyPermission: 'verify', keyOperation: 'verify' },
  { verb: 'encrypt', restCall: 'POST /keys/{name}/{version}/encrypt', dataAction: `${KEYS}/encrypt/action`, policyPermission: 'encrypt', keyOperation: 'encrypt' },
  { verb: 'decrypt', restCall: 'POST /keys/{name}/{version}/decrypt', dataAction: `${KEYS}/decrypt/action`, policyPermission: 'decrypt', keyOperation: 'decrypt' },
  // The data actions are `wrap` and `unwrap`, but the access policy permissions and keyOps use `wrapKey` and `unwrapKey`.
  { verb: 'wrap', restCall: 'POST /keys/{name}/{version}/wrapkey', dataAction: `${KEYS}/wrap/action`, policyPermission: 'wrapKey', keyOperation: 'wrapKey' },
  { verb: 'unwrap', restCall: 'POST /keys/{name}/{version}/unwrapkey', dataAction: `${KEYS}/unwrap/action`, policyPermission: 'unwrapKey', keyOperation: 'unwrapKey' },
  { verb: 'release', restCall: 'POST /keys/{name}/{version}/release', dataAction: `${KEYS}/release/action`, policyPermission: 'release' },
  { verb: 'rotate', restCall: 'POST /keys/{name}/rotate', dataAction: `${KEYS}/rotate/action`, policyPermission: 'rotate' },
  {
    verb: 'getrotationpolicy',
    restCall: 'GET /keys/{name}/rotationpolicy',
    dataAction: 'Microsoft.KeyVault/vaults/keyrotationpolicies/read',
    policyPermission: 'getrotationpolicy',
  },
  {
    verb: 'setrotationpolicy',
    restCall: 'PUT /keys/{name}/rotationpolicy',
    dataAction: 'Microsoft.KeyVault/vaults/keyrotationpolicies/write',
    policyPermission: 'setrotationpolicy',
  },
];

const CERTIFICATE_ROWS: OperationRow[] = [
  // Returns the public certificate and its policy; the private key is served by `secrets/get` on the same name.
  { verb: 'get', restCall: 'GET /certificates/{name}/{version}', dataAction: `${CERTIFICATES}/read`, policyPermission: 'get' },
  { verb: 'list', restCall: 'GET /certificates', dataAction: `${CERTIFICATES}/read`, policyPermission: 'list', listsCollection: true },
  { verb: 'listversions', restCall: 'GET /certificates/{name}/versions', dataAction: `${CERTIFICATES}/read`, policyPermission: 'list' },
  { verb: 'create', restCall: 'POST /certificates/{name}/create', dataAction: `${CERTIFICATES}/create/action`, policyPermission: 'create' },
  { verb: 'import', restCall: 'POST /certificates/{name}/import', dataAction: `${CERTIFICATES}/import/action`, policyPermission: 'import' },
  { verb: 'update', restCall: 'PATCH /certificates/{name}/{version}', dataAction: `${CERTIFICATES}/update/action`, policyPermission: 'update' },
  { verb: 'delete', restCall: 'DELETE /certificates/{name}', dataAction: `${CERTIFICATES}/delete`, policyPermission: 'delete' },
  { verb: 'backup', restCall: 'POST /certificates/{name}/backup', dataAction: `${CERTIFICATES}/backup/action`, policyPermission: 'backup' },
  { verb: 'restore', restCall: 'POST /certificates/restore', dataAction: `${CERTIFICATES}/restore/action`, policyPermission: 'restore' },
  { verb: 'recover', restCall: 'POST /deletedcertificates/{name}/recover', dataAction: `${CERTIFICATES}/recover/action`, policyPermission: 'recover' },
  { verb: 'purge', restCall: 'DELETE /deletedcertificates/{name}', dataAction: `${CERTIFICATES}/purge/action`, policyPermission: 'purge' },
  {
    verb: 'getissuers',
    restCall: 'GET /certificates/issuers/{issuer-name}',
    dataAction: 'Microsoft.KeyVault/vaults/certificatecas/read',
    policyPermission: 'getissuers',
    vaultScoped: true,
  },
  {
    verb: 'listissuers',
    restCall: 'GET /certificates/issuers',
    dataAction: 'Microsoft.KeyVault/vaults/certificatecas/read',
    policyPermission: 'listissuers',
    vaultScoped: true,
  },
  {
    verb: 'setissuers',
    restCall: 'PUT /certificates/issuers/{issuer-name}',
    dataAction: 'Microsoft.KeyVault/vaults/certificatecas/write',
    policyPermission: 'setissuers',
    vaultScoped: true,
  },
  {
    verb: 'deleteissuers',
    restCall: 'DELETE /certificates/issuers/{issuer-name}',
    dataAction: 'Microsoft.KeyVault/vaults/certificatecas/delete',
    policyPermission: 'deleteissuers',
    vaultScoped: true,
  },
  {
    verb: 'managecontacts',
    restCall: 'PUT /certificates/contacts',
    dataAction: 'Microsoft.KeyVault/vaults/certificatecontacts/write',
    policyPermission: 'managecontacts',
    vaultScoped: true,
  },
];

function toSpecs(collection: Collection, rows: OperationRow[]): OperationSpec[] {
  return rows.map((row) => {
    const spec: OperationSpec = {
      name: `${collection}/${row.verb}`,
      collection,
      restCall: row.restCall,
      dataAction: row.dataAction,
      policyPermission: row.policyPermission,
      listsCollection: row.listsCollection ?? false,
      readsSecretValue: row.readsSecretValue ?? false,
    };
    if (row.vaultScoped) {
      spec.vaultScoped = true;
    }
    if (row.keyOperation) {
      spec.keyOperation = row.keyOperation;
    }
    return spec;
  });
}

/** Every data-plane operation in the catalogue, named as requests name them (`secrets/get`, `keys/wrap`). */
export const OPERATIONS: readonly OperationSpec[] = [
  ...toSpecs('secrets', SECRET_ROWS),
  ...toSpecs('keys', KEY_ROWS),
  ...toSpecs('certificates', CERTIFICATE_ROWS),
];

const BY_NAME = new Map(OPERATIONS.map((operation) => [operation.name, operation]));

/** Names clients and error messages use for the same operation. */
const ALIASES: Record<string, string> = {
  'keys/wrapkey': 'keys/wrap',
  'keys/unwrapkey': 'keys/unwrap',
  'secrets/getsecret': 'secrets/get',
  'secrets/setsecret': 'secrets/set',
};

/** Finds an operation by name, case-insensitively, accepting `keys/wrapKey` and `keys/unwrapKey` as aliases. */
export function lookupOperation(name: string): OperationSpec | undefined {
  const key = name.trim().toLowerCase();
  return BY_NAME.get(ALIASES[key] ?? key);
}

/** Operation list of one common client, in the order the client performs the operations. */
export interface ClientPreset {
  id: string;
  title: string;
  client?: ClientKind;
  operations: string[];
  note: string;
}

/**
 * Operation lists of common clients. Sources: the Azure provider of the Secrets Store CSI driver
 * (`pkg/provider/keyvault.go`), the External Secrets `azurekv` provider, and the README of
 * Azure.Extensions.AspNetCore.Configuration.Secrets.
 */
export const CLIENT_PRESETS: readonly ClientPreset[] = [
  {
    id: 'csi-secret',
    title: 'Secrets Store CSI driver, objectType secret',
    client: 'csi-driver',
    operations: ['secrets/get'],
    note: 'The driver reads each object by name and never lists. objectType secret on a certificate name returns the certificate with its private key.',
  },
  {
    id: 'csi-key',
    title: 'Secrets Store CSI driver, objectType key',
    client: 'csi-driver',
    operations: ['keys/get'],
    note: 'Returns the public part of the key.',
  },
  {
    id: 'csi-cert',
    title: 'Secrets Store CSI driver, objectType cert',
    client: 'csi-driver',
    operations: ['certificates/get'],
    note: 'Returns the public certificate only; mount objectType secret with the same name for the private key.',
  },
  {
    id: 'csi-cert-private-key',
    title: 'Secrets Store CSI driver, private key of a certificate (objectType secret)',
    client: 'csi-driver',
    operations: ['secrets/get'],
    note: 'The private key of a certificate is served by the secret endpoint under the certificate name.',
  },
  {
    id: 'external-secrets-get',
    title: 'External Secrets: data[].remoteRef or dataFrom[].extract',
    client: 'external-secrets',
    operations: ['secrets/get'],
    note: 'Reads each named secret; no list call.',
  },
  {
    id: 'external-secrets-find',
    title: 'External Secrets: dataFrom[].find',
    client: 'external-secrets',
    operations: ['secrets/list', 'secrets/get'],
    note: 'Lists the vault to match names or tags, then reads each match.',
  },
  {
    id: 'external-secrets-push',
    title: 'External Secrets: PushSecret',
    client: 'external-secrets',
    operations: ['secrets/get', 'secrets/set'],
    note: 'Reads the secret first to check its managed-by tag, then writes it.',
  },
  {
    id: 'dotnet-configuration',
    title: '.NET configuration provider (AddAzureKeyVault)',
    operations: ['secrets/list', 'secrets/get'],
    note: 'Lists every secret at start-up, then reads each enabled one.',
  },
  {
    id: 'app-read-secret',
    title: 'Application reads one secret',
    operations: ['secrets/get'],
    note: 'A single GetSecret call by name.',
  },
  {
    id: 'encryption-at-rest',
    title: 'Customer-managed key for encryption at rest',
    client: 'azure-service',
    operations: ['keys/get', 'keys/wrap', 'keys/unwrap'],
    note: 'Azure services read the key, then wrap and unwrap their data encryption keys with it.',
  },
  {
    id: 'app-read-certificate',
    title: 'Application reads a certificate with its private key',
    operations: ['certificates/get', 'secrets/get'],
    note: 'The certificate endpoint returns the public part; the secret endpoint returns the PFX or PEM with the private key.',
  },
];

/** Finds a client preset by id. */
export function lookupClientPreset(id: string): ClientPreset | undefined {
  return CLIENT_PRESETS.find((preset) => preset.id === id);
}
