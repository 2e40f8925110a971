/**
 * Development tool for the emotion cues (models/text/emotion.ts), on the hand-labelled customer messages in
 * tests/unit/fixtures/chats/emotion-handlabelled.csv. Rows are split by position: even rows are the development half
 * (printed one by one, for changing the cues), odd rows the report half (only its totals are printed, and only with
 * --report). Usage: node --import tsx scripts/text/dev-emotion.ts [--report]
 * `--cues-only` leaves the learned emotion fallback out. `--file PATH` scores another labelled file (`text,emotion,lang`) whole instead, per language too: its errors are
 * printed unless `--report` (an evaluation file: totals only).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSentiment } from '../../models/text/sentiment';
import { parse } from 'csv-parse/sync';

const fileArg = process.argv.indexOf('--file');
const file = fileArg > 0 ? process.argv[fileArg + 1] : null;
const rows = (parse(readFileSync(file ?? join(process.cwd(), 'tests/unit/fixtures/chats/emotion-handlabelled.csv')), { columns: true }) as { text: string; emotion: string; lang: string }[]);
const report = process.argv.includes('--report');

void (async () => {
  const model = await loadSentiment(join(process.cwd(), 'models/weights/text/sentiment'), process.argv.includes('--cues-only') ? undefined : join(process.cwd(), 'models/weights/text/emotion'));
  const half = file ? rows : rows.filter((_, i) => (i % 2 === 1) === report);
  const got = model.analyse(half.map((r) => r.text)).map((r) => r.emotion ?? 'neutral');
  const labels = ['angry', 'anxious', 'confused', 'disappointed', 'satisfied', 'neutral'];
  const f1 = (pred: string[]): number => {
    const present = labels.filter((l) => half.some((r) => r.emotion === l) || pred.includes(l));
    return present.reduce((s, l) => {
      const tp = half.filter((r, i) => r.emotion === l && pred[i] === l).length;
      const p = pred.filter((x) => x === l).length;
      const g = half.filter((r) => r.emotion === l).length;
      return s + (tp ? (2 * tp) / (p + g) : 0);
    }, 0) / present.length;
  };
  const acc = (pred: string[]): number => pred.filter((p, i) => p === half[i].emotion).length / half.length;
  if (!report) half.forEach((r, i) => got[i] !== r.emotion && console.log(`${r.emotion.padEnd(12)} got ${got[i].padEnd(12)} ${r.text}`));
  const neutral = half.map(() => 'neutral');
  console.log(JSON.stringify({ half: file ?? (report ? 'report (odd rows)' : 'development (even rows)'), n: half.length, cues: { accuracy: acc(got), macroF1: f1(got) }, alwaysNeutral: { accuracy: acc(neutral), macroF1: f1(neutral) } }));
  if (file) {
    for (const lang of ['en', 'zh']) {
      const idx = half.map((r, i) => (r.lang === lang ? i : -1)).filter((i) => i >= 0);
      const right = idx.filter((i) => got[i] === half[i].emotion).length;
      const per = labels.map((l) => {
        const of = idx.filter((i) => half[i].emotion === l);
        return of.length ? `${l} ${of.filter((i) => got[i] === l).length}/${of.length}` : '';
      }).filter(Boolean).join(', ');
      console.log(`${lang}: ${right}/${idx.length} (${((100 * right) / Math.max(1, idx.length)).toFixed(1)}%) | ${per}`);
    }
  }
  model.dispose();
})();
