/** Keeps the neural model in 'auto' forecasts only for the SKUs where it beat the statistical choice on its holdout. */
import type { DemandItem, NeuralHoldoutRun } from '../db/queries/forecast';
import { trainPart } from './backtest';
import { intervalScale, scaleInterval, type BandScale, type CalibrationFold } from './calibrate';
import { chooseAndForecast, type SeriesChoice } from './choose';
import { combineQuantiles, medianQuantiles } from './combine';
import { ANCHORS, combinePick } from './group-rule';
import { MetricAcc, naiveScale, type MetricSums } from './metrics';
import { isLocalModelName } from './models/index';
import type { Quantiles, Series } from './types';

/** Keys under which the holdout sums are added to a SKU's stored scores (shown on the accuracy screen and SKU detail). */
export const HOLDOUT_KEYS = { neural: 'neural-holdout', stat: 'statistical-holdout' } as const;

/** What a SKU's forecast becomes: the statistical choice, the neural model, or an inverse-error blend of both. */
export type NeuralPick = 'stat' | 'neural' | 'blend';

/** The per-SKU verdict on the holdout window, with the sums behind it. */
export interface NeuralDecision {
  pick: NeuralPick;
  /** Weight of the neural forecast (1 for 'neural', 0 for 'stat'). */
  wNeural: number;
  neural: MetricSums;
  stat: MetricSums;
  /** Sums of the blend on the window (only computed when neural won). */
  blend: MetricSums | null;
  /** The holdout window as the pick forecast it (neural alone or the blend), for the band calibration; null for 'stat'. */
  window: CalibrationFold | null;
}

/**
 * The statistical choice's forecast of the last `h` periods made from the data before them: the same model (or the
 * same ensemble members and weights) refitted on the shorter history. This is the choice's last backtest fold when
 * its backtest horizon is `h`. Null when the history is too short or a member is not a local model.
 */
export function statWindowForecast(series: Series, choice: SeriesChoice, h: number): Quantiles | null {
  const n = series.values.length;
  if (n - h < 14) return null;
  const parts: [string, number][] = (choice.model === 'ensemble' || choice.model === 'comb' || choice.model === 'median' || choice.model === 'anchor') && choice.weights ? Object.entries(choice.weights) : [[choice.model, 1]];
  if (!parts.length || parts.some(([name]) => !isLocalModelName(name))) return null;
  const train = trainPart(series, n - h);
  const fc = (name: string): Quantiles => chooseAndForecast(train, { horizon: h, folds: 0, force: isLocalModelName(name) ? name : 'ma' }).forecast;
  // The group's median combination keeps its members in `weights` (equal shares); it is refitted as a median.
  if (choice.model === 'median') return medianQuantiles(parts.map(([name]) => fc(name)));
  // The anchored pick: the profile's default P50 inside its members' mean band (group-rule.ts).
  if (choice.model === 'anchor') {
    const point = ANCHORS[choice.profile] ?? [];
    return combinePick({ combine: 'mean', members: parts.map(([name]) => name), point: [...point] }, parts.map(([name]) => fc(name)), point.map(fc));
  }
  return combineQuantiles(parts.map(([name, w]) => ({ f: fc(name), w })));
}

/** Sums of one forecast against the window's actuals. */
function score(actual: number[], f: Quantiles, scale: number): MetricAcc {
  const acc = new MetricAcc();
  acc.add(actual, f, scale);
  return acc;
}

/**
 * Decides on the holdout window: neural must have a strictly smaller absolute error than the statistical choice;
 * then the inverse-error blend (neural weight e_stat / (e_neural + e_stat)) replaces it when the blend is better still.
 */
export function decideNeural(actual: number[], neural: Quantiles, stat: Quantiles, scale: number): NeuralDecision {
  const n = score(actual, neural, scale);
  const s = score(actual, stat, scale);
  if (!(n.n > 0) || !(n.absErr < s.absErr)) return { pick: 'stat', wNeural: 0, neural: n.sums(), stat: s.sums(), blend: null, window: null };
  const w = s.absErr / (n.absErr + s.absErr);
  const blend = combineQuantiles([{ f: neural, w }, { f: stat, w: 1 - w }]);
  const b = score(actual, blend, scale);
  return b.absErr < n.absErr
    ? { pick: 'blend', wNeural: w, neural: n.sums(), stat: s.sums(), blend: b.sums(), window: { actual, forecast: blend } }
    : { pick: 'neural', wNeural: 1, neural: n.sums(), stat: s.sums(), blend: b.sums(), window: { actual, forecast: neural } };
}

/** How many SKUs the neural model was weighed for and kept for. */
export interface NeuralKeepSummary {
  runId: string;
  /** SKUs with both a neural holdout and a statistical forecast of the same window. */
  considered: number;
  /** SKUs now forecast by the neural model alone. */
  neural: number;
  /** SKUs now forecast by a blend of neural and the statistical choice. */
  blend: number;
  /** Factors applied to the kept SKUs' P10–P90 bands (calibrated on their holdout window); absent when nobody won. */
  bandScale?: BandScale;
  /** Demand profiles where the neural model lost over all their SKUs' windows together, so none of their SKUs took it. */
  gated: string[];
}

