/** `desk price train|recommend|evaluate --store FILE ...`: dynamic pricing from the command line. */
import { flagError } from '../flag-messages';
import { EngineError } from '../../errors';
import type { EvaluationReport } from '../../pricing/evaluate';
import type { RecommendationView } from '../../pricing/decisions';
import { categoryLabel } from '../../demo/categories';
import { clipCols, num, printJson, runJobWithProgress, str, tableLines, type Command, type CommandArgs } from '../io';
import { durationText, tr, type Lang } from '../../i18n';
import { priceCliMessages } from '../price-messages';
import { withStore } from '../store-arg';

const w = (s: string): boolean => process.stdout.write(s + '\n');
const f2 = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : v.toFixed(2));
const text = (lang: Lang) => (key: string, params: Record<string, unknown> = {}): string => tr(priceCliMessages, lang, key, params);

/** Categories by name in the reader's language (眼镜 / Eyewear where the code is a known one), in one list. */
function categoryList(codes: readonly string[], lang: Lang): string {
  const t = text(lang);
  return codes.map((c) => (c === 'uncategorised' ? t('cat_uncategorised') : categoryLabel(c, lang))).join(t('list_sep'));
}

/** A category code as one shell word (an imported category may hold spaces or quotes). */
function shellWord(s: string): string {
  return /^[\w.-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function printRecs(rows: RecommendationView[], lang: Lang): void {
  const t = text(lang);
  const head = ['SKU', ...['current', 'recommend', 'change', 'units', 'margin'].map((k) => t(`rec_col_${k}`))];
  const body = rows.map((r) => {
    const iv = r.interval.margin ? `[${f2(r.interval.margin[0])}, ${f2(r.interval.margin[1])}]` : '';
    return [clipCols(r.sku, 16), f2(r.currentPrice), f2(r.recommendedPrice), r.changePct === null ? '—' : r.changePct.toFixed(1), f2(r.expected.units), `${f2(r.expected.margin)} ${iv}`];
  });
  // The widths the English table always had, wider where a Chinese header needs it; the reason follows, as long as it is.
  const lines = tableLines([head, ...body], { right: [false, true, true, true, true, true], minWidths: [16, 9, 9, 6, 10, 26] });
  const tails = [t('rec_col_reason'), ...rows.map((r) => `${r.reason} [${r.policyLabel}]`)];
  lines.forEach((l, i) => w(`${l}  ${tails[i]}`));
}

/** The agent the evaluation scored, in words (the result's `agent` is an English note kept as it is for --json). */
function agentNote(r: EvaluationReport & { agent?: string; categories?: string[] }, lang: Lang): string {
  const t = text(lang);
  if (r.categories?.length) return t('eval_agent_saved', { n: r.categories.length, list: categoryList(r.categories, lang) });
  const one = /^saved agent of category (.+)$/.exec(r.agent ?? '');
  if (one) return t('eval_agent_category', { category: categoryList([one[1]], lang) });
  if (r.agent?.startsWith('agent trained on the scenario')) return t('eval_agent_scenario');
  return r.agent || '—';
}

function printEval(r: EvaluationReport & { agent?: string; categories?: string[] }, lang: Lang): void {
  const t = text(lang);
  w(t('eval_summary', { markets: r.markets, seeds: r.seeds, agent: agentNote(r, lang), time: durationText(r.oracleSolveSeconds, lang) }));
  const vs = ['best-static', 'match-lowest', 'cost-plus', 'myopic'] as const;
  const head = [t('eval_col_policy'), t('eval_col_reward'), t('eval_col_oracle'), ...vs.map((b) => t(`eval_col_${b}`)), t('eval_col_violations')];
  const up = (x: { mean: number } | undefined): string => (x ? `${(100 * x.mean).toFixed(1)}%` : '—');
  // A policy the catalogue does not know (a new baseline) keeps its own name.
  const name = (p: string): string => (`eval_policy_${p}` in priceCliMessages.en ? t(`eval_policy_${p}`) : p);
  const body = r.policies.map((p) => [
    name(p.policy), p.meanReward.toFixed(0), `${p.pctOfOracle.mean.toFixed(1)} [${p.pctOfOracle.lo.toFixed(1)}, ${p.pctOfOracle.hi.toFixed(1)}]`, ...vs.map((b) => up(p.uplift[b])), String(p.violations),
  ]);
  for (const line of tableLines([head, ...body], { right: [false, true, true, true, true, true, true, false], minWidths: [14, 12, 24, 15, 16, 13, 10] })) w(line);
}

/**
 * Every category the one-step fallback prices, named once under why: a damaged saved agent (trained, but it could not
 * be read or loaded), one trained by an older version, or none trained (`missingKey`: recommend's or train's words);
 * with the command that mends it. Shared by `desk price recommend` and `desk price train --category`.
 */
function fallbackNotes(fallback: readonly { category: string; reason: string }[], lang: Lang, missingKey: 'rec_missing' | 'train_untrained'): string[] {
  const t = text(lang);
  const why = (reason: string): string[] => fallback.filter((x) => x.reason === reason).map((x) => x.category);
  const retrain = (cats: string[]): string => (cats.length === 1 ? `desk price train --category ${shellWord(cats[0])}` : 'desk price train');
  const lines: string[] = [];
  for (const reason of ['damaged', 'outdated'] as const) {
    const cats = why(reason);
    if (cats.length) lines.push(t(`rec_${reason}`, { list: categoryList(cats, lang), cmd: retrain(cats) }));
  }
  const missing = why('not_trained');
  if (missing.length) lines.push(t(missingKey, { list: categoryList(missing, lang), cmd: retrain(missing) }));
  return lines;
}

/** What pricing.train returns (the fields the CLI reads). */
export interface TrainResult {
  folder: string;
  seconds: number;
  workers?: number;
  perCategory: { category: string; skus: number; lookaheadSkus: number; seconds: number; steps: number }[];
  fallback: { category: string; reason: string; skus: number }[];
}

/**
 * What `desk price train` prints: a line per category and where the agents went, the times as the screen writes them
 * ('41.6 s', '5 min 38 s'; '5 分 38 秒'); --json keeps seconds as numbers.
 */
export function trainLines(r: TrainResult, lang: Lang): string[] {
  const t = text(lang);
  const rows = r.perCategory.map((c) => [categoryList([c.category], lang), t('train_skus', { n: c.skus, lookahead: c.lookaheadSkus }), t('train_steps', { steps: c.steps }), durationText(c.seconds, lang)]);
  const time = durationText(r.seconds, lang);
  return [...tableLines(rows, { right: [false, false, true, true], minWidths: [24], sep: '  ' }), r.workers ? t('train_saved_threads', { folder: r.folder, time, n: r.workers }) : t('train_saved', { folder: r.folder, time })];
}

async function train(args: CommandArgs): Promise<unknown> {
  return withStore(args, 'price train', async (engine) => {
    const episodes = str(args, 'episodes') ? num(args, 'episodes', 110) : undefined;
    const networks = str(args, 'networks') ? num(args, 'networks', 2) : undefined;
    const checkpoints = str(args, 'checkpoints') ? num(args, 'checkpoints', 3) : undefined;
    const workers = str(args, 'threads') ? num(args, 'threads', 2) : undefined;
    const job = await runJobWithProgress(engine, () => engine.invoke('pricing.train', { episodes, networks, checkpoints, workers, category: str(args, 'category') }), tr(priceCliMessages, args.lang, 'job_train'));
    const r = job.result as TrainResult;
    if (args.json) return printJson(r);
    for (const line of trainLines(r, args.lang)) w(line);
    // After one --category, the store's other categories are still on the one-step fallback: say which, as recommend does.
    for (const line of fallbackNotes(r.fallback, args.lang, 'train_untrained')) process.stderr.write(`${line}\n`);
  });
}

async function recommend(args: CommandArgs): Promise<unknown> {
  return withStore(args, 'price recommend', async (engine) => {
    const sku = str(args, 'sku');
    const run = await engine.invoke('pricing.recommend', { sku });
    const lang = args.lang;
    // pricing.recommend answers with a count; the rows are read back from the store's pending list, which also holds
    // other SKUs' rows from earlier runs: with --sku, only that SKU's (text and --json alike).
    const rows = (await engine.call('pricing.recommendations', { limit: 5000, sku }, lang)) as { ok: true; result: RecommendationView[] } | { ok: false; error: { code: string; message: string } };
    if (!rows.ok) throw new EngineError('internal', rows.error.message);
    const mine = rows.result.filter((r) => r.status === 'pending' || r.status === 'held');
    // --json: the op's `warnings` (damaged agents, message in the --lang language) come along with its other fields.
    if (args.json) return printJson({ ...run, recommendations: mine });
    printRecs(mine, lang);
    // A damaged saved agent was ignored (its category fell back to the one-step model): say so before the note on missing agents.
    for (const warning of run.warnings) process.stderr.write(`${warning.message}\n`);
    for (const line of fallbackNotes(run.fallback, lang, 'rec_missing')) process.stderr.write(`${line}\n`);
  });
}

async function evaluateCmd(args: CommandArgs): Promise<unknown> {
  const file = str(args, 'scenario');
  const scenario = file ? (await import('../../pricing/scenario')).loadScenarioFile(file) : undefined;
  return withStore(args, 'price evaluate', async (engine) => {
    const job = await runJobWithProgress(
      engine,
      () => engine.invoke('pricing.evaluate', { seeds: num(args, 'seeds', 20), scenario, scenarioSource: file, category: str(args, 'category') }),
      tr(priceCliMessages, args.lang, 'job_evaluate'),
    );
    const r = job.result as EvaluationReport & { agent?: string; categories?: string[]; missingAgents?: string[] };
    if (args.json) return printJson(r);
    printEval(r, args.lang);
    // Categories without an agent are left out of the scores; say which, so a partial training is not mistaken for all.
    if (r.missingAgents?.length) process.stderr.write(`${tr(priceCliMessages, args.lang, 'eval_missing', { list: categoryList(r.missingAgents, args.lang), store: engine.store.path })}\n`);
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
