/**
 * Development: the learned emotion fallback's threshold. Per labelled file (`text,emotion,lang`; `FILE:even` / `FILE:odd`
 * for half of it), accuracy of the cues alone, of the shipped fallback model alone, and of cues + fallback at several
 * thresholds (models/text/sentiment.ts LEARNED_EMOTION_MIN). The threshold was chosen on
 * tests/unit/fixtures/chats/emotion-blind-dev2.csv and the hand-labelled development half (README "Chats").
 * Usage: node --import tsx scripts/text/dev-emotion-fallback.ts FILE[:even|:odd] …
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { selectBackend } from '../../models/backend';
import { loadBag } from '../../models/text/io';
import { deriveEmotion } from '../../models/text/emotion';

await selectBackend();
const fallback = loadBag(join(process.cwd(), 'models/weights/text/emotion'));
const base = loadBag(join(process.cwd(), 'models/weights/text/sentiment'));
const pos = base.labels.indexOf('positive');
type Row = { text: string; emotion: string; lang: string };
for (const f of process.argv.slice(2)) {
  let rows = parse(readFileSync(f.replace(/:(even|odd)$/, '')), { columns: true }) as Row[];
  if (f.endsWith(':even')) rows = rows.filter((_, i) => i % 2 === 0);
  if (f.endsWith(':odd')) rows = rows.filter((_, i) => i % 2 === 1);
  const texts = rows.map((x) => x.text);
  const p = base.predictProba(texts).map((x) => x[pos]);
  const cue = rows.map((x, i) => deriveEmotion(x.text, x.lang === 'zh' ? 'zh' : 'en', p[i]));
  const probs = fallback.predictProba(texts);
  const learned = probs.map((x) => fallback.labels[x.indexOf(Math.max(...x))]);
  const acc = (pred: string[]): string => (pred.filter((x, i) => x === rows[i].emotion).length / rows.length).toFixed(3);
  const out = [`cues ${acc(cue)}`, `fallback alone ${acc(learned)}`];
  for (const t of [0.5, 0.6, 0.7, 0.8, 0.9]) out.push(`cues + fallback ≥ ${t}: ${acc(rows.map((_, i) => (cue[i] !== 'neutral' ? cue[i] : Math.max(...probs[i]) >= t ? learned[i] : 'neutral')))}`);
  console.log(`${f.split('/').pop()}: ${out.join(' | ')}`);
}
base.dispose();
fallback.dispose();
