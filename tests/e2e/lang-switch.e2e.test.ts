// A language switch re-translates a screen in place: what the merchant opened, picked or selected stays, and the
// screen's content is on screen throughout (it used to give way to a loader while the answer in the new language
// loaded, on the first switch of each screen in a window, and come back on its first tab, first product, first row).
// Planning (SKU tab), Pricing (a selected recommendation) and Chats (Models tab), each switched once in each direction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api, closeAll, dataFolder, type Desk, finishedJob, launchChromium, openPage, startDesk, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
const folder = dataFolder();
const CJK = /[\u4e00-\u9fff]/;

/** What the watch saw during a switch: the fewest elements each selector matched, and whether a loader was drawn. */
interface Seen {
  least: Record<string, number>;
  loaders: number;
  samples: number;
}

/**
 * Starts watching the screen: on every change to the page and every animation frame, counts the elements each selector
 * matches (the smallest count is kept) and notes a loader drawn in view in the screen's area.
 */
async function watch(page: Page, selectors: string[]): Promise<void> {
  await page.evaluate((sels) => {
    const main = document.querySelector('main');
    if (!main) throw new Error('no main area');
    const seen = { least: Object.fromEntries(sels.map((s) => [s, Infinity])), loaders: 0, samples: 0 };
    const sample = (): void => {
      seen.samples++;
      for (const s of sels) seen.least[s] = Math.min(seen.least[s], document.querySelectorAll(s).length);
      // A loader in a hidden tab panel (still loading since the screen opened) is not one the merchant sees.
      if ([...main.querySelectorAll('.mantine-Loader-root')].some((l) => l.checkVisibility())) seen.loaders++;
    };
    sample();
    const obs = new MutationObserver(sample);
    obs.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
    let on = true;
    const frame = (): void => {
      if (!on) return;
      sample();
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    (window as unknown as { __stopWatch: () => Seen }).__stopWatch = () => {
      on = false;
      obs.disconnect();
      sample();
      return seen;
    };
  }, selectors);
}

async function stopWatch(page: Page): Promise<Seen> {
  return page.evaluate(() => (window as unknown as { __stopWatch: () => Seen }).__stopWatch());
}

/** Clicks the header's language switch and waits for the page to take it. */
async function switchTo(page: Page, lang: 'en' | 'zh'): Promise<void> {
  await page.click(`[data-testid="lang-switch"] >> text=${lang === 'zh' ? '中文' : 'EN'}`);
  await page.waitForFunction((l) => document.documentElement.lang.startsWith(l), lang);
}

/** Waits until the element's text is in the language (Chinese characters in it, or none). */
async function inLanguage(page: Page, selector: string, lang: 'en' | 'zh'): Promise<void> {
  await expect.poll(async () => CJK.test(await page.locator(selector).first().innerText()), { timeout: 30_000 }).toBe(lang === 'zh');
}

/** Switches language while watching, waits until the screen shows the new language, and says what was seen. */
async function switchWatched(page: Page, screen: string, lang: 'en' | 'zh', selectors: string[], translated: string): Promise<Seen> {
  await watch(page, selectors);
  await switchTo(page, lang);
  await waitReady(page, screen);
  await inLanguage(page, translated, lang);
  return stopWatch(page);
}

/** Every selector was matched at every sample, and no loader took the screen's place. */
function keptThroughout(seen: Seen, what: string): void {
  expect(seen.samples, what).toBeGreaterThan(1);
  for (const [sel, n] of Object.entries(seen.least)) expect(n, `${what}: ${sel} disappeared during the switch`).toBeGreaterThan(0);
  expect(seen.loaders, `${what}: a loader was drawn during the switch`).toBe(0);
}

async function open(page: Page, screen: string): Promise<void> {
  await page.click(`[data-testid="nav-${screen}"]`);
  await waitReady(page, screen);
}

/** Planning, SKU tab with a product picked: the tab, the product, its chart and the model's 'why' stay. */
async function planning(page: Page, to: 'en' | 'zh'): Promise<void> {
  await open(page, 'planning');
  await page.click('[data-testid="tab-sku"]');
  await page.locator('[data-testid="sku-pick-urgent"]').first().waitFor({ timeout: 30_000 });
  const sku = ((await page.locator('[data-testid="sku-pick-urgent"]').first().innerText()).split('·')[0] ?? '').trim();
  await page.locator('[data-testid="sku-pick-urgent"]').first().click();
  await page.locator('[data-testid="forecast-why-text"]').waitFor({ timeout: 30_000 });
  const seen = await switchWatched(page, 'planning', to, ['[data-testid="sku-detail"]', '[data-testid="forecast-chart"] svg', '[data-testid="forecast-why-text"]'], '[data-testid="forecast-why-text"]');
  keptThroughout(seen, `planning → ${to}`);
  expect(await page.getAttribute('[data-testid="tab-sku"]', 'aria-selected')).toBe('true');
  expect(await page.locator('[data-testid="sku-picker"]').inputValue()).toContain(sku);
}

/** Pricing with the third recommendation selected: the table's rows, the selection and its price curve stay. */
async function pricing(page: Page, to: 'en' | 'zh'): Promise<void> {
  await open(page, 'pricing');
  const third = page.locator('[data-testid="pricing-row"]').nth(2);
  const sku = (await third.getAttribute('data-sku')) as string;
  await third.click();
  const selected = `[data-testid="pricing-row"][data-selected][data-sku="${sku}"]`;
  await page.locator(selected).waitFor();
  await page.locator('[data-testid="pricing-curve"]').waitFor({ timeout: 30_000 });
  const seen = await switchWatched(page, 'pricing', to, ['[data-testid="pricing-row"]', selected, '[data-testid="pricing-curve"]'], `${selected} [data-testid="pricing-reason"]`);
  keptThroughout(seen, `pricing → ${to}`);
  expect(await page.locator('[data-testid="pricing-row"][data-selected]').getAttribute('data-sku')).toBe(sku);
}

/** Chats, Models tab: the tab and the table of models in use stay. */
async function chats(page: Page, to: 'en' | 'zh'): Promise<void> {
  await open(page, 'chats');
  await page.click('[data-testid="chats-tab-models"]');
  await page.locator('[data-testid="models-active-intents"]').waitFor({ timeout: 30_000 });
  const seen = await switchWatched(page, 'chats', to, ['[data-testid="chats-models"]', '[data-testid="models-active-intents"]', '[data-testid="models-active-sentiment"]'], '[data-testid="chats-tab-models"]');
  keptThroughout(seen, `chats → ${to}`);
  expect(await page.getAttribute('[data-testid="chats-tab-models"]', 'aria-selected')).toBe('true');
}

beforeAll(async () => {
  desk = await startDesk({ dataDir: folder.dir });
  const demo = await finishedJob(desk, await api<{ jobId: string }>(desk, 'demo.create', { skus: 16, days: 150, end: '2026-10-31' }));
  expect(demo.status).toBe('succeeded');
  expect((await finishedJob(desk, await api<{ jobId: string }>(desk, 'forecast.run', { horizon: 28, folds: 1 }))).status).toBe('succeeded');
  await api(desk, 'planning.plan', { serviceLevel: 0.95, reviewDays: 7 });
  await api(desk, 'pricing.recommend', { draws: 20 });
  browser = await launchChromium();
});

afterAll(() => closeAll(browser, desk, folder));

describe('a language switch keeps each screen and its state', () => {
  // Each window has its first switch on every screen (answers in the other language are not cached yet), and the
  // screens alternate, so each screen is switched once each way: en → zh in one window, zh → en in the other.
  for (const start of ['en', 'zh'] as const) {
    const other = start === 'en' ? 'zh' : 'en';
    it(`in a window opened in ${start}: Planning → ${other}, Pricing → ${start}, Chats → ${other}`, async () => {
      const { page, errors } = await openPage(browser, desk.url, start === 'zh' ? 'zh-CN' : 'en-US');
      try {
        await waitReady(page, 'dashboard');
        await planning(page, other);
        await pricing(page, start);
        await chats(page, other);
        expect(errors).toEqual([]);
        expect(await page.evaluate(() => window.__deskMissingKeys ?? [])).toEqual([]);
      } finally {
        await page.context().close();
      }
    });
  }
});
