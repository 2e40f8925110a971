// While a try-on preview is being made (held back here until checked) the preview area says so: the first preview of a
// store that its body and face models are loading, "(first time only)", and every later one that the preview is being
// made. The first time is the store's, kept in its settings: after the app is restarted on the same store and opened in a
// new window, the notice is not said again (it was kept per window and came back after every restart).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { api, openForFile, openScreen, pickTryOnProduct as pickProduct, startDesk, startTryOnDesk } from './harness';

const tryOn = openForFile(startTryOnDesk);

function openTryOn(locale: string): Promise<{ page: Page; errors: string[] }> {
  return openScreen(tryOn.browser, tryOn.desk.url, locale, 'tryon');
}

/** Presses Try on with the render held back, and returns what the preview area says meanwhile. */
async function saidWhileMaking(page: Page, photo: number): Promise<string> {
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/api/op/tryon.render', async (route) => {
    await held;
    await route.continue();
  });
  await page.locator('[data-testid="tryon-photos"] button').nth(photo).click();
  await page.click('[data-testid="tryon-run"]');
  const busy = page.locator('[data-testid="tryon-loading"]');
  await busy.waitFor({ timeout: 10_000 });
  const text = await busy.innerText();
  release();
  await page.locator('[data-testid="tryon-result"]').waitFor({ timeout: 120_000 });
  expect(await busy.count()).toBe(0);
  await page.unroute('**/api/op/tryon.render');
  return text;
}

describe('Try-on: the models notice is said once per store', () => {
  it('the first preview of the store says the models are loading, later ones that the preview is being made (中文)', async () => {
    const { eyewear } = tryOn;
    expect(eyewear).not.toBe('');
    const { page, errors } = await openTryOn('zh-CN');
    await pickProduct(page, eyewear);
    expect(await saidWhileMaking(page, 0)).toBe('正在加载人体和面部模型…（仅首次）');
    expect(await saidWhileMaking(page, 1)).toBe('正在生成预览…');
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);

  it('after a restart on the same store, a new window does not say "(first time only)" again (en)', async () => {
    const { path } = await api<{ path: string }>(tryOn.desk, 'store.info', { backend: false });
    await tryOn.desk.stop();
    tryOn.desk = await startDesk({ dataDir: tryOn.dataDir, store: path });
    const { page, errors } = await openTryOn('en-US');
    await pickProduct(page, tryOn.eyewear);
    expect(await saidWhileMaking(page, 0)).toBe('Making the preview…');
    expect(errors).toEqual([]);
  }, 240_000);
});
