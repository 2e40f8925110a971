import { describe, expect, it } from 'vitest';
import type { Keypoint, Person, RgbImage } from '../../models/tryon/types';
import { apply, type Affine } from '../../engine/tryon/affine';
import { autoAnchors } from '../../engine/tryon/anchors';
import { composite, NAIVE } from '../../engine/tryon/composite';
import type { RgbaImage } from '../../engine/tryon/cutout';
import { fitProduct } from '../../engine/tryon/fit';
import { applyTps, fitTps } from '../../engine/tryon/tps';

// Synthetic keypoints (no model runs): a person facing the camera, shoulders level, hips tilted by `hipDeg`.
function person(hipDeg: number): Person {
  const k = (x: number, y: number): Keypoint => ({ x, y, score: 0.95 });
  const r = (hipDeg * Math.PI) / 180;
  const hx = 70 * Math.cos(r);
  const hy = 70 * Math.sin(r);
  return {
    index: 0, score: 0.9, box: [150, 50, 300, 500], face: null, hands: [],
    body: { right_shoulder: k(200, 150), left_shoulder: k(400, 150), right_hip: k(300 - hx, 400 - hy), left_hip: k(300 + hx, 400 + hy) },
  };
}

// A plain red T-shirt-like cut-out: a body with short sleeves, on a transparent background.
function shirt(): RgbaImage {
  const width = 220;
  const height = 260;
  const data = new Uint8Array(width * height * 4);
  for (let y = 10; y < 250; y++) for (let x = 10; x < 210; x++) {
    const sleeve = y < 80;
    if (!sleeve && (x < 45 || x > 174)) continue;
    const i = (y * width + x) * 4;
    data.set([200, 30, 30, 255], i);
  }
  return { width, height, data };
}

const white = (w: number, h: number): RgbImage => ({ width: w, height: h, data: new Uint8Array(w * h * 3).fill(255) });

/** The lowest row in column x where the garment (red) shows. */
function lowestRed(img: RgbImage, x: number): number {
  for (let y = img.height - 1; y >= 0; y--) {
    const i = (y * img.width + Math.round(x)) * 3;
    if (img.data[i] > 150 && img.data[i + 1] < 100) return y;
  }
  return -1;
}

/** The highest row in column x where the garment shows. */
function highestRed(img: RgbImage, x: number): number {
  for (let y = 0; y < img.height; y++) {
    const i = (y * img.width + Math.round(x)) * 3;
    if (img.data[i] > 150 && img.data[i + 1] < 100) return y;
  }
  return -1;
}

describe('smooth warp for tops (thin-plate spline)', () => {
  it('passes through every point pair and is the affine map itself when an affine map fits the points', () => {
    const A: Affine = [1.3, 0.2, 40, -0.1, 0.9, -15];
    const from = [{ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 0, y: 120 }, { x: 100, y: 120 }, { x: 50, y: 60 }];
    const t = fitTps(from, from.map((p) => apply(A, p)));
    for (const p of [{ x: 13, y: 77 }, { x: 250, y: -40 }, { x: 99, y: 1 }]) {
      const q = applyTps(t, p);
      const e = apply(A, p);
      expect(Math.hypot(q.x - e.x, q.y - e.y)).toBeLessThan(1e-6);
    }
    // A point pair off the affine map is still met exactly, and the map bends smoothly toward it.
    const to = from.map((p) => apply(A, p));
    to[4] = { x: to[4].x + 20, y: to[4].y };
    const b = fitTps(from, to);
    for (let i = 0; i < from.length; i++) expect(Math.hypot(applyTps(b, from[i]).x - to[i].x, applyTps(b, from[i]).y - to[i].y)).toBeLessThan(1e-6);
    const near = applyTps(b, { x: 55, y: 60 });
    expect(near.x - apply(A, { x: 55, y: 60 }).x).toBeGreaterThan(10);
  });

  it('a top follows tilted hips at its hem while its shoulders stay on the level shoulder line; the affine fit cannot', () => {
    const cut = shirt();
    const anchors = autoAnchors(cut, 'top')!;
    const fit = fitProduct('top', anchors, person(12), 'en');
    const p = fit.placements[0];
    expect(p.bend).toBeDefined();
    const photo = white(600, 560);
    const bent = composite(photo, cut, fit.placements, null, NAIVE).image;
    const flat = composite(photo, cut, [{ ...p, bend: undefined }], null, NAIVE).image;
    // Two columns well inside the garment's body, either side of the hem centre.
    const { hem, hem_left: hl, hem_right: hr } = p.targets;
    const xa = hem.x - 0.3 * (hr.x - hl.x);
    const xb = hem.x + 0.3 * (hr.x - hl.x);
    const angle = (img: RgbImage, edge: (img: RgbImage, x: number) => number): number => (Math.atan2(edge(img, xb) - edge(img, xa), xb - xa) * 180) / Math.PI;
    // Hem along the hips (12°), shoulders level (0°), within 3°.
    expect(Math.abs(angle(bent, lowestRed) - 12)).toBeLessThan(3);
    expect(Math.abs(angle(bent, highestRed))).toBeLessThan(3);
    // The affine fit through shoulders and hem centre leaves the hem level: the bend is what follows the body.
    expect(Math.abs(angle(flat, lowestRed))).toBeLessThan(3);
  });

  it('with level hips the warp matches the affine fit, pixel for pixel within rounding', () => {
    const cut = shirt();
    const fit = fitProduct('top', autoAnchors(cut, 'top')!, person(0), 'en');
    const photo = white(600, 560);
    const bent = composite(photo, cut, fit.placements, null, NAIVE).image;
    const flat = composite(photo, cut, [{ ...fit.placements[0], bend: undefined }], null, NAIVE).image;
    let differ = 0;
    let red = 0;
    for (let i = 0; i < bent.data.length; i += 3) {
      if (flat.data[i + 1] < 100) red++;
      if (Math.abs(bent.data[i + 1] - flat.data[i + 1]) > 40) differ++;
    }
    expect(red).toBeGreaterThan(20000);
    // Only edge pixels may differ (the spline is sampled on a grid): under 1% of the garment.
    expect(differ / red).toBeLessThan(0.01);
  });
});
