/** 2-D affine transforms (product pixels → photo pixels): from point pairs, composed with hand adjustments. */
import type { Pt } from './anchors';

/** [a, b, c, d, e, f]: x' = a·x + b·y + c, y' = d·x + e·y + f. */
export type Affine = [number, number, number, number, number, number];

/** Applies a transform to a point. */
export function apply(t: Affine, p: Pt): Pt {
  return { x: t[0] * p.x + t[1] * p.y + t[2], y: t[3] * p.x + t[4] * p.y + t[5] };
}

/** The inverse transform; throws when it is degenerate. */
export function invert(t: Affine): Affine {
  const det = t[0] * t[4] - t[1] * t[3];
  if (Math.abs(det) < 1e-12) throw new Error('degenerate transform');
  const a = t[4] / det;
  const b = -t[1] / det;
  const d = -t[3] / det;
  const e = t[0] / det;
  return [a, b, -(a * t[2] + b * t[5]), d, e, -(d * t[2] + e * t[5])];
}

/** The similarity (scale, rotation, shift) taking p0→q0 and p1→q1, with the scale multiplied by `scaleFactor` about q's midpoint. */
export function similarity(p0: Pt, p1: Pt, q0: Pt, q1: Pt, scaleFactor = 1): Affine {
  const px = p1.x - p0.x;
  const py = p1.y - p0.y;
  const qx = q1.x - q0.x;
  const qy = q1.y - q0.y;
  const den = px * px + py * py || 1;
  // Complex division (q1 - q0) / (p1 - p0) = s·e^{iθ}.
  let a = (qx * px + qy * py) / den;
  let b = (qy * px - qx * py) / den;
  a *= scaleFactor;
  b *= scaleFactor;
  const pm = { x: (p0.x + p1.x) / 2, y: (p0.y + p1.y) / 2 };
  const qm = { x: (q0.x + q1.x) / 2, y: (q0.y + q1.y) / 2 };
  return [a, -b, qm.x - (a * pm.x - b * pm.y), b, a, qm.y - (b * pm.x + a * pm.y)];
}

/** The affine transform taking three points to three points exactly. */
export function affineFrom3(p: [Pt, Pt, Pt], q: [Pt, Pt, Pt]): Affine {
  const [p0, p1, p2] = p;
  const det = p0.x * (p1.y - p2.y) - p0.y * (p1.x - p2.x) + (p1.x * p2.y - p2.x * p1.y);
  if (Math.abs(det) < 1e-9) throw new Error('collinear anchors');
  const solve = (v0: number, v1: number, v2: number): [number, number, number] => [
    (v0 * (p1.y - p2.y) - p0.y * (v1 - v2) + (v1 * p2.y - v2 * p1.y)) / det,
    (p0.x * (v1 - v2) - v0 * (p1.x - p2.x) + (p1.x * v2 - p2.x * v1)) / det,
    (p0.x * (p1.y * v2 - p2.y * v1) - p0.y * (p1.x * v2 - p2.x * v1) + v0 * (p1.x * p2.y - p2.x * p1.y)) / det,
  ];
  const [a, b, c] = solve(q[0].x, q[1].x, q[2].x);
  const [d, e, f] = solve(q[0].y, q[1].y, q[2].y);
  return [a, b, c, d, e, f];
}

/** Hand adjustment from the preview's handles: shift in photo pixels, scale and rotation about a centre. */
export interface Adjust {
  dx: number;
  dy: number;
  scale: number;
  rotateDeg: number;
}

/** No adjustment. */
export const NO_ADJUST: Adjust = { dx: 0, dy: 0, scale: 1, rotateDeg: 0 };

/** `t` followed by the adjustment (rotate and scale about `centre`, then shift). */
export function adjust(t: Affine, a: Adjust, centre: Pt): Affine {
  const r = (a.rotateDeg * Math.PI) / 180;
  const c = Math.cos(r) * a.scale;
  const s = Math.sin(r) * a.scale;
  const m: Affine = [c, -s, centre.x - c * centre.x + s * centre.y + a.dx, s, c, centre.y - s * centre.x - c * centre.y + a.dy];
  return [
    m[0] * t[0] + m[1] * t[3], m[0] * t[1] + m[1] * t[4], m[0] * t[2] + m[1] * t[5] + m[2],
    m[3] * t[0] + m[4] * t[3], m[3] * t[1] + m[4] * t[4], m[3] * t[2] + m[4] * t[5] + m[5],
  ];
}

/** Rotation of the transform in degrees and its mean scale. */
export function decompose(t: Affine): { rotateDeg: number; scale: number } {
  return { rotateDeg: (Math.atan2(t[3], t[0]) * 180) / Math.PI, scale: Math.sqrt(Math.abs(t[0] * t[4] - t[1] * t[3])) };
}
