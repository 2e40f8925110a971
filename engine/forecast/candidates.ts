/** The candidates of the automatic choice: demand profiles, the models each profile tries, and the choice's constants. */
import { calendarAware } from './calendar-effects';
import { etsModel } from './models/ets';
import { localModel, type LocalModelName } from './models/index';
import { countFinite } from './stats';
import type { LocalModel, Series } from './types';

/** Demand profile of a series, which decides the candidate set. */
export type Profile = 'smooth' | 'intermittent' | 'short' | 'empty';

/** Average demand interval above which a series is intermittent (Syntetos–Boylan cut-off). */
export const ADI_CUTOFF = 1.32;

/** Classifies a series by length and share of zero-demand periods. */
export function profileOf(s: Series, horizon: number): Profile {
  const nObs = countFinite(s.values);
  if (nObs === 0) return 'empty';
  let nz = 0;
  for (const v of s.values) if (Number.isFinite(v) && v > 0) nz++;
  if (nz === 0) return 'intermittent';
  if (nObs < 2 * horizon + 8) return 'short';
  return nObs / nz > ADI_CUTOFF ? 'intermittent' : 'smooth';
}

/** Candidate model names for a profile. */
export function candidatesFor(profile: Profile): LocalModelName[] {
  switch (profile) {
    case 'smooth':
      return ['snaive', 'ma', 'sba', 'ets', 'theta'];
    case 'intermittent':
      return ['snaive', 'ma', 'croston', 'sba', 'tsb', 'ets'];
    case 'short':
      return ['ma', 'ets', 'theta', 'sba'];
    case 'empty':
      return ['ma'];
  }
}

/**
 * Candidates of a profile that only a group may choose, as a member of its combination: on smooth series SBA (a
 * level deflated for sparse demand) wins a series' few folds by chance as often as by merit, so one series' backtest
 * never picks it alone nor puts it in its inverse-error blend; across a group of smooth count series (daily sales of
 * a shop) its ranking is evidence.
 */
export function groupOnly(profile: Profile): readonly LocalModelName[] {
  return profile === 'smooth' ? ['sba'] : [];
}

/** Members of the fixed equal-weight combination ('comb') per profile. */
export function combMembers(profile: Profile): LocalModelName[] {
  switch (profile) {
    case 'smooth':
      return ['ets', 'theta'];
    case 'intermittent':
      return ['sba', 'tsb', 'ets'];
    case 'short':
      return ['ets', 'theta', 'sba'];
    case 'empty':
      return [];
  }
}

/**
 * A single model or the weighted ensemble must beat the combination's backtest MAE by this share to be chosen:
 * a few folds rank models mostly by noise, and a fixed combination is the robust default (the M4 competition's
 * main finding). Tuned on validation windows of half the M4 Weekly series (see README), not on any test data.
 */
export const SELECT_MARGIN = 0.2;

/** Most backtest origins the choice uses when a series is long enough (each origin one more fit per candidate). */
export const MAX_FOLDS = 5;

/** Number of origins for a series of length n: `folds`, raised towards `max` when the history holds more windows. */
export function originCount(n: number, H: number, folds: number, max: number): number {
  if (folds <= 0) return folds;
  const fit = Math.floor((n - Math.max(2 * H, 8)) / H);
  return Math.max(folds, Math.min(max, fit));
}

const ETS_SMOOTH_FORMS = (['N', 'A', 'M'] as const).flatMap((season) => (['N', 'Ad'] as const).map((trend) => ({ trend, season })));

/** The model fitted for a candidate name on a series of this profile (ETS restricted to the forms that suit it). */
export function modelFor(name: LocalModelName, profile: Profile): LocalModel {
  return calendarAware(baseModelFor(name, profile));
}

function baseModelFor(name: LocalModelName, profile: Profile): LocalModel {
  // Sparse series only get the level-only ETS forms: trends fitted to zeros mislead and cost time.
  if (name === 'ets' && profile === 'intermittent') return etsModel({ forms: [{ trend: 'N', season: 'N' }, { trend: 'N', season: 'A' }] });
  // Over 28+ day horizons an undamped trend is rarely right and costs a third of the fits: keep N and Ad.
  if (name === 'ets' && profile === 'smooth') return etsModel({ forms: ETS_SMOOTH_FORMS });
  return localModel(name);
}
