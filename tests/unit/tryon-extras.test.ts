import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTryonExtras, TRYON_EXTRAS, writeTryonExtras } from '../../engine/demo/tryon-extras';
import type { Engine } from '../../engine/engine';
import { engineOnFreshStore } from './helpers';
import { PEOPLE_DIR } from './tryon-fixtures';

let engine: Engine;
let dir: string;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ engine, dir, close } = await engineOnFreshStore());
  const db = engine.store.db;
  const images = await renderTryonExtras();
  db.transaction(() => writeTryonExtras(db, images, '2026-12-01T12:00:00Z'))();
}, 60_000);

afterAll(async () => close());

describe('demo watch, bracelet and hat for try-on', () => {
  it('are listed as try-on products of their own types, each with a transparent drawn image', async () => {
    const { products } = await engine.invoke('tryon.products', {});
    const byType = Object.fromEntries(products.map((p) => [p.type, p.sku]));
    expect(byType).toEqual({ watch: 'JW-T001', bracelet: 'JW-T002', hat: 'AP-T001' });
    // The screen's picker lists the first matches and says how many more there are; it searches SKU and titles, any case.
    const first = await engine.invoke('tryon.products', { limit: 1 });
    expect(first.products.map((p) => p.sku)).toEqual(['AP-T001']);
    expect(first.total).toBe(3);
    const found = await engine.invoke('tryon.products', { q: 'jw-t', limit: 1 });
    expect([found.products.map((p) => p.sku), found.total]).toEqual([['JW-T001'], 2]);
    expect((await engine.invoke('tryon.products', { q: 'JW_T' })).total).toBe(0);
    for (const e of TRYON_EXTRAS) {
      const p = await engine.invoke('tryon.product', { sku: e.sku });
      // Drawn like the seeded products: a transparent PNG kept as is, not a flood-filled photo.
      expect(p.cutout.method).toBe('transparent');
    }
  });

  it('their anchors sit where a wearer would touch them: watch case edges, bangle ends, the hat brim at its bottom', async () => {
    const watch = await engine.invoke('tryon.product', { sku: 'JW-T001' });
    // The case (r = 56 + stroke) is the widest row, at the drawing's centre; the band is narrower.
    expect(watch.anchors.face_right.x - watch.anchors.face_left.x).toBeGreaterThan(110);
    expect(watch.anchors.face_right.x - watch.anchors.face_left.x).toBeLessThan(124);
    expect(Math.abs(watch.anchors.face_left.y - 128)).toBeLessThan(10);
    expect(watch.widthMm).toBe(40);
    const bangle = await engine.invoke('tryon.product', { sku: 'JW-T002' });
    expect(bangle.anchors.band_right.x - bangle.anchors.band_left.x).toBeGreaterThan(200);
    const hat = await engine.invoke('tryon.product', { sku: 'AP-T001' });
    expect(hat.anchors.brim_right.x - hat.anchors.brim_left.x).toBeGreaterThan(180);
    // The brim is the bottom of the drawing, below the crown and its band.
    expect(hat.anchors.brim_left.y).toBeGreaterThan(176);
  });

  it('a watch on the hands photo runs the hand detector only and sits across the wrist', async () => {
    const r = await engine.invoke('tryon.render', { photo: { path: join(PEOPLE_DIR, 'hands.jpg') }, sku: 'JW-T001', preview: false });
    // No body or face model ran (each costs 50–400 ms): the hand landmarks alone place a watch.
    expect(r.ms.detection).toBe(0);
    expect(r.ms.keypoints).toBeGreaterThan(0);
    expect(r.measure.name).toBe('knuckle_width');
    expect(r.measure.scaleSource).toBe('real_size');
    const { face_left: a, face_right: b } = r.transforms[0].targets;
    const wrist = r.keypoints.wrist;
    const centre = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    expect(Math.hypot(centre.x - wrist.x, centre.y - wrist.y)).toBeLessThan(1);
    // 40 mm of an 80 mm knuckle width.
    expect(Math.hypot(b.x - a.x, b.y - a.y) / r.measure.px).toBeCloseTo(0.5, 2);
  });

  it('a bracelet on a photo without hands says no hand is visible, after looking with every detector (not "no person")', async () => {
    // The portrait's top: a face, no hands. The quick pass (hands only) finds nobody; every detector then finds the
    // person, whose missing hand is what the message names.
    const top = join(dir, 'top.jpg');
    writeFileSync(top, await sharp(join(PEOPLE_DIR, 'portrait.jpg')).extract({ left: 160, top: 0, width: 500, height: 420 }).jpeg().toBuffer());
    await expect(engine.invoke('tryon.render', { photo: { path: top }, sku: 'JW-T002', preview: false })).rejects.toThrow(/No hand is visible on person 0; a bracelet needs a hand/);
  });
});
