/** Whether a store's pricing agents are trained, how long training would take, and starting it on first use. */
import type Database from 'better-sqlite3';
import { fallbackReason, readAgent, type FallbackReason } from './agent-store';
import { defaultEpisodes, TrainParamsSchema } from './job-params';
import { defaultTrainWorkers } from './threads';
import type { JobRecord } from '../jobs/types';

/** Days of sales a SKU needs in the last 90 for its market to be calibrated from its own history. */
export const MIN_HISTORY_DAYS = 28;

/**
 * Simulated training steps one thread does per second, validation included, while the other thread trains too
 * (measured 2026-12-03 with `desk price train` on the demo store, a quiet 2-core machine, wasm, with the plain-math
 * Q-network of models/pricing/dqn-plain.ts: 472,576 steps of six categories in 326.8 s of training over two threads,
 * 1,450 a second; a category training alone runs faster, 82,880 steps in 41.6 s). Through TensorFlow.js the agents
 * trained at 370–480 steps a second.
 */
export const STEPS_PER_SECOND = 1450;

/**
 * Thread seconds per SKU after its category's networks are trained: each SKU's choice among every kept checkpoint on 64
 * seeds of its own, then against the lookahead controller on 16 (the same run: 2 × 251.9 s of job on two threads less
 * the 326.8 s of training, over 234 SKUs; 0.95 s through TensorFlow.js).
 */
export const SKU_CHOICE_SECONDS = 0.75;

/** Where training stands for the store. */
export type TrainingState = 'trained' | 'training' | 'not_trained' | 'cancelled' | 'failed' | 'no_history';

/** One category's training status. */
export interface CategoryTraining {
  category: string;
  /** Active priced SKUs with at least MIN_HISTORY_DAYS of sales (the ones training uses, up to maxSkus). */
  skus: number;
  trained: boolean;
}

/** The store's training status as the Pricing screen shows it. */
export interface TrainingStatus {
  state: TrainingState;
  categories: CategoryTraining[];
  trained: number;
  /** Categories with enough history and no agent. */
  untrained: number;
  /**
   * A full retraining runs (not a resume): categories that already have an agent keep answering with it until this run
   * saves their new one, so recommendations do not fall back to the one-step model meanwhile.
   */
  retraining: boolean;
  /** Estimated wall seconds to train the untrained categories with the default settings. */
  estimatedSeconds: number;
  /** The latest training job (running or finished), if any. */
  job: JobRecord | null;
  /** True when this call started the training. */
  autoStarted: boolean;
}

/** Categories with enough history to train on, with their SKU counts. */
export function trainableCategories(db: Database.Database): { category: string; skus: number }[] {
  return db
    .prepare(
      `WITH last AS (SELECT MAX(date) AS d FROM daily_sales)
       SELECT COALESCE(p.category, 'uncategorised') AS category, COUNT(*) AS skus FROM products p
       WHERE p.status = 'active' AND p.price > 0
         AND (SELECT COUNT(*) FROM daily_sales s, last WHERE s.product_id = p.id AND s.date > date(last.d, '-90 days')) >= ?
       GROUP BY 1 ORDER BY 1`,
    )
    .all(MIN_HISTORY_DAYS) as { category: string; skus: number }[];
}

/** Estimated wall seconds to train these categories with the default settings (largest first over the worker threads). */
export function estimateTrainingSeconds(skuCounts: number[], workers = defaultTrainWorkers()): number {
  const p = TrainParamsSchema.parse({});
  // Per category: its training steps, then each SKU's choice of checkpoint and against the lookahead.
  const seconds = skuCounts.map((n) => (defaultEpisodes(Math.min(n, p.maxSkus)) * p.horizon * p.networks) / STEPS_PER_SECOND + Math.min(n, p.maxSkus) * SKU_CHOICE_SECONDS).sort((a, b) => b - a);
  const lanes = new Array<number>(Math.max(1, workers)).fill(0);
  for (const s of seconds) lanes[lanes.indexOf(Math.min(...lanes))] += s;
  return Math.round(Math.max(0, ...lanes));
}

/** Training status; with `start`, starts a resuming training job when agents are missing and the user did not stop it. */
export function trainingStatus(db: Database.Database, storePath: string, jobs: { latest: () => JobRecord | null; start: () => JobRecord }, opts: { autoStart?: boolean } = {}): TrainingStatus {
  const categories = trainableCategories(db).map((c) => ({ ...c, trained: storePath !== ':memory:' && readAgent(storePath, c.category) !== null }));
  const missing = categories.filter((c) => !c.trained);
  let job = jobs.latest();
  let autoStarted = false;
  const interrupted = job?.status === 'failed' && job.error?.code === 'interrupted';
  // A user who cancelled keeps control (the screen offers to resume); a real failure is shown, not retried in a loop.
  const mayStart = !job || job.status === 'succeeded' || interrupted;
  if (opts.autoStart && missing.length && job?.status !== 'running' && mayStart) {
    job = jobs.start();
    autoStarted = true;
  }
  const state: TrainingState = !categories.length
    ? 'no_history'
    : job?.status === 'running' || job?.status === 'queued'
      ? 'training'
      : !missing.length
        ? 'trained'
        : job?.status === 'cancelled'
          ? 'cancelled'
          : job?.status === 'failed' && !interrupted
            ? 'failed'
            : 'not_trained';
  // While a full retraining runs, "N of M trained" counts what this run has saved, not the agents it is replacing.
  const retraining = state === 'training' && job !== null && (job.params as { resume?: unknown } | null)?.resume !== true;
  const since = job?.startedAt ?? job?.createdAt ?? '';
  const done = retraining ? categories.filter((c) => c.trained && (readAgent(storePath, c.category)?.createdAt ?? '') >= since).length : categories.length - missing.length;
  return { state, categories, trained: done, untrained: missing.length, retraining, estimatedSeconds: estimateTrainingSeconds(missing.map((c) => c.skus)), job, autoStarted };
}

/**
 * The store's categories that `desk price recommend` would price with the one-step fallback (no saved agent it can
 * read), each with why (as recommend's `fallback` says it) and how many SKUs: after `desk price train --category C`,
 * the ones still untrained. An agent file whose weights parse but do not fit the network is found only by recommend.
 */
export function fallbackCategories(db: Database.Database, storePath: string): { category: string; reason: FallbackReason; skus: number }[] {
  return trainableCategories(db).flatMap(({ category, skus }) => {
    let damaged = false;
    if (storePath !== ':memory:' && readAgent(storePath, category, () => (damaged = true)) !== null) return [];
    return [{ category, reason: fallbackReason(storePath, category, damaged), skus }];
  });
}

