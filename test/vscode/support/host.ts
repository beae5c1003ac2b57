/**
 * Helpers for tests inside the extension host: the extension's API, the sandbox control server,
 * and waiting for asynchronous state.
 */
import http from 'node:http';
import * as vscode from 'vscode';
import type { KeyVaultDoctorApi } from '../../../src/extension';

export const EXTENSION_ID = 'kv-doctor.keyvault-access-doctor';

export interface SandboxState {
  roleAssignments: { id: string; name: string; properties: { principalId: string; roleDefinitionId: string; scope: string } }[];
  log: { method: string; path: string; status: number }[];
}

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run these tests through test/support/vscode/run.js with --setup test/vscode/setup.ts.`);
  }
  return value;
}

/** Reads the sandbox's role assignments and request log from the control server started in setup.ts. */
export function sandboxState(): Promise<SandboxState> {
  return new Promise((resolve, reject) => {
    http
      .get(`${requiredEnv('KVD_TEST_CONTROL_URL')}/state`, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          try {
            resolve(JSON.parse(body) as SandboxState);
          } catch (error) {
            reject(error);
          }
        });
      })
      .on('error', reject);
  });
}

/** Makes the sandbox fail matching requests with a fault; `path` is a sandbox path pattern such as `**\/roleAssignments/*`. */
export function injectFault(rule: { method?: string; path: string; times?: number; fault: Record<string, unknown> }): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${requiredEnv('KVD_TEST_CONTROL_URL')}/fault`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
      response.resume();
      if (response.statusCode === 204) {
        resolve();
      } else {
        reject(new Error(`Injecting a fault failed with status ${response.statusCode}.`));
      }
    });
    request.on('error', reject);
    request.end(JSON.stringify(rule));
  });
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Points the extension at the sandbox (settings from setup.ts), activates it and waits for the trees to load. */
export async function activateSignedIn(): Promise<KeyVaultDoctorApi> {
  const settings = JSON.parse(requiredEnv('KVD_TEST_SETTINGS')) as Record<string, unknown>;
  const configuration = vscode.workspace.getConfiguration();
  for (const [key, value] of Object.entries(settings)) {
    await configuration.update(key, value, vscode.ConfigurationTarget.Global);
  }

  const extension = vscode.extensions.getExtension<KeyVaultDoctorApi>(EXTENSION_ID);
  if (!extension) {
    throw new Error(`Extension ${EXTENSION_ID} is not loaded.`);
  }
  const api = await extension.activate();
  await api.session.refresh(true);
  await waitFor('the vaults and identities to load', () => api.session.state === 'ready' && !api.session.resourcesLoading);
  return api;
}
