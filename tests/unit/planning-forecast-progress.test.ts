// The forecast run's progress beside its bar on the Planning screen, as a merchant reads it while a few hundred SKUs
// are fitted: the phase, SKUs done of all and the time left, in English and Chinese; not a bare bar.
import i18next, { type i18n as I18n } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { FORECAST_STARTING, forecastProgressText } from '../../renderer/src/screens/planning/forecastProgress';
import en from '../../renderer/src/i18n/en.json';
import zh from '../../renderer/src/i18n/zh.json';

const ui: Record<'en' | 'zh', I18n> = { en: i18next.createInstance(), zh: i18next.createInstance() };

beforeAll(async () => {
  for (const lng of ['en', 'zh'] as const) {
    await ui[lng].init({ resources: { en: { translation: en }, zh: { translation: zh } }, lng, fallbackLng: false, interpolation: { escapeValue: false } });
  }
});

const fit = { phase: 'backtesting and fitting', phases: { en: 'backtesting and fitting', zh: '回测与拟合' } };

describe('forecast progress text', () => {
  it('phase, SKUs done of all and the time left, minutes from 90 s', () => {
    expect(forecastProgressText({ ...fit, done: 120, total: 300, etaSeconds: 41.6 }, ui.en.t, 'en')).toBe('backtesting and fitting · 120 of 300 SKUs · about 42 s left');
    expect(forecastProgressText({ ...fit, done: 120, total: 300, etaSeconds: 41.6 }, ui.zh.t, 'zh')).toBe('回测与拟合 · 120/300 个 SKU · 约剩 42 秒');
    expect(forecastProgressText({ ...fit, done: 10, total: 300, etaSeconds: 509 }, ui.en.t, 'en')).toBe('backtesting and fitting · 10 of 300 SKUs · about 8 min left');
  });

  it('no count while the history loads (0 of 1), no time left without an estimate, and a word before the first event', () => {
    expect(forecastProgressText({ phase: 'loading history', phases: { en: 'loading history', zh: '读取历史' }, done: 0, total: 1, etaSeconds: null }, ui.zh.t, 'zh')).toBe('读取历史');
    expect(forecastProgressText(FORECAST_STARTING, ui.en.t, 'en')).toBe('starting');
    expect(forecastProgressText(FORECAST_STARTING, ui.zh.t, 'zh')).toBe('正在开始');
  });
});
