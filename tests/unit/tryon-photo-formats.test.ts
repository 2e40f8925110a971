// A model photo must be a photo: an SVG drawing or a GIF is refused by the engine (the browser's picker offers JPEG,
// PNG and WebP, but the API took them), by its name and by its bytes whatever it is called, in English and Chinese,
// and nothing is kept.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine';
import { engineOnFreshStore } from './helpers';

let engine: Engine;
let dir: string;
let close: () => Promise<void>;

const SVG = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="300" height="400"><rect width="300" height="400" fill="#c08060"/><circle cx="150" cy="120" r="60" fill="#f0d0b0"/></svg>';

beforeAll(async () => {
  ({ engine, dir, close } = await engineOnFreshStore());
  writeFileSync(join(dir, 'drawing.svg'), SVG);
  // An SVG under a photo's name, and a GIF under one: refused by what they are.
  writeFileSync(join(dir, 'portrait.jpg'), SVG);
  const gif = await sharp(Buffer.from(SVG)).gif().toBuffer();
  writeFileSync(join(dir, 'person.gif'), gif);
  writeFileSync(join(dir, 'holiday.png'), gif);
  writeFileSync(join(dir, 'model.jpg'), await sharp(Buffer.from(SVG)).jpeg().toBuffer());
}, 60_000);
afterAll(() => close());

const refusal = (file: string, format: string) => ({
  en: `The photo ${file} cannot be used: it is a ${format} file, not a photo; use a JPEG, PNG or WebP photo`,
  zh: `无法使用照片 ${file}：它是 ${format} 文件，不是照片；请使用 JPEG、PNG 或 WebP 照片`,
});

describe('try-on model photos: SVG and GIF refused', () => {
  const CASES = [
    { path: 'drawing.svg', file: 'drawing.svg', format: 'SVG' },
    { path: 'portrait.jpg', file: 'portrait.jpg', format: 'SVG' },
    { path: 'person.gif', file: 'person.gif', format: 'GIF' },
    { path: 'holiday.png', file: 'holiday.png', format: 'GIF' },
    // An upload named by the user: its own name is the one said (a JPEG picked as 'logo.svg' is refused by name).
    { path: 'model.jpg', name: 'logo.svg', file: 'logo.svg', format: 'SVG' },
  ];
  for (const c of CASES) {
    it(`${c.name ?? c.path}: refused (${c.format}) in the caller's language, with both languages, and not kept`, async () => {
      const texts = refusal(c.file, c.format);
      for (const lang of ['en', 'zh'] as const) {
        const input = { path: join(dir, c.path), ...(c.name ? { name: c.name } : {}) };
        const r = await engine.call('tryon.photos.add', input, lang);
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect(r.error).toMatchObject({ code: 'unsupported_media', message: texts[lang], texts, details: { file: c.file, reason: 'not_photo_format' } });
        // A one-off try-on from a path refuses it the same way.
        const render = await engine.call('tryon.render', { photo: input, sku: 'ANY' }, lang);
        expect(!render.ok && render.error.message).toBe(texts[lang]);
      }
      expect((await engine.invoke('tryon.photos', {})).photos).toEqual([]);
    });
  }

  it('a JPEG photo is still kept', async () => {
    const added = await engine.invoke('tryon.photos.add', { path: join(dir, 'model.jpg'), name: 'Anna.jpg' });
    expect((await engine.invoke('tryon.photos', {})).photos.map((p) => [p.id, p.name])).toEqual([[added.photoId, 'Anna.jpg']]);
  });
});
