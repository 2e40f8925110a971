/**
 * The cut-out's background removal as it was before 2026-12-06 (engine/tryon/cutout.ts at 182a9dc), kept unchanged so
 * `npm run bench -- tryon-cutout` measures it in the same run as the current one: pixels connected to the border and
 * within RGB distance 38 of the border's median colour become transparent, foreground pixels next to them half opaque.
 */
import type { RgbaImage } from '../../engine/tryon/cutout';

const BG_TOLERANCE = 38;

/** The previous flood fill from the border's median colour. */
export function previousFloodFill(img: RgbaImage): RgbaImage {
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
    const x = i % w;
    const edge = (x > 0 && bg[i - 1]) || (x < w - 1 && bg[i + 1]) || (i >= w && bg[i - w]) || (i < w * (h - 1) && bg[i + w]);
    if (edge) out[i * 4 + 3] = Math.min(out[i * 4 + 3], 128);
  }
  return { width: w, height: h, data: out };
}
