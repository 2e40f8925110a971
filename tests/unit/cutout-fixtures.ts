/**
 * Product photos whose true cut-out is known, for the cut-out tests and `npm run bench -- tryon-cutout`: a product drawn
 * with an alpha channel (SVG through sharp) is composited onto a studio background (plain white, a linear or radial
 * gradient, a soft elliptical drop shadow under the product, cream with strong JPEG noise, a light paper texture) and
 * encoded as a JPEG, as shops photograph them. The drawing's alpha is the truth.
 *
 * Two disjoint sets: `dev` (thresholds were tuned on it) draws our own product shapes with seeds 1000+; `report` (looked
 * at once, for the README) draws the demo store's shapes (engine/demo/shapes.ts) with seeds 9000+ and other background
 * parameters (gradient angles, shadow strength, cream hue, JPEG quality, texture scale).
 */
import sharp from 'sharp';
import { SHAPES } from '../../engine/demo/shapes';
import { mulberry32 } from '../../models/rng';

/** The background kinds measured, in table order. */
export const BG_KINDS = ['white', 'linear_gradient', 'radial_gradient', 'drop_shadow', 'cream_jpeg', 'texture'] as const;
/** One background kind. */
export type BgKind = (typeof BG_KINDS)[number];
/** Which set a case belongs to. */
export type CutoutSet = 'dev' | 'report';

/** A product photo with its true alpha. */
export interface CutoutCase {
  name: string;
  kind: BgKind;
  shape: string;
  /** Whether the product is pale (white, cream, pearl, silver): the hard case on light backgrounds. */
  pale: boolean;
  /** The encoded photo (JPEG) handed to the cut-out. */
  bytes: Buffer;
  width: number;
  height: number;
  /** True alpha, one byte per pixel. */
  alpha: Uint8Array;
}

type Rng = () => number;
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const range = (r: Rng, lo: number, hi: number): number => lo + (hi - lo) * r();

/** Pale and dark product colours: [fill, ink]. */
const PALE: [string, string][] = [['#f6f5f1', '#d9d6cf'], ['#f1ead8', '#cdbf9c'], ['#e9e6df', '#bdb8ad'], ['#ece3c6', '#c8b37a'], ['#f8f8f8', '#d4d4d4'], ['#e3e6ea', '#a9b0b8']];
const DARK: [string, string][] = [['#1d1d1f', '#000000'], ['#6b4423', '#2a1a0c'], ['#1f3a68', '#0c1a33'], ['#a3262b', '#4a0d10'], ['#8a6d3b', '#2a1d08'], ['#3c5a3a', '#142214']];

