/** Anchor points on a product cut-out, set automatically per product type (and adjustable by hand). */
import type { RgbaImage } from './cutout';
import type { TryonType } from './product-type';

/** A point on the product image, pixels. */
export interface Pt {
  x: number;
  y: number;
}

/** Named anchors of a product, in its cut-out's pixels. */
export type Anchors = Record<string, Pt>;

/** The anchor names each type uses (image left/right as the product photo shows it, front view). */
export const ANCHOR_NAMES: Record<TryonType, readonly string[]> = {
  eyewear: ['hinge_left', 'hinge_right', 'bridge'],
  earrings: ['hook_left', 'hook_right', 'drop_left', 'drop_right'],
  necklace: ['clasp_left', 'clasp_right', 'pendant'],
  ring: ['band_left', 'band_right'],
  watch: ['face_left', 'face_right'],
  bracelet: ['band_left', 'band_right'],
  hat: ['brim_left', 'brim_right'],
  top: ['shoulder_left', 'shoulder_right', 'hem'],
};

interface Mask {
  w: number;
  h: number;
  on: (x: number, y: number) => boolean;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

function maskOf(img: RgbaImage): Mask {
  const { width: w, height: h, data } = img;
  const on = (x: number, y: number): boolean => data[(y * w + x) * 4 + 3] > 127;
  let x0 = w;
  let x1 = -1;
  let y0 = h;
  let y1 = -1;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      if (on(x, y)) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
  return { w, h, on, x0, x1, y0, y1 };
}

/** Mean y of the opaque pixels in columns [xa, xb]; null when none. */
function meanYInColumns(m: Mask, xa: number, xb: number): number | null {
  let s = 0;
  let n = 0;
  for (let x = Math.max(0, xa); x <= Math.min(m.w - 1, xb); x++)
    for (let y = m.y0; y <= m.y1; y++)
      if (m.on(x, y)) {
        s += y;
        n++;
      }
  return n ? s / n : null;
}

/** Topmost opaque y in columns [xa, xb]. */
function topInColumns(m: Mask, xa: number, xb: number): number | null {
  for (let y = m.y0; y <= m.y1; y++) for (let x = Math.max(0, xa); x <= Math.min(m.w - 1, xb); x++) if (m.on(x, y)) return y;
  return null;
}

/** Bottommost opaque y in columns [xa, xb]. */
function bottomInColumns(m: Mask, xa: number, xb: number): number | null {
  for (let y = m.y1; y >= m.y0; y--) for (let x = Math.max(0, xa); x <= Math.min(m.w - 1, xb); x++) if (m.on(x, y)) return y;
  return null;
}

/** Leftmost and rightmost opaque x on row y. */
function rowExtent(m: Mask, y: number): [number, number] | null {
  let a = -1;
  let b = -1;
  for (let x = m.x0; x <= m.x1; x++)
    if (m.on(x, y)) {
      if (a < 0) a = x;
      b = x;
    }
  return a < 0 ? null : [a, b];
}

/** Column ranges of the product's separate parts (split on empty columns), for pairs of earrings. */
function columnBlobs(m: Mask): [number, number][] {
  const blobs: [number, number][] = [];
  let start = -1;
  for (let x = m.x0; x <= m.x1 + 1; x++) {
    let any = false;
    if (x <= m.x1) for (let y = m.y0; y <= m.y1 && !any; y++) any = m.on(x, y);
    if (any && start < 0) start = x;
    if (!any && start >= 0) {
      blobs.push([start, x - 1]);
      start = -1;
    }
  }
  return blobs;
}

/** A touching pair's pieces must cover each other this well (shares of a piece) at their sideways offset. */
const PAIR_MATCH = 0.8;
/** ... and where they meet, at most this share of the pair's height may be opaque in some column (a neck). */
const PAIR_NECK = 0.5;

/**
 * The two pieces of a pair of earrings that touch or overlap (no empty column between them): a pair is one drawing
 * twice, moved sideways by some offset D, so the mask moved by D covers one whole piece (a share of at least
 * PAIR_MATCH of half the mask); and the pieces meet at a neck (some column between them at most PAIR_NECK of the
 * height opaque). One symmetric piece fails the first (a hoop moved by half its width barely meets itself) or the
 * second (a solid disc, a bar or a drop on its wire is opaque through its middle). Offsets of 0.4 to 0.75 of the
 * width (overlaps of up to a third of a piece) are searched on a grid of at most 128 cells a side, with up to 5% of
 * the height up or down (a pair photographed a little askew), then refined at full size. Returns the pieces' column
 * ranges, or null when the image is not such a pair.
 */
function touchingPair(m: Mask): [[number, number], [number, number]] | null {
  const bw = m.x1 - m.x0 + 1;
  const bh = m.y1 - m.y0 + 1;
  if (bw < 8) return null;
  // The bounding box's mask, and the same on a coarse grid (a cell is on when at least half its pixels are).
  const px = new Uint8Array(bw * bh);
  for (let y = 0; y < bh; y++) for (let x = 0; x < bw; x++) if (m.on(m.x0 + x, m.y0 + y)) px[y * bw + x] = 1;
  const f = Math.max(1, Math.ceil(Math.max(bw, bh) / 128));
  const gw = Math.ceil(bw / f);
  const gh = Math.ceil(bh / f);
  const grid = new Uint8Array(gw * gh);
  for (let gy = 0; gy < gh; gy++)
    for (let gx = 0; gx < gw; gx++) {
      let on = 0;
      let all = 0;
      for (let y = gy * f; y < Math.min(bh, (gy + 1) * f); y++)
        for (let x = gx * f; x < Math.min(bw, (gx + 1) * f); x++) {
          all++;
          on += px[y * bw + x];
        }
      grid[gy * gw + gx] = on * 2 >= all ? 1 : 0;
    }
  // Pixels of a mask on at (x, y) and at (x + d, y + dy).
  const overlap = (a: Uint8Array, w: number, h: number, d: number, dy: number): number => {
    let n = 0;
    for (let y = Math.max(0, -dy); y < Math.min(h, h - dy); y++) {
      const r = y * w;
      const s = (y + dy) * w + d;
      for (let x = 0; x < w - d; x++) n += a[r + x] & a[s + x];
    }
    return n;
  };
  const cells = grid.reduce((a, v) => a + v, 0);
  const maxDy = Math.round(gh * 0.05);
  let best = { d: 0, dy: 0, n: -1 };
  for (let d = Math.round(gw * 0.4); d <= Math.round(gw * 0.75); d++)
    for (let dy = -maxDy; dy <= maxDy; dy++) {
      const n = overlap(grid, gw, gh, d, dy);
      if (n > best.n) best = { d, dy, n };
    }
  if (best.n <= 0 || best.n < (cells / 2) * PAIR_MATCH) return null;
  // Refined at full size around the coarse offset.
  let fine = { d: best.d * f, n: -1 };
  for (let d = Math.max(1, (best.d - 1) * f); d <= Math.min(bw - 1, (best.d + 1) * f); d++)
    for (let dy = (best.dy - 1) * f; dy <= (best.dy + 1) * f; dy++) {
      const n = overlap(px, bw, bh, d, dy);
      if (n > fine.n) fine = { d, n };
    }
  // Each piece is as wide as the pair less the offset; they meet in the columns between the left piece's right edge
  // and the right piece's left edge (overlapping pieces, or pieces joined across a gap).
  const p = bw - fine.d;
  const a = Math.min(fine.d, p - 1);
  const b = Math.max(fine.d, p - 1);
  let neck = bh;
  for (let x = a; x <= b; x++) {
    let n = 0;
    for (let y = 0; y < bh; y++) n += px[y * bw + x];
    neck = Math.min(neck, n);
  }
  if (neck > bh * PAIR_NECK) return null;
  return [[m.x0, m.x0 + p - 1], [m.x1 - p + 1, m.x1]];
}

/**
 * A garment's body width: the narrowest run of opaque pixels through its centre column between 35% and 90% of its
 * height (below the sleeves' armpits, above the hem's flare), or the bounding box's width when the centre is never
 * opaque there (a garment drawn open at the front).
 */
export function garmentBodyWidth(img: RgbaImage): number {
  const m = maskOf(img);
  if (m.x1 < 0) return 0;
  return bodyWidth(m);
}

function bodyWidth(m: Mask): number {
  const bh = m.y1 - m.y0 + 1;
  const cx = Math.round((m.x0 + m.x1) / 2);
  let best = Infinity;
  for (let y = Math.round(m.y0 + bh * 0.35); y <= Math.round(m.y0 + bh * 0.9); y++) {
    if (!m.on(cx, y)) continue;
    let a = cx;
    let b = cx;
    while (a > m.x0 && m.on(a - 1, y)) a--;
    while (b < m.x1 && m.on(b + 1, y)) b++;
    best = Math.min(best, b - a + 1);
  }
  return Number.isFinite(best) ? best : m.x1 - m.x0 + 1;
}

/**
 * The row of a top's shoulder anchors: a tenth of the way down (where a T-shirt's neckline meets its sleeves), or,
 * when the garment is still narrower than 90% of its body there (a hood or a high collar above the shoulders), the
 * first row below that is that wide: the shoulders are the garment's wide upper part, never the hood. At most 45% down.
 */
function shoulderRow(m: Mask): number {
  const bh = m.y1 - m.y0 + 1;
  const body = bodyWidth(m);
  const start = Math.round(m.y0 + bh * 0.1);
  const last = Math.round(m.y0 + bh * 0.45);
  for (let y = start; y <= last; y++) {
    const e = rowExtent(m, y);
    if (e && e[1] - e[0] + 1 >= body * 0.9) return y;
  }
  return start;
}

/** Automatic anchors for a cut-out of the given type; null when the image has no opaque pixels. */
export function autoAnchors(img: RgbaImage, type: TryonType): Anchors | null {
  const m = maskOf(img);
  if (m.x1 < 0) return null;
  const bw = m.x1 - m.x0 + 1;
  const cx = (m.x0 + m.x1) / 2;
  const cy = (m.y0 + m.y1) / 2;
  switch (type) {
    case 'eyewear': {
      const edge = Math.max(2, Math.round(bw * 0.06));
      return {
        hinge_left: { x: m.x0 + edge / 2, y: meanYInColumns(m, m.x0, m.x0 + edge) ?? cy },
        hinge_right: { x: m.x1 - edge / 2, y: meanYInColumns(m, m.x1 - edge, m.x1) ?? cy },
        bridge: { x: cx, y: topInColumns(m, Math.round(cx - bw * 0.03), Math.round(cx + bw * 0.03)) ?? cy },
      };
    }
    case 'earrings': {
      // A pair is split on the empty columns between its pieces, or where its pieces touch (touchingPair); anything
      // else is one earring, drawn at both ears.
      const blobs = columnBlobs(m).filter(([a, b]) => b - a + 1 >= bw * 0.1);
      const whole: [number, number] = [m.x0, m.x1];
      const [l, r] = blobs.length >= 2 ? [blobs[0], blobs[blobs.length - 1]] : (touchingPair(m) ?? [whole, whole]);
      const hook = ([a, b]: [number, number]): Pt => ({ x: (a + b) / 2, y: topInColumns(m, a, b) ?? m.y0 });
      const drop = ([a, b]: [number, number]): Pt => ({ x: (a + b) / 2, y: bottomInColumns(m, a, b) ?? m.y1 });
      return { hook_left: hook(l), hook_right: hook(r), drop_left: drop(l), drop_right: drop(r) };
    }
    case 'necklace': {
      const edge = Math.max(2, Math.round(bw * 0.08));
      return {
        clasp_left: { x: m.x0 + edge / 2, y: topInColumns(m, m.x0, m.x0 + edge) ?? m.y0 },
        clasp_right: { x: m.x1 - edge / 2, y: topInColumns(m, m.x1 - edge, m.x1) ?? m.y0 },
        pendant: { x: cx, y: m.y1 },
      };
    }
    case 'ring':
    case 'watch':
    case 'bracelet': {
      // The band's widest row is where it crosses the finger or wrist.
      let best = Math.round(cy);
      let bestW = -1;
      for (let y = m.y0; y <= m.y1; y++) {
        const e = rowExtent(m, y);
        if (e && e[1] - e[0] > bestW) {
          bestW = e[1] - e[0];
          best = y;
        }
      }
      const e = rowExtent(m, best) ?? [m.x0, m.x1];
      if (type === 'watch') {
        // The case is the widest part of a watch photographed face on, band running up and down.
        return { face_left: { x: e[0], y: best }, face_right: { x: e[1], y: best } };
      }
      return { band_left: { x: e[0], y: best }, band_right: { x: e[1], y: best } };
    }
    case 'hat': {
      // The brim: the lowest row at least 80% as wide as the widest.
      let widest = 0;
      for (let y = m.y0; y <= m.y1; y++) widest = Math.max(widest, (rowExtent(m, y) ?? [0, -1])[1] - (rowExtent(m, y) ?? [0, -1])[0]);
      for (let y = m.y1; y >= m.y0; y--) {
        const e = rowExtent(m, y);
        if (e && e[1] - e[0] >= widest * 0.8) return { brim_left: { x: e[0], y }, brim_right: { x: e[1], y } };
      }
      return { brim_left: { x: m.x0, y: m.y1 }, brim_right: { x: m.x1, y: m.y1 } };
    }
    case 'top': {
      const y = shoulderRow(m);
      const e = rowExtent(m, y) ?? [m.x0, m.x1];
      const inset = (e[1] - e[0]) * 0.12;
      let l = e[0] + inset;
      let r = e[1] - inset;
      // A garment laid flat is about as wide at its shoulder seams as across its body: never closer than 0.88 of it
      // (a hoodie drawn with a narrow shoulder line and a wide body would otherwise be drawn wider than the person).
      const half = bodyWidth(m) * 0.44;
      if (r - l < 2 * half) {
        const c = (l + r) / 2;
        l = Math.max(e[0], c - half);
        r = Math.min(e[1], c + half);
      }
      return { shoulder_left: { x: l, y }, shoulder_right: { x: r, y }, hem: { x: cx, y: m.y1 } };
    }
  }
}
