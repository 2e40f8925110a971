/** Dynamic-pricing operations: train agents, recommend, decide, apply, price curves, competitor history, evaluate. */
import { z } from 'zod';
import { applyApproved, competitorHistory, decideRecommendations, listRecommendations, priceCurve } from '../../pricing/decisions';
import { EvaluateParamsSchema, TrainParamsSchema } from '../../pricing/job-params';
import { defineOp } from '../contract';
import { warningIn } from '../../fs/damaged';
import { localiseStoredError } from '../../db/reconcile';
import { trainingStatus } from '../../pricing/training-status';

/** Pricing operations. */
export const pricingOps = {
  'pricing.train': defineOp({
    summary: 'Train one pricing agent per category on simulated markets (job)',
    input: TrainParamsSchema,
    run: (input, { engine, lang }) => {
      // The user's own request wins over a training the app started by itself: stop that one (what it saved stays).
      if (!input.auto) for (const j of engine.jobs.list(5, 'pricing.train')) if (j.status === 'running' && (j.params as { auto?: boolean } | null)?.auto) engine.jobs.cancel(j.jobId);
      return engine.jobs.start('pricing.train', input, { lang });
    },
  }),
  'pricing.training': defineOp({
    summary: 'Whether the pricing agents are trained and how long training takes; autoStart starts (or resumes) it in the background when agents are missing',
    input: z.object({ autoStart: z.boolean().default(false) }),
    run: (input, { engine, lang }) => {
      const latest = (): ReturnType<typeof engine.jobs.get> => {
        const j = engine.jobs.list(1, 'pricing.train')[0];
        return j ? { ...j, error: localiseStoredError(j.error, lang) } : null;
      };
      return trainingStatus(engine.store.db, engine.store.path, { latest, start: () => engine.jobs.start('pricing.train', { resume: true, auto: true }, { lang }) }, input);
    },
  }),
  'pricing.recommend': defineOp({
    summary: 'Recommend prices for every active SKU (or one) and store them as pending recommendations',
    input: z.object({ sku: z.string().optional(), draws: z.number().int().min(20).max(2000).default(200), days: z.number().int().min(1).max(56).default(7) }),
    run: async (input, { engine, lang }) => {
      // The agent (TensorFlow.js) loads only when recommendations are asked for.
      const { recommendPrices } = await import('../../pricing/recommend');
      const r = await recommendPrices(engine.store.db, engine.store.path, input);
      // A damaged agent file is ignored (the category falls back to the myopic policy) and reported, never fatal.
      const warnings = r.warnings.map((w) => warningIn(w, lang));
      // `agents` and `missingAgents` keep their names; `categories` and `fallback` say which policy priced each and why.
      return { runId: r.runId, count: r.rows.length, agents: r.agents, missingAgents: r.missingAgents, warnings, categories: r.categories, fallback: r.fallback };
    },
  }),
  'pricing.recommendations': defineOp({
    summary: 'Price recommendations with expected effects and the reason in the caller’s language',
    input: z.object({ status: z.enum(['pending', 'approved', 'rejected', 'edited', 'applied', 'held']).optional(), sku: z.string().optional(), limit: z.number().int().min(1).max(5000).default(500) }),
    run: (input, { engine, lang }) => listRecommendations(engine.store.db, lang, input),
  }),
  'pricing.decide': defineOp({
    summary: 'Approve, reject or edit recommendations in bulk',
    input: z.object({ ids: z.array(z.number().int()).min(1).max(5000), action: z.enum(['approve', 'reject', 'edit']), price: z.number().positive().optional() }),
    run: (input, { engine, lang }) => decideRecommendations(engine.store.db, lang, input.ids, input.action, input.price),
  }),
  'pricing.apply': defineOp({
    summary: 'Write approved and edited prices to the products and their price history (through the guardrails)',
    input: z.object({ ids: z.array(z.number().int()).optional() }),
    run: (input, { engine, lang }) => applyApproved(engine.store.db, lang, input.ids),
  }),
  'pricing.curve': defineOp({
    summary: 'Expected demand, revenue and margin against price for one SKU, with current and recommended prices',
    input: z.object({ sku: z.string().min(1), points: z.number().int().min(5).max(200).default(41) }),
    run: (input, { engine }) => priceCurve(engine.store.db, input.sku, input.points),
  }),
  'pricing.competitors': defineOp({
    summary: 'Competitor price history of one SKU, with our own prices',
    input: z.object({ sku: z.string().min(1), days: z.number().int().min(7).max(3650).default(120) }),
    run: (input, { engine }) => competitorHistory(engine.store.db, input.sku, input.days),
  }),
  'pricing.evaluate': defineOp({
    summary: 'Score the agents against the oracle and the baselines over many seeds (job)',
    input: EvaluateParamsSchema,
    run: (input, { engine, lang }) => engine.jobs.start('pricing.evaluate', input, { lang }),
  }),
};
