/** Engine-side messages in both UI languages (errors, validation reports, CLI text). */

/** The two languages the product speaks. */
export type Lang = 'en' | 'zh';

/** A catalogue of message templates, `{name}` placeholders filled from params. */
export type Catalog = Record<Lang, Record<string, string>>;

/**
 * Fills a template from the catalogue in the given language (English when a key is missing). `{name}` is replaced by
 * the parameter; `{name|one|other}` by `one` when the parameter is 1, else `other` (English plurals: "1 row", "2 rows").
 */
export function tr(catalog: Catalog, lang: Lang, key: string, params: Record<string, unknown> = {}): string {
  const tpl = catalog[lang][key] ?? catalog.en[key] ?? key;
  return tpl
    .replace(/\{(\w+)\|([^|{}]*)\|([^{}]*)\}/g, (_, name: string, one: string, other: string) => (Number(params[name]) === 1 ? one : other))
    .replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`));
}

/** The default language: DESK_LANG, then the OS locale (zh* gives Chinese), else English. */
export function defaultLang(): Lang {
  const env = process.env.DESK_LANG ?? process.env.LC_ALL ?? process.env.LANG ?? '';
  if (/^zh/i.test(env)) return 'zh';
  if (/^en/i.test(env) || env === 'C' || env === 'C.UTF-8') return 'en';
  const loc = Intl.DateTimeFormat().resolvedOptions().locale;
  return /^zh/i.test(loc) ? 'zh' : 'en';
}

/** Parses a language flag value. */
export function parseLang(v: unknown): Lang | undefined {
  return v === 'zh' || v === 'en' ? v : undefined;
}

/** The language a command line asks for (`--lang zh` or `--lang=zh`), else the default language. */
export function langFromArgv(argv: readonly string[]): Lang {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--lang') return parseLang(argv[i + 1]) ?? defaultLang();
    if (argv[i].startsWith('--lang=')) return parseLang(argv[i].slice('--lang='.length)) ?? defaultLang();
  }
  return defaultLang();
}

const DAY_FORMAT: Record<Lang, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }),
  zh: new Intl.DateTimeFormat('zh-CN', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }),
};

/** An ISO day as the screen writes dates ("Oct 20, 2026", "2026年10月20日"); the text itself when it is no date. */
export function dayText(iso: string, lang: Lang): string {
  const t = Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
  return Number.isFinite(t) ? DAY_FORMAT[lang].format(t) : iso;
}

const DURATION_TEXT: Record<Lang, { tenth: string; s: string; m: string; h: string }> = {
  en: { tenth: '< 0.1 s', s: '{s} s', m: '{m} min {s} s', h: '{h} h {m} min' },
  zh: { tenth: '< 0.1 秒', s: '{s} 秒', m: '{m} 分 {s} 秒', h: '{h} 小时 {m} 分' },
};

/**
 * A time taken as the screen writes it (renderer `format.ts` `duration`): "4.2 s" under a minute, "13 min 4 s",
 * "2 h 5 min" ("4.2 秒", "13 分 4 秒", "2 小时 5 分"); "—" for no time.
 */
export function durationText(seconds: number, lang: Lang): string {
  const t = DURATION_TEXT[lang];
  const fill = (tpl: string, p: Record<string, number | string>): string => tpl.replace(/\{(\w+)\}/g, (_, k: string) => String(p[k]));
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 0.05) return t.tenth;
  if (seconds < 59.95) return fill(t.s, { s: seconds.toFixed(1) });
  const whole = Math.round(seconds);
  if (whole < 3600) return fill(t.m, { m: Math.floor(whole / 60), s: whole % 60 });
  const minutes = Math.round(seconds / 60);
  return fill(t.h, { h: Math.floor(minutes / 60), m: minutes % 60 });
}

const COUNT_FORMAT: Record<Lang, Intl.NumberFormat> = { en: new Intl.NumberFormat('en-US'), zh: new Intl.NumberFormat('zh-CN') };

/** A count in the reader's number format ("49,110"), as the screen writes counts. */
export function countText(n: number, lang: Lang): string {
  return COUNT_FORMAT[lang].format(n);
}
