import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../engine/db/store';
import { tryonProduct } from '../../engine/db/queries/tryon';
import { drawnSvg } from '../../engine/demo/images';
import { apply } from '../../engine/tryon/affine';
import { autoAnchors } from '../../engine/tryon/anchors';
import { cutOut, type RgbaImage } from '../../engine/tryon/cutout';
import { fitProduct } from '../../engine/tryon/fit';
import { prepareProduct } from '../../engine/tryon/product';
import { FACE_POINTS, type FacePoint, type Keypoint, type Person } from '../../models/tryon/types';

// A face where the portrait's is (engine/tryon/photos/portrait.jpg, as the face mesh finds it): ear lobes 195 px apart,
// 241 px from the top landmark to the chin, upright. Earrings are fitted to these points only.
const LOBES = { right: { x: 306.6, y: 264 }, left: { x: 501.6, y: 264 } };
const FACE_H = 241;
const person: Person = {
  index: 0, score: 0.9, box: [250, 20, 310, 320], body: {}, hands: [],
  face: {
    score: 0.9, box: [280, 40, 250, 280], rollDeg: 0, yawDeg: 0,
    points: Object.fromEntries(FACE_POINTS.map((n) => [n, { x: 404, y: 160, score: 0.9 }])) as Record<FacePoint, Keypoint>,
  },
};
Object.assign(person.face!.points, {
  forehead: { x: 404, y: 60, score: 0.9 }, chin: { x: 404, y: 60 + FACE_H, score: 0.9 },
  right_ear_lobe: { ...LOBES.right, score: 0.9 }, left_ear_lobe: { ...LOBES.left, score: 0.9 },
});

/** The demo store's earring drawing (engine/demo/shapes.ts) for a shape variant, through the same cut-out as a product. */
async function demoEarrings(variant: number, id: number, pattern: 'solid' | 'stripes' | 'dots' | 'check'): Promise<RgbaImage> {
  const png = await sharp(Buffer.from(drawnSvg({ id, hex: '#d99a8a', pattern, shape: 'earrings', variant }))).png().toBuffer();
  return (await cutOut(png)).image;
}

/** Leftmost and rightmost opaque column of the cut-out within [c0, c1]. */
function opaqueColumns(img: RgbaImage, c0: number, c1: number): [number, number] {
  let a = -1;
  let b = -1;
  for (let x = Math.max(0, c0); x <= Math.min(img.width - 1, c1); x++)
    for (let y = 0; y < img.height; y++)
      if (img.data[(y * img.width + x) * 4 + 3] > 127) {
        if (a < 0) a = x;
        b = x;
        break;
      }
  return [a, b];
}

