// An operation's refusal of its input (a bad k, a missing field, a payload that is not an object) is worded in the
// caller's language and carries both languages (texts { en, zh }), so a screen that keeps it follows a language switch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine';
import { ops } from '../../engine/api/ops/index';
import { engineOnFreshStore } from './helpers';

let engine: Engine;
let close: () => Promise<void>;
const HAN = /[\u4e00-\u9fff]/;

beforeAll(async () => {
  ({ engine, close } = await engineOnFreshStore());
});
afterAll(() => close());

/** The error of a refused call in `lang` (fails the test when the call is accepted). */
async function refused(name: string, input: unknown, lang: 'en' | 'zh'): Promise<{ code: string; message: string; texts?: { en: string; zh: string }; details?: unknown }> {
  const r = await engine.call(name, input, lang);
  if (r.ok) throw new Error(`${name} accepted ${JSON.stringify(input)}`);
  return r.error;
}

describe('input validation errors in both languages', () => {
  it('images.search with k 0: the caller\'s language, and both languages for a screen', async () => {
    const texts = {
      en: 'Invalid input for images.search: k: Too small: expected number to be >=1',
      zh: 'images.search 的输入无效：k：数值过小：应不小于 1',
    };
    for (const lang of ['en', 'zh'] as const) {
      const e = await refused('images.search', { productId: 1, k: 0 }, lang);
      expect(e).toMatchObject({ code: 'bad_request', message: texts[lang], texts });
      // The issues stay in the caller's language (the CLI words a flag's refusal from them).
      expect(e.details).toMatchObject({ operation: 'images.search', issues: [{ field: 'k', message: lang === 'en' ? 'Too small: expected number to be >=1' : '数值过小：应不小于 1' }] });
    }
  });

  it('a rule of the operation itself (a photo or a product, not both) is worded in both languages', async () => {
    const e = await refused('images.search', { k: 5 }, 'zh');
    expect(e.texts).toEqual({
      en: 'Invalid input for images.search: (input): give exactly one of path (a photo) or productId (a product)',
      zh: 'images.search 的输入无效：（输入）：请在 path（一张照片）和 productId（一件商品）中只给出一个',
    });
    expect(e.message).toBe(e.texts?.zh);
  });

  it('every operation\'s refusal of a payload that is not an object carries English and Chinese', async () => {
    const missing: string[] = [];
    for (const name of Object.keys(ops)) {
      const e = await refused(name, 'not an object', 'en');
      expect(e.code, name).toBe('bad_request');
      if (!e.texts || HAN.test(e.texts.en) || !HAN.test(e.texts.zh) || e.message !== e.texts.en) missing.push(`${name}: ${JSON.stringify(e.texts ?? e.message)}`);
    }
    expect(missing).toEqual([]);
  });
});