/** The demand profiles where the neural model's absolute error over all their SKUs' holdout windows is below the statistical choice's. */
export function profilesNeuralWon(rows: readonly { profile: string; d: NeuralDecision }[]): Set<string> {
  const err = new Map<string, { n: number; s: number }>();
  for (const { profile, d } of rows) {
    const e = err.get(profile) ?? { n: 0, s: 0 };
    e.n += d.neural.absErr;
    e.s += d.stat.absErr;
    err.set(profile, e);
  }
  return new Set([...err].filter(([, e]) => e.n < e.s).map(([p]) => p));
}

function pct(s: MetricSums): string {
  const w = MetricAcc.from(s).scores().wape;
  return Number.isFinite(w) ? `${(w * 100).toFixed(1)}%` : '—';
}

/**
 * Compares, per SKU, the neural holdout with the statistical choice on the same window (the last `horizon` days of
 * history) and replaces the choice where neural won. `neuralForecast` gives the saved model's forecasts for the
 * winners (loaded and disposed by the caller); it is called once, and not at all when nobody won.
 */
export async function keepNeuralWhereItWins(
  run: NeuralHoldoutRun,
  items: DemandItem[],
  choices: (SeriesChoice | null)[],
  horizon: number,
  neuralForecast: (productIds: number[]) => Promise<Map<number, Quantiles>>,
): Promise<{ choices: (SeriesChoice | null)[]; summary: NeuralKeepSummary }> {
  const out = [...choices];
  const decisions = new Map<number, NeuralDecision>();
  items.forEach((it, i) => {
    const c = choices[i];
    const h = run.bySku.get(it.productId);
    if (!c || !h) return;
    const raw = statWindowForecast(it.series, c, horizon);
    if (!raw) return;
    // With the band the statistical choice shows (its calibration), so a blend's window has the band it will have.
    const band = c.bandScale?.[c.model];
    const stat = band ? scaleInterval(raw, band) : raw;
    const n = it.series.values.length;
    const d = decideNeural(it.series.values.slice(n - horizon), h.forecast, stat, naiveScale(it.series.values.slice(0, n - horizon), Math.max(1, it.series.seasonLength ?? 1)));
    decisions.set(i, d);
    out[i] = { ...c, sums: { ...c.sums, [HOLDOUT_KEYS.neural]: d.neural, [HOLDOUT_KEYS.stat]: d.stat } };
  });
  // One SKU's 28 days rank the two mostly by noise: the neural model is weighed SKU by SKU only in the demand profiles
  // where it beat the statistical choice over all their SKUs' windows together (the group gate, as the statistical
  // choice is made per group); elsewhere every SKU stays statistical.
  const profile = (i: number): string => (choices[i] as SeriesChoice).profile;
  const gate = profilesNeuralWon([...decisions].map(([i, d]) => ({ profile: profile(i), d })));
  const gated = new Set<string>();
  for (const [i, d] of decisions) {
    if (gate.has(profile(i))) continue;
    gated.add(profile(i));
    decisions.set(i, { ...d, pick: 'stat', wNeural: 0, window: null });
  }
  const winners = [...decisions].filter(([, d]) => d.pick !== 'stat').map(([i]) => i);
  const summary: NeuralKeepSummary = { runId: run.runId, considered: decisions.size, neural: 0, blend: 0, gated: [...gated].sort() };
  if (!winners.length) return { choices: out, summary };
  const nf = await neuralForecast(winners.map((i) => items[i].productId));
  // One pair of band factors for every kept SKU, from their holdout window as each was picked (neural or the blend):
  // the neural quantiles are not calibrated by training, and the window is before the forecast origin.
  const scale = intervalScale(winners.map((i) => (decisions.get(i) as NeuralDecision).window as CalibrationFold));
  summary.bandScale = scale;
  for (const i of winners) {
    const c = out[i] as SeriesChoice;
    const d = decisions.get(i) as NeuralDecision;
    const f = nf.get(items[i].productId);
    if (!f || f.p50.length !== c.forecast.p50.length) continue;
    const base = { horizon, neuralWape: pct(d.neural), stat: c.model, statWape: pct(d.stat) };
    if (d.pick === 'neural') {
      out[i] = { ...c, model: 'neural', weights: null, forecast: scaleInterval(f, scale), bandScale: { ...c.bandScale, neural: scale }, reason: { key: 'reason.neuralWon', params: base } };
      summary.neural++;
    } else {
      // The statistical side keeps its own members, so the stored weights say exactly what was averaged.
      const statW = (c.model === 'ensemble' || c.model === 'comb' || c.model === 'median' || c.model === 'anchor') && c.weights ? c.weights : { [c.model]: 1 };
      const weights: Record<string, number> = { neural: d.wNeural };
      for (const [k, w] of Object.entries(statW)) weights[k] = (weights[k] ?? 0) + (1 - d.wNeural) * w;
      out[i] = {
        ...c,
        model: 'neural-blend',
        weights,
        forecast: scaleInterval(combineQuantiles([{ f, w: d.wNeural }, { f: c.forecast, w: 1 - d.wNeural }]), scale),
        bandScale: { ...c.bandScale, 'neural-blend': scale },
        reason: { key: 'reason.neuralBlend', params: { ...base, blendWape: pct(d.blend as MetricSums), wNeural: `${Math.round(d.wNeural * 100)}%` } },
      };
      summary.blend++;
    }
  }
  return { choices: out, summary };
}
