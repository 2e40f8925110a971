import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { Engine } from '../../engine/engine';
import { engineOnFreshStore } from './helpers';

let engine: Engine;
let close: () => Promise<void>;
beforeEach(async () => {
  ({ engine, close } = await engineOnFreshStore());
});
afterEach(() => close());

describe('products.image (the desktop app has no HTTP image route)', () => {
  it('returns the stored picture as a data URL that decodes to the same image', async () => {
    const png = await sharp({ create: { width: 8, height: 6, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 0.5 } } }).png().toBuffer();
    const id = Number(
      engine.store.db.prepare("INSERT INTO images (sha256, mime, width, height, bytes, created_at) VALUES ('h', 'image/png', 8, 6, ?, 'x')").run(png).lastInsertRowid,
    );
    const r = await engine.invoke('products.image', { id });
    expect(r.dataUrl.startsWith('data:image/png;base64,')).toBe(true);
    const meta = await sharp(Buffer.from(r.dataUrl.split(',')[1], 'base64')).metadata();
    expect([meta.width, meta.height, meta.hasAlpha]).toEqual([8, 6, true]);
  });

  it('answers not_found for an image that does not exist', async () => {
    const out = await engine.call('products.image', { id: 12345 });
    expect(!out.ok && out.error.code).toBe('not_found');
  });
});
