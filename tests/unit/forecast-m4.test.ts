// The M4 protocol of `desk backtest --format m4`: the wide file format, the competition's metrics (checked by hand on
// tiny rows), and the command a person runs on the organisers' files. Real files in a temporary folder.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { M4Acc, m4Scale, mase, naive2, smape } from '../../engine/forecast/m4';
import { pairM4, readM4 } from '../../engine/forecast/m4-read';
import { m4Backtest, m4Windows } from '../../engine/forecast/m4-run';
import { tempDirsPerTest } from './helpers';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = tempDirsPerTest();

function file(name: string, text: string): string {
  const p = join(dir(), name);
  writeFileSync(p, text);
  return p;
}

describe('M4 metrics as the organisers define them', () => {
  it('sMAPE, MASE and OWA of a naive forecast, by hand', () => {
    // train 1..4, test 5,5: naive forecasts 4,4; sMAPE = 200·1/9; scale = mean |Δ| = 1; MASE = 1
    expect(smape([5, 5], [4, 4])).toBeCloseTo(200 / 9, 10);
    expect(m4Scale([1, 2, 3, 4], 1)).toBe(1);
    expect(mase([5, 5], [4, 4], 1)).toBe(1);
    expect(naive2([1, 2, 3, 4], 2, 1)).toEqual([4, 4]);
    const ref = new M4Acc();
    ref.add([5, 5], [4, 4], 1);
    const half = new M4Acc();
    half.add([5, 5], [4.5, 4.5], 1);
    const s = half.scores(ref);
    expect(s.mase).toBe(0.5);
    expect(s.owa).toBeCloseTo(0.5 * (smape([5, 5], [4.5, 4.5]) / (200 / 9) + 0.5), 10);
  });

  it('the MASE scale uses the competition period m (lag m), not the models’ season', () => {
    expect(m4Scale([1, 5, 1, 5, 1, 5], 2)).toBe(0);
    expect(m4Scale([1, 5, 1, 5, 1, 5], 1)).toBe(4);
  });
});

describe('the M4 wide format', () => {
  it('reads right-padded rows into series of their own length, and pairs test rows by id', async () => {
    const train = file('train.csv', '"V1","V2","V3","V4","V5"\n"W1","1","2","3","4"\n"W2","10","12","",""\n');
    const test = file('test.csv', '"V1","V2","V3"\n"W2","13","14"\n"W1","5","5"\n');
    const s = await readM4(train, { freq: 'W', lang: 'en' });
    expect(s.map((x) => [x.id, x.values])).toEqual([['W1', [1, 2, 3, 4]], ['W2', [10, 12]]]);
    const t = pairM4(s, await readM4(test, { freq: 'W', lang: 'en' }), 2, { testFile: test, lang: 'en' });
    expect(t).toEqual([[5, 5], [13, 14]]);
  });

  it('a gap inside a row or a bad number names the file, row and column', async () => {
    const gap = file('gap.csv', '"V1","V2","V3","V4"\n"W1","1","","3"\n');
    await expect(readM4(gap, { freq: 'W', lang: 'en' })).rejects.toThrow(/gap\.csv row 2, column "V3"/);
    const bad = file('bad.csv', '"V1","V2","V3"\n"W1","1","2"\n"W2","x1","2"\n');
    await expect(readM4(bad, { freq: 'W', lang: 'zh' })).rejects.toThrow(/bad\.csv 第 3 行，列“V2”/);
  });

  it('a test file without a row for a training series is refused by id', async () => {
    const train = file('train.csv', '"V1","V2","V3"\n"W1","1","2"\n"W9","1","2"\n');
    const test = file('test.csv', '"V1","V2"\n"W1","3"\n');
    const s = await readM4(train, { freq: 'W', lang: 'en' });
    expect(() => pairM4(s, [{ id: 'W1', start: '', values: [3] }], 1, { testFile: test, lang: 'en' })).toThrow(/no test row for series "W9"/);
  });
});

