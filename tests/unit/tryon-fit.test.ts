import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHAPES } from '../../engine/demo/shapes';
import { EngineError } from '../../engine/errors';
import { apply } from '../../engine/tryon/affine';
import { autoAnchors } from '../../engine/tryon/anchors';
import type { RgbaImage } from '../../engine/tryon/cutout';
import { detectPeople } from '../../engine/tryon/detect';
import { fitProduct } from '../../engine/tryon/fit';
import { decodePhoto } from '../../engine/tryon/photo';
import type { KeypointResult, Person } from '../../models/tryon/types';
import { fixturePhoto, PEOPLE_DIR } from './tryon-fixtures';

async function drawn(shape: string): Promise<RgbaImage> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">${SHAPES[shape]('#b08d57', '#3a2a10', 0)}</svg>`;
  const { data, info } = await sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

const kp: Record<string, KeypointResult> = {};

beforeAll(async () => {
  kp.portrait = await detectPeople(await fixturePhoto('portrait.jpg'));
  // The same portrait turned 15° clockwise: the glasses must turn with the eye line.
  const turned = await sharp(`${PEOPLE_DIR}/portrait.jpg`).rotate(15, { background: '#808080' }).jpeg().toBuffer();
  kp.turned = await detectPeople(await decodePhoto(turned, 'turned.jpg', 'en'));
  kp.hands = await detectPeople(await fixturePhoto('hands.jpg'));
}, 180_000);

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
