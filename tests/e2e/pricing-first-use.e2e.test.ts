// Pricing on first use, in the browser against the real server on a fresh demo store: opening the screen starts agent
// training by itself with visible progress; Cancel stops it, says so and offers Resume; recommendations made meanwhile say
// they come from the one-step fallback; training started with Train agents can be cancelled the same way; a damaged
// saved agent is named in an alert after recommending; screenshots in English and 中文.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { agentsDir } from '../../engine/pricing/agent-store';
import en from '../../renderer/src/i18n/en.json';
import zh from '../../renderer/src/i18n/zh.json';
import { api, closeAll, dataFolder, type Desk, finishedJob, launchChromium, openPage, SCREEN_DIR, startDesk, waitReady } from './harness';

let desk: Desk;
let browser: Browser;
let page: Page;
const folder = dataFolder();
const shots = join(SCREEN_DIR, 'pricing-first-use');

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  desk = await startDesk({ dataDir: folder.dir });
  const demo = await finishedJob(desk, await api<{ jobId: string }>(desk, 'demo.create', { skus: 24, days: 120, end: '2026-10-31' }));
  expect(demo.status).toBe('succeeded');
  browser = await launchChromium();
  ({ page } = await openPage(browser, desk.url, 'en-US'));
  await waitReady(page, 'dashboard');
});

afterAll(() => closeAll(browser, desk, folder));

