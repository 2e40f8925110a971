// The times `desk forecast`, `desk backtest` and `desk price train` print, as the screen and `desk recs` write them:
// '13 min 4 s' / '13 分 4 秒', not '783.9s' or '783.90' under 'seconds'; --json keeps the seconds as numbers.
import { describe, expect, it } from 'vitest';
import { forecastSummaryLines } from '../../engine/cli/commands/forecast';
import { backtestTableLines, m4TableLines } from '../../engine/cli/commands/backtest';
import { trainLines } from '../../engine/cli/commands/price';
import { termColumns } from '../../engine/cli/io';
import type { ModelSummary } from '../../engine/forecast/backtest-run';
import type { M4Summary } from '../../engine/forecast/m4-run';

const scores = { wape: 0.3, mase: 0.9, bias: 0.01, pinball10: 0.1, pinball50: 0.2, pinball90: 0.1, coverage: 0.8, n: 40, mae: 1.5 };
const row = (model: string, seconds: number): ModelSummary => ({ ...scores, model, series: 6, seconds });
const m4Row = (model: string, seconds: number): M4Summary => ({ ...scores, model, series: 6, smape: 12.5, m4mase: 1.1, owa: 0.95, seconds });

describe('desk forecast: the time it took', () => {
  const result = { skus: 1200, historyEnd: '2025-07-19', horizon: 28, chosen: { anchor: 700, ensemble: 500 }, seconds: 783.9 };

  it('is written as a duration in the reader\'s language', () => {
    expect(forecastSummaryLines(result, 'en')[0]).toBe('Forecast 1200 SKUs, 28 days after Jul 19, 2025, in 13 min 4 s.');
    expect(forecastSummaryLines(result, 'zh')[0]).toBe('已预测 1200 个 SKU：2025年7月19日 之后的 28 天，用时 13 分 4 秒。');
    expect(forecastSummaryLines({ ...result, seconds: 3.14 }, 'en')[0]).toMatch(/, in 3\.1 s\.$/);
  });
});

describe('desk backtest: each model\'s time', () => {
  const rows = [row('snaive', 0.01), row('ets', 4.25), row('auto', 783.9), row('neural', 7500)];

  it('is a duration under "time" / "耗时", right-aligned under its header', () => {
    const en = backtestTableLines(rows, 'en');
    expect(en[0]).toMatch(/  series  +time$/);
    expect(en.slice(1).map((l) => l.split(/ {2,}/).at(-1))).toEqual(['< 0.1 s', '4.3 s', '13 min 4 s', '2 h 5 min']);
    const zh = backtestTableLines(rows, 'zh');
    expect(zh[0]).toMatch(/  序列数  +耗时$/);
    expect(zh.slice(1).map((l) => l.split(/ {2,}/).at(-1))).toEqual(['< 0.1 秒', '4.3 秒', '13 分 4 秒', '2 小时 5 分']);
    for (const lines of [en, zh]) expect(new Set(lines.map(termColumns)).size).toBe(1);
  });

  it('is a duration in the M4 table too', () => {
    const m4 = [m4Row('naive2', 0.2), m4Row('auto', 783.9)];
    expect(m4TableLines(m4, 'en').slice(1).map((l) => l.split(/ {2,}/).at(-1))).toEqual(['0.2 s', '13 min 4 s']);
    expect(m4TableLines(m4, 'zh')[0]).toMatch(/  耗时$/);
    expect(m4TableLines(m4, 'zh').slice(1).map((l) => l.split(/ {2,}/).at(-1))).toEqual(['0.2 秒', '13 分 4 秒']);
  });
});

describe('desk price train: the training time', () => {
  const result = {
    folder: '/shop/shop.models/pricing',
    seconds: 337.6,
    workers: 2,
    perCategory: [
      { category: 'home', skus: 40, lookaheadSkus: 3, seconds: 238.3, steps: 82880 },
      { category: 'eyewear', skus: 2, lookaheadSkus: 0, seconds: 41.6, steps: 4100 },
    ],
    fallback: [],
  };

  it('is a duration per category and for the whole run, in both languages', () => {
    const en = trainLines(result, 'en');
    expect(en.slice(0, 2).map((l) => l.split(/ {2,}/).at(-1))).toEqual(['3 min 58 s', '41.6 s']);
    expect(en[2]).toBe('Agents saved in /shop/shop.models/pricing (5 min 38 s of training, 2 threads)');
    const zh = trainLines(result, 'zh');
    expect(zh.slice(0, 2).map((l) => l.split(/ {2,}/).at(-1))).toEqual(['3 分 58 秒', '41.6 秒']);
    expect(zh[2]).toBe('智能体已保存到 /shop/shop.models/pricing（训练用时 5 分 38 秒，2 个线程）');
    expect(trainLines({ ...result, workers: undefined }, 'en')[2]).toBe('Agents saved in /shop/shop.models/pricing (5 min 38 s of training)');
  });
});
