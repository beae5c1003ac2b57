/** Command-line options of `npm run bench`. */

export const SECTIONS = ['diagnosis', 'discovery', 'engine', 'extension'] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchOptions {
  quick: boolean;
  /** Delay the sandbox adds to every response, in milliseconds. */
  latencyMs: number;
  sections: Section[];
}

export const USAGE = `Usage: npm run bench -- [--quick] [--latency MS] [--only SECTION[,SECTION...]]

  --quick        fewer repetitions and no az commands; finishes in under a minute
  --latency MS   delay added to every sandbox response, in milliseconds (default 100)
  --only LIST    run only these sections: ${SECTIONS.join(', ')}`;

export function parseOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { quick: false, latencyMs: 100, sections: [...SECTIONS] };

  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    const value = () => {
      const next = argv[index + 1];
      if (next === undefined) {
        throw new Error(`Missing value for ${argument}.\n${USAGE}`);
      }
      index += 1;
      return next;
    };

    if (argument === '--quick') {
      options.quick = true;
    } else if (argument === '--latency') {
      const text = value();
      const latency = Number(text);
      if (!Number.isInteger(latency) || latency < 1) {
        throw new Error(`Invalid --latency ${text}: give a whole number of milliseconds, 1 or more.`);
      }
      options.latencyMs = latency;
    } else if (argument === '--only') {
      const names = value().split(',').map((name) => name.trim());
      const unknown = names.filter((name) => !(SECTIONS as readonly string[]).includes(name));
      if (unknown.length > 0) {
        throw new Error(`Unknown section ${unknown.join(', ')} in --only: choose from ${SECTIONS.join(', ')}.`);
      }
      options.sections = names as Section[];
    } else if (argument === '--help' || argument === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else {
      throw new Error(`Unknown option ${argument}.\n${USAGE}`);
    }
  }
  return options;
}
