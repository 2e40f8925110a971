/** Job 'pricing.evaluate': the saved agents against the oracle and the baselines, on the store's markets or on a scenario file's market. */
import { randomUUID } from 'node:crypto';
import { EvaluateParamsSchema } from './job-params';
import { both, EngineError } from '../errors';
import type { JobRunner } from '../jobs/types';
import { agentPolicy, loadAgent, trainAgent } from './agent';
import { agentCatalog, msg } from './agent-messages';
import { releaseWorkerSoon } from './worker-exit';
import { readAgent, usesLookahead, weightsFor, type SavedAgent } from './agent-store';
import { lookaheadPolicy } from './policies/lookahead';
import { calibrateMarkets } from './calibrate';
import { resolveCategory } from './category-arg';
import { evaluate, type EvalMarket } from './evaluate';
import { parseScenario } from './scenario';
import type { Dqn } from '../../models/pricing/dqn';


/** Runs the evaluation and records it as a pricing run. */
const runInnerPricingEvaluateJob: JobRunner = async (raw, ctx) => {
  const p = EvaluateParamsSchema.parse(raw ?? {});
  const started = new Date().toISOString();
  const markets: EvalMarket[] = [];
  const dqns: Dqn[] = [];
  let agentNote = '';
  /** Store categories evaluated, and those left out for want of a trained agent. */
  let evaluated: string[] = [];
  let missingAgents: string[] = [];
  try {
    if (p.scenario !== undefined) {
      const s = parseScenario(p.scenario, p.scenarioSource);
      const cat = p.category ?? (ctx.db.prepare('SELECT category FROM products WHERE category IS NOT NULL ORDER BY category LIMIT 1').get() as { category: string } | undefined)?.category;
      const saved = cat ? readAgent(ctx.storePath, cat) : null;
      let dqn: Dqn;
      if (saved) {
        dqn = await loadAgent(saved.weights);
        agentNote = `saved agent of category ${cat}`;
      } else {
        dqn = (await trainAgent([s], { steps: p.steps, seed: 11, onProgress: (d, t) => ctx.progress(d, t * 2, both(agentCatalog, 'phase_training')), isCancelled: () => ctx.cancelled })).dqn;
        agentNote = 'agent trained on the scenario (no saved agent)';
      }
      dqns.push(dqn);
      markets.push({ scenario: s, extra: [agentPolicy(dqn)] });
    } else {
      const every = calibrateMarkets(ctx.db);
      if (!every.length) throw new EngineError('user_error', msg(ctx.lang, 'no_markets'));
      // By its code or its shown name (Apparel, 服装); an unknown one is refused naming the categories there are.
      const category = p.category === undefined ? undefined : resolveCategory(ctx.db, p.category, ctx.lang);
      const all = category === undefined ? every : every.filter((m) => m.category === category);
      if (!all.length) throw new EngineError('not_found', msg(ctx.lang, 'no_category', { category: p.category, list: [...new Set(every.map((m) => m.category))].sort().join(', ') }), { category: p.category });
      const files = new Map<string, SavedAgent | null>();
      for (const m of all) if (!files.has(m.category)) files.set(m.category, readAgent(ctx.storePath, m.category));
      // Only the categories with an agent are evaluated (a category without one would score the agent on nothing there);
      // the others are named in the result.
      missingAgents = [...files.entries()].filter(([, f]) => !f).map(([c]) => c).sort();
      const withAgent = all.filter((m) => files.get(m.category));
      if (!withAgent.length) {
        const why = p.category === undefined ? msg(ctx.lang, 'no_agents', { store: ctx.storePath }) : msg(ctx.lang, 'no_agent_category', { category, store: ctx.storePath });
        throw new EngineError('user_error', why, { missingAgents });
      }
      const chosen = withAgent.filter((_, i) => i % Math.max(1, Math.floor(withAgent.length / p.maxSkus)) === 0).slice(0, p.maxSkus);
      const byNet = new Map<string, Dqn | null>();
      for (const m of chosen) {
        const file = files.get(m.category) ?? null;
        const net = file ? weightsFor(file, m.scenario.name) : null;
        const key = `${m.category}#${net?.index ?? -1}`;
        if (!byNet.has(key)) {
          const d = net ? await loadAgent(net.weights) : null;
          if (d) dqns.push(d);
          byNet.set(key, d);
        }
        const d = byNet.get(key);
        // The agent as recommendations use it: the SKU's network, or the lookahead controller its per-SKU choice kept.
        const agent = d && file && usesLookahead(file, m.scenario.name) ? lookaheadPolicy(m.scenario, m.rules, 'agent') : d ? agentPolicy(d, 'agent', m.scenario.demand.elasticity) : null;
        markets.push({ scenario: m.scenario, rules: m.rules, extra: agent ? [agent] : [] });
      }
      evaluated = [...new Set(chosen.map((m) => m.category))].sort();
      agentNote = `saved agents of ${evaluated.length} categor${evaluated.length === 1 ? 'y' : 'ies'} (${evaluated.join(', ')})`;
    }
    const t0 = performance.now();
    const report = evaluate(markets, p.seeds, (d, t) => {
      ctx.checkCancelled();
      ctx.progress(d, t, both(agentCatalog, 'phase_eval'));
    });
    const result = { ...report, agent: agentNote, categories: evaluated, missingAgents, seconds: (performance.now() - t0) / 1000 };
    ctx.db.prepare(`INSERT INTO pricing_runs (id, kind, job_id, status, params, metrics, created_at, finished_at) VALUES (?, 'evaluate', ?, 'succeeded', ?, ?, ?, ?)`).run(
      randomUUID(), ctx.jobId, JSON.stringify({ seeds: p.seeds, scenario: p.scenario === undefined ? null : p.scenarioSource }), JSON.stringify(result), started, new Date().toISOString(),
    );
    return result;
  } finally {
    for (const d of dqns) d.dispose();
  }
};

/** The job runner (ends its worker thread once the result is posted). */
export const runPricingEvaluateJob: JobRunner = async (raw, ctx) => {
  try {
    return await runInnerPricingEvaluateJob(raw, ctx);
  } finally {
    releaseWorkerSoon();
  }
};

export { EvaluateParamsSchema };
