/** Body parts in front of a product that the person mask cannot tell apart (fingers beside a ring), as capsules in photo pixels. */
import type { Pt } from './anchors';

/** A capsule: every point within `r` of the segment a–b (a finger segment with its half width). */
export interface Capsule {
  a: Pt;
  b: Pt;
  r: number;
}

/** True when (x, y) is inside the capsule. */
export function inCapsule(c: Capsule, x: number, y: number): boolean {
  const dx = c.b.x - c.a.x;
  const dy = c.b.y - c.a.y;
  const len2 = dx * dx + dy * dy || 1;
  const t = Math.max(0, Math.min(1, ((x - c.a.x) * dx + (y - c.a.y) * dy) / len2));
  const px = c.a.x + t * dx - x;
  const py = c.a.y + t * dy - y;
  return px * px + py * py <= c.r * c.r;
}

/** A product layer's window and alpha (row-major, w × h, at photo offset x0, y0). */
export interface AlphaWindow {
  x0: number;
  y0: number;
  w: number;
  h: number;
  alpha: Float32Array;
}

/** Clears the layer's alpha under the capsules; returns how many visible product pixels were hidden. */
export function hideUnder(L: AlphaWindow, capsules: readonly Capsule[]): number {
  if (!capsules.length) return 0;
  let hidden = 0;
  for (let y = 0; y < L.h; y++) for (let x = 0; x < L.w; x++) {
    const i = y * L.w + x;
    if (L.alpha[i] <= 0) continue;
    // Pixel centre in photo coordinates.
    const px = L.x0 + x + 0.5;
    const py = L.y0 + y + 0.5;
    if (capsules.some((c) => inCapsule(c, px, py))) {
      L.alpha[i] = 0;
      hidden++;
    }
  }
  return hidden;
}