describe('earring pairs are split into one earring per ear', () => {
  // Variants 1 and 3 are hoops; variant 3's hoops (radius 42 + half an 8 px stroke, centres 88 px apart) overlap, so no
  // empty column parts them: before the touching-pair split, both hoops were drawn at each ear, the pair's whole width
  // scaled to one earring's length (the bug seen on the demo's "Pearl Drop Earrings Rose Gold", variant 3).
  for (const variant of [0, 1, 2, 3])
    it(`the demo's earrings, shape variant ${variant}: each ear gets one piece, sized like an earring`, async () => {
      for (const [id, pattern] of [[31, 'solid'], [151, 'stripes'], [8, 'dots']] as const) {
        const img = await demoEarrings(variant, id, pattern);
        const anchors = autoAnchors(img, 'earrings')!;
        const [x0, x1] = opaqueColumns(img, 0, img.width - 1);
        const pairW = x1 - x0 + 1;
        // Two pieces: hooks apart, each over its own half of the drawing.
        expect(anchors.hook_right.x - anchors.hook_left.x).toBeGreaterThan(pairW * 0.3);
        expect(anchors.hook_left.x).toBeLessThan(x0 + pairW / 2);
        expect(anchors.hook_right.x).toBeGreaterThan(x0 + pairW / 2);
        const fit = fitProduct('earrings', anchors, person, 'en');
        expect(fit.placements).toHaveLength(2);
        const lobes = [LOBES.right, LOBES.left];
        fit.placements.forEach((p, i) => {
          const [a, b] = opaqueColumns(img, p.columns![0], p.columns![1]);
          // One piece: at most 60% of the pair's width is used at one ear (a whole pair is 100%)...
          expect((b - a + 1) / pairW).toBeLessThan(0.6);
          // ... hanging from its lobe, and as wide on the face as an earring: 5% to 30% of the face height (a hoop 0.22
          // face heights long is 0.22 wide; the pair of such hoops side by side was 0.44).
          const hook = apply(p.transform, i === 0 ? anchors.hook_left : anchors.hook_right);
          expect(Math.hypot(hook.x - lobes[i].x, hook.y - lobes[i].y)).toBeLessThan(1);
          const left = apply(p.transform, { x: a, y: anchors.hook_left.y });
          const right = apply(p.transform, { x: b + 1, y: anchors.hook_left.y });
          const width = Math.hypot(right.x - left.x, right.y - left.y) / FACE_H;
          expect(width).toBeGreaterThan(0.05);
          expect(width).toBeLessThan(0.3);
        });
      }
    });

  it('one earring on its own (a hoop, a drop, a solid disc or bar) is not split: it is drawn whole at both ears', async () => {
    const shapes = [
      '<circle cx="128" cy="130" r="42" fill="none" stroke="#d4af37" stroke-width="8"/>',
      '<circle cx="128" cy="80" r="8" fill="#333"/><path d="M128,88 L128,140" stroke="#d4af37" stroke-width="4"/><circle cx="128" cy="170" r="20" fill="#d4af37"/>',
      '<circle cx="128" cy="128" r="60" fill="#d4af37"/>',
      '<rect x="100" y="40" width="56" height="180" fill="#d4af37"/>',
    ];
    for (const s of shapes) {
      const { data, info } = await sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256">${s}</svg>`)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      const anchors = autoAnchors({ width: info.width, height: info.height, data: new Uint8Array(data) }, 'earrings')!;
      expect(anchors.hook_left).toEqual(anchors.hook_right);
      const fit = fitProduct('earrings', anchors, person, 'en');
      for (const p of fit.placements) expect(p.columns).toEqual([0, Number.MAX_SAFE_INTEGER]);
    }
  });

  it('a pair whose pieces touch, overlap or sit a little askew is split at its pieces, full size or at 512 px', async () => {
    const pairs: [string, number, number][] = [
      // Two solid discs touching, two drops overlapping at their pearls, two hoops overlapping deeply, hoops askew.
      [[78, 178].map((x) => `<circle cx="${x}" cy="130" r="50" fill="#d4af37"/>`).join(''), 78, 178],
      [[106, 150].map((x) => `<circle cx="${x}" cy="80" r="8" fill="#333"/><path d="M${x},88 L${x},140" stroke="#d4af37" stroke-width="4"/><circle cx="${x}" cy="170" r="22" fill="#d4af37"/>`).join(''), 106, 150],
      [[94, 162].map((x) => `<circle cx="${x}" cy="130" r="42" fill="none" stroke="#d4af37" stroke-width="8"/>`).join(''), 94, 162],
      [[84, 172].map((x, i) => `<circle cx="${x}" cy="${128 + i * 5}" r="42" fill="none" stroke="#d4af37" stroke-width="8"/>`).join(''), 84, 172],
    ];
    for (const [s, cl, cr] of pairs)
      for (const size of [256, 512]) {
        const k = size / 256;
        const { data, info } = await sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256">${s}</svg>`)).resize(size, size).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
        const anchors = autoAnchors({ width: info.width, height: info.height, data: new Uint8Array(data) }, 'earrings')!;
        expect(Math.abs(anchors.hook_left.x - cl * k)).toBeLessThan(2 * k);
        expect(Math.abs(anchors.hook_right.x - cr * k)).toBeLessThan(2 * k);
      }
  });

  it('a store that saved such a pair as one earring (before the split) gets it split on its next try-on, and keeps it', async () => {
    const store = openStore(':memory:');
    try {
      const db = store.db;
      const now = '2026-12-02T10:00:00Z';
      const png = await sharp(Buffer.from(drawnSvg({ id: 151, hex: '#d99a8a', pattern: 'solid', shape: 'earrings', variant: 3 }))).png().toBuffer();
      db.prepare('INSERT INTO products (id, sku, title_en, title_zh, category, attributes, images, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(1, 'JW-0031', 'Pearl Drop Earrings Rose Gold', '珍珠流苏耳环 玫瑰金', 'jewellery', JSON.stringify({ type: 'Earrings' }), '[1]', now, now);
      db.prepare('INSERT INTO images (id, product_id, sha256, mime, width, height, bytes, source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(1, 1, 'x'.repeat(64), 'image/png', 256, 256, png, 'test', now);
      const first = await prepareProduct(db, 'JW-0031', 'en', () => now);
      expect(first.anchors.hook_right.x - first.anchors.hook_left.x).toBeGreaterThan(80);
      // What the old code saved: both hooks and drops at the middle of the pair.
      const one = { hook_left: { x: 127.5, y: 84 }, hook_right: { x: 127.5, y: 84 }, drop_left: { x: 127.5, y: 175 }, drop_right: { x: 127.5, y: 175 } };
      db.prepare('UPDATE tryon_products SET anchors = ? WHERE product_id = 1').run(JSON.stringify(one));
      const again = await prepareProduct(db, 'JW-0031', 'en', () => '2026-12-02T11:00:00Z');
      expect(again.anchors).toEqual(first.anchors);
      expect(JSON.parse(tryonProduct(db, 1)!.anchors)).toEqual(first.anchors);
      // Anchors set by hand are the merchant's: one piece stays one piece.
      db.prepare("UPDATE tryon_products SET anchors = ?, anchors_source = 'manual' WHERE product_id = 1").run(JSON.stringify(one));
      expect((await prepareProduct(db, 'JW-0031', 'en', () => now)).anchors).toEqual(one);
    } finally {
      store.close();
    }
  });
});
