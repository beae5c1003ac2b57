/**
 * A diagnosis with names an attacker could choose (a secret name, a role name, a pasted error),
 * for the report tests.
 */
import { DIAGNOSIS_SCHEMA, type Diagnosis } from '../../../src/diagnosis/finding';

export const SUB = '3a06d4a2-b3ce-4e27-aeb1-7d5ccdb901ad';
export const VAULT = `/subscriptions/${SUB}/resourceGroups/rg-orders/providers/Microsoft.KeyVault/vaults/kv-orders-prod`;
export const PRINCIPAL = 'fa179698-8ad5-4c3a-aa6b-a2d94bd23512';

/** Markdown, HTML, a fence breaker, bidirectional controls and a terminal escape in one name. */
export const HOSTILE_NAME = '<img src=x onerror=alert(1)> **bold** _it_ [link](https://evil.example) | ``` `code` & \u202egnp.exe\u202c \u001b[31mred';

export function hostileDiagnosis(): Diagnosis {
  return {
    schema: DIAGNOSIS_SCHEMA,
    verdict: 'blocked',
    now: '2026-12-04T12:00:00Z',
    vaultId: VAULT,
    principalId: PRINCIPAL,
    findings: [
      {
        code: 'secret-disabled',
        family: 'object',
        severity: 'blocker',
        title: `The secret ${HOSTILE_NAME} is disabled`,
        detail: `Key Vault refuses get on the disabled secret ${HOSTILE_NAME}.\n# not a heading`,
        evidence: [`${VAULT}/secrets/${HOSTILE_NAME}`],
        fixes: [
          {
            title: `Enable ${HOSTILE_NAME}`,
            spec: { kind: 'secret-enable', vaultName: 'kv-orders-prod', secretName: HOSTILE_NAME, vaultId: VAULT },
          },
        ],
      },
      {
        code: 'rbac-no-assignment',
        family: 'authorization',
        severity: 'ok',
        title: 'The caller holds a data role on the vault',
        detail: 'Key Vault Secrets User at the vault.',
        evidence: [],
        fixes: [],
      },
      {
        code: 'facts-incomplete',
        family: 'collection',
        severity: 'unknown',
        title: 'Deny assignments could not be read',
        detail: '403 AuthorizationFailed',
        evidence: [],
        fixes: [],
        missing: ['denyAssignments'],
      },
    ],
  };
}
