/** Compositing: the cut-out warped onto the photo with lighting matched in Lab, a soft contact shadow and occlusion. */
import type { PersonMask, RgbImage } from '../../models/tryon/types';
import { apply, invert } from './affine';
import type { Pt } from './anchors';
import type { RgbaImage } from './cutout';
import type { Placement } from './fit';
import { labStats, labToRgb, rgbToLab, type LabStats } from './lab';
import { hideUnderHair, type EarSide, type HairOcclusion } from './hair';
import { hideUnder, type Capsule } from './occluders';
import { applyTps, fitTps, sampleTps } from './tps';

/** How much of the scene's lighting the product takes on: lightness mean/contrast, colour cast (0 = naive paste). */
export interface LightingOptions {
  lightness: number;
  contrast: number;
  cast: number;
  shadow: number;
}

/** The default lighting match. */
export const DEFAULT_LIGHTING: LightingOptions = { lightness: 0.35, contrast: 0.25, cast: 0.3, shadow: 0.3 };
/** A naive paste: no lighting change, no shadow (the benchmark's baseline). */
export const NAIVE: LightingOptions = { lightness: 0, contrast: 0, cast: 0, shadow: 0 };

/** A warped product layer over a window of the photo. */
interface Layer {
  x0: number;
  y0: number;
  w: number;
  h: number;
  rgb: Uint8Array;
  alpha: Float32Array;
}

/** The cut-out's outline (its used columns and rows), as points along its four edges, for the bounds of a bent layer. */
function outline(c0: number, c1: number, r0: number, r1: number): Pt[] {
  const pts: Pt[] = [];
  for (let k = 0; k <= 16; k++) {
    const x = c0 + ((c1 + 1 - c0) * k) / 16;
    const y = r0 + ((r1 + 1 - r0) * k) / 16;
    pts.push({ x, y: r0 }, { x, y: r1 + 1 }, { x: c0, y }, { x: c1 + 1, y });
  }
  return pts;
}

function warp(src: RgbaImage, p: Placement, W: number, H: number): Layer | null {
  const { transform: t, columns } = p;
  const c0 = columns ? Math.max(0, columns[0]) : 0;
  const c1 = columns ? Math.min(src.width - 1, columns[1]) : src.width - 1;
  const r0 = p.rows ? Math.max(0, p.rows[0]) : 0;
  const r1 = p.rows ? Math.min(src.height - 1, p.rows[1]) : src.height - 1;
  if (r1 < r0) return null;
  // A bent placement (a top) maps the cut-out through a thin-plate spline; the others through the affine transform.
  const forward = p.bend ? fitTps(p.bend.from, p.bend.to) : null;
  const corners = forward
    ? outline(c0, c1, r0, r1).map((q) => applyTps(forward, q))
    : [apply(t, { x: c0, y: r0 }), apply(t, { x: c1 + 1, y: r0 }), apply(t, { x: c0, y: r1 + 1 }), apply(t, { x: c1 + 1, y: r1 + 1 })];
  const x0 = Math.max(0, Math.floor(Math.min(...corners.map((p) => p.x))));
  const y0 = Math.max(0, Math.floor(Math.min(...corners.map((p) => p.y))));
  const x1 = Math.min(W, Math.ceil(Math.max(...corners.map((p) => p.x))));
  const y1 = Math.min(H, Math.ceil(Math.max(...corners.map((p) => p.y))));
  if (x1 <= x0 || y1 <= y0) return null;
  const w = x1 - x0;
  const h = y1 - y0;
  const inv = invert(t);
  // Source position of every pixel centre of a bent layer (the inverse spline, photo → cut-out).
  const bent = p.bend ? sampleTps(fitTps(p.bend.to, p.bend.from), x0, y0, w, h) : null;
  const rgb = new Uint8Array(w * h * 3);
  const alpha = new Float32Array(w * h);
  const sw = src.width;
  const d = src.data;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // Sample at the pixel centre, bilinear, premultiplied by alpha.
      const X = (bent ? bent.X[y * w + x] : inv[0] * (x0 + x + 0.5) + inv[1] * (y0 + y + 0.5) + inv[2]) - 0.5;
      const Y = (bent ? bent.Y[y * w + x] : inv[3] * (x0 + x + 0.5) + inv[4] * (y0 + y + 0.5) + inv[5]) - 0.5;
      const ix = Math.floor(X);
      const iy = Math.floor(Y);
      if (ix < c0 - 1 || ix > c1 || iy < r0 - 1 || iy > r1) continue;
      const fx = X - ix;
      const fy = Y - iy;
      // The four neighbours, unrolled (an array per pixel made this loop the slowest part of compositing).
      const w00 = (1 - fx) * (1 - fy);
      const w10 = fx * (1 - fy);
      const w01 = (1 - fx) * fy;
      const w11 = fx * fy;
      const inX0 = ix >= c0 && ix <= c1;
      const inX1 = ix + 1 >= c0 && ix + 1 <= c1;
      const inY0 = iy >= r0 && iy <= r1;
      const inY1 = iy + 1 >= r0 && iy + 1 <= r1;
      let a = 0;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let n = 0; n < 4; n++) {
        const dx = n & 1;
        const dy = n >> 1;
        if (!(dx ? inX1 : inX0) || !(dy ? inY1 : inY0)) continue;
        const wt = n === 0 ? w00 : n === 1 ? w10 : n === 2 ? w01 : w11;
        if (wt <= 0) continue;
        const k = ((iy + dy) * sw + ix + dx) * 4;
        const pa = (d[k + 3] / 255) * wt;
        a += pa;
        r += d[k] * pa;
        g += d[k + 1] * pa;
        b += d[k + 2] * pa;
      }
      if (a <= 0.002) continue;
      const o = y * w + x;
      alpha[o] = Math.min(1, a);
      rgb[o * 3] = Math.round(r / a);
      rgb[o * 3 + 1] = Math.round(g / a);
      rgb[o * 3 + 2] = Math.round(b / a);
    }
  }
  return { x0, y0, w, h, rgb, alpha };
}

