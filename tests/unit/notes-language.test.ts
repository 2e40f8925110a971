// A notification (or any message kept in state) is drawn in the language shown now: switching language while it is open
// re-words it, since the note keeps the message key and parameters, not the text of the moment it appeared.
import i18next from 'i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { currentNotes, dismiss, notify } from '../../renderer/src/components/notes';
import { literal, msg, renderMsg } from '../../renderer/src/i18n/msg';
import en from '../../renderer/src/i18n/en.json';
import zh from '../../renderer/src/i18n/zh.json';

async function ui(lng: 'en' | 'zh'): Promise<typeof i18next> {
  const i = i18next.createInstance();
  await i.init({ resources: { en: { translation: en }, zh: { translation: zh } }, lng, fallbackLng: false, interpolation: { escapeValue: false } });
  return i;
}

afterEach(() => {
  for (const n of currentNotes()) dismiss(n.id);
});

describe('notifications follow the language', () => {
  it('an open notification is re-worded after a switch from English to Chinese; a path stays as it is', async () => {
    const i = await ui('en');
    notify({ color: 'red', title: msg('chats.analyzed'), message: msg('chats.analyzedCount', { n: 12, count: 12 }) });
    notify({ color: 'red', title: msg('planning.exported'), message: literal('/data/plan.csv') });
    const [a, b] = currentNotes();
    expect(renderMsg(a.title, i)).toBe('Conversations analysed');
    expect(renderMsg(a.message!, i)).toBe('12 conversations analysed');
    await i.changeLanguage('zh');
    expect(renderMsg(a.title, i)).toBe('会话已分析');
    expect(renderMsg(a.message!, i)).toBe('已分析 12 个会话');
    expect(renderMsg(b.message!, i)).toBe('/data/plan.csv');
  });

  it('English counts agree with their number (one conversation, one file, one problem), Chinese has one form', async () => {
    const i = await ui('en');
    expect(renderMsg(msg('chats.analyzedCount', { n: 1, count: 1 }), i)).toBe('1 conversation analysed');
    expect(i.t('tryon.exported', { n: 1, count: 1 })).toBe('1 file written');
    expect(i.t('tryon.exported', { n: 3, count: 3 })).toBe('3 files written');
    expect(i.t('data.rejectsTitle', { n: '1', count: 1 })).toBe('1 problem found');
    expect(i.t('pricing.recommended', { n: 1, count: 1 })).toBe('1 recommendation written');
    expect(i.t('visual.dupHelp', { count: 1 })).toMatch(/^1 likely duplicate listing:/);
    expect(i.t('visual.dupHelp', { count: 2 })).toMatch(/^2 likely duplicate listings:/);
    expect(i.t('visual.togetherSessions', { n: '3', count: 3 }) + ' · ' + i.t('visual.togetherOrders', { n: '1', count: 1 })).toBe('Viewed together in 3 sessions · bought together in 1 order');
    await i.changeLanguage('zh');
    expect(i.t('tryon.exported', { n: 1, count: 1 })).toBe(i.t('tryon.exported', { n: 1, count: 2 }));
    expect(i.t('tryon.exported', { n: 1, count: 1 })).toMatch(/1/);
  });

  it('parameters that are themselves labels (categories in a list, a model task) switch too; an unknown code is shown as typed', async () => {
    const i = await ui('zh');
    const m = msg('pricing.missingAgents', { list: { list: [{ code: 'category', value: 'apparel' }, { code: 'category', value: 'my-own' }] } });
    expect(renderMsg(m, i)).toContain('服装');
    expect(renderMsg(m, i)).toContain('my-own');
    await i.changeLanguage('en');
    expect(renderMsg(m, i)).toBe(`No trained agent for: Apparel, my-own (one-step model used)`);
    const s = { list: [msg('chats.models.task.intents'), msg('chats.models.own')], sep: ' · ' };
    expect(renderMsg(s, i)).not.toMatch(/[\u4e00-\u9fff]/);
    await i.changeLanguage('zh');
    expect(renderMsg(s, i)).toMatch(/[\u4e00-\u9fff].* · [\u4e00-\u9fff]/);
  });
});
