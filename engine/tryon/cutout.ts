/** Product cut-outs: a transparent PNG is kept; otherwise the studio background (plain, gradient, soft shadow) is removed. */
import sharp from 'sharp';
import { evalSurface, fitSurface, type Surface } from './background-fit';
import { rgbaToLabPlanes } from './lab';

/** An RGBA image, 4 bytes per pixel. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** How the cut-out was made, and whether it is usable. */
export interface Cutout {
  image: RgbaImage;
  method: 'transparent' | 'flood_fill';
  /** Share of the image the product covers (0..1). */
  coverage: number;
}

/**
 * The method's version, saved with every cut-out (tryon_products.cutout_version, schema v17): 1 = the border-median
 * flood fill used before 2026-12-06, 2 = the smooth-surface removal. A saved cut-out of an older version is made
 * again when next needed; bump this when a change to the removal should reach cut-outs already saved.
 */
export const CUTOUT_VERSION = 2;
/** Cut-outs are worked at most this size on the long side (enough for a try-on, fast to warp). */
export const CUTOUT_LONG_SIDE = 512;
/**
 * Thresholds, tuned on the development set only (tests/unit/cutout-fixtures.ts, `npm run bench -- tryon-cutout
 * --set=dev`); ΔE is CIE76 in Lab.
 */
const TUNE = {
  /** A pixel this close to the fitted background (ΔE) can be background, or this many times the background's noise. */
  lo: 4,
  loNoise: 3,
  /** A kept part needs at least one pixel this far from the background (and 4 more than the first threshold). */
  hi: 10,
  /** Shadow: light between this share of the background's (linear) and just under it, ... */
  shadowMin: 0.3,
  /** ... the background's chromaticity within this ΔE (a, b scaled with the lightness), ... */
  shadowChroma: 3,
  /** ... and soft: lightness changing by at most this much per pixel. */
  shadowGrad: 2.5,
  /** ... within this many px around it. */
  shadowReach: 1,
  /** An enclosed region (a ring's or lens's inside) is background when its mean colour is within this ΔE of it ... */
  holeDe: 1,
  /** ... and it is at most this share of the product's outline area (a white shirt's inside is most of it). */
  holeShare: 0.9,
  /** ... and behind a band of product at least 2 × this + 1 px wide all round. */
  bandMin: 4,
  /** A part with no pixel past the second threshold is a speck of noise when under this share of the image (a faint
   * white shirt on white is larger, and kept). */
  speckMax: 0.01,
};

/** Indices of a ring of pixels along the border (about 3,000 of them), where the background is sampled. */
function borderSamples(w: number, h: number): Int32Array {
  const bw = Math.max(2, Math.round(0.015 * Math.min(w, h)));
  const step = Math.max(1, Math.round(Math.sqrt((2 * (w + h) * bw) / 3000)));
  const out: number[] = [];
  for (let y = 0; y < h; y += step) for (let x = 0; x < w; x += step) if (x < bw || y < bw || x >= w - bw || y >= h - bw) out.push(y * w + x);
  return Int32Array.from(out);
}

/** Pixels reached from the border through `open` pixels (4-connected), starting at border pixels that are `seed`; `invert`
 * reads both masks as 0 = open. */
function floodFromBorder(open: Uint8Array, seed: Uint8Array, w: number, h: number, invert = false): Uint8Array {
  const n = w * h;
  const want = invert ? 0 : 1;
  const out = new Uint8Array(n);
  const stack = new Int32Array(n);
  let top = 0;
  const start = (i: number): void => {
    if (seed[i] === want && !out[i]) {
      out[i] = 1;
      stack[top++] = i;
    }
  };
  const go = (i: number): void => {
    if (open[i] === want && !out[i]) {
      out[i] = 1;
      stack[top++] = i;
    }
  };
  for (let x = 0; x < w; x++) {
    start(x);
    start((h - 1) * w + x);
  }
  for (let y = 0; y < h; y++) {
    start(y * w);
    start(y * w + w - 1);
  }
  while (top) {
    const i = stack[--top];
    const x = i % w;
    if (x > 0) go(i - 1);
    if (x < w - 1) go(i + 1);
    if (i >= w) go(i - w);
    if (i < n - w) go(i + w);
  }
  return out;
}

/** 1 where a pixel and every pixel within `r` (a square) are not `pass`: the product's parts thicker than 2r px. */
function erode(pass: Uint8Array, w: number, h: number, r: number): Uint8Array {
  const t = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    let ok = 1;
    for (let k = Math.max(0, x - r); k <= Math.min(w - 1, x + r) && ok; k++) if (pass[y * w + k]) ok = 0;
    t[y * w + x] = ok;
  }
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    let ok = 1;
    for (let k = Math.max(0, y - r); k <= Math.min(h - 1, y + r) && ok; k++) if (!t[k * w + x]) ok = 0;
    out[y * w + x] = ok;
  }
  return out;
}

/**
 * The steepest lightness change (per px, central differences) within `reach` px of each pixel: a soft shadow is gentle
 * all round, a thin grey outline or a pale product's edge is steep next to it.
 */
