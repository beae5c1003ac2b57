/**
 * `npm run demo:vscode`: the extension in a real VS Code (code-server) signed in to a local
 * sandbox seeded with the demo scenario, for trying the views, Diagnose 403 and Apply by hand.
 *
 * It builds the extension, starts the sandbox over HTTPS on 127.0.0.1, writes the scenario's
 * manifests into a temporary workspace, starts code-server on 127.0.0.1 with the extension loaded
 * from source, and prints the address to open. Ctrl+C stops everything it started.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox } from '../sandbox/index';
import type { Scenario } from '../src/scenario/types';
import { repoRoot, startCodeServer } from '../test/support/vscode/codeServer';
import { buildWorkbenchUrl } from '../test/support/vscode/workbench';
import { sandboxEnvironment, sandboxSettings } from '../test/vscode/support/sandboxEnvironment';

const scenarioFile = path.join(repoRoot, 'demo', 'aks-external-secrets.json');

async function main(): Promise<void> {
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], { stdio: 'inherit' });

  const scenario = JSON.parse(readFileSync(scenarioFile, 'utf8')) as Scenario;
  const sandbox = await startSandbox({ scenario });
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'kvd-demo-'));
  const workspace = path.join(runDir, 'workspace');
  for (const [file, text] of Object.entries(scenario.workspace?.files ?? {})) {
    mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
    writeFileSync(path.join(workspace, file), text);
  }
  mkdirSync(workspace, { recursive: true });

  const server = await startCodeServer({ runDir, env: sandboxEnvironment(sandbox), settings: sandboxSettings(sandbox) });
  const url = buildWorkbenchUrl(server, { folder: workspace, extensionDevelopmentPath: repoRoot });

  let stopping = false;
  const stop = async () => {
    if (stopping) {
      return;
    }
    stopping = true;
    await server.stop();
    await sandbox.stop();
    rmSync(runDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  const question = scenario.question;
  console.log(`
Key Vault Access Doctor demo: ${(scenario as Scenario & { title?: string }).title ?? ''}

Open this address in a browser on this machine:
  ${url}

Then open the Key Vault Access Doctor view in the activity bar, right-click ${path.basename(question.vault)},
choose Diagnose 403..., pick the identity ${path.basename(question.caller.identity ?? '')}, the preset
"External Secrets: dataFrom[].find", the objects ${(question.objects ?? []).map((ref) => ref.split('/')[1]).join(', ')} and the cluster
${path.basename(question.from?.cluster ?? '')}. The report shows the blocker and an Apply button.

Sandbox: ${sandbox.url} (ARM, Entra ID and Microsoft Graph look-alike, 127.0.0.1 only)
Press Ctrl+C to stop.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
