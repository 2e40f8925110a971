// A top on a person must come out about the person's size: the demo hoodie's shoulder anchors used to sit on its hood,
// so on the seated man of three_people.jpg it was drawn 7.46× (its body 835 px across on shoulders 401 px apart).
// Shoulders that do not fit the face or torso, or hand-set anchors on a hood, are refused in words, never drawn.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { FACE_POINTS, type FaceKeypoints, type Keypoint, type Person } from '../../models/tryon/types';
import { decompose } from '../../engine/tryon/affine';
import { autoAnchors, garmentBodyWidth } from '../../engine/tryon/anchors';
import type { RgbaImage } from '../../engine/tryon/cutout';
import { checkTopAnchors, fitProduct } from '../../engine/tryon/fit';
import { SHAPES } from '../../engine/demo/shapes';

/** A demo drawing (the seeded catalogue's silhouette) as the 256×256 transparent cut-out the store keeps. */
async function drawing(kind: 'hoodie' | 'tshirt', v = 0): Promise<RgbaImage> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256">${SHAPES[kind]('#2b8a3e', '#b2f2bb', v)}</svg>`;
  const { data, info } = await sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

const k = (x: number, y: number, score = 0.9): Keypoint => ({ x, y, score });

/** A face with forehead, chin and ears where given (the other landmarks at its centre). */
function face(forehead: [number, number], chin: [number, number], earR: [number, number], earL: [number, number]): FaceKeypoints {
  const c = k((forehead[0] + chin[0]) / 2, (forehead[1] + chin[1]) / 2);
  const points = Object.fromEntries(FACE_POINTS.map((n) => [n, c])) as FaceKeypoints['points'];
  return { score: 0.9, box: [earR[0], forehead[1], earL[0] - earR[0], chin[1] - forehead[1]], rollDeg: 0, yawDeg: 0, points: { ...points, forehead: k(...forehead), chin: k(...chin), right_ear: k(...earR), left_ear: k(...earL) } };
}

// The seated man in three_people.jpg as the models found him (desk keypoints): shoulders 401 px apart, no hips in view,
// face 179 px from forehead to chin.
const seated: Person = {
  index: 1, score: 0.8, box: [100, 330, 560, 531], hands: [],
  body: { right_shoulder: k(185, 648, 0.4), left_shoulder: k(586, 649, 0.6), nose: k(385, 471), left_eye: k(427, 435), right_eye: k(351, 435) },
  face: face([391, 377], [381, 556], [324, 448], [470, 454]),
};

describe('tops fitted to a person', () => {
  it('the hoodie is drawn about the seated man\'s width (its anchors on the shoulders, not the hood), a T-shirt as before', async () => {
    const hoodie = await drawing('hoodie');
    const a = autoAnchors(hoodie, 'top')!;
    const body = garmentBodyWidth(hoodie);
    // The hood ends where the shoulder line meets it (y 36-46 in the drawing): the anchors are below it and span the
    // garment's wide upper part, not the hood's 62 px.
    expect(a.shoulder_left.y).toBeGreaterThanOrEqual(46);
    expect(a.shoulder_right.x - a.shoulder_left.x).toBeGreaterThanOrEqual(0.85 * body);
    const fit = fitProduct('top', a, seated, 'en');
    const { scale } = decompose(fit.placements[0].transform);
    // The hoodie's body, drawn, is at most 1.5× the shoulder joints' distance (it was 2.1×: 835 px on 401).
    expect((body * scale) / fit.measure.px).toBeLessThan(1.5);
    expect((body * scale) / fit.measure.px).toBeGreaterThan(1);
    // The face stays in front of the hood.
    expect(fit.occluders).toHaveLength(1);
    // A T-shirt's anchors stay where they were (the row a tenth down, 12% in from its ends): 90 px apart on its 108 px body.
    const tee = autoAnchors(await drawing('tshirt'), 'top')!;
    expect(tee.shoulder_left.y).toBe(48);
    expect(tee.shoulder_right.x - tee.shoulder_left.x).toBeCloseTo(95, 0);
  });

  it('refuses anchors set on the hood, in both languages', async () => {
    const hoodie = await drawing('hoodie');
    const hood = { shoulder_left: { x: 96.84, y: 42 }, shoulder_right: { x: 159.16, y: 42 }, hem: { x: 127.5, y: 225 } };
    const body = garmentBodyWidth(hoodie);
    expect(() => checkTopAnchors('AP-0002', hood, body, 'en')).toThrow(
      "The shoulder anchors of AP-0002 are 62 px apart, only 56% of the garment's body width (112 px); they probably sit on a hood or collar. No preview was made: the top would be drawn far too large. Set the anchors on the shoulder seams (at least 62% of the body width apart)",
    );
    expect(() => checkTopAnchors('AP-0002', hood, body, 'zh')).toThrow('商品 AP-0002 的两个肩部锚点相距 62 像素，只有衣身宽度（112 像素）的 56%');
    expect(() => checkTopAnchors('AP-0002', autoAnchors(hoodie, 'top')!, body, 'en')).not.toThrow();
  });

  it('refuses shoulders far wider than the face or the torso allows, saying why, in both languages', async () => {
    const a = autoAnchors(await drawing('hoodie'), 'top')!;
    // Shoulders from two different people: 760 px apart on a 179 px face (4.2×).
    const wide: Person = { ...seated, body: { ...seated.body, right_shoulder: k(20, 640), left_shoulder: k(780, 650) } };
    expect(() => fitProduct('top', a, wide, 'en')).toThrow(/^The shoulders found on person 1 are 4\.2× their face height apart \(760 px against 179 px\); real shoulders are 1\.2–3\.2×/);
    expect(() => fitProduct('top', a, wide, 'zh')).toThrow(/^人物 1 的肩宽是脸高的 4\.2 倍/);
    expect(() => fitProduct('necklace', { clasp_left: { x: 0, y: 0 }, clasp_right: { x: 10, y: 0 }, pendant: { x: 5, y: 10 } }, wide, 'en')).toThrow(/are 4\.2× their face height apart/);
    // No face: against the torso (shoulder midpoint to hip midpoint). Shoulders 500 px apart over a 200 px torso.
    const torso: Person = { index: 0, score: 0.9, box: [0, 0, 600, 600], hands: [], face: null, body: { right_shoulder: k(50, 100), left_shoulder: k(550, 100), right_hip: k(250, 300), left_hip: k(350, 300) } };
    expect(() => fitProduct('top', a, torso, 'en')).toThrow(/^The shoulders found on person 0 are 2\.5× their torso length apart \(500 px against 200 px from shoulders to hips\)/);
    // The seated man himself fits.
    expect(() => fitProduct('top', a, seated, 'en')).not.toThrow();
  });
});
