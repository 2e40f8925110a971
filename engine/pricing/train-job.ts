/** Job 'pricing.train': trains one Double-DQN agent per category on its SKUs' simulated markets, warm-started from price history; saves them beside the store. */
import { randomUUID } from 'node:crypto';
import { defaultEpisodes, TrainParamsSchema, type TrainParams } from './job-params';
import { EngineError } from '../errors';
import { CATEGORIES } from '../demo/categories';
import { tr, type Lang } from '../i18n';
import type { JobRunner } from '../jobs/types';
import { log } from '../log';
import type { HistoryPath } from './agent';
import { trainCategories, type CategoryTask } from './train-pool';
import { agentCatalog, msg } from './agent-messages';
import { releaseWorkerSoon } from './worker-exit';
import { agentsDir, readAgent, saveAgent } from './agent-store';
import { calibrateMarkets, type SkuMarket } from './calibrate';
import { resolveCategory } from './category-arg';
import { defaultTrainWorkers } from './threads';
import { fallbackCategories } from './training-status';


/** One category's training task as `desk price train` sets it up (the benchmark uses the same). */
export function categoryTask(category: string, ms: SkuMarket[], p: TrainParams, index: number): CategoryTask {
  const history: HistoryPath[] = ms.map((m, i) => ({ scenarioIndex: i, prices: m.history.slice(-p.horizon - 1) })).filter((h) => new Set(h.prices).size > 1);
  const steps = (p.episodes ?? defaultEpisodes(ms.length)) * p.horizon;
  return { category, scenarios: ms.map((m) => m.scenario), rules: ms.map((m) => m.rules), history, options: { steps, seed: p.seed + index, gamma: p.gamma, nStep: p.nStep }, networks: p.networks, checkpoints: p.checkpoints };
}

/** Trains and saves the agents; returns per-category stats. */
const runInnerPricingTrainJob: JobRunner = async (raw, ctx) => {
  const p = TrainParamsSchema.parse(raw ?? {});
  if (p.category !== undefined) p.category = resolveCategory(ctx.db, p.category, ctx.lang);
  const markets = calibrateMarkets(ctx.db, { category: p.category, horizon: p.horizon });
  if (!markets.length) throw new EngineError('user_error', msg(ctx.lang, 'no_markets'));
  const byCat = new Map<string, typeof markets>();
  for (const m of markets) byCat.set(m.category, [...(byCat.get(m.category) ?? []), m]);
  const all = [...byCat.keys()].sort();
  // Resuming: the categories a cancelled or interrupted run already saved are kept as they are.
  const kept = p.resume ? all.filter((c) => readAgent(ctx.storePath, c) !== null) : [];
  const cats = all.filter((c) => !kept.includes(c));
  const started = new Date().toISOString();
  // Seeds stay tied to the category's place in the whole list, so a resumed run trains what a full one would.
  const tasks = cats.map((cat) => categoryTask(cat, (byCat.get(cat) ?? []).slice(0, p.maxSkus), p, all.indexOf(cat)));
  const out: { category: string; skus: number; lookaheadSkus: number; seconds: number; steps: number; gradientSteps: number; prefilled: number; meanLoss: number; file: string }[] = [];
  // Threads actually used (no more than there are categories to train), reported with the result.
  const workers = Math.max(1, Math.min(p.workers ?? defaultTrainWorkers(), tasks.length));
  await trainCategories(tasks, {
    workers,
    onProgress: (d, t, category) => {
      // The category in each language (服装, Apparel) where it is one of the known codes, else as the store names it.
      const known = CATEGORIES.find((c) => c.code === category);
      const i = kept.length + cats.indexOf(category) + 1;
      const say = (lang: Lang): string => tr(agentCatalog, lang, 'phase_train', { category: known ? known[lang] : category, i, n: all.length });
      ctx.progress(d, t, { en: say('en'), zh: say('zh') });
    },
    // Saved at once: a cancelled or interrupted run keeps every category it finished (resume: true goes on from there).
    onResult: (ci, r) => {
      const skus = tasks[ci].scenarios.length;
      const file = saveAgent(ctx.storePath, { category: r.category, createdAt: new Date().toISOString(), stats: r.stats, skus, weights: r.weights, networks: r.networks, pick: r.pick, fallback: r.fallback });
      out.push({ category: r.category, skus, lookaheadSkus: Object.keys(r.fallback).length, file, ...r.stats });
      log.info({ category: r.category, seconds: r.stats.seconds }, 'pricing agent trained');
    },
    isCancelled: () => ctx.cancelled,
  }).catch((e: unknown) => {
    // The pool stops with a plain error when cancelled: report it as a cancellation, not a failure.
    ctx.checkCancelled();
    throw e;
  });
  const modelRunId = randomUUID();
  const metrics = { categories: out.length, workers, resumedFrom: kept, seconds: (Date.now() - Date.parse(started)) / 1000, trainSeconds: out.reduce((a, c) => a + c.seconds, 0), perCategory: out };
  ctx.db.transaction(() => {
    ctx.db.prepare('INSERT INTO model_runs (id, kind, job_id, params, metrics, artefact_path, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      modelRunId, 'pricing', ctx.jobId, JSON.stringify(p), JSON.stringify(metrics), agentsDir(ctx.storePath), started,
    );
    ctx.db.prepare(`INSERT INTO pricing_runs (id, kind, job_id, model_run_id, status, params, metrics, created_at, finished_at) VALUES (?, 'train', ?, ?, 'succeeded', ?, ?, ?, ?)`).run(
      randomUUID(), ctx.jobId, modelRunId, JSON.stringify(p), JSON.stringify(metrics), started, new Date().toISOString(),
    );
  })();
  // The categories still priced by the one-step fallback (all others when one --category was trained), as recommend says.
  return { modelRunId, folder: agentsDir(ctx.storePath), ...metrics, fallback: fallbackCategories(ctx.db, ctx.storePath) };
};

/** The job runner (ends its worker thread once the result is posted). */
export const runPricingTrainJob: JobRunner = async (raw, ctx) => {
  try {
    return await runInnerPricingTrainJob(raw, ctx);
  } finally {
    releaseWorkerSoon();
  }
};

export { TrainParamsSchema };
