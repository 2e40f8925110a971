/** The neural (hybrid LSTM + Transformer) forecaster: a GlobalForecaster for backtests and whole-store training runs. */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { selectBackend } from '../../models/backend';
import { DEFAULT_PARAMS, load, train, type HybridParams, type ModelSeries, type QuantileForecast } from '../../models/forecast/hybrid';
import { insertRun, saveChoices, saveNeuralHoldout, type NeuralHoldoutRow, type StoredChoice } from '../db/queries/forecast';
import { both, EngineError, type Bilingual } from '../errors';
import { tr, type Catalog, type Lang } from '../i18n';
import { log } from '../log';
import { withPoint } from './combine';
import { asOfOrigin, loadStoreFeatures, type FeatureItem } from './features';
import { MetricAcc, naiveScale } from './metrics';
import type { GlobalForecaster, GlobalItem, Quantiles } from './types';

/** Messages of neural training in both languages. */
export const neuralCatalog: Catalog = {
  en: {
    'no.history': 'The store has no daily sales to train the neural model on. Import orders or daily sales first.',
    'phase.load': 'loading sales and covariates',
    'phase.holdout': 'holdout check: epoch {epoch}',
    'phase.train': 'training: {epoch}',
    'phase.save': 'saving the model and forecasts',
    'bad.horizon': 'horizon {horizon} is longer than the model window allows (at most {max} days)',
  },
  zh: {
    'no.history': '店铺没有可用于训练神经网络模型的每日销售数据。请先导入订单或每日销售。',
    'phase.load': '正在加载销售和协变量',
    'phase.holdout': '留出检验：{epoch}',
    'phase.train': '训练中：{epoch}',
    'phase.save': '正在保存模型和预测',
    'bad.horizon': '预测期 {horizon} 超出模型允许的范围（最多 {max} 天）',
  },
};

/** Turns an engine series (+ covariates) into what the model reads. */
export function toModelSeries(it: GlobalItem): ModelSeries {
  return { id: it.series.id, start: it.series.start, values: it.series.values, category: it.series.category, covariates: it.covariates };
}

/**
 * The engine's form of the model's forecasts: the point forecast (P50 in the engine, which the planning and the pricing
 * read as expected demand, as every statistical model gives it) is the mean head's expected value where the model has
 * one, inside its own P10–P90; the quantile heads' median stays out. A model saved before the mean head keeps its P50.
 */
export function atMean(fc: Map<string, QuantileForecast>): Map<string, Quantiles> {
  const out = new Map<string, Quantiles>();
  for (const [id, q] of fc) {
    const m = q.mean;
    out.set(id, m ? withPoint(q, m) : { p10: q.p10, p50: q.p50, p90: q.p90 });
  }
  return out;
}

/** The neural model as a GlobalForecaster (name 'neural'): trains on the histories given, forecasts, frees the weights. */
export function neuralForecaster(opts: Partial<HybridParams> = {}): GlobalForecaster {
  return {
    name: 'neural',
    async fitPredict(items, horizon, o = {}) {
      const model = await train(items.map(toModelSeries), { ...opts, horizon: Math.max(horizon, 1), seed: o.seed ?? opts.seed ?? DEFAULT_PARAMS.seed }, {
        onProgress: o.onProgress,
        isCancelled: o.isCancelled,
      });
      try {
        return atMean(model.predict(items.map(toModelSeries), horizon));
      } finally {
        model.dispose();
      }
    },
  };
}

/** Accuracy of quantile forecasts against held-out actuals (NaN actuals skipped). */
export interface HoldoutScores {
  /** Sum |actual − P50| / sum actual. */
  wape: number;
  /** Share of actuals inside [P10, P90]. */
  coverage: number;
  n: number;
}

