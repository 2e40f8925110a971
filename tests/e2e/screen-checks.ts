/** Page checks for the screenshot suite: values cut by an ellipsis, raw stored codes on screen, Chinese drawn as boxes. */
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { CATEGORIES } from '../../engine/demo/categories';
import { LOCAL_MODEL_NAMES } from '../../engine/forecast/models/index';

/** Screen sizes every screen is checked and photographed at. */
export const SIZES = [
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
] as const;

/**
 * Codes the store keeps that must never be a whole piece of text on screen (their labels are). Lower-case and
 * case-sensitive: 'Apparel' is a label, 'apparel' the code.
 */
export const RAW_CODES: readonly string[] = [
  ...CATEGORIES.map((c) => c.code),
  'uncategorised',
  ...['taobao', 'jd', 'wechat', 'douyin', 'shopify', 'email'],
  ...['open', 'closed'],
  ...['import', 'demo', 'pricing', 'manual'],
  ...LOCAL_MODEL_NAMES,
  ...['ensemble', 'pooled', 'neural', 'neural-blend', 'auto', 'neural-holdout', 'statistical-holdout'],
  ...['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'],
  ...['queued', 'running', 'succeeded', 'failed', 'cancelled'],
  ...['products', 'inventory', 'orders', 'daily-sales', 'competitor-prices', 'browsing-events', 'signals'],
];

/** Codes that never occur in prose, so they must not appear even inside a sentence (as a whole word). */
export const RAW_IN_TEXT: readonly string[] = ['no-adapter', 'snaive', 'sba', 'tsb', 'croston', 'ensemble', 'phone_accessories', 'wechat', 'douyin', 'taobao', 'tensorflow-gpu', 'Cannot find module'];

/** A number, amount or percentage as the screens print it ("1,331", "CN¥262.90", "−5%", "14 天"). */
const NUMBER = String.raw`[-+−]?[^\s\d]{0,4}\s?[\d.,]+\s?(%|d|天)?`;
/** A date as the screens print it in either language ("2026年11月28日", "2026-11-28", "Nov 28, 2026"). */
const DATE = String.raw`\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{2}-\d{2}|[A-Z][a-z]{2} \d{1,2}, \d{4}`;

/**
 * Visible elements cut by `text-overflow: ellipsis` whose text is a number, an amount or a badge: those must show whole.
 * (A long product title may be cut: it is text, and its full form is on hover.)
 */
export function clippedValues(page: Page): Promise<string[]> {
  return page.evaluate((number) => {
    const out: string[] = [];
    const isNumber = new RegExp(`^${number}$`);
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('main *'))) {
      if (!el.offsetParent && getComputedStyle(el).position !== 'fixed') continue;
      if (el.scrollWidth <= el.clientWidth + 1) continue;
      if (getComputedStyle(el).textOverflow !== 'ellipsis') continue;
      const text = (el.innerText ?? '').trim();
      if (!text) continue;
      const numeric = isNumber.test(text);
      const badge = !!el.closest('.mantine-Badge-root');
      if (numeric || badge) out.push(`${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''} "${text}" (${el.clientWidth}px of ${el.scrollWidth}px)`);
    }
    return out;
  }, NUMBER);
}

/**
 * Table cells holding one number, amount or date that the layout broke onto two or more lines ("2026年11月28" / "日"):
 * those must read on one line. Lines are told apart by the tops of the text's boxes (a DOM Range over the cell).
 */
export function wrappedValues(page: Page): Promise<string[]> {
  return page.evaluate(({ number, date }) => {
    const out: string[] = [];
    const value = new RegExp(`^(${number}|${date})$`);
    for (const td of Array.from(document.querySelectorAll<HTMLElement>('main td, main th'))) {
      if (!td.getClientRects().length) continue;
      const text = (td.innerText ?? '').trim();
      if (!text || !value.test(text)) continue;
      const range = document.createRange();
      range.selectNodeContents(td);
      const tops = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (tops.size > 1) out.push(`${td.tagName.toLowerCase()}${td.dataset.testid ? `[${td.dataset.testid}]` : ''} "${text}" on ${tops.size} lines`);
    }
    return out;
  }, { number: NUMBER, date: DATE });
}