/** Our own product drawings for the development set (512 px canvas): name -> SVG body. */
function devShape(name: string, r: Rng, fill: string, ink: string): string {
  switch (name) {
    case 'ring': {
      const R = range(r, 90, 140);
      const band = range(r, 12, 30);
      const cx = 256 + range(r, -20, 20);
      const cy = 280 + range(r, -20, 20);
      return `<circle cx="${cx}" cy="${cy}" r="${R}" fill="none" stroke="${ink}" stroke-width="${band + 3}"/><circle cx="${cx}" cy="${cy}" r="${R}" fill="none" stroke="${fill}" stroke-width="${band}"/>` +
        `<circle cx="${cx}" cy="${cy - R - band / 2 - 14}" r="${range(r, 16, 26)}" fill="#fbfcff" stroke="${ink}" stroke-width="3"/>`;
    }
    case 'glasses': {
      const rx = range(r, 62, 82);
      const ry = range(r, 44, 62);
      const w = range(r, 3, 7);
      const tint = pick(r, ['#c8d8e8', '#e0e0e0', '#d8c8a8', '#b0b8c0']);
      const op = range(r, 0.08, 0.3).toFixed(2);
      const lens = (cx: number): string => `<ellipse cx="${cx}" cy="256" rx="${rx}" ry="${ry}" fill="${tint}" fill-opacity="${op}" stroke="${fill === '#f8f8f8' ? ink : fill}" stroke-width="${w}"/>`;
      const l = 256 - rx - 22;
      const rr = 256 + rx + 22;
      return `${lens(l)}${lens(rr)}<path d="M${l + rx},250 Q256,${230 - range(r, 0, 14)} ${rr - rx},250" fill="none" stroke="${ink}" stroke-width="${w}"/>` +
        `<path d="M${l - rx},246 L${l - rx - 40},236 M${rr + rx},246 L${rr + rx + 40},236" stroke="${ink}" stroke-width="${w}" stroke-linecap="round"/>`;
    }
    case 'tshirt': {
      // A white or pale shirt: light fold shading, a faint outline (the hard white-on-white case).
      const s = range(r, 0.9, 1.05);
      const id = `g${Math.floor(r() * 1e6)}`;
      return `<defs><linearGradient id="${id}" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${fill}"/><stop offset="0.6" stop-color="${fill}"/><stop offset="1" stop-color="#e4e4e1"/></linearGradient></defs>` +
        `<g transform="translate(256 256) scale(${s}) translate(-256 -256)"><path d="M160,80 L216,60 Q256,110 296,60 L352,80 L444,160 L392,236 L360,212 L360,444 L152,444 L152,212 L120,236 L68,160 Z" fill="url(#${id})" stroke="${ink}" stroke-width="2.5" stroke-linejoin="round"/>` +
        `<path d="M216,60 Q256,110 296,60" fill="none" stroke="${ink}" stroke-width="3"/></g>`;
    }
    case 'necklace': {
      const depth = range(r, 300, 400);
      const w = range(r, 2.5, 5);
      const pearls = Array.from({ length: 9 }, (_, i) => {
        const t = 0.1 + (0.8 * i) / 8;
        const x = (1 - t) * (1 - t) * 110 + 2 * (1 - t) * t * 256 + t * t * 402;
        const y = (1 - t) * (1 - t) * 70 + 2 * (1 - t) * t * depth + t * t * 70;
        return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${range(r, 7, 12).toFixed(1)}" fill="#f4efe6" stroke="#d6ccbb" stroke-width="1.5"/>`;
      }).join('');
      return `<path d="M110,70 Q256,${depth} 402,70" fill="none" stroke="${fill}" stroke-width="${w}"/>${pearls}`;
    }
    case 'earrings':
      return [170, 342].map((x) => `<circle cx="${x}" cy="170" r="9" fill="${ink}"/><path d="M${x},178 L${x},250" stroke="${fill}" stroke-width="4"/><ellipse cx="${x}" cy="290" rx="${range(r, 22, 34)}" ry="40" fill="${fill}" stroke="${ink}" stroke-width="3"/>`).join('');
    case 'watch':
      return `<rect x="216" y="20" width="80" height="472" rx="14" fill="${ink}"/><circle cx="256" cy="256" r="${range(r, 80, 100)}" fill="${fill}" stroke="${ink}" stroke-width="8"/><circle cx="256" cy="256" r="64" fill="#f7f4ec" stroke="${ink}" stroke-width="3"/><path d="M256,256 L256,210 M256,256 L290,270" stroke="#222" stroke-width="6" stroke-linecap="round"/>`;
    case 'hat':
      return `<path d="M150,330 L166,${190 - range(r, 0, 30)} Q256,110 346,190 L362,330 Z" fill="${fill}" stroke="${ink}" stroke-width="4"/><rect x="152" y="290" width="208" height="24" fill="${ink}"/><ellipse cx="256" cy="334" rx="${range(r, 200, 236)}" ry="${range(r, 34, 46)}" fill="${fill}" stroke="${ink}" stroke-width="4"/>`;
    default:
      // bracelet: a band seen at an angle with a clasp.
      return `<ellipse cx="256" cy="256" rx="${range(r, 180, 210)}" ry="${range(r, 80, 110)}" fill="none" stroke="${ink}" stroke-width="${range(r, 22, 30)}"/><ellipse cx="256" cy="256" rx="200" ry="96" fill="none" stroke="${fill}" stroke-width="18"/><rect x="240" y="340" width="32" height="24" rx="5" fill="${fill}" stroke="${ink}" stroke-width="3"/>`;
  }
}

const DEV_SHAPES = ['ring', 'glasses', 'tshirt', 'necklace', 'earrings', 'watch', 'hat', 'bracelet'];
const REPORT_SHAPES = ['ring', 'optical', 'tshirt', 'necklace', 'earrings', 'watch', 'hat', 'bracelet', 'hoodie'];