/** Scores forecasts against actuals per series id. */
export function scoreHoldout(actual: Map<string, number[]>, fc: Map<string, Quantiles>): HoldoutScores {
  let abs = 0;
  let sum = 0;
  let inside = 0;
  let n = 0;
  for (const [id, a] of actual) {
    const q = fc.get(id);
    if (!q) continue;
    for (let h = 0; h < a.length && h < q.p50.length; h++) {
      if (!Number.isFinite(a[h])) continue;
      abs += Math.abs(a[h] - q.p50[h]);
      sum += a[h];
      if (a[h] >= q.p10[h] && a[h] <= q.p90[h]) inside++;
      n++;
    }
  }
  return { wape: sum > 0 ? abs / sum : NaN, coverage: n ? inside / n : NaN, n };
}

/**
 * Splits items into training histories (last `h` days cut) and the cut actuals. The covariates of the cut days are
 * what was known when they were still ahead (asOfOrigin): planned prices, promotions and events as stored, weather
 * and sentiment from climatology, the competitor's last price; never the observed signals of the scored days.
 */
export function holdoutSplit<T extends GlobalItem>(items: T[], h: number): { train: T[]; actual: Map<string, number[]> } {
  const actual = new Map<string, number[]>();
  const trainItems: T[] = [];
  for (const it of items) {
    const n = it.series.values.length;
    if (n <= h + 14) continue;
    actual.set(it.series.id, it.series.values.slice(n - h));
    const cov = it.covariates ? asOfOrigin(Object.fromEntries(Object.entries(it.covariates).map(([k, v]) => [k, v.slice(0, n)])), it.series.start, n - h) : undefined;
    trainItems.push({ ...it, series: { ...it.series, values: it.series.values.slice(0, n - h) }, covariates: cov });
  }
  return { train: trainItems, actual };
}

/** Per-SKU accuracy sums of a holdout forecast (same metric code and MASE scale as the statistical backtests). */
export function holdoutBySku(trainItems: FeatureItem[], actual: Map<string, number[]>, fc: Map<string, Quantiles>): NeuralHoldoutRow[] {
  return trainItems.flatMap((it) => {
    const a = actual.get(it.series.id);
    const f = fc.get(it.series.id);
    if (!a || !f) return [];
    const acc = new MetricAcc();
    acc.add(a, f, naiveScale(it.series.values, Math.max(1, it.series.seasonLength ?? 1)));
    return [{ productId: it.productId, sums: acc.sums(), forecast: f }];
  });
}

/** Settings of a whole-store training run. */
export interface StoreTrainParams extends Partial<HybridParams> {
  /** Also train once on history minus the last `horizon` days and score that holdout (doubles the time). */
  holdout?: boolean;
  /** Write the forecasts into the forecasts table (as a forecast run of model 'neural'). */
  writeForecasts?: boolean;
}

/** What a store training run reports. */
export interface StoreTrainResult {
  runId: string;
  skus: number;
  historyEnd: string;
  horizon: number;
  backend: string;
  artefactPath: string | null;
  seconds: number;
  lossHistory: number[];
  holdout: HoldoutScores | null;
  forecastsWritten: number;
}

/** Hooks of a store training run (the job passes its context's). */
export interface StoreTrainHooks {
  jobId: string | null;
  lang: Lang;
  /** Progress with the phase in both languages (a training can outlive a switch of the UI's language). */
  progress(done: number, total: number, phase: Bilingual): void;
  /** Throws when cancellation was asked for. */
  checkCancelled(): void;
}

