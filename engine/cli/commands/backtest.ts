/** `desk backtest`: rolling-origin backtest of the forecasting models on a store or on any long-format CSV. */
import { cliFlagMessages, flagError } from '../flag-messages';
import { basename, resolve } from 'node:path';
import { foldOrigins, MAX_FOLDS_ASKED } from '../../forecast/backtest';
import { durationText, tr, type Lang } from '../../i18n';
import type { ModelSummary } from '../../forecast/backtest-run';
import type { Freq } from '../../forecast/csv-series';
import type { M4Summary } from '../../forecast/m4-run';
import type { FewerSeries } from '../../forecast/backtest-run';
import { forecastCatalog } from '../../forecast/messages';
import { analysisCliMessages } from '../analysis-messages';
import { num, printJson, progressBar, required, str, tableLines, type Command, type CommandArgs } from '../io';
import { withStore } from '../store-arg';
import { modelName } from '../model-name';

const DEFAULT_MODELS = ['snaive', 'ma', 'croston', 'sba', 'tsb', 'ets', 'theta', 'comb', 'ensemble', 'auto'];
const M4_DEFAULT_MODELS = ['naive2', 'snaive', 'ma', 'croston', 'sba', 'tsb', 'ets', 'theta', 'auto'];

function parseModels(args: CommandArgs, BACKTEST_MODELS: readonly string[], LOCAL_MODELS: readonly string[]): string[] {
  const list = (str(args, 'models') ?? DEFAULT_MODELS.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  for (const m of list) if (!(BACKTEST_MODELS as readonly string[]).includes(m)) throw flagError(args.lang, 'backtest_model', { value: m, valid: BACKTEST_MODELS.join(', ') });
  // ensemble and comb blend the single models listed (each series' own candidates when none is): one alone leaves
  // nothing to blend, and their rows would read 0 series and dashes.
  const single = list.filter((m) => LOCAL_MODELS.includes(m));
  const combined = list.filter((m) => m === 'ensemble' || m === 'comb');
  if (single.length === 1 && combined.length) {
    const example = [single[0], single[0] === 'theta' ? 'ets' : 'theta', ...combined].join(',');
    throw flagError(args.lang, 'backtest_blend_one', { combined: combined.join(args.lang === 'zh' ? ' 和 ' : ' and '), k: combined.length, single: single[0], example });
  }
  return list;
}

function pct(v: number): string {
  return Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '—';
}

// A metric table: the model name left, numbers right, lined up by terminal width (Chinese headers take two columns).
function table(head: string[], body: string[][]): string[] {
  return tableLines([head, ...body], { right: head.map((_, i) => i > 0), sep: '  ' });
}

/** The table of a store or long-CSV backtest, a model a row named in the reader's language with its id ('Moving average (ma)'); its time as the screen writes it ('13 min 4 s'; --json keeps seconds). */
export function backtestTableLines(rows: ModelSummary[], lang: Lang): string[] {
  const t = (key: string): string => tr(analysisCliMessages, lang, `bt_col_${key}`);
  const head = [t('model'), 'WAPE', 'MASE', t('bias'), t('pinball10'), t('pinball50'), t('pinball90'), t('coverage'), t('series'), t('seconds')];
  const f = (v: number, d: number): string => (Number.isFinite(v) ? v.toFixed(d) : '—');
  return table(head, rows.map((r) => [modelName(r.model, lang), pct(r.wape), f(r.mase, 3), pct(r.bias), f(r.pinball10, 4), f(r.pinball50, 4), f(r.pinball90, 4), pct(r.coverage), String(r.series), durationText(r.seconds, lang)]));
}

/** The table of an M4 backtest, a model a row, its time as the screen writes it. */
export function m4TableLines(rows: M4Summary[], lang: Lang): string[] {
  const t = (key: string): string => tr(analysisCliMessages, lang, `bt_col_${key}`);
  const f = (v: number, d: number): string => (Number.isFinite(v) ? v.toFixed(d) : '—');
  // The pinball losses beside the coverage: a band can cover 80% and still be needlessly wide.
  const head = [t('model'), 'sMAPE', 'MASE', 'OWA', 'WAPE', t('coverage'), t('pinball10'), t('pinball90'), t('series'), t('seconds')];
  return table(head, rows.map((r) => [r.model, f(r.smape, 3), f(r.m4mase, 3), f(r.owa, 3), pct(r.wape), pct(r.coverage), f(r.pinball10, 4), f(r.pinball90, 4), String(r.series), durationText(r.seconds, lang)]));
}

/** The note under the table on a row scored on fewer series than the others, and why. */
function fewerNote(f: FewerSeries, lang: Lang): string {
  const t = (key: string, params: Record<string, unknown>): string => tr(analysisCliMessages, lang, key, params);
  // Models by name with their ids, as the table above names them; --json keeps the ids alone.
  if (f.reason === 'not_scored' || !f.profiles) return t('bt_fewer_other', { model: modelName(f.model, lang), k: f.series, n: f.of });
  const left = f.profiles.map((p) => t('bt_fewer_profile', { k: p.series, profile: tr(forecastCatalog, lang, `profile.${p.profile}`), members: p.members.map((m) => modelName(m, lang)).join(' + ') || '—' }));
  return t('bt_fewer_comb', { model: modelName(f.model, lang), k: f.series, n: f.of, left: left.join(t('bt_list_sep', {})) });
}

/**
 * Series too short for a single fold get no score. None long enough is a user error naming the file; some too short
 * is a note on stderr. Returns how many were left out, for the JSON.
 */
function checkLengths(lengths: number[], o: { folds: number; horizon: number; file: string; lang: Lang }): number {
  const train = Math.max(2 * o.horizon, 8); // foldOrigins' shortest training part
  const params = { n: lengths.length, horizon: o.horizon, min: train + o.horizon, train, file: basename(o.file) };
  const short = lengths.filter((n) => foldOrigins(n, o.folds, o.horizon).length === 0).length;
  if (lengths.length === 0 || short === lengths.length) throw flagError(o.lang, 'backtest_too_short', { ...params, max: Math.max(0, ...lengths) });
  if (short > 0) process.stderr.write(tr(cliFlagMessages, o.lang, 'backtest_some_short', { ...params, k: short }) + '\n');
  return short;
}

/** `--format m4`: the M4 wide files; with --test one forecast per row scored on the test row, else rolling folds. */
async function runM4(args: CommandArgs, o: { horizon: number; folds: number; freq: Freq; onProgress: (d: number, t: number, phase: string) => void }): Promise<void> {
  const lang = args.lang;
  const { readM4, pairM4 } = await import('../../forecast/m4-read');
  const { m4Backtest, m4Windows } = await import('../../forecast/m4-run');
  const { M4_PERIOD } = await import('../../forecast/m4');
  const { LOCAL_MODEL_NAMES } = await import('../../forecast/models/index');
  const valid = [...LOCAL_MODEL_NAMES, 'naive2', 'auto'];
  const models = (str(args, 'models') ?? M4_DEFAULT_MODELS.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  for (const m of models) if (!valid.includes(m)) throw flagError(lang, 'backtest_m4_model', { value: m, valid: valid.join(', ') });
  const t0 = performance.now();
  const trainFile = resolve(required(args, 'csv', 'backtest'));
  const train = await readM4(trainFile, { freq: o.freq, lang });
  const testArg = str(args, 'test');
  const testFile = testArg ? resolve(testArg) : undefined;
  const test = testFile ? pairM4(train, await readM4(testFile, { freq: o.freq, lang }), o.horizon, { testFile, lang }) : undefined;
  const tooShort = test ? 0 : checkLengths(train.map((s) => s.values.length), { folds: o.folds, horizon: o.horizon, file: trainFile, lang });
  const windows = m4Windows(train, o.horizon, { test, folds: o.folds });
  const m = M4_PERIOD[o.freq];
  const rows = m4Backtest(windows, models, { horizon: o.horizon, m, folds: o.folds, onProgress: o.onProgress });
  const seconds = (performance.now() - t0) / 1000;
  const protocol = test ? 'test' : 'folds';
  if (args.json) return printJson({ format: 'm4', protocol, series: train.length, tooShort, windows: windows.length, horizon: o.horizon, folds: test ? 1 : o.folds, freq: o.freq, masePeriod: m, seconds, models: rows });
  const protocolText = test ? tr(analysisCliMessages, lang, 'bt_m4_test') : tr(analysisCliMessages, lang, 'bt_m4_folds', { folds: o.folds });
  process.stdout.write(`\n${tr(analysisCliMessages, lang, 'bt_m4_summary', { n: train.length, windows: windows.length, protocol: protocolText, horizon: o.horizon, m, time: durationText(seconds, lang) })}\n`);
  process.stdout.write(m4TableLines(rows, lang).join('\n') + '\n');
}

/** The backtest command. */
export const backtestCommand: Command = {
  name: 'backtest',
  usage: 'desk backtest (--store FILE | --csv FILE --id COL --date COL --value COL [--covariates COL,COL [--known COL,COL]] [--date-format F] | --csv TRAIN --format m4 [--test TEST]) --horizon N [--folds K] [--freq D|W|M] [--models LIST] [--json]',
  summary: {
    en: 'Rolling-origin backtest per model: WAPE, MASE, bias, pinball loss at P10/P50/P90, P10–P90 coverage, time taken',
    zh: '按模型做滚动起点回测：WAPE、MASE、偏差、P10/P50/P90 分位损失、P10–P90 覆盖率、耗时',
  },
  flags: { store: 'string', csv: 'string', id: 'string', date: 'string', value: 'string', covariates: 'string', known: 'string', 'date-format': 'string', format: 'string', test: 'string', horizon: 'string', folds: 'string', freq: 'string', models: 'string', workers: 'string' },
  run: async (args) => {
    const lang = args.lang;
    const { BACKTEST_MODELS, backtestMany, scoredOnFewer } = await import('../../forecast/backtest-run');
    // Checked first, before any series is read: a bad count would otherwise surface as 'no series is long enough'.
    const foldsText = str(args, 'folds');
    const folds = foldsText === undefined ? 3 : Number(foldsText);
    if (!Number.isInteger(folds) || folds < 1 || folds > MAX_FOLDS_ASKED) {
      throw flagError(lang, 'flag_range', { cmd: 'backtest', name: 'folds', min: 1, max: MAX_FOLDS_ASKED, value: foldsText });
    }
    const horizonText = str(args, 'horizon');
    if (horizonText === undefined) throw flagError(lang, 'backtest_horizon');
    const horizon = Number(horizonText);
    if (!Number.isInteger(horizon) || horizon < 1) throw flagError(lang, 'backtest_horizon_value', { value: horizonText });
    const freq = (str(args, 'freq') ?? 'D').toUpperCase();
    if (freq !== 'D' && freq !== 'W' && freq !== 'M') throw flagError(lang, 'backtest_freq', { value: freq });
    const draw = progressBar(tr(analysisCliMessages, lang, 'bt_label'), lang);
    const onProgress = (d: number, t: number, phase: string): void => draw({ jobId: '', kind: 'backtest', status: d >= t ? 'succeeded' : 'running', done: d, total: t, phase, etaSeconds: null });
    const format = (str(args, 'format') ?? 'long').toLowerCase();
    if (format !== 'long' && format !== 'm4') throw flagError(lang, 'backtest_format', { value: format });
    if (format === 'm4') return runM4(args, { horizon, folds: args.flags.folds ? folds : 1, freq: freq as Freq, onProgress });
    if (str(args, 'test')) throw flagError(lang, 'backtest_test');
    const { LOCAL_MODEL_NAMES } = await import('../../forecast/models/index');
    const models = parseModels(args, BACKTEST_MODELS, LOCAL_MODEL_NAMES);
    const workers = args.flags.workers ? num(args, 'workers', 2) : undefined;
    // Covariates known ahead (planned prices, promotions) keep their values in a scored window; the others (weather,
    // sentiment, a rival's price) only their level before the window's origin, as a real forecast would have them.
    const covNames = str(args, 'covariates')?.split(',').map((s) => s.trim()).filter(Boolean) ?? [];
    const known = new Set(str(args, 'known')?.split(',').map((s) => s.trim()).filter(Boolean) ?? []);
    for (const k of known) if (!covNames.includes(k)) throw flagError(lang, 'backtest_known', { value: k, valid: covNames.join(', ') });
    const run = async (file: string, series: Parameters<typeof backtestMany>[0], covariates?: Parameters<typeof backtestMany>[1]['covariates']): Promise<void> => {
      const tooShort = checkLengths(series.map((s) => s.values.length), { folds, horizon, file, lang });
      const t0 = performance.now();
      const rows = await backtestMany(series, { horizon, folds, models, workers, lang, covariates, known, onProgress });
      const seconds = (performance.now() - t0) / 1000;
      const fewer = scoredOnFewer(series, rows, { horizon, folds, models });
      if (args.json) return printJson({ series: series.length, tooShort, horizon, folds, freq, seconds, models: rows, scoredOnFewer: fewer });
      process.stdout.write(`\n${tr(analysisCliMessages, lang, 'bt_summary', { n: series.length, horizon, folds, time: durationText(seconds, lang) })}\n`);
      process.stdout.write(backtestTableLines(rows, lang).join('\n') + '\n');
      for (const f of fewer) process.stderr.write(`${fewerNote(f, lang)}\n`);
    };
    const csv = str(args, 'csv');
    if (csv) {
      const file = resolve(csv);
      const { readLongCsv } = await import('../../forecast/csv-series');
      const { series, covariates } = await readLongCsv(file, {
        id: required(args, 'id', 'backtest'),
        date: required(args, 'date', 'backtest'),
        value: required(args, 'value', 'backtest'),
        covariates: covNames.length ? covNames : undefined,
        dateFormat: str(args, 'date-format'),
        freq: freq as Freq,
        lang,
      });
      return run(file, series, covariates);
    }
    if (!str(args, 'store')) throw flagError(lang, 'backtest_source');
    return withStore(args, 'backtest', async (engine) => {
      const { loadStoreDemand } = await import('../../forecast/store-series');
      const { items } = loadStoreDemand(engine.store.db);
      await run(resolve(str(args, 'store')!), items.map((i) => i.series));
    });
  },
};
