/** The demo shop's categories and the demand truths the generator builds its data from. */

/** Category codes of the demo shop. */
export type CategoryCode = 'apparel' | 'eyewear' | 'jewellery' | 'beauty' | 'phone_accessories' | 'home';

/** Everything the demand model knows about one category. */
export interface CategoryDef {
  code: CategoryCode;
  zh: string;
  en: string;
  /** SKU prefix. */
  prefix: string;
  /** Share of the catalogue. */
  share: number;
  /** Own-price elasticity (demand ∝ (price/ref)^elasticity). */
  elasticity: number;
  /** Range of initial list prices, CNY. */
  price: [number, number];
  /** Weekday factors Monday..Sunday (normalised to mean 1 when used). */
  weekly: number[];
  /** Yearly seasonality: demand × exp(amp · cos(2π(doy − peakDoy)/365.25)). */
  yearlyAmp: number;
  yearlyPeakDoy: number;
  /** Yearly log growth of demand. */
  trend: number;
  /** Log-demand change per +10 °C above the seasonal normal temperature. */
  tempCoef: number;
  /** Log-demand change per 10 mm of rain. */
  rainCoef: number;
  /** How strongly each retail event moves this category (1 = the event's base factor). */
  eventScale: Record<EventCode, number>;
}

/** Retail event codes written to calendar_events. */
export type EventCode = '618' | 'double11' | 'black_friday' | 'cny_shopping' | 'cny';

const ev = (s618: number, d11: number, bf: number, cnyShop: number): Record<EventCode, number> => ({
  '618': s618,
  double11: d11,
  black_friday: bf,
  cny_shopping: cnyShop,
  cny: 1,
});

/** The six categories. */
export const CATEGORIES: readonly CategoryDef[] = [
  {
    code: 'apparel', zh: '服装', en: 'Apparel', prefix: 'AP', share: 0.3, elasticity: -1.8, price: [39, 399],
    weekly: [0.92, 0.93, 0.95, 0.97, 1.0, 1.1, 1.13], yearlyAmp: 0.3, yearlyPeakDoy: 190, trend: 0.12,
    tempCoef: 0.08, rainCoef: -0.06, eventScale: ev(1.1, 1.15, 1, 1.1),
  },
  {
    code: 'eyewear', zh: '眼镜', en: 'Eyewear', prefix: 'EY', share: 0.1, elasticity: -1.5, price: [69, 599],
    weekly: [0.95, 0.95, 0.97, 1.0, 1.03, 1.07, 1.03], yearlyAmp: 0.5, yearlyPeakDoy: 180, trend: 0.08,
    tempCoef: 0.25, rainCoef: -0.08, eventScale: ev(1, 0.8, 0.8, 0.8),
  },
  {
    code: 'jewellery', zh: '饰品', en: 'Jewellery', prefix: 'JW', share: 0.12, elasticity: -1.1, price: [59, 899],
    weekly: [0.9, 0.92, 0.95, 1.0, 1.08, 1.1, 1.05], yearlyAmp: 0.15, yearlyPeakDoy: 350, trend: 0.05,
    tempCoef: 0, rainCoef: -0.02, eventScale: ev(0.9, 1.1, 0.9, 1.6),
  },
  {
    code: 'beauty', zh: '美妆', en: 'Beauty', prefix: 'BT', share: 0.18, elasticity: -1.4, price: [29, 399],
    weekly: [1.08, 1.02, 1.0, 0.98, 0.95, 0.97, 1.0], yearlyAmp: 0.1, yearlyPeakDoy: 320, trend: 0.18,
    tempCoef: 0.05, rainCoef: -0.03, eventScale: ev(1.2, 1.35, 1.1, 1.2),
  },
  {
    code: 'phone_accessories', zh: '手机配件', en: 'Phone accessories', prefix: 'PH', share: 0.15, elasticity: -2.2, price: [19, 299],
    weekly: [1.05, 1.03, 1.0, 0.98, 0.97, 0.98, 0.99], yearlyAmp: 0.12, yearlyPeakDoy: 265, trend: 0.1,
    tempCoef: 0, rainCoef: 0, eventScale: ev(1.2, 1.2, 1.3, 0.9),
  },
  {
    code: 'home', zh: '家居', en: 'Home', prefix: 'HM', share: 0.15, elasticity: -1.3, price: [29, 499],
    weekly: [0.95, 0.95, 0.96, 0.97, 0.98, 1.08, 1.11], yearlyAmp: 0.3, yearlyPeakDoy: 15, trend: 0.07,
    tempCoef: -0.1, rainCoef: 0.1, eventScale: ev(1, 1, 1, 1.5),
  },
];

/** A category by code. */
export function category(code: CategoryCode): CategoryDef {
  const c = CATEGORIES.find((x) => x.code === code);
  if (!c) throw new Error(`unknown category ${code}`);
  return c;
}

/** A category's name in the reader's language where the code is a known one (服装 / Apparel), else the code itself. */
export function categoryLabel(code: string, lang: 'en' | 'zh'): string {
  return CATEGORIES.find((x) => x.code === code)?.[lang] ?? code;
}

/** Weekday factors of a category normalised to mean 1, Monday first. */
export function weeklyFactors(c: CategoryDef): number[] {
  const mean = c.weekly.reduce((a, b) => a + b, 0) / 7;
  return c.weekly.map((w) => w / mean);
}

/** Yearly seasonal factor on a day of the year for a season shape (a category, or a SKU's own). */
export function yearlyFactor(c: { yearlyAmp: number; yearlyPeakDoy: number }, doy: number): number {
  return Math.exp(c.yearlyAmp * Math.cos((2 * Math.PI * (doy - c.yearlyPeakDoy)) / 365.25));
}

/** Demand multiplier per unit of the category's daily social-sentiment index (index in about [-1, 1]). */
export const SENTIMENT_COEF = 0.35;
/** Exponent on (mean competitor price / own list price): cheaper rivals take demand away. */
export const COMPETITOR_GAP_COEF = 0.9;
/** Extra demand during a promotion beyond its price cut (banners, badges). */
export const PROMO_LIFT = 1.05;
/** Average units per order line. */
export const QTY_WEIGHTS: readonly number[] = [0, 0.86, 0.11, 0.03];
/** Mean of QTY_WEIGHTS. */
export const MEAN_QTY = QTY_WEIGHTS.reduce((a, w, q) => a + w * q, 0);
