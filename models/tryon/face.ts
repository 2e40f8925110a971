/** Turns Human's 478-point face mesh (468 + iris) into the named face landmarks a try-on uses. */
import type { FaceResult } from '@vladmandic/human';
import type { Box, FaceKeypoints, FacePoint, Keypoint } from './types';

// MediaPipe face mesh indices. The mesh's "right" is the person's right (image left for a camera photo).
const IDX = {
  rightEyeOuter: 33,
  rightEyeInner: 133,
  leftEyeOuter: 263,
  leftEyeInner: 362,
  irisA: 468,
  irisB: 473,
  rightEdge: 234,
  leftEdge: 454,
  noseBridge: 168,
  noseTip: 1,
  mouthRight: 61,
  mouthLeft: 291,
  lipUpper: 13,
  lipLower: 14,
  chin: 152,
  forehead: 10,
} as const;

type Pt = [number, number];

function mid(a: Pt, b: Pt): Pt {
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}

/** Named landmarks, roll and yaw for one face; null when the mesh is missing (face too small or turned away). */
export function faceKeypoints(face: FaceResult): FaceKeypoints | null {
  const m = face.mesh;
  if (!m || m.length < 468) return null;
  const p = (i: number): Pt => [m[i][0], m[i][1]];
  const hasIris = m.length >= 478;
  const rEye = mid(p(IDX.rightEyeOuter), p(IDX.rightEyeInner));
  const lEye = mid(p(IDX.leftEyeOuter), p(IDX.leftEyeInner));
  // Iris centres are matched to the nearer eye: mesh builds differ on which side comes first.
  let rIris = hasIris ? p(IDX.irisA) : rEye;
  let lIris = hasIris ? p(IDX.irisB) : lEye;
  const d2 = (a: Pt, b: Pt): number => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2;
  if (d2(rIris, rEye) + d2(lIris, lEye) > d2(rIris, lEye) + d2(lIris, rEye)) [rIris, lIris] = [lIris, rIris];
  // Eye line from the person's right eye to their left eye (image left to right when facing the camera).
  const ex = lEye[0] - rEye[0];
  const ey = lEye[1] - rEye[1];
  const eyeDist = Math.hypot(ex, ey) || 1;
  const rollDeg = (Math.atan2(ey, ex) * 180) / Math.PI;
  // "Down" on the face, perpendicular to the eye line.
  const down: Pt = [-ey / eyeDist, ex / eyeDist];
  const faceHeight = Math.hypot(p(IDX.chin)[0] - p(IDX.forehead)[0], p(IDX.chin)[1] - p(IDX.forehead)[1]);
  // The lobe hangs below the ear's attachment point (mesh edge at eye height) by about a fifth of the face height.
  const lobe = (e: Pt): Pt => [e[0] + down[0] * faceHeight * 0.22, e[1] + down[1] * faceHeight * 0.22];
  // Yaw from how far the nose tip sits from the two face edges (0 = frontal, ±90 = profile).
  const nose = p(IDX.noseTip);
  const dr = Math.hypot(nose[0] - p(IDX.rightEdge)[0], nose[1] - p(IDX.rightEdge)[1]);
  const dl = Math.hypot(nose[0] - p(IDX.leftEdge)[0], nose[1] - p(IDX.leftEdge)[1]);
  const yawDeg = (Math.asin(Math.max(-1, Math.min(1, (dl - dr) / (dl + dr || 1)))) * 180) / Math.PI;
  const score = face.faceScore ?? face.score;
  const k = (q: Pt): Keypoint => ({ x: q[0], y: q[1], score });
  const points: Record<FacePoint, Keypoint> = {
    left_eye: k(lEye),
    right_eye: k(rEye),
    left_iris: k(lIris),
    right_iris: k(rIris),
    left_eye_outer: k(p(IDX.leftEyeOuter)),
    right_eye_outer: k(p(IDX.rightEyeOuter)),
    left_ear: k(p(IDX.leftEdge)),
    right_ear: k(p(IDX.rightEdge)),
    left_ear_lobe: k(lobe(p(IDX.leftEdge))),
    right_ear_lobe: k(lobe(p(IDX.rightEdge))),
    nose_bridge: k(p(IDX.noseBridge)),
    nose_tip: k(nose),
    mouth_left: k(p(IDX.mouthLeft)),
    mouth_right: k(p(IDX.mouthRight)),
    mouth_centre: k(mid(p(IDX.lipUpper), p(IDX.lipLower))),
    chin: k(p(IDX.chin)),
    forehead: k(p(IDX.forehead)),
  };
  const box: Box = [face.box[0], face.box[1], face.box[2], face.box[3]];
  return { score, box, rollDeg, yawDeg, points };
}
