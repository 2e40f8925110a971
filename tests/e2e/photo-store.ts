/** E2E set-up for the visual search files: a store of products with photos, imported and indexed, served over HTTP. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { openStore } from '../../engine/db/store';
import { runImageImport } from '../../engine/vision/import/run';
import { api, type Desk, finishedJob, launchChromium, startDesk } from './harness';

/** One product of the store and its photo (PNG bytes). */
export interface PhotoProduct {
  sku: string;
  en: string;
  zh: string;
  png: Buffer;
}

/**
 * Writes a new store at `dataDir`/shop.db holding `products` (price 10), imports their photos from `dataDir`/photos,
 * serves it, indexes the photos with the colour backbone (seconds for a hundred; the screen searches whichever backbone
 * holds the index) and launches Chromium. Throws, with the desk stopped, when the index is not built.
 */
export async function startPhotoDesk(dataDir: string, products: PhotoProduct[]): Promise<{ desk: Desk; browser: Browser; storePath: string }> {
  const storePath = join(dataDir, 'shop.db');
  const store = openStore(storePath, { create: true });
  const ins = store.db.prepare("INSERT INTO products (sku, title_en, title_zh, price, created_at, updated_at) VALUES (?, ?, ?, 10, 'x', 'x')");
  const photos = join(dataDir, 'photos');
  mkdirSync(photos);
  for (const p of products) {
    ins.run(p.sku, p.en, p.zh);
    writeFileSync(join(photos, `${p.sku}.png`), p.png);
  }
  await runImageImport(store.db, { path: photos }, { lang: 'en', progress: () => undefined, checkCancelled: () => undefined });
  store.close();
  const desk = await startDesk({ dataDir, store: storePath });
  try {
    const indexed = await finishedJob(desk, await api<{ jobId: string }>(desk, 'images.index', { backbone: 'colour' }));
    if (indexed.status !== 'succeeded') throw new Error(`images.index ${indexed.status}: ${indexed.error?.message ?? ''}`);
    return { desk, browser: await launchChromium(), storePath };
  } catch (e) {
    await desk.stop();
    throw e;
  }
}
