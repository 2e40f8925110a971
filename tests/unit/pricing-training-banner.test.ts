// What the Pricing screen's training banner says about recommendations while agents train: the one-step fallback only
// where a category has no agent yet; during a retraining the agents already saved keep answering until replaced.
import i18next from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openStore, type Store } from '../../engine/db/store';
import { agentFile, saveAgent } from '../../engine/pricing/agent-store';
import { ACTIONS, N_FEATURES } from '../../engine/pricing/state';
import { trainingStatus } from '../../engine/pricing/training-status';
import type { JobRecord } from '../../engine/jobs/types';
import { buildDqn, type DqnWeights } from '../../models/pricing/dqn';
import { renderMsg, type Msg } from '../../renderer/src/i18n/msg';
import { stoppedMessage, trainingMessage } from '../../renderer/src/screens/pricing/training-text';
import en from '../../renderer/src/i18n/en.json';
import zh from '../../renderer/src/i18n/zh.json';
import { tempDir } from './helpers';

const t = tempDir('desk-training-banner-');
let store: Store;
let weights: DqnWeights;

beforeAll(async () => {
  store = openStore(join(t.dir, 'shop.db'));
  const db = store.db;
  const now = '2026-01-01T00:00:00Z';
  const addP = db.prepare('INSERT INTO products (sku, title_en, category, cost, price, created_at, updated_at) VALUES (?, ?, ?, 30, 50, ?, ?)');
  const sales = db.prepare("INSERT INTO daily_sales (product_id, date, units, revenue, source) VALUES (?, ?, 5, 250, 'import')");
  for (const [sku, cat] of [['MUG-1', 'mugs'], ['PLT-1', 'plates']]) {
    const id = Number(addP.run(sku, sku, cat, now, now).lastInsertRowid);
    for (let d = 0; d < 60; d++) sales.run(id, new Date(Date.parse('2025-11-01T00:00:00Z') + d * 86_400_000).toISOString().slice(0, 10));
  }
  const dqn = await buildDqn({ inputs: N_FEATURES, actions: ACTIONS.length, hidden: [4], learningRate: 1e-3, gamma: 0.95, huberDelta: 1, seed: 3 });
  weights = dqn.weights();
  dqn.dispose();
});
afterAll(() => {
  store.close();
  t.cleanup();
});

/** Agents saved (an hour before the run started) for these categories only. */
function agentsFor(categories: string[]): void {
  for (const c of ['mugs', 'plates']) rmSync(agentFile(store.path, c), { force: true });
  const stats = { steps: 1, episodes: 1, gradientSteps: 0, prefilled: 0, meanLoss: 0, validation: null, keptStep: 0, seconds: 0 };
  for (const category of categories) saveAgent(store.path, { category, createdAt: '2026-01-01T09:00:00Z', stats, skus: 1, weights });
}

/** The banner's line in both languages while a training job with these parameters runs. */
async function bannerDuring(params: Record<string, unknown>): Promise<{ en: string; zh: string }> {
  const job: JobRecord = {
    jobId: 'j1', kind: 'pricing.train', status: 'running', done: 1, total: 10, phase: null, etaSeconds: 120, params, result: null, error: null,
    createdAt: '2026-01-01T10:00:00Z', startedAt: '2026-01-01T10:00:00Z', finishedAt: null,
  };
  const s = trainingStatus(store.db, store.path, { latest: () => job, start: () => job });
  expect(s.state).toBe('training');
  return inBoth(trainingMessage(s, 2));
}

/** A banner message as the English and the Chinese UI show it. */
async function inBoth(m: Msg): Promise<{ en: string; zh: string }> {
  const out = { en: '', zh: '' };
  for (const lng of ['en', 'zh'] as const) {
    const i = i18next.createInstance();
    await i.init({ resources: { en: { translation: en }, zh: { translation: zh } }, lng, fallbackLng: false, interpolation: { escapeValue: false } });
    out[lng] = renderMsg(m, i);
  }
  return out;
}

