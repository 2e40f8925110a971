// A job's time left as a merchant reads it under a progress bar: seconds while it is short, then whole minutes
// ("about 8 min left", not "about 509 s left"), then hours and minutes, in English and Chinese.
import i18next, { type i18n as I18n } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { etaMsg } from '../../renderer/src/components/eta';
import { renderMsg } from '../../renderer/src/i18n/msg';
import en from '../../renderer/src/i18n/en.json';
import zh from '../../renderer/src/i18n/zh.json';

const ui: Record<'en' | 'zh', I18n> = { en: i18next.createInstance(), zh: i18next.createInstance() };

beforeAll(async () => {
  for (const lng of ['en', 'zh'] as const) {
    await ui[lng].init({ resources: { en: { translation: en }, zh: { translation: zh } }, lng, fallbackLng: false, interpolation: { escapeValue: false } });
  }
});

function say(lng: 'en' | 'zh', seconds: number | null): string | null {
  const m = etaMsg(seconds);
  return m ? renderMsg(m, ui[lng]) : null;
}

describe('time left', () => {
  it('seconds up to a minute and a half', () => {
    expect(say('en', 0)).toBe('about 0 s left');
    expect(say('en', 42.4)).toBe('about 42 s left');
    expect(say('en', 90)).toBe('about 90 s left');
    expect(say('zh', 42)).toBe('约剩 42 秒');
  });

  it('whole minutes beyond: 509 s is "about 8 min left", 91 s "about 2 min left"', () => {
    expect(say('en', 509)).toBe('about 8 min left');
    expect(say('zh', 509)).toBe('约剩 8 分钟');
    expect(say('en', 91)).toBe('about 2 min left');
    expect(say('en', 89 * 60)).toBe('about 89 min left');
  });

  it('hours and minutes from an hour and a half', () => {
    expect(say('en', 125 * 60)).toBe('about 2 h 5 min left');
    expect(say('zh', 125 * 60)).toBe('约剩 2 小时 5 分钟');
  });

  it('no estimate, no text', () => {
    expect(say('en', null)).toBeNull();
    expect(say('en', Number.NaN)).toBeNull();
  });
});
