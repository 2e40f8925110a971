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
    const out = JSON.parse(json.stdout) as { series: number; tooShort: number; models: { model: string; series: number; n: number; wape: number }[]; scoredOnFewer: unknown[] };
    expect([out.series, out.tooShort]).toEqual([3, 0]);
    // With every model run, comb has its members on every series: nothing scored on fewer, no note.
    expect(out.scoredOnFewer).toEqual([]);
    expect(json.stderr).not.toMatch(/Note: /);
    expect(out.models.map((m) => m.model)).toEqual(['snaive', 'ma', 'croston', 'sba', 'tsb', 'ets', 'theta', 'comb', 'ensemble', 'auto']);
    // Every row: 3 series, 3 folds of 7 days each.
    for (const m of out.models) expect([m.model, m.series, m.n]).toEqual([m.model, 3, 63]);

    const table = runDesk(dir, args);
    expect(table.status, table.stderr).toBe(0);
    // The table's series column (second from the right) says 3 on every row, the ensemble's included; each model by
    // its name with the id --json gives (it printed the ids alone).
    const rows = outputBlock(table.stdout, /^model\s/).slice(1).map((l) => l.trim().split(/\s{2,}/)); // cells part by two spaces: a time reads "0.4 s"
    expect(rows.map((r) => [r[0], r[r.length - 2]])).toEqual([
      'Same day last week (snaive)', 'Moving average (ma)', 'Croston (sparse sales)', 'Adjusted Croston (sparse sales) (sba)', 'TSB (sparse, fading sales)',
      'Exponential smoothing (ets)', 'Theta method', 'Equal-weight combination (comb)', 'Blend of the best models (ensemble)', 'Automatic choice (auto)',
    ].map((name) => [name, '3']));
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

describe('desk backtest says why ensemble or comb cannot be scored on every series', () => {
  const args = (file: string, models: string): string[] => ['backtest', '--csv', file, '--id', 'id', '--date', 'date', '--value', 'qty', '--horizon', '7', '--workers', '1', '--models', models];

  it('one single model listed with ensemble or comb is a user error in English and Chinese, not rows of 0 series and dashes', () => {
    const dir = newDir();
    const file = salesCsv(dir);
    const en = runDesk(dir, args(file, 'ets,ensemble'));
    expect(en.status).toBe(1);
    expect(en.stdout).not.toMatch(/^ensemble\s/m);
    expect(en.stderr.trim()).toBe("desk backtest: ensemble blends the single models listed in --models and needs at least two of them, but only ets is listed. Add another (e.g. --models ets,theta,ensemble), or list no single model to blend each series' own candidates.");
    const zh = runDesk(dir, [...args(file, 'theta,ensemble,comb'), '--lang', 'zh']);
    expect(zh.status).toBe(1);
    expect(zh.stderr.trim()).toBe('desk backtest：ensemble 和 comb 由 --models 中列出的单一模型组合而成，至少需要其中两个，但只列出了 theta。请再加一个（例如 --models theta,ets,ensemble,comb），或不列单一模型，改用每条序列自己的候选模型组合。');
    // No single model listed: each series blends its own candidates, as before.
    const own = runDesk(dir, [...args(file, 'ensemble,comb'), '--json']);
    expect(own.status, own.stderr).toBe(0);
    expect((JSON.parse(own.stdout) as { models: { model: string; series: number }[] }).models.map((m) => [m.model, m.series])).toEqual([['ensemble', 3], ['comb', 3]]);
  });

  it('comb scored on fewer series than the other rows (its intermittent members not listed) gets a note under the table and a field in --json', () => {
    const dir = newDir();
    const file = salesCsv(dir);
    const en = runDesk(dir, args(file, 'ets,theta,ensemble,comb'));
    expect(en.status, en.stderr).toBe(0);
    const rows = outputBlock(en.stdout, /^model\s/).slice(1).map((l) => l.trim().split(/\s{2,}/)); // cells part by two spaces: a time reads "0.4 s"
    expect(rows.map((r) => [r[0], r[r.length - 2]])).toEqual([['Exponential smoothing (ets)', '3'], ['Theta method', '3'], ['Blend of the best models (ensemble)', '3'], ['Equal-weight combination (comb)', '2']]);
    // The note names the models as the table does (it read 'comb' and 'members sba + tsb + ets').
    expect(en.stderr.trim().split('\n').pop()).toBe(
      'Note: Equal-weight combination (comb) was scored on 2 of 3 series: it averages fixed members for each demand profile and is scored only where --models runs at least two of them, which leaves out 1 intermittent series (members Adjusted Croston (sparse sales) (sba) + TSB (sparse, fading sales) + Exponential smoothing (ets)).',
    );
    const zh = runDesk(dir, [...args(file, 'ets,theta,ensemble,comb'), '--lang', 'zh']);
    expect(zh.status, zh.stderr).toBe(0);
    expect(zh.stderr.trim().split('\n').pop()).toBe('注意：等权组合（comb）只在 3 条序列中的 2 条上评分：它按需求类型取固定成员的等权平均，只有 --models 运行了其中至少两个时才评分，因此未计入 1 条间歇序列（成员 修正 Croston 法（零星销量）（sba） + TSB 法（零星、渐弱的销量） + 指数平滑（ets））。');
    const zhRows = outputBlock(zh.stdout, /^模型/).slice(1).map((l) => l.trim().split(/\s{2,}/));
    expect(zhRows.map((r) => r[0])).toEqual(['指数平滑（ets）', 'Theta 法', '多个最佳模型的组合（ensemble）', '等权组合（comb）']);
    const json = runDesk(dir, [...args(file, 'ets,theta,ensemble,comb'), '--json']);
    expect(json.status, json.stderr).toBe(0);
    const out = JSON.parse(json.stdout) as Record<string, unknown>;
    // The fields outside checks read stay as they were; the reason is a field of its own.
    expect(Object.keys(out)).toEqual(['series', 'tooShort', 'horizon', 'folds', 'freq', 'seconds', 'models', 'scoredOnFewer']);
    expect(out.scoredOnFewer).toEqual([{ model: 'comb', series: 2, of: 3, reason: 'comb_members', profiles: [{ profile: 'intermittent', members: ['sba', 'tsb', 'ets'], series: 1 }] }]);
  });
});