function steepness(L: Float32Array, w: number, h: number, reach: number): Float32Array {
  const g = new Float32Array(w * h);
  for (let y = 1; y < h - 1; y++) for (let x = 1; x < w - 1; x++) {
    const i = y * w + x;
    g[i] = Math.max(Math.abs(L[i + 1] - L[i - 1]), Math.abs(L[i + w] - L[i - w])) / 2;
  }
  if (reach < 1) return g;
  const t = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    let m = 0;
    for (let k = Math.max(0, x - reach); k <= Math.min(w - 1, x + reach); k++) m = Math.max(m, g[y * w + k]);
    t[y * w + x] = m;
  }
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    let m = 0;
    for (let k = Math.max(0, y - reach); k <= Math.min(h - 1, y + reach); k++) m = Math.max(m, t[k * w + x]);
    g[y * w + x] = m;
  }
  return g;
}

/** Background (1) / foreground (0) for one fitted surface: a flood from the border, enclosed background, specks dropped. */
function classify(img: RgbaImage, lab: [Float32Array, Float32Array, Float32Array], soft: Float32Array, surf: Surface): { bg: Uint8Array; plain: Uint8Array } {
  const { width: w, height: h } = img;
  const n = w * h;
  const [L, A, B] = lab;
  const [sL, sA, sB] = evalSurface(surf, w, h);
  const lo = Math.max(TUNE.lo, TUNE.loNoise * surf.noise);
  const hi = Math.max(TUNE.hi, lo + 4);
  // e: how far a pixel is from being background (ΔE to the surface, or for a soft shadow its chromaticity's distance).
  const e = new Float32Array(n);
  const plain = new Uint8Array(n);
  const pass = new Uint8Array(n);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const i = y * w + x;
    const dl = L[i] - sL[i];
    const da = A[i] - sA[i];
    const db = B[i] - sB[i];
    const d = Math.sqrt(dl * dl + da * da + db * db);
    e[i] = d;
    if (d < lo) {
      plain[i] = 1;
      pass[i] = 1;
      continue;
    }
    const rho = (L[i] + 16) / (sL[i] + 16);
    if (rho >= 1 || rho * rho * rho < TUNE.shadowMin) continue;
    const ca = A[i] - sA[i] * rho;
    const cb = B[i] - sB[i] * rho;
    const chroma = Math.sqrt(ca * ca + cb * cb);
    if (chroma >= TUNE.shadowChroma) continue;
    if (soft[i] >= TUNE.shadowGrad) continue;
    e[i] = chroma;
    pass[i] = 1;
  }
  // Background: reached from plain background on the border (a product or shadow touching the border seeds nothing).
  const bg = floodFromBorder(pass, plain, w, h);
  // Regions enclosed by thin lines only (a pale fill inside its outline, a white shirt) stay product: a hole is
  // background only behind a band at least 2 × bandMin + 1 px wide (a ring's band, a bracelet, a thick rim).
  const thick = erode(pass, w, h, TUNE.bandMin);
  const thin = floodFromBorder(thick, thick, w, h, true);
  const stack = new Int32Array(n);
  let top = 0;
  let outline = 0;
  for (let i = 0; i < n; i++) if (!bg[i]) outline++;
  // Enclosed background-like regions (inside a ring, a clear lens), and small parts without one clearly non-background
  // pixel (specks of texture or JPEG noise: hysteresis, a weak pixel is kept when it touches a strong one), found as
  // connected components.
  const seen = new Uint8Array(n);
  const comp = new Int32Array(n);
  let hole = 0;
  let size = 0;
  const next = (j: number): void => {
    if (!seen[j] && !bg[j] && pass[j] === hole) {
      seen[j] = 1;
      stack[top++] = j;
    }
  };
  for (let s = 0; s < n; s++) {
    if (seen[s] || bg[s]) continue;
    hole = pass[s];
    size = 0;
    seen[s] = 1;
    stack[0] = s;
    top = 1;
    let sl = 0;
    let sa = 0;
    let sb = 0;
    let strong = false;
    while (top) {
      const i = stack[--top];
      comp[size++] = i;
      sl += L[i] - sL[i];
      sa += A[i] - sA[i];
      sb += B[i] - sB[i];
      if (!pass[i] && e[i] > hi) strong = true;
      const x = i % w;
      const up = i >= w;
      const down = i < n - w;
      if (x > 0) next(i - 1);
      if (x < w - 1) next(i + 1);
      if (up) next(i - w);
      if (down) next(i + w);
      if (!hole) {
        // Parts are 8-connected, so a thin diagonal stroke stays one part.
        if (x > 0 && up) next(i - w - 1);
        if (x < w - 1 && up) next(i - w + 1);
        if (x > 0 && down) next(i + w - 1);
        if (x < w - 1 && down) next(i + w + 1);
      }
    }
    // A hole is background when its mean colour is the background's (its noise averages out; a pale fill is offset).
    let open = false;
    if (hole) for (let c = 0; c < size && !open; c++) open = thin[comp[c]] === 1;
    const drop = hole ? !open && size <= TUNE.holeShare * outline && Math.sqrt(sl * sl + sa * sa + sb * sb) / size < TUNE.holeDe : !strong && size < TUNE.speckMax * n;
    if (drop) for (let c = 0; c < size; c++) bg[comp[c]] = 2;
  }
  for (let i = 0; i < n; i++) if (bg[i] === 2) bg[i] = 1;
  return { bg, plain };
}

