// Building the image index of a store whose photos have no thumbnails yet (a demo store: 903 photos, half a minute)
// says so with a count, and that it is loading the image model, instead of 'starting' until the features begin.
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine';
import type { JobProgress } from '../../engine/jobs/types';
import { engineOnFreshStore } from './helpers';

let engine: Engine;
let close: () => Promise<void>;
const PHOTOS = 12;

beforeEach(async () => {
  ({ engine, close } = await engineOnFreshStore());
  const db = engine.store.db;
  const ins = db.prepare("INSERT INTO images (product_id, sha256, mime, width, height, bytes, source, created_at) VALUES (?, ?, 'image/png', 96, 96, ?, 'test', 'x')");
  for (let i = 0; i < PHOTOS; i++) {
    const pid = Number(db.prepare("INSERT INTO products (sku, title_en, price, created_at, updated_at) VALUES (?, 'Mug', 10, 'x', 'x')").run(`MUG-${i}`).lastInsertRowid);
    const png = await sharp({ create: { width: 96, height: 96, channels: 3, background: { r: 20 * i, g: 120, b: 255 - 20 * i } } }).png().toBuffer();
    ins.run(pid, `sha-${i}`, png);
  }
});
afterEach(() => close());

const phaseOf = (e: JobProgress, lang: 'en' | 'zh'): string | null => e.phases?.[lang] ?? null;

describe('image index phases', () => {
  it('counts the thumbnails it makes, then says it loads the model, before computing features (en, 中文)', async () => {
    const events: JobProgress[] = [];
    engine.on('job', (p: JobProgress) => events.push(p));
    const job = await engine.invoke('images.index', { backbone: 'colour' });
    expect((await engine.jobs.wait(job.jobId)).status).toBe('succeeded');
    const mine = events.filter((e) => e.jobId === job.jobId && e.status === 'running');
    const thumbs = mine.filter((e) => phaseOf(e, 'en') === 'making thumbnails');
    // Progress is throttled (every phase's first event is sent): counted out of all the photos, from none.
    expect(thumbs.length).toBeGreaterThanOrEqual(1);
    expect(thumbs.every((e) => e.total === PHOTOS)).toBe(true);
    expect(thumbs[0].done).toBe(0);
    expect(phaseOf(thumbs[0], 'zh')).toBe('生成缩略图');
    const order = [...new Set(mine.map((e) => phaseOf(e, 'en')).filter((p) => p !== null))];
    expect(order).toEqual(['making thumbnails', 'loading the image model', 'computing image features', 'building the index']);
    expect(phaseOf(mine.find((e) => phaseOf(e, 'en') === 'loading the image model') as JobProgress, 'zh')).toBe('加载图像模型');
    // A second build finds every thumbnail made: no thumbnail phase, nothing to load.
    const again: JobProgress[] = [];
    engine.on('job', (p: JobProgress) => again.push(p));
    const second = await engine.invoke('images.index', { backbone: 'colour' });
    expect((await engine.jobs.wait(second.jobId)).status).toBe('succeeded');
    expect(again.filter((e) => e.jobId === second.jobId).map((e) => phaseOf(e, 'en'))).not.toContain('making thumbnails');
  });

});
