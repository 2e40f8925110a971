/** Writes demo_truth: the elasticities, seasonal and event factors and signal effects the data was drawn from. */
import type Database from 'better-sqlite3';
import { EVENT_INFO } from './calendar';
import { CATEGORIES, COMPETITOR_GAP_COEF, PROMO_LIFT, SENTIMENT_COEF, weeklyFactors, yearlyFactor } from './categories';
import type { DemoProduct } from './products';
import { normalTemp } from './signals';
import { SUBTYPES, SUPPLIERS } from './words';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const MONTH_MID_DOY = [15, 46, 74, 105, 135, 166, 196, 227, 258, 288, 319, 349];

/** Writes every truth row; returns how many. */
export function writeTruth(db: Database.Database, products: DemoProduct[], params: Record<string, unknown>): number {
  const ins = db.prepare('INSERT INTO demo_truth (kind, key, value, detail) VALUES (?, ?, ?, ?)');
  let n = 0;
  const put = (kind: string, key: string, value: number | null, detail: Record<string, unknown> = {}): void => {
    ins.run(kind, key, value, JSON.stringify(detail));
    n++;
  };
  put('params', 'generator', null, params);
  put('signal_effect', 'sentiment', SENTIMENT_COEF, { model: 'demand × exp(coef × index)', key: 'sentiment category:<code>' });
  put('competitor_gap', 'all', COMPETITOR_GAP_COEF, { model: 'demand × (mean in-stock competitor price / own list price)^coef, latest weekly observation' });
  put('promotion_lift', 'all', PROMO_LIFT, { model: 'demand × lift × (promo price / reference price)^elasticity during a promotion' });
  put('demand_model', 'formula', null, {
    formula: 'base × exp(trend·t/365.25) × weekly[dow] × yearly(doy) × event × (price/ref)^elasticity × promoLift × compRatio^gap × exp(temp·anom/10 + rain·min(rain,40)/10) × exp(sentiment·index) × lognormal(0.2)',
    normalTemp: '17 + 11·cos(2π(doy − 205)/365.25)',
    stockout: 'a day that starts with nothing on hand sells nothing (daily_sales.stockout = 1)',
  });
  for (const [code, e] of Object.entries(EVENT_INFO)) {
    put('event_factor', code, e.peak, { shape: e.shape, categoryScale: Object.fromEntries(CATEGORIES.map((c) => [c.code, code === 'cny' ? 1 : c.eventScale[code as keyof typeof c.eventScale]])) });
  }
  for (const c of CATEGORIES) {
    put('elasticity', `category:${c.code}`, c.elasticity);
    put('trend', c.code, c.trend, { model: 'exp(trend × years since the first day)' });
    put('signal_effect', `temp:${c.code}`, c.tempCoef, { model: 'per +10 °C above the seasonal normal', normalTemp: '17 + 11·cos(2π(doy − 205)/365.25)' });
    put('signal_effect', `rain:${c.code}`, c.rainCoef, { model: 'per 10 mm of rain (capped at 40 mm)' });
    put('yearly_shape', c.code, c.yearlyAmp, { peakDoy: c.yearlyPeakDoy, model: 'exp(amp × cos(2π(doy − peakDoy)/365.25))' });
    weeklyFactors(c).forEach((f, i) => put('weekly_factor', `${c.code}:${i + 1}`, f, { weekday: WEEKDAYS[i] }));
    MONTH_MID_DOY.forEach((doy, m) => put('yearly_factor', `${c.code}:${String(m + 1).padStart(2, '0')}`, yearlyFactor(c, doy), { doy, normalTemp: normalTemp(doy) }));
  }
  for (const subs of Object.values(SUBTYPES)) {
    for (const st of subs) if (st.season) put('yearly_shape', `subtype:${st.key}`, st.season.yearlyAmp, { peakDoy: st.season.yearlyPeakDoy, note: 'replaces the category season for these SKUs' });
  }
  for (const s of SUPPLIERS) put('lead_time', s.name, s.leadMean, { sd: s.leadSd, categories: s.categories });
  for (const p of products) {
    put('elasticity', p.sku, p.elasticity, { category: p.cat.code });
    put('base_demand', p.sku, p.base, { refPrice: p.refPrice, tempCoef: p.tempCoef, season: p.season, safetyStock: p.safety, launchDay: p.launchDay, subtype: p.subtype.key });
  }
  return n;
}
