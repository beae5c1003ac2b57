/**
 * The fact source of `kv-doctor diagnose --scenario` and of the live form: a scenario served by
 * the local sandbox, or a real vault read through Azure Resource Manager. The live form signs in
 * with the environment's service principal or the Azure CLI's login.
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AccessFacts, AccessRequest, CallerRef } from '../diagnosis/facts';
import { cloudByName, CLOUDS, type AzureCloud } from '../azure/clouds';
import { fetchCloudMetadata } from '../azure/cloudMetadata';
import { collect } from '../azure/collect';
import { azureCliCredential, cachingCredential, environmentCredential } from '../azure/credentials';
import type { AzureEnv, Logger } from '../azure/env';
import { describeError, isConnectionError } from '../azure/errors';
import { InvalidRequestError } from '../azure/request';
import { parseWorkspaceFiles } from '../workspace/parse';
import { readWorkspaceDir } from '../workspace/readDir';
import { UnreachableError, UsageError } from './errors';
import { loadScenarioFile } from './scenarioFile';
import { deriveOperations, runScenario } from './scenarioRun';
import { version } from '../../package.json';

export interface CollectOptions {
  /** `--scenario FILE`: serve this scenario from the local sandbox and collect from it. */
  scenarioFile?: string;
  /** Live form: the vault's resource id. */
  vaultId?: string;
  /** Live form: exactly one of identity, objectId, clientId. */
  caller?: CallerRef;
  /** Operations to check; derived from the workspace or the client when empty or absent. */
  operations?: string[];
  objects?: string[];
  /** `--workspace DIR`: Kubernetes manifests and templates to read workload facts from. */
  workspaceDir?: string;
  /** `--cloud NAME`: AzureCloud, AzureUSGovernment or AzureChinaCloud. */
  cloud?: string;
  /** `--arm-endpoint URL` with `--ca FILE`: a custom Resource Manager endpoint and its certificate authority. */
  armEndpoint?: string;
  caFile?: string;
  /** Receives request lines and warnings; nothing is logged when absent. */
  log?: Logger;
  signal?: AbortSignal;
}

/** Collects the facts for a scenario or a live vault. Bad input raises `UsageError`; Azure errors become gaps in the facts. */
export async function collectFacts(options: CollectOptions): Promise<AccessFacts> {
  if (options.scenarioFile !== undefined) {
    const scenario = await loadScenarioFile(options.scenarioFile);
    const run = await runScenario(scenario, { workspaceDir: options.workspaceDir, log: options.log, signal: options.signal }).catch(rethrowInvalid);
    return run.facts;
  }
  return collectLive(options);
}

async function collectLive(options: CollectOptions): Promise<AccessFacts> {
  if (!options.vaultId || !options.caller) {
    throw new UsageError('The live form needs --vault ID and one of --identity ID, --object-id GUID or --client-id GUID.');
  }

  const workload = options.workspaceDir !== undefined ? parseWorkspaceFiles(readWorkspaceDir(options.workspaceDir)) : undefined;
  const request: AccessRequest = {
    vaultId: options.vaultId,
    caller: options.caller,
    operations: options.operations && options.operations.length > 0 ? options.operations : deriveOperations(undefined, workload),
    objects: options.objects ?? [],
  };

  const env = await liveEnv(options);
  return collect(request, env, { workload, log: options.log, signal: options.signal }).catch(rethrowInvalid);
}

/**
 * Builds the live form's environment for the chosen cloud, or a custom one from its ARM metadata.
 * It signs in with the environment's service principal when AZURE_CLIENT_ID is set, otherwise
 * with the Azure CLI's login.
 */
async function liveEnv(options: CollectOptions): Promise<AzureEnv> {
  const ca = options.caFile !== undefined ? await readCa(options.caFile) : undefined;

  let cloud: AzureCloud;
  if (options.armEndpoint !== undefined) {
    try {
      cloud = await fetchCloudMetadata(options.armEndpoint, { ca });
    } catch (error) {
      throw metadataError(options.armEndpoint, error);
    }
  } else {
    try {
      cloud = options.cloud !== undefined ? cloudByName(options.cloud) : CLOUDS.AzureCloud;
    } catch (error) {
      throw new UsageError(`${(error as Error).message} (given to --cloud)`);
    }
  }

  const credential = process.env.AZURE_CLIENT_ID ? environmentCredential(cloud, { ca }) : azureCliCredential(process.env.AZURE_TENANT_ID || undefined);
  return {
    cloud,
    credential: cachingCredential(credential),
    ...(process.env.AZURE_TENANT_ID ? { tenantId: process.env.AZURE_TENANT_ID } : {}),
    ...(ca ? { ca } : {}),
    userAgentPrefix: `kv-doctor/${version}`,
    ...(options.log ? { log: options.log } : {}),
  };
}

/**
 * Reads the `--ca` file and checks that it contains at least one PEM certificate that parses, so a
 * wrong file is reported before any connection, not as a TLS failure.
 */
async function readCa(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read the CA certificate ${path} (given to --ca): ${(error as Error).message}`);
  }

  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) {
    throw new UsageError(`${path} (given to --ca) is not a PEM certificate: it has no "-----BEGIN CERTIFICATE-----" block. Give the certificate authority's certificate in PEM form.`);
  }
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch (error) {
      throw new UsageError(`${path} (given to --ca) contains an invalid certificate block: ${(error as Error).message}. Give the certificate authority's certificate in PEM form.`);
    }
  }
  return text;
}

/**
 * Classifies a failed metadata request. A connection that could not be made or timed out is
 * UnreachableError (exit code 3, because nothing was collected). A TLS failure, an error status
 * or a body that is not ARM metadata means the URL or `--ca` is wrong: UsageError (exit code 2).
 */
function metadataError(armEndpoint: string, error: unknown): Error {
  const { message } = describeError(error);
  const tls = /certificate|ssl|tls|self[- ]signed/i.test(message);
  if (!tls && isConnectionError(error)) {
    return new UnreachableError(`Cannot connect to ${armEndpoint} (given to --arm-endpoint): ${message.replace(/\.?$/, '.')} No fact was collected, so the verdict is unknown; check that the endpoint is running and reachable.`);
  }
  const hint = tls ? ' If the endpoint uses a private certificate authority, pass its certificate with --ca FILE.' : '';
  return new UsageError(`Cannot read the cloud metadata of ${armEndpoint} (given to --arm-endpoint): ${message}${hint}`);
}

function rethrowInvalid(error: unknown): never {
  if (error instanceof InvalidRequestError) {
    throw new UsageError(error.message);
  }
  throw error;
}