/**
 * Removes a studio background: a smooth surface (a polynomial in Lab) is fitted to the border, then again to the
 * background found, and pixels connected to the border that are close to it, or a soft darker shade of it with its
 * chromaticity (a drop shadow), become transparent; enclosed background (inside a ring) too. The edge's alpha is
 * estimated from the colours on either side of it.
 */
export function removeBackground(img: RgbaImage): RgbaImage {
  const { width: w, height: h, data } = img;
  const n = w * h;
  const lab = rgbaToLabPlanes(data, n);
  const soft = steepness(lab[0], w, h, TUNE.shadowReach);
  const first = classify(img, lab, soft, fitSurface(borderSamples(w, h), w, h, lab, 2));
  let bg = first.bg;
  // Refit on the background found (a grid of its plain pixels), which sees the middle of a radial gradient.
  const grid: number[] = [];
  const step = Math.max(4, Math.round(Math.sqrt(n / 4000)));
  for (let y = 1; y < h; y += step) for (let x = 1; x < w; x += step) if (bg[y * w + x] && first.plain[y * w + x]) grid.push(y * w + x);
  if (grid.length > 200) {
    bg = classify(img, lab, soft, fitSurface(Int32Array.from(grid), w, h, lab, 3)).bg;
  }
  const out = new Uint8Array(data);
  for (let i = 0; i < n; i++) if (bg[i]) out[i * 4 + 3] = 0;
  // Edge pixels: alpha from projecting the colour onto the line between the nearby background and product colours.
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const i = y * w + x;
    if (bg[i]) continue;
    const edge = (x > 0 && bg[i - 1]) || (x < w - 1 && bg[i + 1]) || (y > 0 && bg[i - w]) || (y < h - 1 && bg[i + w]);
    if (!edge) continue;
    const b = [0, 0, 0];
    const f = [0, 0, 0];
    let nb = 0;
    let nf = 0;
    for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) {
      const xx = x + dx;
      const yy = y + dy;
      if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
      const j = yy * w + xx;
      const inner = !bg[j] && !(xx > 0 && bg[j - 1]) && !(xx < w - 1 && bg[j + 1]) && !(yy > 0 && bg[j - w]) && !(yy < h - 1 && bg[j + w]);
      const into = bg[j] ? b : inner ? f : null;
      if (!into) continue;
      for (let c = 0; c < 3; c++) into[c] += data[j * 4 + c];
      if (bg[j]) nb++;
      else nf++;
    }
    if (!nb || !nf) continue;
    let num = 0;
    let den = 0;
    for (let c = 0; c < 3; c++) {
      const fb = f[c] / nf - b[c] / nb;
      num += (data[i * 4 + c] - b[c] / nb) * fb;
      den += fb * fb;
    }
    // A product the colour of its background gives no measure: the pixel stays opaque.
    if (den < 400) continue;
    const alpha = Math.max(0, Math.min(1, num / den));
    out[i * 4 + 3] = Math.round(alpha * data[i * 4 + 3]);
    if (alpha > 0.25) for (let c = 0; c < 3; c++) out[i * 4 + c] = Math.max(0, Math.min(255, Math.round(b[c] / nb + (data[i * 4 + c] - b[c] / nb) / alpha)));
  }
  return { width: w, height: h, data: out };
}

/** Share of pixels with alpha above half. */
export function coverage(img: RgbaImage): number {
  let n = 0;
  for (let i = 3; i < img.data.length; i += 4) if (img.data[i] > 127) n++;
  return n / (img.width * img.height);
}

/** Decodes a product image and cuts the product out; throws when the bytes are not an image. */
export async function cutOut(bytes: Buffer): Promise<Cutout> {
  const { data, info } = await sharp(bytes, { limitInputPixels: 60_000_000 })
    .rotate()
    .resize(CUTOUT_LONG_SIDE, CUTOUT_LONG_SIDE, { fit: 'inside', withoutEnlargement: true })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const img: RgbaImage = { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  let transparent = 0;
  for (let i = 3; i < img.data.length; i += 4) if (img.data[i] < 16) transparent++;
  // A real transparent PNG is kept as it is; an opaque one (JPEG, flat PNG) has its plain background removed.
  if (transparent / (img.width * img.height) >= 0.02) return { image: img, method: 'transparent', coverage: coverage(img) };
  const cut = removeBackground(img);
  return { image: cut, method: 'flood_fill', coverage: coverage(cut) };
}

/** True when the cut-out leaves a product to fit: not (almost) empty and not the whole frame. */
export function usableCutout(c: Cutout): boolean {
  return c.coverage >= 0.01 && c.coverage <= 0.97;
}
