/**
 * `kv-doctor check DIR`: the offline workspace checks for CI pipelines. Reads the manifests and
 * templates under DIR and prints the findings as text, JSON or SARIF. Exit codes: 0 nothing at
 * the failing severity, 1 a finding at the failing severity (a blocker by default) or, with
 * --fail-on-unparsed, a file not checked, 2 bad usage or no candidate file could be checked.
 */
import { version } from '../../package.json';
import { nothingChecked, renderCheck } from '../report/checkOutput';
import { formatCheckText, uncheckedFiles } from '../report/checkText';
import { formatSarif } from '../report/sarif';
import { checkWorkspaceFiles } from '../workspace/checks';
import { DEFAULT_MAX_FILES, scanWorkspaceDir, type WorkspaceScan } from '../workspace/readDir';
import { choice, parseCommandArgs } from './args';
import { EXIT_CODES, UsageError } from './errors';
import { CHECK_HELP } from './help';
import type { CliIo } from './io';

const OPTIONS = {
  format: { type: 'string' },
  'fail-on': { type: 'string' },
  'fail-on-unparsed': { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const CHECK_FORMATS = ['text', 'json', 'sarif'] as const;
const FAIL_ON = ['blocker', 'warning'] as const;

/** Runs the command and returns the exit code described in the file header. */
export async function runCheck(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('check', args, OPTIONS, true);
  if (values.help) {
    io.stdout.write(CHECK_HELP);
    return 0;
  }
  if (positionals.length > 1) {
    throw new UsageError(`kv-doctor check takes one folder, but got ${positionals.length}: ${positionals.join(' ')}.`);
  }

  const format = choice('--format', values.format, CHECK_FORMATS, 'text');
  const failOn = choice('--fail-on', values['fail-on'], FAIL_ON, 'blocker');
  const folder = positionals[0] ?? '.';

  let scan: WorkspaceScan;
  try {
    scan = scanWorkspaceDir(folder);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }

  const output = renderCheck(checkWorkspaceFiles(scan.files), scan.skipped);
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  } else if (format === 'sarif') {
    io.stdout.write(formatSarif(output, version));
  } else {
    const noColor = values['no-color'] === true || (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '');
    io.stdout.write(formatCheckText(output, { color: io.stdout.isTTY === true && !noColor, folder }));
  }

  // Text output prints these notes itself, so JSON and SARIF keep standard output machine-readable.
  if (format !== 'text' && output.fileCount === 0 && output.skipped.length === 0) {
    io.stderr.write(`kv-doctor check: no Kubernetes, Bicep, ARM or Terraform files found under ${folder}.\n`);
  }
  if (scan.limitReached) {
    io.stderr.write(`kv-doctor check: stopped after ${DEFAULT_MAX_FILES} files, so later files under ${folder} were not checked. Pass a smaller folder.\n`);
  }
  if (nothingChecked(output)) {
    const count = output.fileCount + output.skipped.length;
    const candidates = count === 1 ? 'the only candidate file failed to parse or was skipped' : `all ${count} candidate files failed to parse or were skipped`;
    io.stderr.write(`kv-doctor check: no file under ${folder} could be checked, because ${candidates}. Fix or remove the files listed as not checked.\n`);
    return EXIT_CODES.usage;
  }

  const failing = output.counts.blocker + (failOn === 'warning' ? output.counts.warning : 0);
  if (failing > 0) {
    return EXIT_CODES.blocked;
  }
  return values['fail-on-unparsed'] === true && uncheckedFiles(output).length > 0 ? EXIT_CODES.blocked : EXIT_CODES.shouldWork;
}
