// Building the image index on the screen says what it is doing, how far it got and about how long is left, as the CLI
// does ("computing image features · 24 of 240 photos · about 4 min left"), in both languages.
import i18next, { type i18n as I18n } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../renderer/src/i18n/en.json';
import zh from '../../renderer/src/i18n/zh.json';
import { indexProgressText } from '../../renderer/src/screens/visual/indexProgress';

const ui: Record<'en' | 'zh', I18n> = { en: i18next.createInstance(), zh: i18next.createInstance() };
beforeAll(async () => {
  for (const lng of ['en', 'zh'] as const) await ui[lng].init({ resources: { en: { translation: en }, zh: { translation: zh } }, lng, fallbackLng: false, interpolation: { escapeValue: false } });
});

const phases = { en: 'computing image features', zh: '计算图片特征' };

describe('image index progress', () => {
  it('phase, photos done of all and minutes left (seconds under a minute and a half)', () => {
    expect(indexProgressText({ phase: phases.en, phases, done: 24, total: 240, etaSeconds: 564 }, ui.en.t, 'en')).toBe('computing image features · 24 of 240 photos · about 9 min left');
    expect(indexProgressText({ phase: phases.en, phases, done: 24, total: 240, etaSeconds: 564 }, ui.zh.t, 'zh')).toBe('计算图片特征 · 24/240 张图片 · 约剩 9 分钟');
    expect(indexProgressText({ phase: phases.en, phases, done: 8, total: 13, etaSeconds: 40 }, ui.en.t, 'en')).toBe('computing image features · 8 of 13 photos · about 40 s left');
    expect(indexProgressText({ phase: phases.en, phases, done: 0, total: 1, etaSeconds: null }, ui.en.t, 'en')).toBe('computing image features');
  });

  it('before the first event it says it is starting', () => {
    expect(indexProgressText({ phase: null, phases: null, done: 0, total: 0, etaSeconds: null }, ui.en.t, 'en')).toBe('starting');
    expect(indexProgressText({ phase: null, phases: null, done: 0, total: 0, etaSeconds: null }, ui.zh.t, 'zh')).toBe('正在开始');
  });
});
