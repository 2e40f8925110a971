// Every code the store keeps and the screens show has a label in both UI languages (renderer/src/i18n), read from a
// real demo store and from the engine's own lists, so a new category, channel, status or model without a label fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../engine/db/store';
import { CATEGORIES } from '../../engine/demo/categories';
import { generateDemo } from '../../engine/demo/generate';
import { DemoParamsSchema } from '../../engine/demo/params';
import { BACKTEST_MODELS } from '../../engine/forecast/backtest-run';
import { modelLabel } from '../../engine/forecast/explain';
import { GROUP_PICK_MODELS } from '../../engine/forecast/group';
import { FORECAST_MODELS } from '../../engine/forecast/job';
import { HOLDOUT_KEYS } from '../../engine/forecast/neural-auto';
import { IMPORT_KIND_NAMES } from '../../engine/import/kinds/index';
import en from '../../renderer/src/i18n/en.json';
import zh from '../../renderer/src/i18n/zh.json';

type Tree = { [k: string]: string | Tree };
const label = (cat: Tree, kind: string, code: string): string | undefined => {
  const k = (cat.code as Tree)[kind] as Tree | undefined;
  const v = k?.[code];
  return typeof v === 'string' ? v : undefined;
};

let store: Store;
const stored: Record<string, Set<string>> = {};

beforeAll(async () => {
  store = openStore(':memory:');
  await generateDemo(store.db, DemoParamsSchema.parse({ seed: 5, skus: 24, days: 60 }), {
    lang: 'en', progress: () => undefined, checkCancelled: () => undefined, isCancelled: () => false,
  });
  const distinct = (sql: string): Set<string> => new Set((store.db.prepare(sql).all() as { v: string | null }[]).map((r) => r.v).filter((v): v is string => !!v));
  stored.category = distinct('SELECT DISTINCT category AS v FROM products');
  stored.channel = new Set([...distinct('SELECT DISTINCT channel AS v FROM orders'), ...distinct('SELECT DISTINCT channel AS v FROM conversations')]);
  stored.chatStatus = distinct('SELECT DISTINCT status AS v FROM conversations');
  stored.priceSource = distinct('SELECT DISTINCT source AS v FROM price_history');
}, 60_000);

afterAll(() => store?.close());

describe('labels for stored codes', () => {
  it('the demo store holds categories, channels, chat statuses and price sources, and each has a label in English and Chinese', () => {
    for (const kind of ['category', 'channel', 'chatStatus', 'priceSource']) {
      expect(stored[kind].size, kind).toBeGreaterThan(0);
      for (const code of stored[kind]) {
        expect(label(en as Tree, kind, code), `en code.${kind}.${code}`).toBeTruthy();
        expect(label(zh as Tree, kind, code), `zh code.${kind}.${code}`).toMatch(/[\u4e00-\u9fff]|^[A-Z][a-z]+$/);
      }
    }
  });

  it('category labels match the names the demo gives its categories', () => {
    for (const c of CATEGORIES) {
      expect(label(en as Tree, 'category', c.code)).toBe(c.en);
      expect(label(zh as Tree, 'category', c.code)).toBe(c.zh);
    }
  });

  it('every forecast model id (run, backtest, group picks, holdout rows) has a label that is not the id', () => {
    // Holdout rows are '<model>-holdout': the screen labels the model and marks the window.
    const ids = new Set<string>([...FORECAST_MODELS, ...BACKTEST_MODELS, ...GROUP_PICK_MODELS, 'pooled', 'neural-blend', ...Object.values(HOLDOUT_KEYS).map((k) => k.replace(/-holdout$/, ''))]);
    for (const id of ids) {
      for (const cat of [en, zh] as Tree[]) {
        const l = label(cat, 'model', id);
        expect(l, `code.model.${id}`).toBeTruthy();
        expect(l).not.toBe(id);
      }
    }
  });

  it('the engine names every forecast model as the screens do, in English and Chinese (desk forecast, reasons and the Forecast screen agree)', () => {
    // The anchor model read 'Default for sparse sales, …' in the CLI and the reasons but 'Sparse-sales default (adjusted
    // Croston), …' on screen. Every id either side knows is compared, so a label changed on one side only fails here.
    const ids = new Set<string>([...FORECAST_MODELS, ...BACKTEST_MODELS, ...GROUP_PICK_MODELS, 'pooled', 'neural-blend', ...Object.keys(((en as Tree).code as Tree).model as Tree)]);
    for (const [lang, cat] of [['en', en], ['zh', zh]] as const) {
      for (const id of ids) expect(modelLabel(lang, id), `${lang} ${id}`).toBe(label(cat as Tree, 'model', id));
    }
  });

  it('every import kind, run status and compute backend has a label in both languages', async () => {
    const { BACKEND_ORDER } = await import('../../models/backend');
    const lists: [string, readonly string[]][] = [
      ['importKind', IMPORT_KIND_NAMES],
      ['runStatus', ['queued', 'running', 'succeeded', 'failed', 'cancelled']],
      ['backend', BACKEND_ORDER],
    ];
    for (const [kind, codes] of lists) {
      for (const code of codes) {
        expect(label(en as Tree, kind, code), `en code.${kind}.${code}`).toBeTruthy();
        expect(label(zh as Tree, kind, code), `zh code.${kind}.${code}`).toMatch(/[\u4e00-\u9fff]|[A-Za-z]/);
      }
    }
  });

  it('every chat intent, emotion, message language and slot colour the engine stores has a label in both languages (issue 13)', async () => {
    const { DEFAULT_INTENTS } = await import('../../models/text/intents');
    const { EMOTIONS } = await import('../../models/text/labels');
    const { COLOUR_CODES } = await import('../../engine/chats/analysis/slots');
    // The colour slot keeps an English name ('black'); the Chinese state panel read "颜色 black" before these labels.
    const lists: [string, readonly string[]][] = [['intent', DEFAULT_INTENTS], ['emotion', EMOTIONS], ['lang', ['zh', 'en', 'unsupported', 'empty']], ['colour', COLOUR_CODES]];
    for (const [kind, codes] of lists) {
      for (const code of codes) {
        expect(label(en as Tree, kind, code), `en code.${kind}.${code}`).toBeTruthy();
        expect(label(zh as Tree, kind, code), `zh code.${kind}.${code}`).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });
});
