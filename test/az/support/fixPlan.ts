/**
 * Picks the generated fixes that the az end-to-end tests can run against the sandbox, and
 * the ARM writes each one must cause.
 */
import type { CauseCode, Diagnosis, Fix, FixSpec } from '../../../src/diagnosis/finding';
import { renderFix } from '../../../src/fixes/render';

export interface FixStep {
  /** Code of the blocker the fix belongs to. */
  code: CauseCode;
  title: string;
  spec: FixSpec;
  /** The bash text from the fix renderer, run as one script. */
  script: string;
}

export interface SkippedFix {
  code: CauseCode;
  title: string;
  reason: string;
}

export interface FixPlan {
  /** Every fix of every blocker except the alternatives, in diagnosis order. */
  steps: FixStep[];
  /** Fixes offered instead of another one, each to be run on its own. */
  alternatives: FixStep[];
  skipped: SkippedFix[];
  /** Blocker codes whose every fix is in `steps`. */
  fixedCodes: Set<CauseCode>;
  /** True when every blocker has at least one fix and all of them are in `steps`. */
  coversAllBlockers: boolean;
}

/**
 * Fix kinds that only az against Azure Resource Manager applies. The others need what the
 * sandbox does not serve: the Key Vault data plane (`secret-enable` runs
 * `az keyvault secret set-attributes` against the vault's own endpoint), kubectl, or an edit
 * of a workspace file.
 */
const ARM_FIX_KINDS = new Set<FixSpec['kind']>([
  'role-assignment-create',
  'role-assignment-delete',
  'role-definition-update',
  'access-policy-set',
  'access-policy-delete',
  'vault-update',
  'network-rule-add',
  'subnet-service-endpoint',
  'private-endpoint-connection-approve',
  'private-dns-link-create',
  'private-dns-a-record-add',
  'federated-credential-create',
  'federated-credential-delete',
]);

function skipReason(fix: Fix, script: string | undefined): string | null {
  if (!ARM_FIX_KINDS.has(fix.spec.kind)) {
    return `kind ${fix.spec.kind} is not applied through Azure Resource Manager`;
  }
  if (!script) {
    return 'the renderer gave no az command';
  }
  return null;
}

/**
 * Tells whether a fix is offered instead of the one before it, such as switching the vault to
 * Azure RBAC instead of adding an access policy. Running both in one sequence is not what a
 * user does and can fail (az rejects `set-policy` on an RBAC vault).
 */
// TODO: the diagnosis marks alternatives only by the title prefix "Or "; a typed field on Fix would be sturdier.
function isAlternative(fix: Fix): boolean {
  return fix.title.startsWith('Or ');
}

/**
 * Lists the az fixes of every blocker in diagnosis order. A command shared by two findings
 * (such as one access policy that fixes both the model and the missing entry) runs once.
 */
export function planFixes(diagnosis: Diagnosis): FixPlan {
  const steps: FixStep[] = [];
  const alternatives: FixStep[] = [];
  const skipped: SkippedFix[] = [];
  const fixedCodes = new Set<CauseCode>();
  const seenScripts = new Set<string>();
  let coversAllBlockers = true;

  for (const finding of diagnosis.findings) {
    if (finding.severity !== 'blocker') {
      continue;
    }
    if (finding.fixes.length === 0) {
      coversAllBlockers = false;
      continue;
    }

    let allRunnable = true;
    for (const fix of finding.fixes) {
      const rendered = renderFix(fix);
      const reason = skipReason(fix, rendered.az);
      if (reason !== null) {
        skipped.push({ code: finding.code, title: fix.title, reason });
        allRunnable = false;
        continue;
      }

      const script = rendered.az as string;
      if (isAlternative(fix)) {
        alternatives.push({ code: finding.code, title: fix.title, spec: fix.spec, script });
      } else if (!seenScripts.has(script)) {
        seenScripts.add(script);
        steps.push({ code: finding.code, title: fix.title, spec: fix.spec, script });
      }
    }

    if (allRunnable) {
      fixedCodes.add(finding.code);
    } else {
      coversAllBlockers = false;
    }
  }

  return { steps, alternatives, skipped, fixedCodes, coversAllBlockers };
}

export interface ExpectedWrite {
  method: string;
  /** The exact resource path, compared case-insensitively, or a prefix when `prefix` is set. */
  path: string;
  prefix?: boolean;
}

/**
 * Returns the ARM writes that az makes for a fix, by the resource ids in its spec. The keyvault
 * commands GET the vault and PUT it back whole, and `role assignment create` PUTs a new
 * assignment with a random name below the scope.
 */
export function expectedWrites(spec: FixSpec): ExpectedWrite[] | null {
  switch (spec.kind) {
    case 'role-assignment-create':
      return [{ method: 'PUT', path: `${spec.scope}/providers/Microsoft.Authorization/roleAssignments/`, prefix: true }];
    case 'role-assignment-delete':
      return [{ method: 'DELETE', path: spec.assignmentId }];
    case 'role-definition-update':
      return [{ method: 'PUT', path: spec.roleDefinitionId }];
    case 'access-policy-set':
    case 'access-policy-delete':
      return [{ method: 'PUT', path: spec.vaultId }];
    case 'vault-update':
      return [{ method: 'PUT', path: spec.vaultId }];
    case 'federated-credential-create':
      return [{ method: 'PUT', path: `${spec.identityId}/federatedIdentityCredentials/${spec.name}` }];
    case 'federated-credential-delete':
      return [{ method: 'DELETE', path: `${spec.identityId}/federatedIdentityCredentials/${spec.name}` }];
    default:
      // Network fixes: az's request sequence for these was not traced, so only their exit code
      // and the diagnosis afterwards are checked.
      return null;
  }
}

/** Tells whether a logged request path is the expected write target. */
export function matchesWrite(expected: ExpectedWrite, method: string, path: string): boolean {
  if (method.toUpperCase() !== expected.method) {
    return false;
  }
  const actual = path.toLowerCase();
  const target = expected.path.toLowerCase();
  return expected.prefix ? actual.startsWith(target) && actual.length > target.length : actual === target;
}
