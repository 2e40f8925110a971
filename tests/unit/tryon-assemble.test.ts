import type { BodyResult, FaceResult } from '@vladmandic/human';
import { describe, expect, it } from 'vitest';
import { assemblePeople } from '../../models/tryon/assemble';

// Synthetic detector output in Human's shapes (no model runs): a face of `size` px centred at (cx, cy), and a body
// whose eyes and nose sit there and whose box reaches `reach` px to the right (an arm stretched out).
function face(cx: number, cy: number, size: number): FaceResult {
  const mesh = Array.from({ length: 478 }, (_, i) => [cx + ((i % 7) - 3) * (size / 8), cy + ((i % 5) - 2) * (size / 6), 0]);
  return { id: 0, score: 0.9, faceScore: 0.9, box: [cx - size / 2, cy - size / 2, size, size], mesh } as unknown as FaceResult;
}

function body(cx: number, cy: number, reach: number): BodyResult {
  const kp = (part: string, x: number, y: number): { part: string; position: [number, number, number]; positionRaw: [number, number, number]; score: number } =>
    ({ part, position: [x, y, 0], positionRaw: [0, 0, 0], score: 0.9 });
  return {
    id: 0, score: 0.9, box: [cx - 60, cy - 40, 120 + reach, 400], boxRaw: [0, 0, 0, 0], annotations: {},
    keypoints: [kp('nose', cx, cy + 5), kp('leftEye', cx + 10, cy), kp('rightEye', cx - 10, cy), kp('leftShoulder', cx + 50, cy + 80), kp('rightShoulder', cx - 50, cy + 80)],
  } as unknown as BodyResult;
}

describe('people numbering (models/tryon/assemble)', () => {
  it('numbers people left to right by their heads, so face-only and body-only passes agree with every detector', () => {
    // A's head is left of B's, but A's arm stretches far right: A's whole box is centred right of B's.
    const bodies = [body(300, 100, 0), body(100, 100, 500)];
    const faces = [face(300, 100, 60), face(100, 100, 60)];
    const all = assemblePeople(bodies, faces, []);
    const faceOnly = assemblePeople([], faces, []);
    const bodyOnly = assemblePeople(bodies, [], []);
    const heads = (ps: ReturnType<typeof assemblePeople>): number[] => ps.map((p) => Math.round(p.face ? p.face.box[0] + 30 : (p.body.nose?.x ?? -1)));
    expect(heads(all)).toEqual([100, 300]);
    expect(heads(faceOnly)).toEqual([100, 300]);
    expect(bodyOnly.map((p) => Math.round(p.body.nose!.x))).toEqual([100, 300]);
  });
});