/** Trains on every SKU of the store, saves the model under `${storePath}.models/neural-<id>/`, records model_runs and forecasts. */
export async function trainOnStore(db: Database.Database, storePath: string, p: StoreTrainParams, hooks: StoreTrainHooks): Promise<StoreTrainResult> {
  const t0 = performance.now();
  const params: HybridParams = { ...DEFAULT_PARAMS, ...Object.fromEntries(Object.entries(p).filter(([k, v]) => k in DEFAULT_PARAMS && v !== undefined)) };
  const horizon = params.horizon;
  hooks.progress(0, 1, both(neuralCatalog, 'phase.load'));
  const { end, items } = loadStoreFeatures(db, horizon);
  if (!end || !items.length) throw new EngineError('user_error', tr(neuralCatalog, hooks.lang, 'no.history'));
  const backend = (await selectBackend()).name;
  const isCancelled = (): boolean => {
    hooks.checkCancelled();
    return false;
  };
  let holdout: HoldoutScores | null = null;
  let holdoutRows: NeuralHoldoutRow[] = [];
  const stages = p.holdout ? 2 : 1;
  if (p.holdout) {
    const split = holdoutSplit<FeatureItem>(items, horizon);
    const m = await train(split.train.map(toModelSeries), params, {
      isCancelled,
      onProgress: (d, t, ph) => hooks.progress(d, t * stages, both(neuralCatalog, 'phase.holdout', { epoch: ph })),
    });
    try {
      const fc = atMean(m.predict(split.train.map(toModelSeries), horizon));
      holdout = scoreHoldout(split.actual, fc);
      holdoutRows = holdoutBySku(split.train, split.actual, fc);
    } finally {
      m.dispose();
    }
  }
  const series = items.map(toModelSeries);
  const model = await train(series, params, {
    isCancelled,
    onProgress: (d, t, ph) => hooks.progress(d + (stages - 1) * t, t * stages, both(neuralCatalog, 'phase.train', { epoch: ph })),
  });
  const runId = randomUUID();
  let artefactPath: string | null = null;
  let written = 0;
  try {
    hooks.checkCancelled();
    hooks.progress(1, 1, both(neuralCatalog, 'phase.save'));
    const fc = atMean(model.predict(series, horizon));
    if (storePath !== ':memory:') {
      artefactPath = `${storePath}.models/neural-${runId}/`;
      await model.save(artefactPath);
    }
    const seconds = (performance.now() - t0) / 1000;
    const metrics = { lossHistory: model.config.lossHistory, holdout, holdoutSkus: holdoutRows.length, historyEnd: end, backend, seconds, skus: items.length };
    const stored: StoredChoice[] = items.flatMap((it) => {
      const f = fc.get(it.series.id);
      return f ? [{ productId: it.productId, model: 'neural', profile: 'smooth', weights: null, reason: { key: 'reason.neural', params: {} }, sums: {}, folds: 0, forecast: f }] : [];
    });
    db.transaction(() => {
      db.prepare('INSERT INTO model_runs (id, kind, job_id, params, metrics, artefact_path, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        runId, 'forecast-neural', hooks.jobId, JSON.stringify(params), JSON.stringify(metrics), artefactPath, new Date().toISOString(),
      );
      saveNeuralHoldout(db, runId, holdoutRows);
      if (p.writeForecasts !== false) {
        insertRun(db, { id: runId, jobId: hooks.jobId, kind: 'forecast', model: 'neural', horizon, folds: 0, historyEnd: end, skuCount: stored.length, seconds });
        saveChoices(db, runId, end, stored);
        written = stored.length;
      }
    })();
    log.info({ runId, skus: items.length, seconds, backend }, 'neural model trained');
    return { runId, skus: items.length, historyEnd: end, horizon, backend, artefactPath, seconds: Math.round(seconds * 10) / 10, lossHistory: model.config.lossHistory, holdout, forecastsWritten: written };
  } finally {
    model.dispose();
  }
}

/** Forecasts the given SKUs with a saved model folder (loaded, used once, disposed; no training), keyed by product id. */
export async function predictFromArtefact(db: Database.Database, dir: string, productIds: number[], horizon: number): Promise<Map<number, Quantiles>> {
  const { items } = loadStoreFeatures(db, horizon, { productIds });
  const model = await load(dir);
  try {
    const fc = atMean(model.predict(items.map(toModelSeries), horizon));
    return new Map(items.flatMap((it): [number, Quantiles][] => {
      const f = fc.get(it.series.id);
      return f ? [[it.productId, f]] : [];
    }));
  } finally {
    model.dispose();
  }
}
