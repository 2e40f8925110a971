/** Daily weather for the shop's city and a social-sentiment index per category, both of which move demand. */
import { CATEGORIES } from './categories';
import { dayOfYear } from './dates';
import { Rng } from './rng';

/** The city whose weather the demo records. */
export const CITY = { zh: '上海', en: 'Shanghai' };

/** Seasonal normal temperature (°C) on a day of the year. */
export function normalTemp(doy: number): number {
  return 17 + 11 * Math.cos((2 * Math.PI * (doy - 205)) / 365.25);
}

/** Daily signals for the whole range. */
export interface SignalSeries {
  tempC: Float64Array;
  /** Temperature minus the seasonal normal (what moves demand). */
  tempAnom: Float64Array;
  rainMm: Float64Array;
  /** [category index][day] sentiment in [-1, 1]. */
  sentiment: Float64Array[];
}

/** Draws weather and sentiment for `days` days starting at day number `first`. */
export function generateSignals(seed: number, first: number, days: number): SignalSeries {
  const rng = Rng.forPhase(seed, 'signals');
  const tempC = new Float64Array(days);
  const tempAnom = new Float64Array(days);
  const rainMm = new Float64Array(days);
  let anom = 0;
  for (let d = 0; d < days; d++) {
    const doy = dayOfYear(first + d);
    anom = 0.75 * anom + 1.8 * rng.normal();
    const normal = normalTemp(doy);
    tempC[d] = Math.round((normal + anom) * 10) / 10;
    tempAnom[d] = tempC[d] - normal;
    // Plum-rain season (mid June – mid July) rains most days.
    const pRain = doy >= 165 && doy <= 195 ? 0.65 : 0.28 + 0.1 * Math.cos((2 * Math.PI * (doy - 200)) / 365.25);
    rainMm[d] = rng.chance(pRain) ? Math.round(-Math.log(Math.max(rng.next(), 1e-9)) * (doy >= 150 && doy <= 250 ? 12 : 6) * 10) / 10 : 0;
  }
  const sentiment = CATEGORIES.map(() => {
    const s = new Float64Array(days);
    let v = 0;
    for (let d = 0; d < days; d++) {
      v = 0.9 * v + 0.12 * rng.normal();
      // Now and then a post goes viral (or a complaint spreads).
      if (rng.chance(1 / 90)) v += rng.chance(0.65) ? 0.7 : -0.6;
      v = Math.max(-1, Math.min(1, v));
      s[d] = Math.round(v * 1000) / 1000;
    }
    return s;
  });
  return { tempC, tempAnom, rainMm, sentiment };
}
