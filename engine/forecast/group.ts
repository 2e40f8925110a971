/**
 * Model choice per group of similar series (same demand profile): a series' own few backtest folds rank models
 * mostly by noise, while the same candidates scored across every series of its group rank them reliably. The group
 * answers with the equal-weight combination of its best GROUP_COMB_SIZE single models (combining rather than
 * selecting, the M4 competition's main finding); a series keeps another option only when its own backtest says
 * it is clearly (margin) better. Bands are then calibrated on the group's pooled backtest points (calibrate.ts).
 */
import { bandSums, neededScales, scaleFromNeeded, scaleInterval, type BandScale, type CalibrationFold } from './calibrate';
import { groupOnly, SELECT_MARGIN } from './candidates';
import type { SeriesChoice } from './choose';
import { combineQuantiles } from './combine';
import { MetricAcc } from './metrics';
import type { Quantiles } from './types';

/** Number of single models the group's combination averages. */
export const GROUP_COMB_SIZE = 2;

/** Options that are not single models (never members of the group's combination). */
const COMBINED = new Set(['comb', 'ensemble', 'pooled']);

function mae(c: SeriesChoice, name: string): number {
  const s = c.sums[name];
  return s && s.n > 0 ? s.absErr / s.n : NaN;
}

/**
 * The group members: per profile, the single models (not the seasonal naive, a yardstick) with the lowest backtest
 * error summed over the group's series relative to the sum of their actuals (the group's WAPE), among the
 * candidates scored on (almost) every series of the group.
 */
export function groupWinners(choices: (SeriesChoice | null)[], size = GROUP_COMB_SIZE): Map<string, { members: string[]; series: number }> {
  const sums = new Map<string, Map<string, { err: number; y: number; n: number }>>();
  const counts = new Map<string, number>();
  for (const c of choices) {
    if (!c?.candidates) continue;
    counts.set(c.profile, (counts.get(c.profile) ?? 0) + 1);
    let g = sums.get(c.profile);
    if (!g) sums.set(c.profile, (g = new Map()));
    for (const name of Object.keys(c.candidates)) {
      const s = c.sums[name];
      if (COMBINED.has(name) || name === 'snaive' || !s || !(s.n > 0)) continue;
      const a = g.get(name) ?? { err: 0, y: 0, n: 0 };
      a.err += s.absErr;
      a.y += s.absY;
      a.n++;
      g.set(name, a);
    }
  }
  const out = new Map<string, { members: string[]; series: number }>();
  for (const [profile, g] of sums) {
    const n = counts.get(profile) ?? 0;
    // Relative to the actuals of the same series: a candidate missing on a few series is not favoured by that.
    const ranked = [...g].filter(([, a]) => a.n >= 0.9 * n && a.y > 0).sort((x, y) => x[1].err / x[1].y - y[1].err / y[1].y);
    if (ranked.length) out.set(profile, { members: ranked.slice(0, size).map(([name]) => name).sort(), series: n });
  }
  return out;
}

/** The equal-weight combination of `members` fold by fold; null when a member has no folds. */
function combineFolds(cands: NonNullable<SeriesChoice['candidates']>, members: string[]): CalibrationFold[] | null {
  const parts = members.map((m) => cands[m]?.folds);
  if (parts.some((p) => !p?.length)) return null;
  return parts[0]!.map((f, i) => ({ actual: f.actual, forecast: combineQuantiles(parts.map((p) => ({ f: p![i].forecast, w: 1 / members.length }))) }));
}

/**
 * Gives each choice (that kept its candidates) its group's combination unless its own backtest shows another option
 * clearly (margin) better, then scales every pick's P10–P90 band by one pair of factors per group, chosen on the
 * pooled backtest points of the group's picks (calibrate.ts): a series' own few dozen points, counts with ties,
 * calibrate it coarsely, while the group's thousands give the catalogue its nominal coverage. Drops the candidates.
 */
