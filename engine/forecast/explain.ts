/** Why a SKU's forecast uses its model, in plain words for the merchant, with the backtest figures kept for a hover. */
import { tr, type Lang } from '../i18n';
import type { Reason } from './choose';
import { forecastCatalog } from './messages';
import { MetricAcc, type MetricSums } from './metrics';

/** What forecast.get needs from a stored choice. */
export interface StoredChoice {
  model: string;
  profile: string;
  reason: Reason;
  sums: Record<string, MetricSums>;
}

/** Params of a stored reason that name a model. */
const MODEL_PARAMS = ['model', 'runnerUp', 'stat', 'level'] as const;

/** A model's name in words ('ensemble' → 'Blend of the best models'); an unknown id is returned as it is. */
export function modelLabel(lang: Lang, id: string): string {
  const key = `model.${id}`;
  return key in forecastCatalog.en ? tr(forecastCatalog, lang, key) : id;
}

function pct(v: number): string {
  return `${Math.round(v * 100)}%`;
}

/** The plain explanation (`why`) and the technical one with the metrics (`detail`), both in `lang`. */
export function explainChoice(c: StoredChoice, lang: Lang): { why: string; detail: string } {
  const params: Record<string, unknown> = { ...c.reason.params };
  for (const k of MODEL_PARAMS) if (typeof params[k] === 'string') params[k] = modelLabel(lang, params[k] as string);
  // The combination's members are stored as ids joined by ' + '.
  for (const k of ['members', 'point'] as const) if (typeof params[k] === 'string') params[k] = (params[k] as string).split(' + ').map((m) => modelLabel(lang, m)).join(' + ');
  params.profile = tr(forecastCatalog, lang, `profile.${String(c.reason.params.profile ?? c.profile)}`);
  params.days = Number(c.reason.params.folds ?? 0) * Number(c.reason.params.horizon ?? 0);
  const detail = tr(forecastCatalog, lang, c.reason.key, params);
  const parts = [tr(forecastCatalog, lang, c.reason.key.replace(/^reason\./, 'plain.'), params)];
  // What to expect, from the backtest of the model in use (absent for the neural model, whose holdout chose it).
  const s = c.sums[c.model];
  if (s && s.n > 0) {
    const sc = MetricAcc.from(s).scores();
    parts.push(s.absY > 0 ? tr(forecastCatalog, lang, 'plain.accuracy', { wape: pct(sc.wape), coverage: pct(sc.coverage) }) : tr(forecastCatalog, lang, 'plain.noSales'));
  }
  // Known events and promotions ahead that lift (or lower) the forecast (calendar-effects.ts).
  if (c.reason.params.liftDays) parts.push(tr(forecastCatalog, lang, 'plain.calendar', { days: c.reason.params.liftDays, times: c.reason.params.liftTimes, date: c.reason.params.liftDate }));
  return { why: parts.join(lang === 'zh' ? '' : ' '), detail };
}
