/** Shared types of the forecasting engine: series, quantile forecasts, and the model interfaces. */
import type { SeriesCalendar } from './calendar-effects';

/** One demand series at a fixed frequency (daily for the store; D/W/M for CSV backtests). */
export interface Series {
  id: string;
  /** Date of values[0], 'YYYY-MM-DD'. */
  start: string;
  /** Demand per period. NaN = not observed (stockout day, censored, or missing): never learned as zero. */
  values: number[];
  category?: string;
  /** Periods per season (7 for daily-weekly, 52 weekly-yearly, 12 monthly); 1 = none. */
  seasonLength?: number;
  /**
   * Forecasts of the catalogue-wide pooled model (engine/forecast/models/pooled.ts) by origin (index of the first
   * forecast period), each fitted on data before that origin's period only; attached for series with too little
   * history to choose a model on (see `thinHistory`).
   */
  pooled?: Record<number, Quantiles>;
  /**
   * Known special days (retail events, the SKU's planned promotions), also ahead of the history's end, with the uplift
   * factors the catalogue showed on such days (engine/forecast/calendar-effects.ts); absent for series without a calendar.
   */
  calendar?: SeriesCalendar;
}

/** Per-series covariates, each of length values.length + horizon (the future part is what is planned or expected). */
export type Covariates = Record<string, number[]>;

/** A probabilistic forecast: quantiles per future period. */
export interface Quantiles {
  p10: number[];
  p50: number[];
  p90: number[];
}

/** A local (per-series) statistical model. */
export interface LocalModel {
  name: string;
  /** Fits on the series and forecasts `horizon` periods ahead. */
  forecast(series: Series, horizon: number): Quantiles;
}

/** Progress callback for long fits. */
export type OnProgress = (done: number, total: number, phase: string) => void;

/** One training item for a global model. */
export interface GlobalItem {
  series: Series;
  covariates?: Covariates;
}

/** A global model trained across many series at once (the neural model). */
export interface GlobalForecaster {
  name: string;
  /** Trains on the histories and returns a forecast of `horizon` periods for every series id. */
  fitPredict(items: GlobalItem[], horizon: number, opts?: { seed?: number; onProgress?: OnProgress; isCancelled?: () => boolean }): Promise<Map<string, Quantiles>>;
}
