/**
 * What the extension needs to sign in to a local sandbox: environment variables for the extension
 * host and the `kvDoctor.*` settings of a custom cloud. Shared by the extension-host and UI tests.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Sandbox } from '../../../sandbox/index';
import type { Scenario } from '../../../src/scenario/types';

export const repoRoot = path.resolve(__dirname, '../../..');

/** The shared real-world cases, read in place at test time (they live beside the repository). */
export const casesDir = path.resolve(repoRoot, '../shared/scenarios/cases');

export interface CaseFile extends Scenario {
  title: string;
  expect: {
    verdict: string;
    blockers?: string[];
    warnings?: string[];
    absent?: string[];
    fixIncludes?: string[];
    fixExcludes?: string[];
  };
}

export function readCase(fileName: string): CaseFile {
  return JSON.parse(readFileSync(path.join(casesDir, fileName), 'utf8')) as CaseFile;
}

/** Environment credential variables for the sandbox's operator, and trust for its CA. */
export function sandboxEnvironment(sandbox: Sandbox): Record<string, string> {
  if (!sandbox.caFile) {
    throw new Error('The sandbox runs without HTTPS; start it with https: true so VS Code can reach it.');
  }
  return {
    AZURE_TENANT_ID: sandbox.operator.tenantId,
    AZURE_CLIENT_ID: sandbox.operator.clientId,
    AZURE_CLIENT_SECRET: sandbox.operator.clientSecret,
    AZURE_AUTHORITY_HOST: sandbox.authorityHost,
    NODE_EXTRA_CA_CERTS: sandbox.caFile,
    NO_PROXY: '127.0.0.1',
    no_proxy: '127.0.0.1',
  };
}

/** User settings that point the extension at the sandbox as a custom cloud. */
export function sandboxSettings(sandbox: Sandbox): Record<string, unknown> {
  return {
    'kvDoctor.authentication': 'environment',
    'kvDoctor.cloud': 'custom',
    'kvDoctor.customCloud.resourceManagerEndpoint': sandbox.armEndpoint,
    'kvDoctor.customCloud.activeDirectoryEndpoint': sandbox.authorityHost,
    'kvDoctor.customCloud.microsoftGraphEndpoint': sandbox.graphEndpoint,
    'kvDoctor.customCloud.logAnalyticsEndpoint': sandbox.logAnalyticsEndpoint,
    'kvDoctor.customCloud.certificateAuthorityFile': sandbox.caFile,
  };
}
