/**
 * `kv-doctor check DIR`: the offline workspace checks for CI pipelines. Reads the manifests and
 * templates under DIR, prints the findings as text, JSON or SARIF, and exits 1 when any finding
 * reaches the failing severity (a blocker by default).
 */
import { version } from '../../package.json';
import { renderCheck } from '../report/checkOutput';
import { formatCheckText } from '../report/checkText';
import { formatSarif } from '../report/sarif';
import { checkWorkspaceFiles } from '../workspace/checks';
import { readWorkspaceDir } from '../workspace/readDir';
import { choice, parseCommandArgs } from './args';
import { EXIT_CODES, UsageError } from './errors';
import { CHECK_HELP } from './help';
import type { CliIo } from './io';

const OPTIONS = {
  format: { type: 'string' },
  'fail-on': { type: 'string' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const CHECK_FORMATS = ['text', 'json', 'sarif'] as const;
const FAIL_ON = ['blocker', 'warning'] as const;

/** Runs the command and returns the exit code: 0 nothing failing, 1 a finding at the failing severity, 2 bad usage. */
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

  let files: Record<string, string>;
  try {
    files = readWorkspaceDir(folder);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }

  const output = renderCheck(checkWorkspaceFiles(files));
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  } else if (format === 'sarif') {
    io.stdout.write(formatSarif(output, version));
  } else {
    const noColor = values['no-color'] === true || (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '');
    io.stdout.write(formatCheckText(output, { color: io.stdout.isTTY === true && !noColor }));
  }

  const failing = output.counts.blocker + (failOn === 'warning' ? output.counts.warning : 0);
  return failing > 0 ? EXIT_CODES.blocked : EXIT_CODES.shouldWork;
}
