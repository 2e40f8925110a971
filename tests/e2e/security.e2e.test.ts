// Browser mode's authentication as the real page does it: the token from the URL fragment is traded for an
// HttpOnly cookie and never appears in a request URL or in the page's storage; images and calls work by cookie.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { Engine } from '../../engine/engine';
import { closeAll, dataFolder, type Desk, launchChromium, openPage, startDesk, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
const folder = dataFolder('desk-e2e-sec-');
let imageId = 0;

beforeAll(async () => {
  // A store with one image, made in process before the server starts.
  const store = join(folder.dir, 'shop.db');
  const engine = new Engine({ dataDir: folder.dir, lang: 'en' });
  await engine.open(store, { create: true });
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
  imageId = Number(engine.store.db.prepare("INSERT INTO images (sha256, mime, bytes, created_at) VALUES ('h', 'image/png', ?, 'x')").run(png).lastInsertRowid);
  await engine.close();
  desk = await startDesk({ dataDir: folder.dir, store });
  browser = await launchChromium();
});

afterAll(() => closeAll(browser, desk, folder));

describe('browser mode: token and cookie', () => {
  it('the page trades the token for an HttpOnly, SameSite=Strict cookie; the token is in no request URL and no storage', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    await page.goto(desk.url);
    await waitReady(page);
    expect(page.url()).not.toContain(desk.token);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === `desk_session_${new URL(desk.baseUrl).port}`);
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(session?.value).not.toBe(desk.token);
    const seen = await page.evaluate(() => ({ cookie: document.cookie, storage: JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }) }));
    expect(seen.cookie).not.toContain('desk_session');
    expect(seen.storage).not.toContain(desk.token);
    // Calls, images and the event stream go by cookie, with plain URLs.
    const status = await page.evaluate(async (id) => {
      const op = await fetch('/api/op/store.current', { method: 'POST', body: '{}' });
      const img = await fetch(`/api/image/${id}`);
      const ctrl = new AbortController();
      const ev = await fetch('/api/events', { signal: ctrl.signal });
      ctrl.abort();
      return [op.status, img.status, img.headers.get('x-content-type-options'), ev.status];
    }, imageId);
    expect(status).toEqual([200, 200, 'nosniff', 200]);
    expect(urls.length).toBeGreaterThan(3);
    expect(urls.filter((u) => u.includes(desk.token) || u.includes('token='))).toEqual([]);
    // A reload keeps the session (the fragment is gone, the cookie stays).
    await page.reload();
    await waitReady(page);
    expect(await page.evaluate(async () => (await fetch('/api/op/store.current', { method: 'POST', body: '{}' })).status)).toBe(200);
    await context.close();
  });

  it('a page without the token gets 401, and a page opened with a wrong token gets no session', async () => {
    const { page } = await openPage(browser, `${desk.baseUrl}/#token=wrong`);
    await page.waitForLoadState('load');
    const status = await page.evaluate(async () => (await fetch('/api/op/store.current', { method: 'POST', body: '{}' })).status);
    expect(status).toBe(401);
    await page.context().close();
  });
});
