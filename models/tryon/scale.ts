/** Maps keypoints found on a downscaled working copy back to the full photo's pixels. */
import type { Box, Keypoint, KeypointResult, Person } from './types';

function kp(k: Keypoint, f: number): Keypoint {
  return { x: k.x * f, y: k.y * f, score: k.score };
}

function box(b: Box, f: number): Box {
  return [b[0] * f, b[1] * f, b[2] * f, b[3] * f];
}

function mapRecord<K extends string>(r: Partial<Record<K, Keypoint>>, f: number): Partial<Record<K, Keypoint>> {
  const out: Partial<Record<K, Keypoint>> = {};
  for (const [k, v] of Object.entries(r) as [K, Keypoint | undefined][]) if (v) out[k] = kp(v, f);
  return out;
}

/** The same result with every coordinate multiplied by `f` and the image size set to width × height. */
export function scaleResult(r: KeypointResult, f: number, width: number, height: number): KeypointResult {
  if (f === 1) return { ...r, width, height };
  const people: Person[] = r.people.map((p) => ({
    ...p,
    box: box(p.box, f),
    body: mapRecord(p.body, f),
    face: p.face ? { ...p.face, box: box(p.face.box, f), points: mapRecord(p.face.points, f) as typeof p.face.points } : null,
    hands: p.hands.map((h) => ({ ...h, box: box(h.box, f), points: mapRecord(h.points, f) as typeof h.points })),
  }));
  return { ...r, width, height, people };
}
