/**
 * What a group of similar series forecasts with: its best single models by the group's backtest error, combined.
 * Everything here reads only the series' inner backtest folds (all before the forecast origin).
 */
import type { CalibrationFold } from './calibrate';
import type { SeriesChoice } from './choose';
import { combineQuantiles, medianQuantiles } from './combine';
import type { Quantiles } from './types';

/** How a group's members are combined: equal-weight mean, or median quantile by quantile. */
export type GroupCombine = 'mean' | 'median';

/** The group's forecast: its members (single models, best first) and how they are combined; one member = that model. */
export interface GroupPick {
  combine: GroupCombine;
  members: string[];
}

/**
 * How a group chooses its pick: 'mean2' always the mean of its two best single models, 'median3' always the median of
 * its three best, 'meta' the option among pickOptions (median of the top 3, mean of the top 2, the top 1) with the
 * lowest walk-forward error on the inner folds, so never above the best single model on that score.
 */
export type GroupRule = 'mean2' | 'median3' | 'meta';

/**
 * Rule in use: 'mean2'. 'meta' was about even with it on the development stores and M4 validation, and worse on the
 * report store (README, Forecasting): on daily shop data the best single model of the inner folds (a moving average)
 * is not the best one later, so a rule that may fall back to it loses what the combination gains.
 */
export const GROUP_RULE: GroupRule = 'mean2';

/** A series' candidates as the group choice reads them. */
export type Candidates = NonNullable<SeriesChoice['candidates']>;

/** Options that are not single models (never members of the group's pick), and the seasonal naive (a yardstick). */
const NOT_MEMBERS = new Set(['comb', 'ensemble', 'pooled', 'snaive']);

/** The pick's forecast from its members' forecasts (same order as `pick.members`). */
export function combinePick(pick: GroupPick, parts: Quantiles[]): Quantiles {
  if (parts.length === 1) return parts[0];
  return pick.combine === 'median' ? medianQuantiles(parts) : combineQuantiles(parts.map((f) => ({ f, w: 1 / parts.length })));
}

/** The pick's forecasts fold by fold for one series; null when a member has no folds. */
export function pickFolds(cands: Candidates, pick: GroupPick): CalibrationFold[] | null {
  const parts = pick.members.map((m) => cands[m]?.folds);
  if (parts.some((p) => !p?.length || p.length !== parts[0]!.length)) return null;
  return parts[0]!.map((f, i) => ({ actual: f.actual, forecast: combinePick(pick, parts.map((p) => p![i].forecast)) }));
}

/** Folds kept of a series with `n` folds when the last `leaveOut` (counted from the end) are left out. */
const foldsBefore = (n: number, leaveOut: number): number => Math.max(0, n - leaveOut);

/**
 * Σ|y − P50| and Σ|y| of the pick over the group's series: on each series' folds except the last `leaveOut`, or on the
 * fold `only` alone (counted from the end, 1 = the last).
 */
function pickError(group: Candidates[], pick: GroupPick, sel: { leaveOut?: number; only?: number }): { err: number; y: number } {
  let err = 0;
  let y = 0;
  for (const cands of group) {
    const folds = pickFolds(cands, pick);
    if (!folds) continue;
    const end = foldsBefore(folds.length, sel.leaveOut ?? 0);
    const from = sel.only === undefined ? 0 : folds.length - sel.only;
    for (const f of folds.slice(Math.max(0, from), sel.only === undefined ? end : from + 1))
      for (let i = 0; i < f.actual.length; i++)
        if (Number.isFinite(f.actual[i])) {
          err += Math.abs(f.actual[i] - f.forecast.p50[i]);
          y += Math.abs(f.actual[i]);
        }
  }
  return { err, y };
}

/**
 * The group's single models ranked by their error summed over the group's series divided by the summed actuals (the
 * group's WAPE, so a series counts by its volume), among the candidates scored on (almost) every series of the group;
 * folds counted from the end are left out with `leaveOut` (the same calendar windows for series that end together).
 */
export function rankSingles(group: Candidates[], leaveOut = 0): string[] {
  const names = new Map<string, number>();
  for (const cands of group) for (const name of Object.keys(cands)) if (!NOT_MEMBERS.has(name) && cands[name].folds?.length) names.set(name, (names.get(name) ?? 0) + 1);
  const scored: [string, number][] = [];
  for (const [name, count] of names) {
    // Relative to the actuals of the same series: a candidate missing on a few series is not favoured by that.
    if (count < 0.9 * group.length) continue;
    const e = pickError(group, { combine: 'mean', members: [name] }, { leaveOut });
    if (e.y > 0) scored.push([name, e.err / e.y]);
  }
  return scored.sort((a, b) => a[1] - b[1]).map(([name]) => name);
}

/** The options a rule chooses from, for a ranking (best first): median of the top 3, mean of the top 2, the top 1. */
export function pickOptions(ranked: string[]): GroupPick[] {
  const out: GroupPick[] = [];
  if (ranked.length >= 3) out.push({ combine: 'median', members: ranked.slice(0, 3) });
  if (ranked.length >= 2) out.push({ combine: 'mean', members: ranked.slice(0, 2) });
  if (ranked.length >= 1) out.push({ combine: 'mean', members: ranked.slice(0, 1) });
  return out;
}

/**
 * Walk-forward error of each option of pickOptions on the group's inner folds: for every fold but the first (counted
 * from the end, the same calendar window for series that end together), the singles are ranked on the folds before
 * it only, each option is formed from that ranking and scored on the fold. Index = position in pickOptions' order for
 * a full ranking (median of 3, mean of 2, single); an option that a ranking cannot form scores as its nearest smaller one.
 */
export function walkForwardErrors(group: Candidates[]): { err: number; y: number }[] {
  const depth = Math.max(0, ...group.flatMap((c) => Object.values(c).map((x) => x.folds?.length ?? 0)));
  const out = [0, 1, 2].map(() => ({ err: 0, y: 0 }));
  for (let j = depth - 1; j >= 1; j--) {
    const options = pickOptions(rankSingles(group, j));
    if (!options.length) continue;
    for (let k = 0; k < 3; k++) {
      const o = options[Math.min(options.length - 1, Math.max(0, k - (3 - options.length)))];
      const e = pickError(group, o, { only: j });
      out[k].err += e.err;
      out[k].y += e.y;
    }
  }
  return out;
}

/**
 * The group's pick under `rule`; null when no single model was scored on the group. Under 'meta' the pick's
 * walk-forward error on the inner folds is never above that of the group's best single model (the single is an option;
 * ties go to the combination).
 */
export function choosePick(group: Candidates[], rule: GroupRule = GROUP_RULE): GroupPick | null {
  const options = pickOptions(rankSingles(group));
  if (!options.length) return null;
  const top1 = options[options.length - 1];
  switch (rule) {
    case 'mean2':
      return options.find((o) => o.combine === 'mean' && o.members.length === 2) ?? top1;
    case 'median3':
      return options[0];
    case 'meta': {
      const errs = walkForwardErrors(group).slice(3 - options.length);
      let k = 0;
      for (let i = 1; i < errs.length; i++) if (errs[i].err < errs[k].err) k = i;
      return options[k];
    }
  }
}
