/** Job 'pricing.train': trains one Double-DQN agent per category on its SKUs' simulated markets, warm-started from price history; saves them beside the store. */
import { randomUUID } from 'node:crypto';
import { TrainParamsSchema } from './job-params';
import { EngineError } from '../errors';
import type { JobRunner } from '../jobs/types';
import { log } from '../log';
import { trainAgent, type HistoryPath } from './agent';
import { msg } from './agent-messages';
import { releaseWorkerSoon } from './worker-exit';
import { agentsDir, saveAgent } from './agent-store';
import { calibrateMarkets } from './calibrate';


/** Trains and saves the agents; returns per-category stats. */
const runInnerPricingTrainJob: JobRunner = async (raw, ctx) => {
  const p = TrainParamsSchema.parse(raw ?? {});
  const markets = calibrateMarkets(ctx.db, { category: p.category, horizon: p.horizon });
  if (!markets.length) throw new EngineError('user_error', msg(ctx.lang, 'no_markets'));
  const byCat = new Map<string, typeof markets>();
  for (const m of markets) byCat.set(m.category, [...(byCat.get(m.category) ?? []), m]);
  const cats = [...byCat.keys()].sort();
  const steps = p.episodes * p.horizon;
  const total = steps * cats.length;
  const started = new Date().toISOString();
  const out: { category: string; skus: number; seconds: number; steps: number; gradientSteps: number; prefilled: number; meanLoss: number; file: string }[] = [];
  for (const [ci, cat] of cats.entries()) {
    ctx.checkCancelled();
    const ms = (byCat.get(cat) ?? []).slice(0, p.maxSkus);
    const history: HistoryPath[] = ms.map((m, i) => ({ scenarioIndex: i, prices: m.history.slice(-p.horizon - 1) })).filter((h) => new Set(h.prices).size > 1);
    const phase = msg(ctx.lang, 'phase_train', { category: cat, i: ci + 1, n: cats.length });
    const { dqn, stats } = await trainAgent(
      ms.map((m) => m.scenario),
      { steps, seed: p.seed + ci, gamma: p.gamma, onProgress: (d) => ctx.progress(ci * steps + d, total, phase), isCancelled: () => ctx.cancelled },
      history,
      (s) => ms.find((m) => m.scenario.name === s.name)?.rules ?? ms[0].rules,
    );
    try {
      const file = saveAgent(ctx.storePath, { category: cat, createdAt: new Date().toISOString(), stats, skus: ms.length, weights: dqn.weights() });
      out.push({ category: cat, skus: ms.length, file, ...stats });
      log.info({ category: cat, seconds: stats.seconds }, 'pricing agent trained');
    } finally {
      dqn.dispose();
    }
  }
  const modelRunId = randomUUID();
  const metrics = { categories: out.length, seconds: out.reduce((a, c) => a + c.seconds, 0), perCategory: out };
  ctx.db.transaction(() => {
    ctx.db.prepare('INSERT INTO model_runs (id, kind, job_id, params, metrics, artefact_path, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      modelRunId, 'pricing', ctx.jobId, JSON.stringify(p), JSON.stringify(metrics), agentsDir(ctx.storePath), started,
    );
    ctx.db.prepare(`INSERT INTO pricing_runs (id, kind, job_id, model_run_id, status, params, metrics, created_at, finished_at) VALUES (?, 'train', ?, ?, 'succeeded', ?, ?, ?, ?)`).run(
      randomUUID(), ctx.jobId, modelRunId, JSON.stringify(p), JSON.stringify(metrics), started, new Date().toISOString(),
    );
  })();
  return { modelRunId, folder: agentsDir(ctx.storePath), ...metrics };
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