/** Lab statistics of the photo around a layer (the window grown by half its size), excluding the product itself. */
function sceneStats(photo: RgbImage, L: Layer): LabStats {
  const gx = Math.round(L.w / 2);
  const gy = Math.round(L.h / 2);
  const xa = Math.max(0, L.x0 - gx);
  const ya = Math.max(0, L.y0 - gy);
  const xb = Math.min(photo.width, L.x0 + L.w + gx);
  const yb = Math.min(photo.height, L.y0 + L.h + gy);
  // Subsample to at most ~20k pixels: statistics, not an image.
  const step = Math.max(1, Math.round(Math.sqrt(((xb - xa) * (yb - ya)) / 20000)));
  const px: number[] = [];
  for (let y = ya; y < yb; y += step) for (let x = xa; x < xb; x += step) {
    const i = (y * photo.width + x) * 3;
    px.push(photo.data[i], photo.data[i + 1], photo.data[i + 2]);
  }
  return labStats(px, 3, null, px.length / 3);
}

/** Moves the layer's Lab statistics part of the way toward the scene's (Reinhard transfer, damped to keep the product's own colour). */
function matchLighting(L: Layer, scene: LabStats, o: LightingOptions): void {
  if (o.lightness === 0 && o.contrast === 0 && o.cast === 0) return;
  const prod = labStats(L.rgb, 3, L.alpha, L.w * L.h);
  const k = 1 + o.contrast * (scene.std[0] / prod.std[0] - 1);
  const shiftL = o.lightness * (scene.mean[0] - prod.mean[0]);
  // Only the scene's colour cast (its a/b mean away from grey) tints the product.
  const shiftA = o.cast * scene.mean[1];
  const shiftB = o.cast * scene.mean[2];
  const kk = Math.max(0.7, Math.min(1.3, k));
  // Cut-outs repeat colours (flat product shots): map each distinct colour once.
  const memo = new Map<number, number>();
  for (let i = 0; i < L.w * L.h; i++) {
    if (L.alpha[i] <= 0) continue;
    const key = (L.rgb[i * 3] << 16) | (L.rgb[i * 3 + 1] << 8) | L.rgb[i * 3 + 2];
    let v = memo.get(key);
    if (v === undefined) {
      const [l, a, b] = rgbToLab(L.rgb[i * 3], L.rgb[i * 3 + 1], L.rgb[i * 3 + 2]);
      const [r, g, bb] = labToRgb(prod.mean[0] + (l - prod.mean[0]) * kk + shiftL, a + shiftA, b + shiftB);
      v = (r << 16) | (g << 8) | bb;
      memo.set(key, v);
    }
    L.rgb[i * 3] = v >> 16;
    L.rgb[i * 3 + 1] = (v >> 8) & 255;
    L.rgb[i * 3 + 2] = v & 255;
  }
}

function boxBlur(src: Float32Array, w: number, h: number, r: number): Float32Array {
  const tmp = new Float32Array(w * h);
  const out = new Float32Array(w * h);
  const n = 2 * r + 1;
  for (let y = 0; y < h; y++) {
    let s = 0;
    for (let x = -r; x <= r; x++) s += src[y * w + Math.min(w - 1, Math.max(0, x))];
    for (let x = 0; x < w; x++) {
      tmp[y * w + x] = s / n;
      s += src[y * w + Math.min(w - 1, x + r + 1)] - src[y * w + Math.max(0, x - r)];
    }
  }
  for (let x = 0; x < w; x++) {
    let s = 0;
    for (let y = -r; y <= r; y++) s += tmp[Math.min(h - 1, Math.max(0, y)) * w + x];
    for (let y = 0; y < h; y++) {
      out[y * w + x] = s / n;
      s += tmp[Math.min(h - 1, y + r + 1) * w + x] - tmp[Math.max(0, y - r) * w + x];
    }
  }
  return out;
}

