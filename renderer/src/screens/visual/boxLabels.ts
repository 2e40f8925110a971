/** Where the labels of detected boxes go on the photo so that no two overlap (display pixels, pure: unit-tested). */

/** A rectangle in display pixels. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

const overlap = (a: Rect, b: Rect): number => Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));

/**
 * Label rectangles for boxes, in the boxes' order (the first keeps the best place): inside the box's top-left corner,
 * else just above it, inside its bottom-left corner, just below it, or lower down inside it, the first place that
 * stays on the photo and overlaps no label placed before; when none is free, the place that overlaps least.
 */
export function placeLabels(boxes: readonly Rect[], sizes: readonly { w: number; h: number }[], area: { w: number; h: number }): Rect[] {
  const placed: Rect[] = [];
  const clamp = (r: Rect): Rect => ({ ...r, x: Math.max(0, Math.min(area.w - r.w, r.x)), y: Math.max(0, Math.min(area.h - r.h, r.y)) });
  boxes.forEach((b, i) => {
    const { w, h } = sizes[i];
    const pad = 2;
    const candidates: Rect[] = [
      { x: b.x + pad, y: b.y + pad, w, h },
      { x: b.x, y: b.y - h - 1, w, h },
      { x: b.x + pad, y: b.y + b.h - h - pad, w, h },
      { x: b.x, y: b.y + b.h + 1, w, h },
    ];
    for (let y = b.y + pad + h; y + h <= b.y + b.h; y += h) candidates.push({ x: b.x + pad, y, w, h });
    let best = clamp(candidates[0]);
    let bestCost = Infinity;
    for (const c0 of candidates) {
      const c = clamp(c0);
      // Moved by the clamp means part of it was off the photo: only as a last resort.
      const off = Math.abs(c.x - c0.x) + Math.abs(c.y - c0.y) > 0.5 ? 1 : 0;
      const cost = placed.reduce((s, p) => s + overlap(c, p), 0) + off * w * h;
      if (cost < bestCost) {
        best = c;
        bestCost = cost;
      }
      if (cost === 0) break;
    }
    placed.push(best);
  });
  return placed;
}