describe('training banner', () => {
  it('retraining agents that all exist: the current agents keep recommending until replaced, no word of the fallback', async () => {
    agentsFor(['mugs', 'plates']);
    // Train agents on the Pricing screen: a full retraining (resume false).
    const b = await bannerDuring({});
    expect(b.en).toBe('0 of 2 categories retrained, about 2 min left. You can keep working: the current agents keep recommending prices until the new ones replace them, category by category.');
    expect(b.zh).toBe('已重新训练 0/2 个类目，约剩 2 分钟。您可以继续操作：在新智能体逐个类目替换之前，现有智能体会继续给出价格建议。');
    expect(`${b.en} ${b.zh}`).not.toMatch(/fallback|后备/);
  });

  it('some categories with an agent: those keep using it, the others use the fallback until theirs is trained (resume or retrain)', async () => {
    agentsFor(['mugs']);
    for (const params of [{ resume: true, auto: true }, {}]) {
      const b = await bannerDuring(params);
      expect(b.en).toMatch(/You can keep working: categories that already have an agent keep using it; the others get recommendations from the one-step fallback until theirs is trained\.$/);
      expect(b.zh).toMatch(/您可以继续操作：已有智能体的类目继续使用它；其他类目在其智能体训练完成前，价格建议来自单步后备模型。$/);
    }
  });

  it('no agent yet: recommendations come from the one-step fallback until each category is trained', async () => {
    agentsFor([]);
    const b = await bannerDuring({ resume: true, auto: true });
    expect(b.en).toBe("0 of 2 categories trained, about 2 min left. You can keep working: until a category's agent is trained, its recommendations come from the one-step fallback.");
    expect(b.zh).toBe('已训练 0/2 个类目，约剩 2 分钟。您可以继续操作：某个类目的智能体训练完成前，该类目的价格建议来自单步后备模型。');
  });
});

describe('training banner counts', () => {
  // A shop with one category (and one SKU in it): the banner says "category" and "SKU", not "categories" and "SKUs".
  const one = { categories: [{ category: 'mugs', skus: 1, trained: false }], trained: 0, retraining: false, job: null };

  it('one category: singular while training, retraining, not trained and cancelled; Chinese unchanged', async () => {
    let b = await inBoth(trainingMessage(one, 1));
    expect(b.en).toBe("0 of 1 category trained, about 1 min left. You can keep working: until a category's agent is trained, its recommendations come from the one-step fallback.");
    expect(b.zh).toBe('已训练 0/1 个类目，约剩 1 分钟。您可以继续操作：某个类目的智能体训练完成前，该类目的价格建议来自单步后备模型。');
    b = await inBoth(trainingMessage({ ...one, categories: [{ ...one.categories[0], trained: true }], retraining: true }, 1));
    expect(b.en).toMatch(/^0 of 1 category retrained, about 1 min left\./);
    b = await inBoth(stoppedMessage({ ...one, state: 'not_trained' }, 1));
    expect(b.en).toBe('Recommendations use the one-step fallback. Training 1 SKU in 1 category takes about 1 min in the background.');
    expect(b.zh).toBe('价格建议目前来自单步后备模型。在后台训练 1 个类目的 1 个 SKU 约需 1 分钟。');
    b = await inBoth(stoppedMessage({ ...one, state: 'cancelled' }, 1));
    expect(b.en).toBe('Training was cancelled with 0 of 1 category trained; resuming continues from there (about 1 min).');
    expect(b.zh).toBe('训练已取消，已完成 0/1 个类目；继续训练将从这里接着进行（约 1 分钟）。');
  });

  it('several categories and SKUs: plural, each count on its own (SKUs capped at 40 a category as training does)', async () => {
    const two = { ...one, categories: [{ category: 'mugs', skus: 1, trained: false }, { category: 'plates', skus: 55, trained: false }] };
    let b = await inBoth(stoppedMessage({ ...two, state: 'not_trained' }, 3));
    expect(b.en).toBe('Recommendations use the one-step fallback. Training 41 SKUs in 2 categories takes about 3 min in the background.');
    expect(b.zh).toBe('价格建议目前来自单步后备模型。在后台训练 2 个类目的 41 个 SKU 约需 3 分钟。');
    b = await inBoth(trainingMessage({ ...two, trained: 1, categories: [{ ...two.categories[0], trained: true }, two.categories[1]] }, 2));
    expect(b.en).toMatch(/^1 of 2 categories trained, about 2 min left\. You can keep working: categories that already have an agent/);
  });
});
