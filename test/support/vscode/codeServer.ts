/**
 * Starts and stops code-server (the VS Code 1.100.3 server and web workbench, pinned in
 * tools/code-server) on 127.0.0.1 for extension-host and UI tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const codeServerBin = path.join(repoRoot, 'tools', 'code-server', 'node_modules', '.bin', 'code-server');

export interface CodeServerOptions {
  /** A fresh folder for this run: HOME, config, user data, extensions and the server log go here. */
  runDir: string;
  /** Added to this process's environment; the extension host inherits the server's environment. */
  env?: Record<string, string>;
  /** User settings merged over defaultUserSettings. */
  settings?: Record<string, unknown>;
  /** Milliseconds to wait for /healthz; 60 s by default. */
  startTimeoutMs?: number;
}

export interface CodeServer {
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  /** `host:port` as VS Code writes it in vscode-remote:// URIs. */
  authority: string;
  extensionsDir: string;
  logFile: string;
  stop(): Promise<void>;
}

/** Settings for every test run: no welcome page, no telemetry, no update or gallery checks. */
export const defaultUserSettings: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
};

/** Finds a free TCP port on 127.0.0.1 by binding port 0 and releasing it. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function requestHealth(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(`${url}/healthz`, { timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
    request.on('timeout', () => {
      request.destroy();
      resolve(false);
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited with ${child.exitCode ?? child.signalCode} before it was ready; its log:\n${readLogTail(logFile)}`);
    }
    if (await requestHealth(url)) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs / 1000} s; its log:\n${readLogTail(logFile)}`);
}

export function readLogTail(logFile: string, maxChars = 4000): string {
  if (!existsSync(logFile)) {
    return '(no log)';
  }
  const text = readFileSync(logFile, 'utf8');
  return text.length > maxChars ? text.slice(-maxChars) : text;
}

/** Kills a detached process group: SIGTERM first, SIGKILL after graceMs. */
export async function killProcessGroup(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.pid === undefined) {
    return;
  }

  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
    } else {
      child.once('exit', () => resolve());
    }
  });

  signalGroup(child.pid, 'SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs));
  await Promise.race([exited, timer]);

  // The server forks the extension host and file watchers into the same group, and they may
  // outlive the server process itself, so the group always gets a final SIGKILL.
  signalGroup(child.pid, 'SIGKILL');
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group has already exited.
  }
}

/**
 * Starts code-server with its own HOME, user data and extensions folders, no authentication, bound
 * to 127.0.0.1 on a free port, in its own process group, and waits until /healthz returns 200.
 */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  if (!existsSync(codeServerBin)) {
    throw new Error(`code-server not found at ${codeServerBin}; run scripts/install-code-server.sh`);
  }

  const homeDir = path.join(options.runDir, 'home');
  const userDataDir = path.join(options.runDir, 'user-data');
  const extensionsDir = path.join(options.runDir, 'extensions');
  for (const dir of [homeDir, path.join(userDataDir, 'User'), extensionsDir]) {
    mkdirSync(dir, { recursive: true });
  }
  const settings = { ...defaultUserSettings, ...options.settings };
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

  // Without --config, code-server writes a config file with a generated password under HOME.
  const configFile = path.join(options.runDir, 'config.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  const logFile = path.join(options.runDir, 'code-server.log');

  const port = await findFreePort();
  const args = [
    '--config', configFile,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];

  const logFd = openSync(logFile, 'a');
  const child = spawn(codeServerBin, args, {
    cwd: options.runDir,
    // An empty gallery turns the extension marketplace off; otherwise code-server queries
    // open-vsx.org, and tests must not reach any host but 127.0.0.1.
    env: { ...process.env, ...options.env, HOME: homeDir, EXTENSIONS_GALLERY: '{}' },
    detached: true,
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child, logFile, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await killProcessGroup(child);
    throw error;
  }

  return {
    port,
    url,
    authority: `127.0.0.1:${port}`,
    extensionsDir,
    logFile,
    stop: () => killProcessGroup(child),
  };
}