export function applyGroupChoice(choices: (SeriesChoice | null)[], margin = SELECT_MARGIN): void {
  const winners = groupWinners(choices);
  const picked: { c: SeriesChoice; forecast: Quantiles; folds: CalibrationFold[] }[] = [];
  for (const c of choices) {
    if (!c?.candidates) continue;
    const cands = c.candidates;
    delete c.candidates;
    const g = winners.get(c.profile);
    const gFolds = g ? combineFolds(cands, g.members) : null;
    if (!g || !gFolds) {
      const own = cands[c.model];
      if (own?.folds) picked.push({ c, forecast: own.forecast, folds: own.folds });
      continue;
    }
    const acc = new MetricAcc();
    for (const f of gFolds) acc.add(f.actual, f.forecast, 1);
    const gSums = acc.sums();
    const gMae = gSums.n ? gSums.absErr / gSums.n : NaN;
    // The seasonal naive stays a yardstick, and a group-only model a member: a few folds where it wins are not evidence
    // enough to forecast with it alone.
    let best = '';
    const groupOnlyHere: readonly string[] = groupOnly(c.profile);
    for (const name of Object.keys(cands)) if (name !== 'snaive' && !groupOnlyHere.includes(name) && (!best || mae(c, name) < mae(c, best))) best = name;
    const own = best && mae(c, best) < (1 - margin) * gMae ? cands[best] : null;
    if (own) {
      if (best !== c.model) {
        c.model = best;
        c.weights = own.weights;
        const s = c.sums[best];
        c.reason = { key: 'reason.best', params: { ...c.reason.params, model: best, wape: fmtWape(s.absErr, s.absY) } };
      }
      if (own.folds) picked.push({ c, forecast: own.forecast, folds: own.folds });
      else c.forecast = own.forecast;
      continue;
    }
    const single = g.members.length === 1;
    const weights = Object.fromEntries(g.members.map((m) => [m, 1 / g.members.length]));
    c.model = single ? g.members[0] : 'comb';
    c.weights = single ? null : weights;
    // The scores shown for the combination are those of the combination in use.
    if (!single) c.sums.comb = gSums;
    c.reason = {
      key: single ? 'reason.group' : 'reason.groupComb',
      params: { ...c.reason.params, model: c.model, members: g.members.join(' + '), wape: fmtWape(gSums.absErr, gSums.absY), groupSize: g.series, margin: `${(margin * 100).toFixed(1)}%` },
    };
    picked.push({ c, forecast: combineQuantiles(g.members.map((m) => ({ f: cands[m].forecast, w: 1 / g.members.length }))), folds: gFolds });
  }
  const byProfile = new Map<string, typeof picked>();
  for (const p of picked) {
    const list = byProfile.get(p.c.profile);
    if (list) list.push(p);
    else byProfile.set(p.c.profile, [p]);
  }
  for (const group of byProfile.values()) {
    // Per pick and fold, the factors its points needed; folds counted from the end (the same calendar windows for
    // series that end together), so the honest score of fold i uses the group's earlier folds only.
    const needs = group.map((p) => p.folds.map((f) => neededScales([f])));
    const scale = scaleFromNeeded(needs.flat());
    const before = (k: number): BandScale => scaleFromNeeded(needs.flatMap((n) => n.slice(0, Math.max(0, n.length - k))));
    const depth = Math.max(0, ...needs.map((n) => n.length));
    const earlier = Array.from({ length: depth + 1 }, (_, k) => before(k));
    for (const [j, p] of group.entries()) {
      p.c.forecast = scaleInterval(p.forecast, scale);
      p.c.bandScale = { ...p.c.bandScale, [p.c.model]: scale };
      const base = p.c.sums[p.c.model];
      const n = needs[j].length;
      // Fold i is the (n − i)-th from the end: calibrated on the group's folds further from the end than it.
      if (base) p.c.sums[p.c.model] = bandSums(base, p.folds, (i) => (i === 0 ? { lo: 1, hi: 1 } : earlier[n - i]));
    }
  }
}

function fmtWape(err: number, y: number): string {
  return y > 0 ? `${((100 * err) / y).toFixed(1)}%` : '—';
}