/** The demo store's drawing (256 px) scaled to the canvas; the optical frame's lenses made clear (tinted glass). */
function reportShape(name: string, r: Rng, fill: string, ink: string): string {
  let body = SHAPES[name](fill, ink, Math.floor(r() * 4));
  if (name === 'optical') body = body.replaceAll('fill="#e8f1f7"', `fill="#d8e6f0" fill-opacity="${range(r, 0.1, 0.35).toFixed(2)}"`);
  const s = range(r, 1.6, 1.9);
  return `<g transform="translate(256 256) scale(${s.toFixed(3)}) translate(-128 -128)">${body}</g>`;
}

/** RGB background, 3 floats per pixel (0..255). */
function background(kind: BgKind, set: CutoutSet, w: number, h: number, r: Rng): Float32Array {
  const bg = new Float32Array(w * h * 3);
  const dev = set === 'dev';
  const put = (i: number, c: [number, number, number]): void => {
    bg[i * 3] = c[0];
    bg[i * 3 + 1] = c[1];
    bg[i * 3 + 2] = c[2];
  };
  const mix = (a: number[], b: number[], t: number): [number, number, number] => [0, 1, 2].map((c) => a[c] + (b[c] - a[c]) * t) as [number, number, number];
  switch (kind) {
    case 'white':
    case 'drop_shadow': {
      const v = kind === 'white' ? 255 - Math.floor(r() * 3) : dev ? range(r, 244, 255) : range(r, 236, 252);
      for (let i = 0; i < w * h; i++) put(i, [v, v, v - (dev ? 0 : 1)]);
      return bg;
    }
    case 'linear_gradient': {
      // A studio sweep: light at one end, grey at the other.
      const ang = ((dev ? range(r, -25, 25) : range(r, -40, 40) + (r() < 0.5 ? 180 : 0)) * Math.PI) / 180;
      const hi = [range(r, 246, 255), 0, 0];
      hi[1] = hi[0] - range(r, 0, 2);
      hi[2] = hi[0] - range(r, 0, 4);
      const lo = dev ? range(r, 185, 215) : range(r, 175, 210);
      const loC = [lo, lo, lo + range(r, -3, 5)];
      const dx = Math.sin(ang);
      const dy = Math.cos(ang);
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
        const t = ((x / w - 0.5) * dx + (y / h - 0.5) * dy) / (Math.abs(dx) * 0.5 + Math.abs(dy) * 0.5) * 0.5 + 0.5;
        put(y * w + x, mix(hi, loC, Math.max(0, Math.min(1, t)) ** (dev ? 1 : 1.3)));
      }
      return bg;
    }
    case 'radial_gradient': {
      const cx = w * (0.5 + range(r, dev ? -0.1 : -0.2, dev ? 0.1 : 0.2));
      const cy = h * (0.5 + range(r, dev ? -0.1 : -0.2, dev ? 0.1 : 0.2));
      const hi = [255, 254, range(r, 250, 255)];
      const lo = dev ? range(r, 190, 220) : range(r, 180, 215);
      const loC = [lo, lo - range(r, 0, 3), lo - range(r, 0, 6)];
      const R = Math.hypot(w, h) * (dev ? 0.6 : range(r, 0.5, 0.7));
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) put(y * w + x, mix(hi, loC, Math.min(1, Math.hypot(x - cx, y - cy) / R) ** 1.5));
      return bg;
    }
    case 'cream_jpeg': {
      const c = dev ? [range(r, 244, 250), range(r, 238, 244), range(r, 222, 232)] : [range(r, 240, 248), range(r, 234, 242), range(r, 214, 228)];
      for (let i = 0; i < w * h; i++) put(i, c as [number, number, number]);
      return bg;
    }
    default: {
      // Light paper texture: a few low-frequency waves plus fine grain.
      const base = range(r, 238, 250);
      const amp = dev ? range(r, 3, 6) : range(r, 4, 7);
      const waves = Array.from({ length: 5 }, () => ({ fx: range(r, 0.01, dev ? 0.06 : 0.09), fy: range(r, 0.01, dev ? 0.06 : 0.09), p: range(r, 0, 6.28) }));
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
        let v = 0;
        for (const q of waves) v += Math.sin(x * q.fx + y * q.fy + q.p);
        const g = base + (amp * v) / 3 + (r() - 0.5) * amp;
        put(y * w + x, [g, g - 1, g - 4]);
      }
      return bg;
    }
  }
}

