/**
 * Model choice per group of similar series (same demand profile): a series' own few backtest folds rank models
 * mostly by noise, while the same candidates scored across every series of its group rank them reliably. The group
 * answers with its pick (group-rule.ts, GROUP_RULE: the equal-weight mean of its two best single models; on
 * intermittent groups SBA's P50 inside that mean's band unless the mean clearly beats SBA); a series
 * keeps another option only when its own backtest says it is clearly (margin) better. Bands are then calibrated on the
 * group's pooled backtest points (calibrate.ts).
 */
import { bandSums, neededScales, scaleFromNeeded, scaleInterval, type BandScale, type CalibrationFold } from './calibrate';
import { groupOnly, SELECT_MARGIN, type Profile } from './candidates';
import type { SeriesChoice } from './choose';
import { choosePick, combinePick, GROUP_RULE, pickFolds, type Candidates, type GroupPick, type GroupRule } from './group-rule';
import { MetricAcc } from './metrics';
import type { Quantiles } from './types';

/** Model ids a group's pick gives a series besides a single candidate's own (each needs a label on the screens). */
export const GROUP_PICK_MODELS = ['comb', 'median', 'anchor'] as const;

function mae(c: SeriesChoice, name: string): number {
  const s = c.sums[name];
  return s && s.n > 0 ? s.absErr / s.n : NaN;
}

/**
 * The group picks: per profile, the pick of GROUP_RULE (group-rule.ts) over the series of the group that kept their
 * candidates, with the group's size.
 */
export function groupWinners(choices: (SeriesChoice | null)[], rule: GroupRule = GROUP_RULE): Map<string, { pick: GroupPick; series: number }> {
  const byProfile = new Map<string, Candidates[]>();
  for (const c of choices) {
    if (!c?.candidates) continue;
    const list = byProfile.get(c.profile);
    if (list) list.push(c.candidates);
    else byProfile.set(c.profile, [c.candidates]);
  }
  const out = new Map<string, { pick: GroupPick; series: number }>();
  for (const [profile, group] of byProfile) {
    const pick = choosePick(group, rule, profile as Profile);
    if (pick) out.set(profile, { pick, series: group.length });
  }
  return out;
}

/**
 * Gives each choice (that kept its candidates) its group's combination unless its own backtest shows another option
 * clearly (margin) better, then scales every pick's P10–P90 band by one pair of factors per group, chosen on the
 * pooled backtest points of the group's picks (calibrate.ts): a series' own few dozen points, counts with ties,
 * calibrate it coarsely, while the group's thousands give the catalogue its nominal coverage. Drops the candidates.
 */
export function applyGroupChoice(choices: (SeriesChoice | null)[], margin = SELECT_MARGIN, rule: GroupRule = GROUP_RULE): void {
  const winners = groupWinners(choices, rule);
  const picked: { c: SeriesChoice; forecast: Quantiles; folds: CalibrationFold[] }[] = [];
  for (const c of choices) {
    if (!c?.candidates) continue;
    const cands = c.candidates;
    delete c.candidates;
    const g = winners.get(c.profile);
    const gFolds = g ? pickFolds(cands, g.pick) : null;
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
    const { members, combine, point } = g.pick;
    const single = members.length === 1 && !point;
    // 'anchor': the P50 of the profile's default (point), inside the band of the members' combination.
    c.model = point ? 'anchor' : single ? members[0] : combine === 'median' ? 'median' : 'comb';
    // (GROUP_PICK_MODELS lists these ids, so the screens' labels are checked for each.)
    c.weights = single ? null : Object.fromEntries(members.map((m) => [m, 1 / members.length]));
    // The scores shown for the combination are those of the combination in use.
    if (!single) c.sums[c.model] = gSums;
    c.reason = {
      key: point ? 'reason.groupAnchor' : single ? 'reason.group' : combine === 'median' ? 'reason.groupMedian' : 'reason.groupComb',
      params: { ...c.reason.params, model: c.model, members: members.join(' + '), point: point?.join(' + ') ?? '', wape: fmtWape(gSums.absErr, gSums.absY), groupSize: g.series, margin: `${(margin * 100).toFixed(1)}%` },
    };
    picked.push({ c, forecast: combinePick(g.pick, members.map((m) => cands[m].forecast), g.pick.point?.map((m) => cands[m].forecast)), folds: gFolds });
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
      p.c.forecast = scaleInterval(p.forecast, scale, p.c.futureSpecial);
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
