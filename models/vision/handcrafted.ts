/** Hand-crafted image descriptors on raw RGB pixels: an HSV colour histogram and a gradient-orientation texture histogram. */

/** Bins of the HSV colour histogram: hue × saturation × value. */
export const HSV_BINS = [12, 4, 4] as const;
/** Bins of the texture histogram: orientation × magnitude band. */
export const TEXTURE_BINS = [8, 3] as const;

/** Length of the colour descriptor. */
export const COLOUR_DIM = HSV_BINS[0] * HSV_BINS[1] * HSV_BINS[2];
/** Length of the texture descriptor. */
export const TEXTURE_DIM = TEXTURE_BINS[0] * TEXTURE_BINS[1];

/** An RGB image as interleaved bytes (3 channels, no alpha). */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Scales a vector to unit length in place (a zero vector stays zero) and returns it. */
export function l2normalise(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  const n = Math.sqrt(s);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}

/**
 * The plain background colour of a product shot: when most border pixels share one colour (within a small distance),
 * that colour; else null (a busy scene).
 */
export function plainBackground(img: RgbImage, tolerance = 24): [number, number, number] | null {
  const { width: w, height: h, data: d } = img;
  const border: number[] = [];
  for (let x = 0; x < w; x++) border.push(x, (h - 1) * w + x);
  for (let y = 1; y < h - 1; y++) border.push(y * w, y * w + w - 1);
  const px = border.map((p) => [d[p * 3], d[p * 3 + 1], d[p * 3 + 2]] as [number, number, number]);
  const med = [0, 1, 2].map((c) => px.map((p) => p[c]).sort((a, b) => a - b)[px.length >> 1]) as [number, number, number];
  const near = px.filter((p) => Math.abs(p[0] - med[0]) + Math.abs(p[1] - med[1]) + Math.abs(p[2] - med[2]) <= tolerance).length;
  return near >= 0.6 * px.length ? med : null;
}

/** The bin of an RGB colour (each channel 0..1) in a hue × saturation × value histogram of hb × sb × vb bins. */
export function hsvBin(r: number, g: number, b: number, hb: number, sb: number, vb: number): number {
  const max = Math.max(r, g, b), min = Math.min(r, g, b), c = max - min;
  let hue = 0;
  if (c > 0) {
    if (max === r) hue = ((g - b) / c + 6) % 6;
    else if (max === g) hue = (b - r) / c + 2;
    else hue = (r - g) / c + 4;
  }
  const sat = max > 0 ? c / max : 0;
  const hi = Math.min(hb - 1, Math.floor((hue / 6) * hb));
  const si = Math.min(sb - 1, Math.floor(sat * sb));
  const vi = Math.min(vb - 1, Math.floor(max * vb));
  return (hi * sb + si) * vb + vi;
}

/**
 * HSV colour histogram (square-rooted counts, L2-normalised): robust to small shifts, blind to shape. On a plain
 * background the background pixels are left out, so the same product on white or on beige looks the same.
 */
export function colourHistogram(img: RgbImage): Float32Array {
  const [hb, sb, vb] = HSV_BINS;
  const h = new Float32Array(COLOUR_DIM);
  const d = img.data;
  const bg = plainBackground(img);
  for (let i = 0; i < d.length; i += 3) {
    if (bg && Math.abs(d[i] - bg[0]) + Math.abs(d[i + 1] - bg[1]) + Math.abs(d[i + 2] - bg[2]) <= 24) continue;
    h[hsvBin(d[i] / 255, d[i + 1] / 255, d[i + 2] / 255, hb, sb, vb)] += 1;
  }
  for (let i = 0; i < h.length; i++) h[i] = Math.sqrt(h[i]);
  return l2normalise(h);
}

/** Gradient-orientation histogram over the grey image (magnitude-weighted, three magnitude bands). */
export function textureHistogram(img: RgbImage): Float32Array {
  const { width: w, height: hgt, data: d } = img;
  const [ob, mb] = TEXTURE_BINS;
  const out = new Float32Array(TEXTURE_DIM);
  const grey = new Float32Array(w * hgt);
  for (let i = 0, p = 0; p < grey.length; i += 3, p++) grey[p] = (0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2]) / 255;
  for (let y = 1; y < hgt - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const gx = grey[y * w + x + 1] - grey[y * w + x - 1];
      const gy = grey[(y + 1) * w + x] - grey[(y - 1) * w + x];
      const m = Math.hypot(gx, gy);
      if (m < 0.02) continue;
      const o = Math.min(ob - 1, Math.floor(((Math.atan2(gy, gx) + Math.PI) % Math.PI) / Math.PI * ob));
      const band = m < 0.1 ? 0 : m < 0.3 ? 1 : 2;
      out[o * mb + band] += m;
    }
  }
  for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(out[i]);
  return l2normalise(out);
}
