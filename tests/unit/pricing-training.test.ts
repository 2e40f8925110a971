import { afterEach, describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openStore } from '../../engine/db/store';
import { agentFile, readAgent, saveAgent } from '../../engine/pricing/agent-store';
import { recommendPrices } from '../../engine/pricing/recommend';
import { listRecommendations } from '../../engine/pricing/decisions';
import { Rng } from '../../engine/pricing/rng';
import { runPricingTrainJob } from '../../engine/pricing/train-job';
import { estimateTrainingSeconds } from '../../engine/pricing/training-status';
import { trainWorkersFor } from '../../engine/pricing/threads';
import { runPricingEvaluateJob } from '../../engine/pricing/evaluate-job';
import { calibrateMarkets } from '../../engine/pricing/calibrate';
import type { EvaluationReport } from '../../engine/pricing/evaluate';
import { lookaheadPolicy } from '../../engine/pricing/policies/lookahead';
import { meanReward } from '../../engine/pricing/policy';
import type { JobContext } from '../../engine/jobs/types';
import { engineOnFreshStore, tempDir } from './helpers';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** Two categories (mugs, plates) of two SKUs each with 60 days of sales, competitor prices and stock. */
function fillShop(db: Database.Database): void {
  const rng = new Rng(3);
  const now = '2026-01-01T00:00:00Z';
  db.prepare("INSERT INTO locations (id, code) VALUES (1, 'main')").run();
  const addP = db.prepare('INSERT INTO products (sku, title_en, title_zh, category, cost, price, created_at, updated_at, lead_time_days) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 7)');
  const sales = db.prepare("INSERT INTO daily_sales (product_id, date, units, revenue, source) VALUES (?, ?, ?, ?, 'import')");
  const comp = db.prepare("INSERT INTO competitor_prices (product_id, competitor, date, price) VALUES (?, 'rival', ?, ?)");
  const inv = db.prepare('INSERT INTO inventory (product_id, location_id, date, on_hand, on_order) VALUES (?, 1, ?, ?, 0)');
  db.transaction(() => {
    [['MUG-1', 'mugs', 30, 50], ['MUG-2', 'mugs', 40, 60], ['PLT-1', 'plates', 20, 35], ['PLT-2', 'plates', 25, 45]].forEach(([sku, cat, cost, price], i) => {
      const id = Number(addP.run(sku, `Item ${i}`, `商品 ${i}`, cat, cost, price, now, now).lastInsertRowid);
      for (let d = 0; d < 60; d++) {
        const date = new Date(Date.parse('2025-11-01T00:00:00Z') + d * 86_400_000).toISOString().slice(0, 10);
        const units = rng.poisson(5);
        sales.run(id, date, units, units * (price as number));
        comp.run(id, date, (price as number) * (1 + 0.03 * rng.normal()));
      }
      inv.run(id, '2025-12-30', 150);
    });
  })();
}


/** A filled shop store in a temporary folder, closed and removed after the test. */
function filledShop(): { store: ReturnType<typeof openStore> } {
  const t = tempDir();
  const store = openStore(join(t.dir, 'shop.db'));
  cleanups.push(() => {
    store.close();
    t.cleanup();
  });
  fillShop(store.db);
  return { store };
}

describe('pricing training threads', () => {
  it('uses more threads on a bigger laptop, leaves a core for the app from 4 cores up, and announces a shorter wait there', () => {
    expect([1, 2, 3, 4, 6, 8, 16].map(trainWorkersFor)).toEqual([1, 2, 2, 3, 4, 4, 4]);
    // Six categories of about 50 SKUs (the demo store's 300): on 8 cores the announced wait is well under 2 cores'.
    const demo = [60, 50, 50, 50, 50, 40];
    const two = estimateTrainingSeconds(demo, trainWorkersFor(2));
    const eight = estimateTrainingSeconds(demo, trainWorkersFor(8));
    expect(eight).toBeLessThan(0.7 * two);
    expect(eight).toBeGreaterThanOrEqual(two / 3);
  });
});

