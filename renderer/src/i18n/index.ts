/** i18next setup: English and Simplified Chinese, choice kept in localStorage, default from the browser. */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import zh from './zh.json';
import { setClientLanguage } from '../api/client';

/** The UI languages. */
export type UiLang = 'en' | 'zh';

const KEY = 'desk.lang';

declare global {
  interface Window {
    /** Keys looked up without a translation (the e2e suite asserts this stays empty). */
    __deskMissingKeys?: string[];
  }
}

/** The saved language, else the browser's (zh* gives Chinese). */
export function initialLang(): UiLang {
  const saved = localStorage.getItem(KEY);
  if (saved === 'en' || saved === 'zh') return saved;
  return /^zh/i.test(navigator.language) ? 'zh' : 'en';
}

/** Switches the UI language and remembers it. */
export async function setLang(lang: UiLang): Promise<void> {
  localStorage.setItem(KEY, lang);
  setClientLanguage(lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  await i18n.changeLanguage(lang);
}

/** Initialises i18next once. */
export async function initI18n(): Promise<void> {
  const lng = initialLang();
  window.__deskMissingKeys = [];
  setClientLanguage(lng);
  document.documentElement.lang = lng === 'zh' ? 'zh-CN' : 'en';
  await i18n.use(initReactI18next).init({
    resources: { en: { translation: en }, zh: { translation: zh } },
    lng,
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    saveMissing: true,
    missingKeyHandler: (lngs, _ns, key) => {
      window.__deskMissingKeys?.push(`${lngs.join(',')}:${key}`);
    },
  });
}

export { i18n };