describe('pricing on first use', () => {
  it('starts training without being asked, shows its progress, can be cancelled and resumed; recommendations name their policy', async () => {
    await page.click('[data-testid="nav-pricing"]');
    await waitReady(page, 'pricing');
    const banner = page.locator('[data-testid="pricing-training"]');
    await banner.and(page.locator('[data-state="training"]')).waitFor({ timeout: 30_000 });
    expect(await banner.innerText()).toMatch(/categories trained, about \d+ min left/);
    await page.locator('[data-testid="pricing-auto-progress"]').waitFor();
    await page.screenshot({ path: join(shots, 'training-en.png') });
    // The count follows the training: once a category is saved it reads "1 of …" (or more) while training goes on.
    await page.waitForFunction(() => {
      // textContent runs the title into the count ("…background1 of 6"), hence no \b before the number.
      const el = document.querySelector('[data-testid="pricing-training"][data-state="training"]');
      return /(^|\D)[1-9]\d* of \d+ categories trained/.test(el?.textContent ?? '');
    }, undefined, { timeout: 90_000 });
    await page.click('[data-testid="pricing-train-cancel"]');
    // The cancel is reported, and the banner offers to resume.
    await page.locator('[data-testid="note-blue"]', { hasText: 'Training cancelled' }).waitFor({ timeout: 30_000 });
    await banner.and(page.locator('[data-state="cancelled"]')).waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="pricing-train-resume"]').innerText()).toBe('Resume training');

    await page.click('[data-testid="pricing-recommend"]');
    await page.waitForSelector('[data-testid="pricing-count"]:not([data-count="0"])', { timeout: 60_000 });
    const policies = await page.locator('[data-testid="pricing-policy"]').allInnerTexts();
    expect(policies.length).toBeGreaterThan(0);
    // Cancelled early: most categories have no agent yet, and their rows say so.
    expect(policies.some((p) => p.startsWith('One-step fallback'))).toBe(true);
    await page.screenshot({ path: join(shots, 'cancelled-en.png'), fullPage: true });

    await page.click('[data-testid="lang-switch"] >> text=中文');
    await banner.and(page.locator('[data-state="cancelled"]')).waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="pricing-train-resume"]')?.textContent === '继续训练');
    // The table's policy labels come back from the engine in the new language a moment after the buttons change.
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="pricing-policy"]')].some((e) => (e.textContent ?? '').startsWith('单步后备模型')), undefined, { timeout: 30_000 });
    expect((await page.locator('[data-testid="pricing-policy"]').allInnerTexts()).some((p) => p.startsWith('单步后备模型'))).toBe(true);
    await page.screenshot({ path: join(shots, 'cancelled-zh.png'), fullPage: true });

    await page.click('[data-testid="pricing-train-resume"]');
    await banner.and(page.locator('[data-state="training"]')).waitFor({ timeout: 30_000 });
    expect(await banner.innerText()).toMatch(/约剩 \d+ 分钟/);
    await page.screenshot({ path: join(shots, 'training-zh.png') });
    const status = await api<{ job: { jobId: string; params: { resume: boolean } } }>(desk, 'pricing.training', {});
    expect(status.job.params.resume).toBe(true);
    await api(desk, 'jobs.cancel', { jobId: status.job.jobId });
    await page.click('[data-testid="lang-switch"] >> text=EN');
  });

  it('training started with Train agents shows in the banner with a Cancel button; cancelling it is reported and Train agents works again', async () => {
    const banner = page.locator('[data-testid="pricing-training"]');
    await banner.and(page.locator('[data-state="cancelled"]')).waitFor({ timeout: 30_000 });
    await page.click('[data-testid="pricing-train"]');
    await banner.and(page.locator('[data-state="training"]')).waitFor({ timeout: 30_000 });
    // Started by the user: it runs to its end or its cancel before another can start.
    expect(await page.locator('[data-testid="pricing-train"]').isDisabled()).toBe(true);
    await page.click('[data-testid="pricing-train-cancel"]');
    const note = page.locator('[data-testid="note-blue"]', { hasText: 'Training cancelled' });
    await note.waitFor({ timeout: 30_000 });
    expect(await note.innerText()).toContain('The agents trained so far are kept');
    await banner.and(page.locator('[data-state="cancelled"]')).waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="pricing-train"]').isEnabled()).toBe(true);
    expect(await page.locator('[data-testid="pricing-train-resume"]').isVisible()).toBe(true);
    await page.screenshot({ path: join(shots, 'cancelled-by-user-en.png') });
    const [job] = await api<{ status: string; params: { auto?: boolean } }[]>(desk, 'jobs.list', { kind: 'pricing.train', limit: 1 });
    expect(job).toMatchObject({ status: 'cancelled', params: { auto: false } });
  });

  it('a damaged saved agent is named in an alert after Recommend prices, saying to train again, in English and 中文; the note does not call it untrained', async () => {
    // Cut one of the agents saved so far in half, as a full disk or a killed copy leaves it.
    const { path } = await api<{ path: string }>(desk, 'store.current');
    const name = readdirSync(agentsDir(path)).find((f) => f.endsWith('.json'));
    expect(name).toBeDefined();
    const code = decodeURIComponent(name!.replace(/\.json$/, '')) as keyof typeof en.code.category;
    const file = join(agentsDir(path), name!);
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.slice(0, good.length >> 1));
    try {
      await page.click('[data-testid="pricing-recommend"]');
      const alert = page.locator('[data-testid="pricing-damaged"]');
      await alert.waitFor({ timeout: 60_000 });
      expect(await alert.innerText()).toContain(`The saved agent for ${en.code.category[code]} could not be read and was ignored: its SKUs got prices from the one-step model. Press Train agents to replace it.`);
      // The confirmation's list of categories without an agent leaves the damaged one to the alert.
      const note = page.locator('[data-testid="note-green"]', { hasText: 'recommendations written' }).last();
      await note.waitFor();
      expect(await note.innerText()).not.toMatch(new RegExp(`No trained agent for:.*${en.code.category[code]}`));
      await page.screenshot({ path: join(shots, 'damaged-en.png') });
      await page.click('[data-testid="lang-switch"] >> text=中文');
      await page.waitForFunction((text) => document.querySelector('[data-testid="pricing-damaged"]')?.textContent?.includes(text), `已被忽略：${zh.code.category[code]}。`);
      expect(await alert.innerText()).toContain('已保存的定价智能体已损坏');
      await page.screenshot({ path: join(shots, 'damaged-zh.png') });
      await page.click('[data-testid="lang-switch"] >> text=EN');
    } finally {
      writeFileSync(file, good);
    }
  });
});
