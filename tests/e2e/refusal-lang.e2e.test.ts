// A refusal on screen follows a language switch en → 中文 → en: the graph weight's "no image index yet" (the engine's
// two texts), and errors with one text only, an internal error and an engine that cannot be reached, worded by their
// code in the UI language with the engine's text kept as the detail. They stayed in the language they came in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { acrossSwitch, closeAll, dataFolder, type Desk, openScreen } from './harness';
import { startPhotoDesk } from './photo-store';

let desk: Desk;
let browser: Browser;
let storePath: string;
const folder = dataFolder();

beforeAll(async () => {
  const mugs = [[1, 30], [2, 40], [3, 200], [4, 300]].map(async ([i, hue]) => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128"><rect width="128" height="128" fill="#fff"/><circle cx="64" cy="64" r="40" fill="hsl(${hue},80%,45%)"/></svg>`;
    return { sku: `MUG-${i}`, en: `Mug ${i}`, zh: `马克杯 ${i}`, png: await sharp(Buffer.from(svg)).png().toBuffer() };
  });
  ({ desk, browser, storePath } = await startPhotoDesk(folder.dir, await Promise.all(mugs)));
}, 240_000);

afterAll(() => closeAll(browser, desk, folder));

/** The visual search screen searching by MUG-1, its graph weight shown. */
async function searchByProduct(): Promise<{ page: Page; errors: string[] }> {
  const opened = await openScreen(browser, desk.url, 'en-US', 'visual');
  const { page } = opened;
  await page.locator('[data-testid="visual-product"]').click();
  await page.keyboard.type('MUG-1', { delay: 40 });
  await page.getByRole('option', { name: /MUG-1/ }).first().click();
  await page.waitForSelector('[data-testid="visual-graph-tune"]', { timeout: 60_000 });
  return opened;
}

describe('refusals follow a language switch', () => {
  it('an index build the engine cannot be reached for, and a tuning that fails inside the engine, are said in the UI language', async () => {
    const { page, errors } = await searchByProduct();
    // The engine goes away for these two calls: the request fails in the browser, or comes back as an internal error.
    await page.route('**/api/op/images.index', (r) => r.abort('connectionrefused'));
    await page.route('**/api/op/images.graphWeight.tune', (r) => r.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'internal', message: 'SQLITE_MISUSE: bad parameter', details: { errorId: 'e1' } } }) }));
    await page.click('[data-testid="visual-build-index"]');
    const indexLine = page.locator('[data-testid="visual-index-msg"]');
    await indexLine.waitFor();
    const detail = await indexLine.innerText();
    const browserText = detail.slice(detail.indexOf('Details: ') + 'Details: '.length);
    expect(browserText.length).toBeGreaterThan(0);
    await acrossSwitch(
      page,
      indexLine,
      `The engine could not be reached: check that Merchant Desk is still running, then try again. Details: ${browserText}`,
      `无法连接到引擎：请确认 Merchant Desk 仍在运行，然后再试一次。详情：${browserText}`,
      'refusal-offline',
    );
    await page.click('[data-testid="visual-graph-tune"]');
    await acrossSwitch(
      page,
      page.locator('[data-testid="visual-graph-tune-error"]'),
      'Something went wrong in Merchant Desk. Details: SQLITE_MISUSE: bad parameter',
      'Merchant Desk 内部出错。详情：SQLITE_MISUSE: bad parameter',
      'refusal-internal',
    );
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('tuning the graph weight with no image index says so in English, then 中文, then English', async () => {
    const { page, errors } = await searchByProduct();
    // The index is gone after the search showed (another window cleared it): tuning is refused by the engine.
    const db = new Database(storePath);
    db.prepare('DELETE FROM image_embeddings').run();
    db.close();
    await page.click('[data-testid="visual-graph-tune"]');
    await acrossSwitch(
      page,
      page.locator('[data-testid="visual-graph-tune-error"]'),
      'No image index yet: build it first (Visual search › Build image index, or `desk images index`)',
      '还没有图片索引：请先建立索引（以图搜货 › 建立图片索引，或运行 `desk images index`）',
      'refusal-no-index',
    );
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
