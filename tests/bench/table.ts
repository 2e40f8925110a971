/** Prints benchmark tables: our figure, the peer or baseline from the same run, and the ratio. */

/** One row of a benchmark table. */
export interface BenchRow {
  metric: string;
  ours: number | string;
  peer: number | string;
  peerName: string;
  /** ours / peer unless given. */
  ratio?: number | string;
  target?: string;
  unit?: string;
}

function fmt(v: number | string): string {
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a >= 1000 ? Math.round(v).toLocaleString('en-US') : a >= 10 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : v.toFixed(3);
}

/** Prints rows as a Markdown table (paste-able into the README). */
export function printTable(title: string, rows: BenchRow[]): void {
  const head = ['metric', 'ours', 'peer / baseline', 'value', 'ratio', 'target'];
  const body = rows.map((r) => {
    const ratio = r.ratio ?? (typeof r.ours === 'number' && typeof r.peer === 'number' && r.peer !== 0 ? r.ours / r.peer : '—');
    const unit = r.unit ? ` ${r.unit}` : '';
    // A figure that could not be had (n/a, —) carries no unit.
    const withUnit = (v: number | string): string => fmt(v) + (typeof v === 'number' ? unit : '');
    return [r.metric, withUnit(r.ours), r.peerName, withUnit(r.peer), typeof ratio === 'number' ? `${ratio.toFixed(2)}x` : ratio, r.target ?? ''];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  process.stdout.write(`\n${title}\n\n${line(head)}\n| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |\n${body.map(line).join('\n')}\n`);
}

/** Path of ../shared/data relative to the project root, or null with a printed reason when absent. */
export async function sharedData(sub: string): Promise<string | null> {
  const { existsSync } = await import('node:fs');
  const { resolve } = await import('node:path');
  const p = resolve(process.cwd(), '..', 'shared', 'data', sub);
  if (!existsSync(p)) {
    process.stdout.write(`SKIPPED: ${p} is absent (../shared/data is only beside a development checkout)\n`);
    return null;
  }
  return p;
}
