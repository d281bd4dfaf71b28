import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

/** One line of the final table. `ratio` and `target` are null for figures reported for information. */
export interface Figure {
  readonly figure: string;
  readonly value: number | null;
  readonly unit: string;
  readonly baseline: number | null;
  readonly baselineLabel: string;
  readonly ratio: number | null;
  readonly target: string;
  /** PASS, FAIL, or '' for information only. */
  readonly result: 'PASS' | 'FAIL' | '';
  readonly note?: string;
}

export function targetRatio(args: {
  figure: string;
  value: number;
  unit: string;
  baseline: number;
  baselineLabel: string;
  min: number;
  /** When the ratio is not simply value / baseline (e.g. a median of paired ratios). */
  ratio?: number;
  ok?: boolean;
  note?: string;
}): Figure {
  const ratio = args.ratio ?? args.value / args.baseline;
  return {
    figure: args.figure,
    value: args.value,
    unit: args.unit,
    baseline: args.baseline,
    baselineLabel: args.baselineLabel,
    ratio,
    target: `≥ ${args.min.toFixed(2)}×`,
    result: ratio >= args.min && args.ok !== false ? 'PASS' : 'FAIL',
    note: args.note,
  };
}

export function info(figure: string, value: number, unit: string, baseline: number, baselineLabel: string): Figure {
  return { figure, value, unit, baseline, baselineLabel, ratio: value / baseline, target: '(info)', result: '' };
}

export function failed(figure: string, error: unknown): Figure {
  return { figure, value: null, unit: '', baseline: null, baselineLabel: '', ratio: null, target: '', result: 'FAIL', note: `ERROR: ${errorText(error)}` };
}

/** An error's message with its causes: fetch's own says only "fetch failed", the cause says why. */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause === undefined ? error.message : `${error.message} (${errorText(error.cause)})`;
}

export function printTable(figures: readonly Figure[], print: (line: string) => void): void {
  const header = ['Figure', 'Value', 'Baseline', 'Ratio', 'Target', 'Result'];
  const rows = figures.map((f) => [
    f.figure,
    f.value === null ? '—' : `${number(f.value)} ${f.unit}`.trim(),
    f.baseline === null ? '—' : `${number(f.baseline)} ${f.unit} ${f.baselineLabel}`.trim(),
    f.ratio === null ? '—' : `${f.ratio.toFixed(2)}×`,
    f.target,
    f.result,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  const rule = '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|';
  print(line(header));
  print(rule);
  for (const row of rows) print(line(row));
  for (const f of figures) if (f.note) print(`  ${f.result === 'FAIL' ? '!!' : '--'} ${f.figure}: ${f.note}`);
}

/** bench/results/latest.json in the source tree (this file runs from dist/bench/). */
export function writeResults(figures: readonly Figure[], details: Record<string, unknown>): string {
  const directory = join(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(directory, { recursive: true });
  const file = join(directory, 'latest.json');
  const body = {
    timestamp: new Date().toISOString(),
    node: process.version,
    cores: cpus().length,
    cpuModel: cpus()[0]?.model,
    platform: `${process.platform}-${process.arch}`,
    figures,
    details,
  };
  writeFileSync(file, JSON.stringify(body, (_key, value) => (typeof value === 'bigint' ? value.toString() : value), 2) + '\n');
  return file;
}

function number(value: number): string {
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(value >= 10 ? 1 : 2);
}
