// What the Pricing screen says after Recommend prices when a saved agent was damaged: an alert naming the category and
// saying to train again, in English and Chinese; the note on categories without an agent no longer names it as untrained.
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { renderMsg, type Msg } from '../../renderer/src/i18n/msg';
import { damagedAgentsAlert, damagedCategories, recommendedNote } from '../../renderer/src/screens/pricing/recommend-text';
import en from '../../renderer/src/i18n/en.json';
import zh from '../../renderer/src/i18n/zh.json';

async function inBoth(m: Msg): Promise<{ en: string; zh: string }> {
  const out = { en: '', zh: '' };
  for (const lng of ['en', 'zh'] as const) {
    const i = i18next.createInstance();
    await i.init({ resources: { en: { translation: en }, zh: { translation: zh } }, lng, fallbackLng: false, interpolation: { escapeValue: false } });
    out[lng] = renderMsg(m, i);
  }
  return out;
}

/** The op's warning for a damaged agent file, as pricing.recommend returns it. */
const damagedWarning = (category: string): { code: string; what: string; category: string | null; path: string; message: string } => ({
  code: 'artefact_ignored', what: 'agent', category, path: `/shop.models/pricing/${category}.json`, message: 'The saved pricing agent … is damaged and was ignored',
});

describe('after Recommend prices with a damaged saved agent', () => {
  const run = { count: 20, missingAgents: ['apparel', 'eyewear'], warnings: [damagedWarning('eyewear'), damagedWarning('eyewear')] };

  it('the alert names the damaged category once and says to train again, in English and Chinese', async () => {
    expect(damagedCategories(run)).toEqual(['eyewear']);
    const a = damagedAgentsAlert(damagedCategories(run));
    expect(await inBoth(a.title)).toEqual({ en: 'Saved pricing agent damaged', zh: '已保存的定价智能体已损坏' });
    expect(await inBoth(a.body)).toEqual({
      en: 'The saved agent for Eyewear could not be read and was ignored: its SKUs got prices from the one-step model. Press Train agents to replace it.',
      zh: '以下类目已保存的定价智能体已损坏，无法读取，已被忽略：眼镜。这些类目的 SKU 改用单步模型定价；请点击“训练智能体”重新训练以替换。',
    });
    const two = damagedAgentsAlert(['eyewear', 'home']);
    expect((await inBoth(two.title)).en).toBe('Saved pricing agents damaged');
    expect((await inBoth(two.body)).en).toMatch(/^The saved agents for Eyewear, Home could not be read and were ignored: their SKUs .* replace them\.$/);
  });

  it('the confirmation lists as untrained only the categories that never had an agent, not the damaged one', async () => {
    const note = recommendedNote(run);
    expect(await inBoth(note.title)).toEqual({ en: '20 recommendations written', zh: '已生成 20 条建议' });
    expect(await inBoth(note.message!)).toEqual({ en: 'No trained agent for: Apparel (one-step model used)', zh: '以下类目没有已训练的智能体：服装（改用单步模型）' });
    // Only the damaged category lacked an agent: no line about untrained ones at all.
    expect(recommendedNote({ ...run, missingAgents: ['eyewear'] }).message).toBeNull();
    // No warnings: nothing damaged, the note as before.
    expect(damagedCategories({ warnings: [] })).toEqual([]);
    expect((await inBoth(recommendedNote({ count: 1, missingAgents: ['eyewear'], warnings: [] }).message!)).en).toBe('No trained agent for: Eyewear (one-step model used)');
  });
});