/**
 * Badges whose label has less than 4.5:1 contrast against what is drawn behind it (WCAG AA for small text): the badge's
 * own background blended over its ancestors' until an opaque one, so a translucent tint on a striped row counts as
 * the reader sees it. Catches a text colour fixed for one theme (dark text on the dark theme's deep tints).
 */
export function lowContrastBadges(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    type Rgba = [number, number, number, number];
    const parse = (c: string): Rgba | null => {
      const srgb = /^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.e-]+))?\)$/.exec(c);
      if (srgb) return [255 * Number(srgb[1]), 255 * Number(srgb[2]), 255 * Number(srgb[3]), srgb[4] === undefined ? 1 : Number(srgb[4])];
      const rgb = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/.exec(c);
      if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), rgb[4] === undefined ? 1 : Number(rgb[4])];
      return null;
    };
    const over = (top: Rgba, under: Rgba): Rgba => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat(1) as Rgba;
    const lum = (c: Rgba): number => {
      const ch = c.slice(0, 3).map((v) => {
        const x = v / 255;
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
    };
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('main .mantine-Badge-root'))) {
      if (!el.getClientRects().length) continue;
      const text = (el.innerText ?? '').trim();
      if (!text) continue;
      // The background as drawn: layers from the badge up to the first opaque one, blended bottom to top.
      const layers: Rgba[] = [];
      for (let n: HTMLElement | null = el; n; n = n.parentElement) {
        const c = parse(getComputedStyle(n).backgroundColor);
        if (c && c[3] > 0) layers.push(c);
        if (c && c[3] >= 1) break;
      }
      let bg: Rgba = document.documentElement.style.colorScheme === 'dark' ? [0, 0, 0, 1] : [255, 255, 255, 1];
      for (const l of layers.reverse()) bg = over(l, bg);
      const fg0 = parse(getComputedStyle(el).color);
      if (!fg0) continue;
      const fg = over(fg0, bg);
      const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      const ratio = (a + 0.05) / (b + 0.05);
      if (ratio < 4.5) out.push(`"${text}" ${ratio.toFixed(1)}:1`);
    }
    return out;
  });
}

/** Raw codes visible on the page: a text node that is exactly a code, or a never-in-prose code inside any text. */
export function rawCodesShown(page: Page): Promise<string[]> {
  return page.evaluate(
    ({ exact, inText }) => {
      const found = new Set<string>();
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || el.closest('script, style, .sr-only, [hidden], [data-testid="store-name"]') || !el.getClientRects().length) continue;
        const text = (n.textContent ?? '').trim();
        if (!text) continue;
        if (exact.includes(text)) found.add(`"${text}"`);
        for (const c of inText) if (new RegExp(`(^|[^\\w-])${c.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&')}($|[^\\w-])`).test(text)) found.add(`"${c}" in "${text.slice(0, 80)}"`);
      }
      return [...found];
    },
    { exact: [...RAW_CODES], inText: [...RAW_IN_TEXT] },
  );
}

/**
 * Chinese characters the page shows as boxes: the visible window is photographed and each Chinese character's box on
 * it (from a DOM Range) is cut out; two different characters that look the same at the same size are boxes, as is a
 * blank cell. The page's own pixels are judged: text laid out before a font slice arrived can stay boxes even after
 * it has loaded, which neither canvas drawing nor fresh probe text shows.
 */