describe('pricing agents on first use', () => {
  it('starts training by itself for a store with sales history, says how long it takes, and does not restart it after the user cancels', async () => {
    const e = await engineOnFreshStore();
    cleanups.push(() => e.close());
    fillShop(e.engine.store.db);
    const before = await e.engine.invoke('pricing.training', { autoStart: false });
    expect(before.state).toBe('not_trained');
    expect(before.untrained).toBe(2);
    // The announced time is the estimate for these categories' SKUs (a few seconds for two small categories), never 0.
    expect(before.estimatedSeconds).toBe(estimateTrainingSeconds(before.categories.map((c) => c.skus)));
    expect(before.estimatedSeconds).toBeGreaterThan(0);
    // Opening the Pricing screen asks with autoStart: training starts without the user pressing anything.
    const opened = await e.engine.invoke('pricing.training', { autoStart: true });
    expect(opened.autoStarted).toBe(true);
    expect(opened.state).toBe('training');
    expect(opened.job?.kind).toBe('pricing.train');
    expect(opened.job?.params).toMatchObject({ resume: true, auto: true });
    // Opening it again follows the same job instead of starting a second one.
    const again = await e.engine.invoke('pricing.training', { autoStart: true });
    expect(again.autoStarted).toBe(false);
    expect(again.job?.jobId).toBe(opened.job?.jobId);
    await e.engine.invoke('jobs.cancel', { jobId: opened.job?.jobId ?? '' });
    const done = await e.engine.invoke('jobs.wait', { jobId: opened.job?.jobId ?? '', timeoutMs: 30_000 });
    expect(done.status, JSON.stringify(done.error)).toBe('cancelled');
    const after = await e.engine.invoke('pricing.training', { autoStart: true });
    expect(after.autoStarted).toBe(false);
    expect(after.state).toBe('cancelled');
  });

  it('resumes a cancelled training from the last category it saved, and recommendations name the policy that produced them', async () => {
    const { store } = filledShop();
    // The runner records its model run against its job row, as the job manager would have created it.
    for (const id of ['first', 'second']) store.db.prepare("INSERT INTO jobs (id, kind, status, params, created_at) VALUES (?, 'pricing.train', 'running', '{}', ?)").run(id, new Date().toISOString());
    // Cancel as soon as the second category starts: the first one has been saved by then.
    let cancelled = false;
    const phases: string[] = [];
    const ctx = (jobId: string): JobContext => ({
      jobId, storePath: store.path, db: store.db, lang: 'en',
      progress: (_d, _t, phase) => {
        // The phase comes in both languages, so a UI switched to the other one after the start still reads its own.
        const text = typeof phase === 'object' ? phase.en : phase;
        if (typeof phase === 'object') expect(phase.zh).toMatch(/[\u4e00-\u9fff]/);
        if (text && !phases.includes(text)) phases.push(text);
        if (text?.includes('(2/2)')) cancelled = true;
      },
      get cancelled() {
        return cancelled;
      },
      checkCancelled: () => undefined,
    });
    const params = { episodes: 6, networks: 1, checkpoints: 1, workers: 1, resume: true };
    await expect(runPricingTrainJob(params, ctx('first'))).rejects.toThrow(/cancelled/);
    expect(readAgent(store.path, 'mugs')).not.toBeNull();
    expect(readAgent(store.path, 'plates')).toBeNull();
    const mugsSaved = statSync(agentFile(store.path, 'mugs')).mtimeMs;
    // Before training finishes, recommendations for plates come from the one-step fallback and say so.
    await recommendPrices(store.db, store.path, { draws: 20 });
    const mixed = listRecommendations(store.db, 'zh');
    expect(mixed.find((r) => r.sku === 'PLT-1')?.source).toBe('one_step');
    // The trained category's SKUs use its agent, or the lookahead its per-SKU choice kept.
    expect(['agent', 'lookahead']).toContain(mixed.find((r) => r.sku === 'MUG-1')?.source);
    expect(mixed.find((r) => r.sku === 'PLT-1')?.policyLabel).toMatch(/单步后备模型/);
    expect(mixed.every((r) => r.policyLabelEn.length > 0 && /[\u4e00-\u9fff]/.test(r.policyLabelZh))).toBe(true);
    // Resuming trains only what is missing and leaves the saved category as it was.
    cancelled = false;
    phases.length = 0;
    const r = (await runPricingTrainJob(params, { ...ctx('second'), get cancelled() { return false; } })) as { resumedFrom: string[]; perCategory: { category: string; lookaheadSkus: number }[] };
    expect(r.resumedFrom).toEqual(['mugs']);
    expect(r.perCategory.map((c) => c.category)).toEqual(['plates']);
    expect(phases.every((p) => p.includes('(2/2)'))).toBe(true);
    expect(statSync(agentFile(store.path, 'mugs')).mtimeMs).toBe(mugsSaved);
    expect(readAgent(store.path, 'plates')).not.toBeNull();
    // The result says how many SKUs keep the lookahead, as the saved file does.
    expect(r.perCategory[0].lookaheadSkus).toBe(Object.keys(readAgent(store.path, 'plates')?.fallback ?? {}).length);
    // Where the per-SKU choice kept the lookahead controller, the recommendation comes from it and says so; elsewhere the agent.
    for (const cat of ['mugs', 'plates']) {
      const a = readAgent(store.path, cat);
      if (a) saveAgent(store.path, { ...a, fallback: cat === 'plates' ? { 'PLT-1': 'lookahead' } : {} });
    }
    await recommendPrices(store.db, store.path, { draws: 20 });
    const latest = new Map(listRecommendations(store.db, 'en', { status: undefined }).map((x) => [x.sku, x]));
    expect([...latest.entries()].map(([sku, x]) => [sku, x.source]).sort()).toEqual([['MUG-1', 'agent'], ['MUG-2', 'agent'], ['PLT-1', 'lookahead'], ['PLT-2', 'agent']]);
    expect(latest.get('PLT-2')?.policyLabel).toMatch(/^Trained agent/);
    // "Clamped by the guardrails" only where the guardrails held the price or gave a reason (never for cent rounding alone).
    for (const x of latest.values()) expect(x.clamped, x.sku).toBe(x.status === 'held' || x.guardrails.length > 0);
    expect(latest.get('PLT-1')?.policyLabelEn).toMatch(/^Lookahead \(beat the agent in training\)/);
    expect(latest.get('PLT-1')?.policyLabelZh).toMatch(/^前瞻规划（训练中胜过智能体）/);
    // `desk price evaluate` scores the agent as recommendations use it: PLT-1 plays the lookahead controller.
    store.db.prepare("INSERT INTO jobs (id, kind, status, params, created_at) VALUES ('ev', 'pricing.evaluate', 'running', '{}', ?)").run(new Date().toISOString());
    const ev = (await runPricingEvaluateJob({ seeds: 2, maxSkus: 2 }, ctx('ev'))) as EvaluationReport;
    const plt = calibrateMarkets(store.db).find((m) => m.sku === 'PLT-1');
    if (!plt) throw new Error('PLT-1 has no market');
    const played = ev.byMarket.find((b) => b.name === plt.scenario.name)?.policies.agent?.meanReward;
    expect(played).toBeCloseTo(meanReward(plt.scenario, lookaheadPolicy(plt.scenario, plt.rules), [1, 2], plt.rules), 6);
  });
});

