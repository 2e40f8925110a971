/** Groups Human's separate body, face and hand detections into people, ordered left to right. */
import type { BodyResult, FaceResult, HandResult } from '@vladmandic/human';
import { faceKeypoints } from './face';
import { BODY_POINTS, HAND_POINTS, type BodyPoint, type Box, type FaceKeypoints, type HandKeypoints, type HandPoint, type Keypoint, type Person } from './types';

const CAMEL: Record<string, BodyPoint> = Object.fromEntries(BODY_POINTS.map((n) => [n.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()), n]));

/** Body points of one MoveNet detection by our snake_case names. */
export function bodyPoints(b: BodyResult): Partial<Record<BodyPoint, Keypoint>> {
  const out: Partial<Record<BodyPoint, Keypoint>> = {};
  for (const kp of b.keypoints) {
    const name = CAMEL[kp.part];
    if (name) out[name] = { x: kp.position[0], y: kp.position[1], score: kp.score };
  }
  return out;
}

/** The 21 landmarks of a hand. */
export function handKeypoints(h: HandResult): HandKeypoints | null {
  if (h.keypoints.length < 21) return null;
  const points = {} as Record<HandPoint, Keypoint>;
  HAND_POINTS.forEach((n, i) => {
    points[n] = { x: h.keypoints[i][0], y: h.keypoints[i][1], score: h.score };
  });
  return { score: h.score, box: [h.box[0], h.box[1], h.box[2], h.box[3]], points };
}

function centre(b: Box): [number, number] {
  return [b[0] + b[2] / 2, b[1] + b[3] / 2];
}

function union(a: Box, b: Box): Box {
  const x0 = Math.min(a[0], b[0]);
  const y0 = Math.min(a[1], b[1]);
  const x1 = Math.max(a[0] + a[2], b[0] + b[2]);
  const y1 = Math.max(a[1] + a[3], b[1] + b[3]);
  return [x0, y0, x1 - x0, y1 - y0];
}

function headOf(body: Partial<Record<BodyPoint, Keypoint>>): [number, number] | null {
  const pts = (['nose', 'left_eye', 'right_eye'] as const).map((n) => body[n]).filter((k): k is Keypoint => !!k && k.score > 0.2);
  if (!pts.length) return null;
  return [pts.reduce((s, k) => s + k.x, 0) / pts.length, pts.reduce((s, k) => s + k.y, 0) / pts.length];
}

/** People from the three detectors: each face joins the body whose head is inside it, each hand the nearest wrist. */
export function assemblePeople(bodies: BodyResult[], faces: FaceResult[], hands: HandResult[]): Person[] {
  const people: Person[] = bodies.map((b) => ({ index: 0, score: b.score, box: [b.box[0], b.box[1], b.box[2], b.box[3]], body: bodyPoints(b), face: null, hands: [] }));
  const faceKps = faces.map(faceKeypoints).filter((f): f is FaceKeypoints => f !== null);
  for (const f of faceKps) {
    const [fx, fy] = centre(f.box);
    const reach = Math.max(f.box[2], f.box[3]);
    let best: Person | null = null;
    let bestD = Infinity;
    for (const p of people) {
      if (p.face) continue;
      const h = headOf(p.body);
      if (!h) continue;
      const d = Math.hypot(h[0] - fx, h[1] - fy);
      if (d < reach && d < bestD) {
        best = p;
        bestD = d;
      }
    }
    if (best) {
      best.face = f;
      best.box = union(best.box, f.box);
    } else {
      people.push({ index: 0, score: f.score, box: f.box, body: {}, face: f, hands: [] });
    }
  }
  const handKps = hands.map(handKeypoints).filter((h): h is HandKeypoints => h !== null);
  const loose: HandKeypoints[] = [];
  for (const h of handKps) {
    const [hx, hy] = centre(h.box);
    const size = Math.hypot(h.box[2], h.box[3]);
    let best: Person | null = null;
    let bestD = Infinity;
    for (const p of people) {
      // A wrist near the hand is strong evidence; an elbow or shoulder (raised or bent arm) counts at a longer reach.
      const joints: [Keypoint | undefined, number][] = [
        [p.body.left_wrist, 1.5], [p.body.right_wrist, 1.5], [p.body.left_elbow, 3], [p.body.right_elbow, 3], [p.body.left_shoulder, 4.5], [p.body.right_shoulder, 4.5],
      ];
      for (const [j, reach] of joints) {
        if (!j || j.score < 0.15) continue;
        const d = Math.hypot(j.x - hx, j.y - hy) / reach;
        if (d < size && d < bestD) {
          best = p;
          bestD = d;
        }
      }
    }
    if (best) best.hands.push(h);
    else loose.push(h);
  }
  // Hands with nobody around them (a close-up of hands) make one person of their own; in a group they stay unassigned.
  if (loose.length && people.length === 0) {
    const box = loose.map((h) => h.box).reduce(union);
    people.push({ index: 0, score: Math.max(...loose.map((h) => h.score)), box, body: {}, face: null, hands: loose });
  }
  // Left to right by the head (the face's centre, else the body's eyes and nose), which every detector that sees a
  // person places alike: a try-on that ran only the face or only the body numbers people as `desk keypoints` does.
  const x = (p: Person): number => (p.face ? centre(p.face.box)[0] : (headOf(p.body)?.[0] ?? centre(p.box)[0]));
  people.sort((a, b) => x(a) - x(b));
  people.forEach((p, i) => {
    p.index = i;
    p.hands.sort((a, b) => a.box[0] - b.box[0]);
  });
  return people;
}
