/**
 * `apply`: performs a rendered fix's ARM writes in order through the same pipeline as `collect`.
 * It returns a typed result for every ARM error instead of throwing: which writes were applied,
 * which one failed and why, and which were not attempted.
 */
import type { ArmWrite, RenderedFix } from '../fixes/types';
import { AzureClients } from './clients';
import type { AzureEnv, Logger } from './env';
import { describeError } from './errors';

export type { ArmWrite } from '../fixes/types';

/** The part of a rendered fix that `apply` reads. */
export type ApplicableFix = Pick<RenderedFix, 'title' | 'arm'>;

/**
 * - applied: ARM accepted the write.
 * - unchanged: nothing to do (409 RoleAssignmentExists, or a DELETE of something already gone).
 * - failed: ARM or the network refused it; later writes are not attempted.
 * - not-run: an earlier write failed.
 */
export type WriteStatus = 'applied' | 'unchanged' | 'failed' | 'not-run';

export interface WriteOutcome {
  write: ArmWrite;
  status: WriteStatus;
  httpStatus?: number;
  code?: string;
  message?: string;
  /** For a 403: the roles that allow this write, at which scope. */
  requiredRoles?: string;
}

export interface ApplyResult {
  /** True when every write was applied or unchanged. */
  ok: boolean;
  outcomes: WriteOutcome[];
  /** One or two sentences for a notification. */
  summary: string;
}

export interface ApplyOptions {
  signal?: AbortSignal;
  log?: Logger;
}

export async function apply(fix: ApplicableFix, env: AzureEnv, options: ApplyOptions = {}): Promise<ApplyResult> {
  const writes = fix.arm ?? [];
  if (writes.length === 0) {
    return { ok: false, outcomes: [], summary: `"${fix.title}" has no ARM change to apply; run its command or make its edit instead.` };
  }

  const log = options.log ?? env.log;
  const clients = new AzureClients({ ...env, log });
  const outcomes: WriteOutcome[] = [];

  for (const write of writes) {
    if (outcomes.some((outcome) => outcome.status === 'failed')) {
      outcomes.push({ write, status: 'not-run' });
      continue;
    }
    outcomes.push(await perform(clients, write, options.signal, log));
  }
  return { ok: outcomes.every((outcome) => outcome.status === 'applied' || outcome.status === 'unchanged'), outcomes, summary: summarize(outcomes) };
}

async function perform(clients: AzureClients, write: ArmWrite, signal: AbortSignal | undefined, log: Logger | undefined): Promise<WriteOutcome> {
  try {
    // NOTE: a 201 or 202 with Azure-AsyncOperation (a private DNS link, for example) counts as
    // applied at once; the provisioning that follows is not polled.
    await clients.arm({ method: write.method, path: write.path, apiVersion: write.apiVersion, body: write.body, abortSignal: signal });
    log?.info(`Applied: ${write.description}`);
    return { write, status: 'applied' };
  } catch (error) {
    const { message, status, code } = describeError(error);

    // A duplicate role assignment under another name is the state the fix wanted.
    if (status === 409 && code === 'RoleAssignmentExists') {
      log?.info(`Already in place: ${write.description}`);
      return { write, status: 'unchanged', httpStatus: status, code, message };
    }
    if (status === 404 && write.method === 'DELETE') {
      log?.info(`Already gone: ${write.description}`);
      return { write, status: 'unchanged', httpStatus: status, code, message };
    }

    const outcome: WriteOutcome = { write, status: 'failed', message };
    if (status !== undefined) {
      outcome.httpStatus = status;
    }
    if (code !== undefined) {
      outcome.code = code;
    }
    if (status === 403) {
      outcome.requiredRoles = requiredRolesFor(write.path);
    }
    log?.error(`Failed: ${write.description}: ${status ?? ''} ${code ?? ''} ${message}`.replace(/\s+/g, ' '));
    return outcome;
  }
}

/** Names the built-in roles that allow a write at this path (Azure's documented minimum roles for each resource type). */
export function requiredRolesFor(path: string): string {
  const lower = path.toLowerCase();
  const scope = path.split(/\/providers\/Microsoft\.Authorization\//i)[0] || '/';

  if (lower.includes('/providers/microsoft.authorization/roleassignments/')) {
    return `Creating or deleting a role assignment needs Owner, User Access Administrator, Role Based Access Control Administrator or Key Vault Data Access Administrator at ${scope}.`;
  }
  if (lower.includes('/providers/microsoft.authorization/roledefinitions/')) {
    return 'Updating a custom role needs Owner or User Access Administrator at every one of its assignable scopes.';
  }
  if (lower.includes('/federatedidentitycredentials/')) {
    return `Changing federated credentials needs Managed Identity Contributor or Contributor on ${path.split(/\/federatedIdentityCredentials\//i)[0]}.`;
  }
  if (lower.includes('/providers/microsoft.network/privatednszones/')) {
    return 'Changing a private DNS zone needs Private DNS Zone Contributor or Network Contributor on the zone (and Network Contributor on a linked virtual network).';
  }
  if (lower.includes('/providers/microsoft.network/')) {
    return 'Changing a network resource needs Network Contributor or Contributor on it.';
  }
  if (lower.includes('/providers/microsoft.keyvault/vaults/')) {
    return `Changing the vault needs Key Vault Contributor or Contributor on ${vaultOf(path)}.`;
  }
  return `The signed-in account has no write permission at ${path}.`;
}

function vaultOf(path: string): string {
  const match = /^(.*\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+)/i.exec(path);
  return match ? match[1] : path;
}

function summarize(outcomes: WriteOutcome[]): string {
  const done = outcomes.filter((outcome) => outcome.status === 'applied' || outcome.status === 'unchanged');
  const failed = outcomes.find((outcome) => outcome.status === 'failed');
  const notRun = outcomes.filter((outcome) => outcome.status === 'not-run');

  if (!failed) {
    const unchanged = done.filter((outcome) => outcome.status === 'unchanged').length;
    return unchanged > 0
      ? `Applied ${done.length} of ${outcomes.length} changes (${unchanged} already in place).`
      : `Applied ${done.length} of ${outcomes.length} changes.`;
  }

  const reason = [failed.httpStatus, failed.code].filter((part) => part !== undefined).join(' ');
  const parts = [
    `Applied ${done.length} of ${outcomes.length} changes.`,
    `Failed: ${failed.write.description} (${reason ? `${reason}: ` : ''}${failed.message ?? 'unknown error'}).`,
  ];
  if (failed.requiredRoles) {
    parts.push(failed.requiredRoles);
  }
  if (notRun.length > 0) {
    parts.push(`Not applied: ${notRun.map((outcome) => outcome.write.description).join('; ')}.`);
  }
  return parts.join(' ');
}
