/** What `desk recs` sub-commands share: their usage lines, the comparison table and the checks of numeric flags. */
import { flagError } from '../flag-messages';
import { durationText, tr, type Catalog, type Lang } from '../../i18n';
import { padColsEnd, padColsStart, str, termColumns, type CommandArgs } from '../io';

/** Each sub-command's usage line (an error names the one of the sub-command it is about). */
export const RECS_USAGES = {
  train: 'desk recs train --store FILE [--max-seconds N] [--ensemble K] [--threads N] [--json]',
  for: 'desk recs for --store FILE (--customer ID | --sku SKU) [--k 10] [--tail G] [--json]',
  export: 'desk recs export --store FILE --out FILE.csv|.json|.xlsx [--k 10] [--tail G] [--list recommended|revisit]',
  evaluate: 'desk recs evaluate (--store FILE | --interactions FILE --format sasrec|csv [--user COL --item COL --time COL] [--encoding E] [--items FILE [--items-id COL]]) [--protocol full|sampled100] [--models LIST] [--seed N] [--epochs N] [--max-seconds N] [--ensemble K] [--threads N] [--json]',
} as const;

/** All of them, as `desk recs --help` and `desk --help` show them. */
export const RECS_USAGE = Object.values(RECS_USAGES).join('\n       ');

/** One model's row of a comparison (a run's or an evaluation's). */
export interface Row {
  model: string;
  hr: number;
  ndcg: number;
  coverage: number;
  tailShare: number;
  trainSeconds: number;
  skipped: string | null;
  users?: number;
  ndcgNew?: number;
  newTargets?: number;
}

/** Prints the comparison table, its columns lined up under the headers in the CLI's language. */
export function printComparison(rows: Row[], lang: Lang, catalog: Catalog): void {
  const w = (s: string): boolean => process.stdout.write(s + '\n');
  const h = (key: string): string => tr(catalog, lang, key);
  // Where some held-out items repeat the customer's history, a column scores the others (what the lists can show).
  const ref = rows.find((r) => !r.skipped && r.users !== undefined && r.newTargets !== undefined);
  const repeats = ref && (ref.newTargets as number) < (ref.users as number) ? ref : null;
  // The column is as wide as its heading ("新接触 NDCG" takes 11 terminal columns), so the figures stay under it.
  const newWidth = Math.max(9, termColumns(h('col_new')));
  // Each model by its name in the reader's language with its id (what --models takes): 'Best sellers (pop)',
  // '畅销榜（pop）'; the ids alone read as code.
  // A name that holds its id already ('Matrix factorisation (ALS)') is not given it twice.
  const nameOf = (r: Row): string => {
    const name = tr(catalog, lang, `model_${r.model}`);
    if (/[(（]([^)）]+)[)）]$/.exec(name)?.[1].toLowerCase() === r.model) return name;
    return lang === 'zh' ? `${name}（${r.model}）` : `${name} (${r.model})`;
  };
  const nameWidth = Math.max(11, termColumns(h('col_model')), ...rows.map((r) => termColumns(nameOf(r))));
  // Training time as the screen writes it ('13 min 4 s', '13 分 4 秒'), right-aligned under a header as wide as the widest.
  const trainOf = (r: Row): string => durationText(r.trainSeconds, lang);
  const trainWidth = Math.max(8, termColumns(h('col_train')), ...rows.filter((r) => !r.skipped).map((r) => termColumns(trainOf(r))));
  const extra = (r: Row): string => (repeats ? ` ${(repeats.newTargets ? (r.ndcgNew ?? 0).toFixed(4) : '—').padStart(newWidth)}` : '');
  w(`${padColsEnd(h('col_model'), nameWidth)} ${'HR@10'.padStart(7)} ${'NDCG@10'.padStart(8)} ${padColsStart(h('col_cover'), 9)} ${padColsStart(h('col_tail'), 6)} ${padColsStart(h('col_train'), trainWidth)}${repeats ? ` ${padColsStart(h('col_new'), newWidth)}` : ''}`);
  for (const r of rows) {
    if (r.skipped) w(`${padColsEnd(nameOf(r), nameWidth)} ${tr(catalog, lang, 'row_skipped', { reason: r.skipped })}`);
    else w(`${padColsEnd(nameOf(r), nameWidth)} ${r.hr.toFixed(4).padStart(7)} ${r.ndcg.toFixed(4).padStart(8)} ${r.coverage.toFixed(4).padStart(9)} ${(100 * r.tailShare).toFixed(1).padStart(5)}% ${padColsStart(trainOf(r), trainWidth)}${extra(r)}`);
  }
  if (repeats) {
    const users = repeats.users as number;
    const fresh = repeats.newTargets as number;
    w(fresh ? tr(catalog, lang, 'repeats_note', { share: ((100 * (users - fresh)) / users).toFixed(1), users: fresh }) : tr(catalog, lang, 'repeats_none'));
  }
}

/** The sub-command a flag error is about: `recs for`, `recs export`, ... */
function cmdOf(args: CommandArgs): string {
  return `recs ${args.positionals[0] ?? ''}`.trim();
}

/** A whole-number flag inside its documented range, else a user error naming it (absent: undefined). */
export function wholeIn(args: CommandArgs, name: string, min: number, max: number): number | undefined {
  const raw = str(args, name);
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(v) || v < min || v > max) throw flagError(args.lang, 'flag_range', { cmd: cmdOf(args), name, min, max, value: raw });
  return v;
}

/** A number flag (fractions allowed) inside its documented range, else a user error naming it (absent: undefined). */
export function numberIn(args: CommandArgs, name: string, min: number, max: number): number | undefined {
  const raw = str(args, name);
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || v < min || v > max) throw flagError(args.lang, 'flag_number_range', { cmd: cmdOf(args), name, min, max, value: raw });
  return v;
}

/**
 * The Transformer's training budget: `--max-seconds N` (shared by the ensemble's members; a member starts only when it
 * has time to finish), `--ensemble K` (at most K members, 1-5) and `--threads N` (members trained side by side, 1-8;
 * default one per core on the wasm and cpu backends).
 */
export function transformerFlags(args: CommandArgs): { maxSeconds?: number; ensemble?: number; threads?: number } {
  const maxSeconds = wholeIn(args, 'max-seconds', 1, 3600);
  const ensemble = wholeIn(args, 'ensemble', 1, 5);
  const threads = wholeIn(args, 'threads', 1, 8);
  return { ...(maxSeconds ? { maxSeconds } : {}), ...(ensemble ? { ensemble } : {}), ...(threads ? { threads } : {}) };
}
