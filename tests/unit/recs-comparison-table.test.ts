import { afterEach, describe, expect, it, vi } from 'vitest';
import { printComparison, type Row } from '../../engine/cli/commands/recs-shared';
import { durationText, type Lang } from '../../engine/i18n';
import { recsCatalog } from '../../engine/recs/messages';

// Terminal columns: a Chinese character takes two.
const cols = (l: string): number => [...l].reduce((n, ch) => n + (/[\u2e80-\ua4cf\uff00-\uff60]/.test(ch) ? 2 : 1), 0);

const row = (model: string, trainSeconds: number): Row => ({ model, hr: 0.5, ndcg: 0.25, coverage: 0.4, tailShare: 0.1, trainSeconds, skipped: null, users: 60, ndcgNew: 0.2, newTargets: 60 });

/** The lines `desk recs train` / `evaluate` print for these rows. */
function table(rows: Row[], lang: Lang): string[] {
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => out.push(String(s).replace(/\n$/, '')) > 0);
  try {
    printComparison(rows, lang, recsCatalog);
  } finally {
    spy.mockRestore();
  }
  return out;
}

describe('desk recs comparison table: training time', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is written as the screen writes it: a duration in the reader\'s language, not raw seconds', () => {
    const rows = [row('pop', 0.01), row('als', 4.25), row('sasrec', 783.9), row('hybrid', 7500)];
    const en = table(rows, 'en');
    expect(en[0]).toMatch(/ train time$/);
    expect(en.slice(1).map((l) => l.split(/%\s+/)[1])).toEqual(['< 0.1 s', '4.3 s', '13 min 4 s', '2 h 5 min']);
    const zh = table(rows, 'zh');
    expect(zh[0]).toMatch(/ 训练用时$/);
    expect(zh.slice(1).map((l) => l.split(/%\s+/)[1])).toEqual(['< 0.1 秒', '4.3 秒', '13 分 4 秒', '2 小时 5 分']);
    // Each row ends where its header ends, however long its duration.
    for (const lines of [en, zh]) for (const l of lines.slice(1)) expect(cols(l), l).toBe(cols(lines[0]));
  });

  it('durationText matches the screen\'s duration at each boundary', () => {
    expect([0, 0.049, 0.05, 59.9, 59.95, 60, 3599.4, 3599.6, 3630].map((s) => durationText(s, 'en'))).toEqual(['< 0.1 s', '< 0.1 s', '0.1 s', '59.9 s', '1 min 0 s', '1 min 0 s', '59 min 59 s', '1 h 0 min', '1 h 1 min']);
    expect(durationText(783.9, 'zh')).toBe('13 分 4 秒');
  });
});
