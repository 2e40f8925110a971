/** `desk price train|recommend|evaluate --store FILE ...`: dynamic pricing from the command line. */
import { flagError } from '../flag-messages';
import { EngineError } from '../../errors';
import type { EvaluationReport } from '../../pricing/evaluate';
import type { RecommendationView } from '../../pricing/decisions';
import { num, printJson, runJobWithProgress, str, type Command, type CommandArgs } from '../io';
import { tr } from '../../i18n';
import { cliMessages } from '../messages';
import { withStore } from '../store-arg';

const w = (s: string): boolean => process.stdout.write(s + '\n');
const f2 = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : v.toFixed(2));

function printRecs(rows: RecommendationView[]): void {
  w(`${'SKU'.padEnd(16)} ${'current'.padStart(9)} ${'recommend'.padStart(9)} ${'Δ%'.padStart(6)} ${'Δunits/7d'.padStart(10)} ${'Δmargin/7d (90%)'.padStart(26)}  reason [policy]`);
  for (const r of rows) {
    const iv = r.interval.margin ? `[${f2(r.interval.margin[0])}, ${f2(r.interval.margin[1])}]` : '';
    w(`${r.sku.slice(0, 16).padEnd(16)} ${f2(r.currentPrice).padStart(9)} ${f2(r.recommendedPrice).padStart(9)} ${(r.changePct === null ? '—' : r.changePct.toFixed(1)).padStart(6)} ${f2(r.expected.units).padStart(10)} ${`${f2(r.expected.margin)} ${iv}`.padStart(26)}  ${r.reason} [${r.policyLabel}]`);
  }
}

function printEval(r: EvaluationReport & { agent?: string }): void {
  w(`${r.markets} ${r.markets === 1 ? 'market' : 'markets'} × ${r.seeds} seeds; agent: ${r.agent ?? '—'}; oracle solved in ${r.oracleSolveSeconds.toFixed(1)} s`);
  w(`${'policy'.padEnd(14)} ${'mean reward'.padStart(12)} ${'% of oracle (95% CI)'.padStart(24)} ${'vs best-static'.padStart(15)} ${'vs match-lowest'.padStart(16)} ${'vs cost-plus'.padStart(13)} ${'vs myopic'.padStart(10)} violations`);
  const up = (x: { mean: number } | undefined): string => (x ? `${(100 * x.mean).toFixed(1)}%` : '—');
  for (const p of r.policies) {
    w(`${p.policy.padEnd(14)} ${p.meanReward.toFixed(0).padStart(12)} ${`${p.pctOfOracle.mean.toFixed(1)} [${p.pctOfOracle.lo.toFixed(1)}, ${p.pctOfOracle.hi.toFixed(1)}]`.padStart(24)} ${up(p.uplift['best-static']).padStart(15)} ${up(p.uplift['match-lowest']).padStart(16)} ${up(p.uplift['cost-plus']).padStart(13)} ${up(p.uplift.myopic).padStart(10)} ${p.violations}`);
  }
}

async function train(args: CommandArgs): Promise<unknown> {
  return withStore(args, 'price train', async (engine) => {
    const episodes = str(args, 'episodes') ? num(args, 'episodes', 110) : undefined;
    const networks = str(args, 'networks') ? num(args, 'networks', 2) : undefined;
    const checkpoints = str(args, 'checkpoints') ? num(args, 'checkpoints', 3) : undefined;
    const workers = str(args, 'threads') ? num(args, 'threads', 2) : undefined;
    const job = await runJobWithProgress(engine, () => engine.invoke('pricing.train', { episodes, networks, checkpoints, workers, category: str(args, 'category') }), tr(cliMessages, args.lang, 'job_train'));
    const r = job.result as { folder: string; seconds: number; workers?: number; perCategory: { category: string; skus: number; lookaheadSkus: number; seconds: number; steps: number }[] };
    if (args.json) return printJson(r);
    for (const c of r.perCategory) w(`${c.category.padEnd(24)} ${String(c.skus).padStart(4)} SKUs (${tr(cliMessages, args.lang, 'train_lookahead', { n: c.lookaheadSkus })})  ${String(c.steps).padStart(6)} steps  ${c.seconds.toFixed(1)} s`);
    w(`Agents saved in ${r.folder} (${r.seconds.toFixed(1)} s of training${r.workers ? `, ${r.workers} ${r.workers === 1 ? 'thread' : 'threads'}` : ''})`);
  });
}

async function recommend(args: CommandArgs): Promise<unknown> {
  return withStore(args, 'price recommend', async (engine) => {
    const run = await engine.invoke('pricing.recommend', { sku: str(args, 'sku') });
    const lang = args.lang;
    const rows = (await engine.call('pricing.recommendations', { limit: 5000 }, lang)) as { ok: true; result: RecommendationView[] } | { ok: false; error: { code: string; message: string } };
    if (!rows.ok) throw new EngineError('internal', rows.error.message);
    const mine = rows.result.filter((r) => r.status === 'pending' || r.status === 'held');
    if (args.json) return printJson({ ...run, recommendations: mine });
    printRecs(mine);
    if (run.missingAgents.length) process.stderr.write(`No trained agent for: ${run.missingAgents.join(', ')} (one-step model used). Run \`desk price train\` first.\n`);
  });
}

async function evaluateCmd(args: CommandArgs): Promise<unknown> {
  const file = str(args, 'scenario');
  const scenario = file ? (await import('../../pricing/scenario')).loadScenarioFile(file) : undefined;
  return withStore(args, 'price evaluate', async (engine) => {
    const job = await runJobWithProgress(
      engine,
      () => engine.invoke('pricing.evaluate', { seeds: num(args, 'seeds', 20), scenario, scenarioSource: file, category: str(args, 'category') }),
      tr(cliMessages, args.lang, 'job_evaluate'),
    );
    const r = job.result as EvaluationReport & { agent?: string; missingAgents?: string[] };
    if (args.json) return printJson(r);
    printEval(r);
    // Categories without an agent are left out of the scores; say which, so a partial training is not mistaken for all.
    if (r.missingAgents?.length) process.stderr.write(`${tr(cliMessages, args.lang, 'eval_missing', { list: r.missingAgents.join(', '), store: engine.store.path })}\n`);
  });
}

/** The price command. */
export const priceCommand: Command = {
  name: 'price',
  usage: 'desk price train|recommend|evaluate --store FILE [--episodes N] [--networks N] [--checkpoints N] [--category C] [--threads N] [--sku SKU] [--scenario FILE] [--seeds N] [--json]',
  summary: {
    en: 'Dynamic pricing: train agents per category, recommend prices (with guardrails), evaluate against the oracle and baselines',
    zh: '动态定价：按类目训练定价智能体、推荐价格（受价格护栏约束）、与最优解和基线策略对比评估',
  },
  flags: { store: 'string', episodes: 'string', networks: 'string', checkpoints: 'string', category: 'string', threads: 'string', sku: 'string', scenario: 'string', seeds: 'string' },
  run: async (args) => {
    const sub = args.positionals[0];
    switch (sub) {
      case 'train':
        return train(args);
      case 'recommend':
        return recommend(args);
      case 'evaluate':
        return evaluateCmd(args);
      default:
        throw flagError(args.lang, 'price_sub', { value: sub ?? '', usage: priceCommand.usage });
    }
  },
};