describe('desk price evaluate after training some categories only', () => {
  it('evaluates the categories that have an agent and names those that lack one; a category filter says which agent is missing', async () => {
    const { store } = filledShop();
    for (const id of ['train', 'ev', 'ev-mugs', 'ev-nope']) store.db.prepare("INSERT INTO jobs (id, kind, status, params, created_at) VALUES (?, 'pricing.train', 'running', '{}', ?)").run(id, new Date().toISOString());
    const ctx = (jobId: string): JobContext => ({ jobId, storePath: store.path, db: store.db, lang: 'en', progress: () => undefined, cancelled: false, checkCancelled: () => undefined });
    // As `desk price train --category plates`: mugs, the first category in the store, has no agent.
    await runPricingTrainJob({ episodes: 6, networks: 1, checkpoints: 1, workers: 1, category: 'plates' }, ctx('train'));
    expect(readAgent(store.path, 'mugs')).toBeNull();
    // One SKU to evaluate: it must be one the agent can play, not the store's first (a mug).
    const ev = (await runPricingEvaluateJob({ seeds: 2, maxSkus: 1 }, ctx('ev'))) as EvaluationReport & { categories: string[]; missingAgents: string[]; agent: string };
    expect(ev.categories).toEqual(['plates']);
    expect(ev.missingAgents).toEqual(['mugs']);
    expect(ev.agent).toBe('saved agents of 1 category (plates)');
    const plates = new Set(calibrateMarkets(store.db, { category: 'plates' }).map((m) => m.scenario.name));
    expect(ev.byMarket.map((b) => plates.has(b.name))).toEqual([true]);
    // The agent is scored on the markets it played, all of them: a share of the oracle in the oracle's range, not a sliver.
    expect(ev.policies.find((p) => p.policy === 'agent')?.pctOfOracle.mean).toBeGreaterThan(50);
    await expect(runPricingEvaluateJob({ seeds: 2, category: 'mugs' }, ctx('ev-mugs'))).rejects.toThrow("No trained pricing agent for category 'mugs'. Run `desk price train --store");
    await expect(runPricingEvaluateJob({ seeds: 2, category: 'nope' }, ctx('ev-nope'))).rejects.toThrow("No active product with a price in category 'nope'. Categories: mugs, plates.");
  }, 120_000);
});