export async function tofuChars(page: Page): Promise<{ chars: number; tofu: string[]; webFontLoaded: boolean }> {
  await page.evaluate(() => document.fonts.ready);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const samples = await page.evaluate(() => {
    const out: { ch: string; x: number; y: number; w: number; h: number; key: string }[] = [];
    const seen = new Set<string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n && out.length < 400; n = walker.nextNode()) {
      const text = n.textContent ?? '';
      const el = n.parentElement;
      if (!el || !/[\u3400-\u9fff]/.test(text)) continue;
      const cs = getComputedStyle(el);
      if (cs.visibility !== 'visible' || Number(cs.opacity) < 0.5) continue;
      // Text cut by an ellipsis or by a scrolling box: its hidden characters are not drawn, so they cannot be judged.
      const clips = (e: Element): boolean => {
        const st = getComputedStyle(e);
        return st.overflowX !== 'visible' || st.overflowY !== 'visible' || st.textOverflow === 'ellipsis';
      };
      let cut = false;
      for (let a: Element | null = el; a && a !== document.body && !cut; a = a.parentElement) {
        if (clips(a) && (a.scrollWidth > a.clientWidth + 1 || a.scrollHeight > a.clientHeight + 1) && a.scrollWidth - a.clientWidth < 2000) cut = true;
      }
      if (cut) continue;
      const key = `${cs.fontSize}/${cs.fontWeight}`;
      for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (!/[\u3400-\u9fff]/.test(ch) || seen.has(`${ch}|${key}`)) continue;
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + 1);
        const b = r.getBoundingClientRect();
        // Whole, on screen, and not under another element (a cut cell would compare wrongly).
        if (b.width < 6 || b.left < 0 || b.top < 0 || b.right > innerWidth || b.bottom > innerHeight) continue;
        const top = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
        if (!top || !(top === el || el.contains(top) || top.contains(el))) continue;
        seen.add(`${ch}|${key}`);
        out.push({ ch, x: Math.round(b.left), y: Math.round(b.top), w: Math.round(b.width), h: Math.round(b.height), key });
      }
    }
    return out;
  });
  const webFontLoaded = await page.evaluate(() => [...document.fonts].some((f) => f.family.replace(/["']/g, '') === 'Noto Sans SC' && f.status === 'loaded'));
  if (!samples.length) return { chars: 0, tofu: [], webFontLoaded };
  const { data, info } = await sharp(await page.screenshot()).greyscale().raw().toBuffer({ resolveWithObject: true });
  const bitmap = (s: (typeof samples)[number]): string => {
    let lo = 255;
    let hi = 0;
    const px: number[] = [];
    for (let y = s.y; y < Math.min(s.y + s.h, info.height); y++) {
      for (let x = s.x; x < Math.min(s.x + s.w, info.width); x++) {
        const v = data[(y * info.width + x) * info.channels];
        px.push(v);
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    // Nothing drawn at all (a faint placeholder still differs from its background by far more than this).
    if (hi - lo < 12) return '';
    const mid = (lo + hi) / 2;
    return `${s.w}x${s.h}:${px.map((v) => (v < mid ? '1' : '0')).join('')}`;
  };
  const maps = samples.map(bitmap);
  const byLook = new Map<string, Set<string>>();
  samples.forEach((s, i) => {
    const k = `${s.key}|${maps[i]}`;
    if (!byLook.has(k)) byLook.set(k, new Set());
    byLook.get(k)?.add(s.ch);
  });
  const tofu = new Set<string>();
  samples.forEach((s, i) => {
    if (!maps[i] || (byLook.get(`${s.key}|${maps[i]}`)?.size ?? 0) > 1) tofu.add(s.ch);
  });
  return { chars: samples.length, tofu: [...tofu], webFontLoaded };
}

/** Rectangles of two selectors that overlap (e.g. a notification over a chart). */
export function overlaps(page: Page, a: string, b: string): Promise<string[]> {
  return page.evaluate(
    ({ a, b }) => {
      const out: string[] = [];
      for (const x of Array.from(document.querySelectorAll(a))) {
        const r = x.getBoundingClientRect();
        for (const y of Array.from(document.querySelectorAll(b))) {
          const s = y.getBoundingClientRect();
          if (r.width && s.width && r.left < s.right && s.left < r.right && r.top < s.bottom && s.top < r.bottom) out.push(`${a} over ${b} at ${Math.round(s.left)},${Math.round(s.top)}`);
        }
      }
      return out;
    },
    { a, b },
  );
}
