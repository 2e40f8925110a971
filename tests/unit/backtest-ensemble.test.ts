import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseAndForecast } from '../../engine/forecast/choose';
import type { Series } from '../../engine/forecast/types';
import { outputBlock, runDesk, tempDirsPerTest } from './helpers';

const newDir = tempDirsPerTest();

/** 60 days of three SKUs: a steady one (some model forecasts it without error), a wavy one and an intermittent one. */
function salesCsv(dir: string): string {
  const rows = ['id,date,qty'];
  for (const id of ['steady', 'wavy', 'sparse']) {
    for (let i = 0; i < 60; i++) {
      const date = new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
      const qty = id === 'steady' ? 5 : id === 'wavy' ? Math.round(10 + 5 * Math.sin(i / 3) + ((i * 7) % 5)) : (i % 4 === 0 ? 3 : 0) + (i % 7 === 0 ? 2 : 0);
      rows.push(`${id},${date},${qty}`);
    }
  }
  const file = join(dir, 'sales.csv');
  writeFileSync(file, rows.join('\n') + '\n');
  return file;
}

describe('desk backtest scores the ensemble on the same series as every other row', () => {
  it('a series some model forecasts perfectly still counts for the ensemble (it was left out, unnoted, and its WAPE compared on fewer series)', () => {
    const dir = newDir();
    const file = salesCsv(dir);
    const args = ['backtest', '--csv', file, '--id', 'id', '--date', 'date', '--value', 'qty', '--horizon', '7', '--workers', '1'];
    const json = runDesk(dir, [...args, '--json']);
    expect(json.status, json.stderr).toBe(0);
    const out = JSON.parse(json.stdout) as { series: number; tooShort: number; models: { model: string; series: number; n: number; wape: number }[] };
    expect([out.series, out.tooShort]).toEqual([3, 0]);
    expect(out.models.map((m) => m.model)).toEqual(['snaive', 'ma', 'croston', 'sba', 'tsb', 'ets', 'theta', 'comb', 'ensemble', 'auto']);
    // Every row: 3 series, 3 folds of 7 days each.
    for (const m of out.models) expect([m.model, m.series, m.n]).toEqual([m.model, 3, 63]);

    const table = runDesk(dir, args);
    expect(table.status, table.stderr).toBe(0);
    // The table's series column (second from the right) says 3 on every row, the ensemble's included.
    const rows = outputBlock(table.stdout, /^model\s/).slice(1).map((l) => l.trim().split(/\s+/));
    expect(rows.map((r) => [r[0], r[r.length - 2]])).toEqual(out.models.map((m) => [m.model, '3']));
  });

  it('the ensemble is still no option to forecast with where one model alone was perfect: the choice is unchanged', () => {
    const steady: Series = { id: 'steady', start: '2024-01-01', values: new Array<number>(60).fill(5), seasonLength: 7 };
    const c = chooseAndForecast(steady, { horizon: 7, folds: 3, models: ['snaive', 'ma', 'ets', 'theta'] });
    // Scored (so the backtest rows compare like with like) ...
    expect(c.sums.ensemble?.n).toBe(c.sums.ma.n);
    // ... but never chosen without two members to blend.
    expect(c.model).not.toBe('ensemble');
    expect(c.forecast.p50).toEqual(new Array<number>(7).fill(5));
  });
});