/** One case: the product drawn, composited onto its background (with its shadow), encoded as JPEG. */
async function makeCase(set: CutoutSet, shape: string, kind: BgKind, seed: number): Promise<CutoutCase> {
  const r = mulberry32(seed);
  const w = 512;
  const h = r() < 0.3 ? 448 : 512;
  const pale = r() < 0.55 || shape === 'tshirt';
  const [fill, ink] = pick(r, pale ? PALE : DARK);
  const body = set === 'dev' ? devShape(shape, r, fill, ink) : reportShape(shape, r, fill, ink);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 ${(512 - h) / 2} 512 ${h}">${body}</svg>`;
  const { data: fg } = await sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const alpha = new Uint8Array(w * h);
  let x0 = w, x1 = 0, y1 = 0, y0 = h;
  for (let i = 0; i < w * h; i++) {
    alpha[i] = fg[i * 4 + 3];
    if (alpha[i] > 127) {
      const x = i % w;
      const y = (i / w) | 0;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  }
  const bg = background(kind, set, w, h, r);
  if (kind === 'drop_shadow') {
    // A soft elliptical shadow under the product (an elliptical Gaussian, so its edge is soft everywhere).
    const strength = set === 'dev' ? range(r, 0.25, 0.45) : range(r, 0.3, 0.55);
    const cx = (x0 + x1) / 2 + range(r, -10, 10);
    const cy = y1 - range(r, 0, 10);
    const rx = ((x1 - x0) / 2) * range(r, 0.6, 0.95);
    const ry = Math.max(10, (y1 - y0) * range(r, 0.06, 0.14));
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      const k = 1 - strength * Math.exp(-(((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2));
      for (let c = 0; c < 3; c++) bg[(y * w + x) * 3 + c] *= k;
    }
  }
  const rgb = Buffer.alloc(w * h * 3);
  for (let i = 0; i < w * h; i++) {
    const a = fg[i * 4 + 3] / 255;
    for (let c = 0; c < 3; c++) rgb[i * 3 + c] = Math.max(0, Math.min(255, Math.round(fg[i * 4 + c] * a + bg[i * 3 + c] * (1 - a))));
  }
  const quality = kind === 'cream_jpeg' ? Math.round(set === 'dev' ? range(r, 55, 72) : range(r, 48, 68)) : 90;
  const bytes = await sharp(rgb, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality }).toBuffer();
  return { name: `${set}-${shape}-${kind}-${seed}`, kind, shape, pale, bytes, width: w, height: h, alpha };
}

/** Every case of a set: each shape on each background kind, `perPair` draws each. */
export async function cutoutSet(set: CutoutSet, perPair = 2): Promise<CutoutCase[]> {
  const shapes = set === 'dev' ? DEV_SHAPES : REPORT_SHAPES;
  const out: CutoutCase[] = [];
  let seed = set === 'dev' ? 1000 : 9000;
  for (const kind of BG_KINDS) for (const shape of shapes) for (let k = 0; k < perPair; k++) out.push(await makeCase(set, shape, kind, seed++));
  return out;
}

/** One case, for a test: a shape of the development drawings on a background kind, by seed. */
export function cutoutCase(shape: string, kind: BgKind, seed: number): Promise<CutoutCase> {
  return makeCase('dev', shape, kind, seed);
}

/** Mask IoU (alpha > 127) and mean absolute alpha error (0..1) of a cut-out's alpha against the truth. */
export function scoreAlpha(truth: Uint8Array, rgba: Uint8Array): { iou: number; mae: number } {
  let inter = 0;
  let union = 0;
  let err = 0;
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i] > 127;
    const p = rgba[i * 4 + 3] > 127;
    if (t && p) inter++;
    if (t || p) union++;
    err += Math.abs(truth[i] - rgba[i * 4 + 3]);
  }
  return { iou: union ? inter / union : 1, mae: err / truth.length / 255 };
}