/** Darkens the photo under the product: its alpha, shifted down a little and blurred. */
function contactShadow(photo: RgbImage, L: Layer, strength: number): void {
  if (strength <= 0) return;
  const r = Math.max(1, Math.round(Math.max(L.w, L.h) * 0.02));
  const dy = Math.max(1, Math.round(Math.max(L.w, L.h) * 0.015));
  const shifted = new Float32Array(L.w * L.h);
  for (let y = dy; y < L.h; y++) for (let x = 0; x < L.w; x++) shifted[y * L.w + x] = L.alpha[(y - dy) * L.w + x];
  const s = boxBlur(boxBlur(shifted, L.w, L.h, r), L.w, L.h, r);
  for (let y = 0; y < L.h; y++) for (let x = 0; x < L.w; x++) {
    const k = 1 - strength * s[y * L.w + x];
    const i = ((L.y0 + y) * photo.width + L.x0 + x) * 3;
    for (let c = 0; c < 3; c++) photo.data[i + c] = Math.round(photo.data[i + c] * k);
  }
}

/** What compositing measured: ms, and how far the product's Lab mean is from its surroundings before/after matching. */
export interface CompositeReport {
  ms: number;
  /** ΔE between the product's mean Lab and the scene's, naive paste vs matched (smaller = sits better in the scene). */
  deltaE: { naive: number; matched: number };
  /** Share of product pixels hidden (by the person mask, fingers, or hair in front of an earring). */
  occluded: number;
  /** Product pixels hidden by hair at each ear (alpha-weighted; earrings only, else 0). */
  hairHidden: Record<EarSide, number>;
}

const dE = (a: LabStats['mean'], b: LabStats['mean']): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** Composites the placements onto a copy of the photo; returns the new RGB image and what it measured. */
export function composite(photo: RgbImage, cut: RgbaImage, placements: Placement[], mask: PersonMask | null, lighting: LightingOptions = DEFAULT_LIGHTING, occluders: readonly Capsule[] = [], hair: HairOcclusion | null = null): { image: RgbImage; report: CompositeReport } {
  const t0 = performance.now();
  const out: RgbImage = { width: photo.width, height: photo.height, data: new Uint8Array(photo.data) };
  let naive = 0;
  let matched = 0;
  let hidden = 0;
  let total = 0;
  const hairHidden: Record<EarSide, number> = { right: 0, left: 0 };
  for (const p of placements) {
    const L = warp(cut, p, photo.width, photo.height);
    if (!L) continue;
    if (mask) {
      // Occlusion: the product shows only where the person is (a top or necklace never covers the background).
      for (let y = 0; y < L.h; y++) for (let x = 0; x < L.w; x++) {
        const i = y * L.w + x;
        if (L.alpha[i] <= 0) continue;
        total++;
        const m = mask.data[(L.y0 + y) * mask.width + L.x0 + x] / 255;
        if (m < 0.5) hidden++;
        L.alpha[i] *= Math.min(1, m * 1.5);
      }
    }
    const over = p.behind?.length ? [...occluders, ...p.behind] : occluders;
    if (over.length) {
      // Fingers beside a ring stay in front of it, and the ring finger in front of the band's back half (the person mask
      // covers the whole hand, so it cannot say this).
      if (!mask) for (let i = 0; i < L.w * L.h; i++) if (L.alpha[i] > 0) total++;
      hidden += hideUnder(L, over);
    }
    if (hair && p.ear) {
      // Hair in front of the ear (told from skin by colour, inside the person mask): the earring goes behind it.
      if (!mask && !over.length) for (let i = 0; i < L.w * L.h; i++) if (L.alpha[i] > 0) total++;
      const h = hideUnderHair(L, photo, hair, p.ear);
      hairHidden[p.ear] += h;
      hidden += h;
    }
    const scene = sceneStats(photo, L);
    naive += dE(labStats(L.rgb, 3, L.alpha, L.w * L.h).mean, scene.mean);
    matchLighting(L, scene, lighting);
    matched += dE(labStats(L.rgb, 3, L.alpha, L.w * L.h).mean, scene.mean);
    contactShadow(out, L, lighting.shadow);
    for (let y = 0; y < L.h; y++) for (let x = 0; x < L.w; x++) {
      const a = L.alpha[y * L.w + x];
      if (a <= 0) continue;
      const i = ((L.y0 + y) * out.width + L.x0 + x) * 3;
      const j = (y * L.w + x) * 3;
      for (let c = 0; c < 3; c++) out.data[i + c] = Math.round(out.data[i + c] * (1 - a) + L.rgb[j + c] * a);
    }
  }
  const n = Math.max(1, placements.length);
  return { image: out, report: { ms: performance.now() - t0, deltaE: { naive: naive / n, matched: matched / n }, occluded: total ? hidden / total : 0, hairHidden } };
}
