/**
 * Development: intent models side by side on labelled CSV files (`text,intent`), per language, with per-class recall;
 * `--errors` lists the misclassified lines of the files marked `dev:` only (never of an evaluation file).
 * Usage: node --import tsx scripts/text/dev-intents.ts --models DIR[,DIR…] FILE|dev:FILE … [--errors] [--public [DATA_DIR]]
 * `--public` adds the held-out fifth of bitext + JDDC (train.ts's split) as a file.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { loadIntents } from '../../models/text/intents';
import { scoreLabels } from '../../engine/chats/analysis/metrics';
import type { Labelled } from './data';
import { storeIntentRows } from './seed-templates';

const here = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
const dirs = args[args.indexOf('--models') + 1].split(',');
const errors = args.includes('--errors');
const files = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--models' && args[i - 1] !== '--public');
const sets: { name: string; dev: boolean; rows: Labelled[] }[] = files.map((f) => {
  const dev = f.startsWith('dev:');
  const path = dev ? f.slice(4) : f;
  const rows = parse(readFileSync(path), { columns: true, skip_empty_lines: true }) as { text: string; intent: string }[];
  return { name: path.split('/').pop() ?? path, dev, rows: rows.map((r) => ({ text: r.text, label: r.intent })) };
});
if (args.includes('--public')) {
  const i = args.indexOf('--public');
  const dataDir = resolve(args[i + 1] && !args[i + 1].startsWith('--') ? args[i + 1] : join(here, '../../../shared/data'));
  sets.push({ name: 'public held-out fifth', dev: false, rows: storeIntentRows(dataDir).test });
}
const zh = (t: string): boolean => /[\u4e00-\u9fff]/u.test(t);
for (const dir of dirs) {
  const m = await loadIntents(resolve(dir));
  console.log(`\n## ${dir}`);
  for (const s of sets) {
    const pred = m.classify(s.rows.map((r) => r.text)).map((p) => p.intent);
    for (const [lang, keep] of [['en', (t: string) => !zh(t)], ['zh', zh]] as const) {
      const idx = s.rows.map((r, i) => (keep(r.text) ? i : -1)).filter((i) => i >= 0);
      if (!idx.length) continue;
      const sc = scoreLabels(idx.map((i) => s.rows[i].label), idx.map((i) => pred[i]));
      const recall = sc.perClass.filter((c) => c.support).map((c) => `${c.label} ${(c.recall * 100).toFixed(0)}`).join(', ');
      console.log(`${s.name} ${lang}: n ${sc.n}, accuracy ${(sc.accuracy * 100).toFixed(1)}%, macro-F1 ${sc.macroF1.toFixed(3)} | recall: ${recall}`);
      if (errors && s.dev) for (const i of idx) if (pred[i] !== s.rows[i].label) console.log(`   ${s.rows[i].label} -> ${pred[i]}: ${s.rows[i].text}`);
    }
  }
  m.dispose();
}