describe('desk backtest --format m4', () => {
  it('scores one forecast per training row on the test row, Naive2 at OWA 1, every model with sMAPE/MASE/OWA and WAPE', () => {
    const rows: string[] = [];
    const tests: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const v = Array.from({ length: 60 }, (_, t) => 100 * i + 2 * t + 5 * Math.sin(t));
      rows.push([`"W${i}"`, ...v.map((x) => `"${x.toFixed(3)}"`), '""', '""'].join(','));
      tests.push([`"W${i}"`, ...Array.from({ length: 4 }, (_, h) => `"${(100 * i + 2 * (60 + h)).toFixed(3)}"`)].join(','));
    }
    const header = (n: number): string => Array.from({ length: n }, (_, k) => `"V${k + 1}"`).join(',');
    const train = file('Weekly-train.csv', `${header(63)}\n${rows.join('\n')}\n`);
    const test = file('Weekly-test.csv', `${header(5)}\n${tests.join('\n')}\n`);
    const r = spawnSync(process.execPath, ['bin/desk.js', 'backtest', '--csv', train, '--format', 'm4', '--test', test, '--freq', 'W', '--horizon', '4', '--models', 'naive2,ets,theta,auto', '--json'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, DESK_LANG: 'en' }, timeout: 60_000 });
    expect(r.stderr).not.toMatch(/desk:/);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { protocol: string; windows: number; masePeriod: number; models: { model: string; smape: number; m4mase: number; owa: number; wape: number; series: number }[] };
    expect(out.protocol).toBe('test');
    expect(out.windows).toBe(4);
    expect(out.masePeriod).toBe(1);
    expect(out.models.map((m) => m.model)).toEqual(['naive2', 'ets', 'theta', 'auto']);
    const naive = out.models[0];
    expect(naive.owa).toBeCloseTo(1, 10);
    for (const m of out.models) {
      expect(m.series).toBe(4);
      for (const k of ['smape', 'm4mase', 'owa', 'wape'] as const) expect(Number.isFinite(m[k])).toBe(true);
    }
    // a steady upward trend: the trend models beat the flat naive forecast
    expect(out.models.find((m) => m.model === 'ets')!.owa).toBeLessThan(1);
  });

  it('series too short for a fold are left out with a note, and a file of only short series is refused by name', () => {
    const header = Array.from({ length: 41 }, (_, k) => `"V${k + 1}"`).join(',');
    const row = (id: string, n: number): string => [`"${id}"`, ...Array.from({ length: 40 }, (_, t) => (t < n ? `"${100 + t}"` : '""'))].join(',');
    const run = (f: string, lang: string): ReturnType<typeof spawnSync> =>
      spawnSync(process.execPath, ['bin/desk.js', 'backtest', '--csv', f, '--format', 'm4', '--freq', 'W', '--horizon', '4', '--models', 'naive2,ets', '--json', '--lang', lang], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    // horizon 4: a fold needs 8 values to fit and 4 to score
    const mixed = file('mixed.csv', `${header}\n${row('W1', 40)}\n${row('W2', 11)}\n${row('W3', 30)}\n`);
    const r = run(mixed, 'en');
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('1 of 3 series have fewer than 12 values');
    const out = JSON.parse(String(r.stdout)) as { tooShort: number; windows: number; models: { series: number }[] };
    expect(out.tooShort).toBe(1);
    expect(out.windows).toBe(2);
    expect(out.models.every((m) => m.series === 2)).toBe(true);

    const short = file('short.csv', `${header}\n${row('W1', 11)}\n${row('W2', 5)}\n`);
    for (const [lang, words] of [['en', /short\.csv: no series is long enough to backtest with --horizon 4 \(2 read\).*at least 12 values.*the longest series has 11/], ['zh', /short\.csv：没有一条序列足够长（共读到 2 条）.*至少需要 12 个值.*最长的序列只有 11 个/]] as const) {
      const e = run(short, lang);
      expect(e.status).toBe(1);
      expect(String(e.stdout)).toMatch(words);
      expect(JSON.parse(String(e.stdout)).error.code).toBe('user_error');
    }
  });

  it('without a test file it scores rolling folds cut from the training rows', () => {
    const s = [{ id: 'a', start: '', values: Array.from({ length: 40 }, (_, t) => t + 1), seasonLength: 1 }];
    const w = m4Windows(s, 5, { folds: 2 });
    expect(w.map((x) => [x.series.values.length, x.actual[0]])).toEqual([[30, 31], [35, 36]]);
    const rows = m4Backtest(w, ['naive2'], { horizon: 5, m: 1 });
    expect(rows[0].smape).toBeCloseTo(((200 * (1 / 61 + 2 / 62 + 3 / 63 + 4 / 64 + 5 / 65)) / 5 + (200 * (1 / 71 + 2 / 72 + 3 / 73 + 4 / 74 + 5 / 75)) / 5) / 2, 8);
  });
});
