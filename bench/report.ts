/**
 * Figures and targets: every measured value is a `Figure`, printed as one line that ends in its
 * ratio to the target (measured / target), or `-` when the figure has no target.
 */

export interface Target {
  /** `max`: the value must be at most `limit`; `min`: at least `limit`. */
  kind: 'max' | 'min';
  limit: number;
}

export interface Figure {
  section: string;
  name: string;
  value: number;
  unit: string;
  target?: Target;
  /** Context printed after the value: its parts, or the limit behind it. */
  note?: string;
}

export function passes(figure: Figure): boolean | undefined {
  if (!figure.target) {
    return undefined;
  }
  return figure.target.kind === 'max' ? figure.value <= figure.target.limit : figure.value >= figure.target.limit;
}

/** Returns measured / target; a target of zero gives 0 when met and Infinity when missed. */
export function ratioOf(figure: Figure): number | undefined {
  if (!figure.target) {
    return undefined;
  }
  if (figure.target.limit === 0) {
    return figure.value === 0 ? 0 : Infinity;
  }
  return figure.value / figure.target.limit;
}

export function formatNumber(value: number): string {
  if (Number.isInteger(value)) {
    return value.toLocaleString('en-US');
  }
  return Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}

/** Formats one figure as a single line: section, name, value, target with PASS or FAIL, note, ratio. */
export function formatFigure(figure: Figure): string {
  const value = `${formatNumber(figure.value)} ${figure.unit}`.trim();
  const ok = passes(figure);
  const target = figure.target ? ` [target ${figure.target.kind === 'max' ? '<=' : '>='} ${formatNumber(figure.target.limit)}: ${ok ? 'PASS' : 'FAIL'}]` : '';
  const note = figure.note ? ` (${figure.note})` : '';
  const ratio = ratioOf(figure);
  return `${figure.section} | ${figure.name}: ${value}${target}${note} | ratio ${formatRatio(ratio)}`;
}

/** Two decimals, or two significant digits for ratios below 0.01 so a large miss does not print as 0.00. */
export function formatRatio(ratio: number | undefined): string {
  if (ratio === undefined) {
    return '-';
  }
  if (ratio !== 0 && Number.isFinite(ratio) && Math.abs(ratio) < 0.01) {
    return ratio.toPrecision(2);
  }
  return ratio.toFixed(2);
}

/** Collects figures and prints each as it arrives, so a long run shows progress. */
export class FigureLog {
  readonly figures: Figure[] = [];

  add(figure: Figure): void {
    this.figures.push(figure);
    console.log(formatFigure(figure));
  }

  /** Prints a line that is not a figure, such as a skipped measurement and its reason. */
  say(line: string): void {
    console.log(line);
  }
}
