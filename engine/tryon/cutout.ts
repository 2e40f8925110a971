/** Product cut-outs: a transparent PNG is kept; otherwise the background is removed by a flood fill from the border colour. */
import sharp from 'sharp';

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

/** Cut-outs are worked at most this size on the long side (enough for a try-on, fast to warp). */
export const CUTOUT_LONG_SIDE = 512;
/** RGB distance from the border colour still counted as background. */
const BG_TOLERANCE = 38;

/** Removes a plain background: pixels connected to the border and close to its median colour become transparent. */
export function floodFillBackground(img: RgbaImage): RgbaImage {
  const { width: w, height: h, data } = img;
  const border: number[][] = [[], [], []];
  for (let x = 0; x < w; x++) for (const y of [0, h - 1]) for (let c = 0; c < 3; c++) border[c].push(data[(y * w + x) * 4 + c]);
  for (let y = 0; y < h; y++) for (const x of [0, w - 1]) for (let c = 0; c < 3; c++) border[c].push(data[(y * w + x) * 4 + c]);
  const med = border.map((v) => v.sort((a, b) => a - b)[v.length >> 1]);
  const near = (i: number): boolean => Math.hypot(data[i * 4] - med[0], data[i * 4 + 1] - med[1], data[i * 4 + 2] - med[2]) <= BG_TOLERANCE;
  const bg = new Uint8Array(w * h);
  const stack: number[] = [];
  const push = (i: number): void => {
    if (!bg[i] && near(i)) {
      bg[i] = 1;
      stack.push(i);
    }
  };
  for (let x = 0; x < w; x++) {
    push(x);
    push((h - 1) * w + x);
  }
  for (let y = 0; y < h; y++) {
    push(y * w);
    push(y * w + w - 1);
  }
  while (stack.length) {
    const i = stack.pop() as number;
    const x = i % w;
    if (x > 0) push(i - 1);
    if (x < w - 1) push(i + 1);
    if (i >= w) push(i - w);
    if (i < w * (h - 1)) push(i + w);
  }
  const out = new Uint8Array(data);
  for (let i = 0; i < w * h; i++) {
    if (bg[i]) {
      out[i * 4 + 3] = 0;
      continue;
    }
    // Feather the edge: a foreground pixel next to background gets half opacity.
    const x = i % w;
    const edge = (x > 0 && bg[i - 1]) || (x < w - 1 && bg[i + 1]) || (i >= w && bg[i - w]) || (i < w * (h - 1) && bg[i + w]);
    if (edge) out[i * 4 + 3] = Math.min(out[i * 4 + 3], 128);
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
  const cut = floodFillBackground(img);
  return { image: cut, method: 'flood_fill', coverage: coverage(cut) };
}

/** True when the cut-out leaves a product to fit: not (almost) empty and not the whole frame. */
export function usableCutout(c: Cutout): boolean {
  return c.coverage >= 0.01 && c.coverage <= 0.97;
}
