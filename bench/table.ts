/** One line of the results table: a figure of chaos-exchange beside its baseline from the same run. */
export interface Row {
  /** Goal number from docs/benchmarks.md (1-7). */
  goal: number;
  figure: string;
  measured: string;
  baseline: string;
  ratio: string;
  /** The goal as a phrase (`≥ 0.8× express`), or `floor` / `—` for a reference-only row. */
  target: string;
  verdict: 'pass' | 'miss' | 'info';
}

const HEADERS = ['#', 'figure', 'chaos-exchange', 'baseline', 'ratio', 'goal', 'result'] as const;

const cells = (r: Row): string[] => [String(r.goal), r.figure, r.measured, r.baseline, r.ratio, r.target, r.verdict];

/** The rows as an aligned plain-text table, for the terminal. */
export function textTable(rows: readonly Row[]): string {
  const all = [[...HEADERS], ...rows.map(cells)];
  const widths = HEADERS.map((_, i) => Math.max(...all.map((r) => [...(r[i] ?? '')].length)));
  const line = (r: string[]): string => r.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - [...c].length)).join('  ').trimEnd();
  return [line(all[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}

/** The rows as a Markdown table, for docs/benchmarks.md. */
export function markdownTable(rows: readonly Row[]): string {
  const line = (r: readonly string[]): string => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(HEADERS), line(HEADERS.map(() => '---')), ...rows.map((r) => line(cells(r)))].join('\n');
}
