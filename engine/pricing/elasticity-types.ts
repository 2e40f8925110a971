/** Types of the price-elasticity estimator (engine/pricing/elasticity.ts). */

/** One observation of a SKU: a day, a week, a month or a CSV row. */
export interface PriceObs {
  /** 'YYYY-MM-DD' (optional for CSV rows without dates). */
  date?: string | null;
  units: number;
  /** Price actually paid (or the list price when nothing sold). */
  price: number;
  /** 1 on promotion, 0 otherwise. */
  promo?: number;
  /** Mean competitor price, when known. */
  compPrice?: number | null;
  /** Regular (list) price when it differs from the price paid (promotions); the competitor gap uses it. */
  listPrice?: number | null;
  /** Out of stock (demand censored): dropped from the fit. */
  stockout?: boolean;
  /** Extra numeric controls (CSV --controls), same order for every row. */
  controls?: number[];
}

/** One SKU's (or CSV group's) history. */
export interface PriceSeries {
  key: string;
  productId?: number | null;
  category?: string | null;
  obs: PriceObs[];
}

/** Knobs of the estimator; defaults in DEFAULT_ELASTICITY_OPTIONS. */
export interface ElasticityOptions {
  /** Below this standard deviation of log price the SKU is refused (default 0.02). */
  minLogPriceSd: number;
  /** Fewest distinct price levels (rounded to cents) to estimate (default 3). */
  minPriceLevels: number;
  /** Fewest usable observations (default 8). */
  minObs: number;
  /** Daily data with fewer mean units per day than this is aggregated to weeks (default 3). */
  weeklyBelowUnitsPerDay: number;
  /** Names of the extra controls in PriceObs.controls. */
  controlNames: string[];
  /** Shrink towards the category (empirical Bayes); false gives the raw SKU estimates. */
  shrink: boolean;
  /** Use the controls (promo, competitor, season, day of week); false gives a plain log-log fit. */
  useControls: boolean;
  /** Interval level (default 0.9). */
  level: number;
  /** 'poisson' (quasi-Poisson log link, keeps zero-sales periods) or 'ols' (log units, drops zeros). */
  method: 'poisson' | 'ols';
  /** Priors to shrink towards instead of pooling these series (e.g. saved from a full run); key '*' is the fallback. */
  priors?: ElasticityPrior[];
}

/** The estimate for one SKU. */
export interface ElasticityEstimate {
  key: string;
  productId: number | null;
  category: string | null;
  /** Own-price elasticity after shrinkage (or the prior when status is 'fallback'). */
  elasticity: number;
  lo: number;
  hi: number;
  /** The SKU's own regression estimate and standard error, before shrinkage (null when refused). */
  raw: number | null;
  rawSe: number | null;
  /** Weight of the SKU's own estimate in the shrunk value, 0..1. */
  weight: number;
  nObs: number;
  level: 'daily' | 'weekly' | 'monthly' | 'rows';
  controls: string[];
  status: 'estimated' | 'fallback';
  /** Refusal code: 'flat_price', 'few_levels', 'few_obs', 'singular'. */
  reason: string | null;
  message_en: string | null;
  message_zh: string | null;
}

/** A category prior (key '*' for all products). */
export interface ElasticityPrior {
  key: string;
  mean: number;
  /** Spread of true elasticities across the category's SKUs (tau). */
  sd: number;
  /** Standard error of the mean. */
  meanSe: number;
  nSkus: number;
}

/** What estimateElasticities returns. */
export interface ElasticityResult {
  estimates: ElasticityEstimate[];
  priors: ElasticityPrior[];
}
