/**
 * Model choice per group of similar series (same demand profile): a series' own few backtest folds rank models
 * mostly by noise, while the same candidates scored across every series of its group rank them reliably. Each
 * series takes its group's winner unless its own backtest says another candidate is clearly (margin) better.
 */
import { scaleFromNeeded, scaleInterval, type NeededScales } from './calibrate';
import type { SeriesChoice } from './choose';
import { SELECT_MARGIN } from './choose';

function mae(c: SeriesChoice, name: string): number {
  const s = c.sums[name];
  return s && s.n > 0 ? s.absErr / s.n : NaN;
}

/** The group winners: per profile, the candidate with the lowest geometric mean of MAE relative to the combination. */
export function groupWinners(choices: (SeriesChoice | null)[]): Map<string, { model: string; series: number }> {
  const logs = new Map<string, Map<string, { sum: number; n: number }>>();
  const counts = new Map<string, number>();
  for (const c of choices) {
    if (!c?.candidates) continue;
    const ref = mae(c, c.candidates.comb ? 'comb' : Object.keys(c.candidates)[0]);
    if (!(ref > 0)) continue;
    counts.set(c.profile, (counts.get(c.profile) ?? 0) + 1);
    let g = logs.get(c.profile);
    if (!g) logs.set(c.profile, (g = new Map()));
    for (const name of Object.keys(c.candidates)) {
      const e = mae(c, name);
      if (!(e > 0)) continue;
      const a = g.get(name) ?? { sum: 0, n: 0 };
      a.sum += Math.log(e / ref);
      a.n++;
      g.set(name, a);
    }
  }
  const out = new Map<string, { model: string; series: number }>();
  for (const [profile, g] of logs) {
    const n = counts.get(profile) ?? 0;
    // Only candidates scored on (almost) every series of the group compete.
    const ranked = [...g].filter(([name, a]) => a.n >= 0.9 * n && name !== 'snaive').sort((x, y) => x[1].sum / x[1].n - y[1].sum / y[1].n);
    if (ranked.length) out.set(profile, { model: ranked[0][0], series: n });
  }
  return out;
}

/**
 * Replaces each choice (that kept its candidates) by its group's winner unless its own backtest clearly prefers
 * another, then scales every pick's P10–P90 band by one pair of factors per group, chosen on the pooled backtest
 * points of the group's picks (calibrate.ts): a series' own few dozen points, counts with ties, calibrate it
 * coarsely, while the group's thousands give the catalogue its nominal coverage. Drops the candidates.
 */
export function applyGroupChoice(choices: (SeriesChoice | null)[], margin = SELECT_MARGIN): void {
  const winners = groupWinners(choices);
  const picked: { c: SeriesChoice; forecast: SeriesChoice['forecast']; needed: NeededScales }[] = [];
  for (const c of choices) {
    if (!c?.candidates) continue;
    const cands = c.candidates;
    delete c.candidates;
    const g = winners.get(c.profile);
    let pick = c.model;
    if (g && cands[g.model]) {
      let best = g.model;
      // The seasonal naive stays a yardstick: a few folds where it wins are not evidence enough to forecast with it.
      for (const name of Object.keys(cands)) if (name !== 'snaive' && mae(c, name) < mae(c, best)) best = name;
      pick = best !== g.model && mae(c, best) < (1 - margin) * mae(c, g.model) ? best : g.model;
    }
    const cand = cands[pick];
    if (cand?.needed) picked.push({ c, forecast: cand.forecast, needed: cand.needed });
    if (!g || !cand || pick === c.model) continue;
    c.model = pick;
    c.forecast = cand.forecast;
    c.weights = cand.weights;
    const s = c.sums[pick];
    const wape = s && s.absY > 0 ? `${((100 * s.absErr) / s.absY).toFixed(1)}%` : '—';
    c.reason = { key: pick === g.model ? 'reason.group' : 'reason.best', params: { ...c.reason.params, model: pick, wape, groupSize: g.series } };
  }
  const byProfile = new Map<string, typeof picked>();
  for (const p of picked) byProfile.set(p.c.profile, [...(byProfile.get(p.c.profile) ?? []), p]);
  for (const group of byProfile.values()) {
    const scale = scaleFromNeeded(group.map((p) => p.needed));
    for (const p of group) {
      p.c.forecast = scaleInterval(p.forecast, scale);
      p.c.bandScale = { ...p.c.bandScale, [p.c.model]: scale };
    }
  }
}
