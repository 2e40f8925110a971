/** Fitting: where a product goes on a person — a transform from its anchors to keypoints, scaled by body proportions. */
import type { HandKeypoints, Keypoint, Person } from '../../models/tryon/types';
import { EngineError } from '../errors';
import type { Lang } from '../i18n';
import { affineFrom3, similarity, type Affine } from './affine';
import type { Anchors, Pt } from './anchors';
import { tryonText } from './messages';
import type { Capsule } from './occluders';
import type { TryonType } from './product-type';

/** One product placement (earrings have two): the transform, the keypoints it was fitted to and the part of the cut-out used. */
export interface Placement {
  transform: Affine;
  /** Photo points the anchors were mapped to, by anchor name. */
  targets: Record<string, Pt>;
  /** Columns of the cut-out used (both earrings of a pair share one image), inclusive. */
  columns: [number, number] | null;
  /**
   * A smooth warp instead of the affine transform (tops): cut-out points and the photo points they go to, joined by a
   * thin-plate spline. `transform` is then its affine part through the shoulders and hem centre.
   */
  bend?: { from: Pt[]; to: Pt[] };
  /** Rows of the cut-out used, inclusive (a ring's front and back halves are placed apart); all rows when absent. */
  rows?: [number, number];
  /** Body parts this placement passes behind (the back of a ring band, behind its own finger), photo pixels. */
  behind?: Capsule[];
  /** The ear an earring hangs from (the person's own side): hair in front of that ear may hide it. */
  ear?: 'right' | 'left';
}

/** A ring's plane is seen nearly edge on from the back of the hand: its drawing's height is foreshortened to this. */
export const RING_TILT = 0.5;

/** The fit for a product on a person: placements, the body measure used and the keypoints it came from. */
export interface Fit {
  placements: Placement[];
  measure: { name: string; px: number; productPx: number; scaleSource: 'body' | 'real_size' };
  keypoints: Record<string, Pt>;
  /** Whether the person mask should cut the product (the product sits behind hair, arms or fingers at its edges). */
  occlude: boolean;
  /** Body parts in front of the product the mask cannot separate (the fingers beside a ring), photo pixels. */
  occluders?: Capsule[];
}

/** Average adult sizes (mm) used with a product's real size: pupil distance, face height, finger, knuckles, ear to ear. */
export const BODY_MM = { pupils: 63, faceHeight: 185, finger: 17, knuckles: 80, earToEar: 150, shoulders: 400 } as const;

/** The longest head turn (yaw, degrees) a face product still fits. */
export const MAX_YAW = 35;

const TYPE_WORD: Record<Lang, Record<TryonType, string>> = {
  en: { eyewear: 'eyewear', earrings: 'a pair of earrings', necklace: 'a necklace', ring: 'a ring', watch: 'a watch', bracelet: 'a bracelet', hat: 'a hat', top: 'a top' },
  zh: { eyewear: '眼镜', earrings: '耳环', necklace: '项链', ring: '戒指', watch: '手表', bracelet: '手链', hat: '帽子', top: '上衣' },
};

const dist = (a: Pt, b: Pt): number => Math.hypot(a.x - b.x, a.y - b.y);
const lerp = (a: Pt, b: Pt, t: number): Pt => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t });
const mid = (a: Pt, b: Pt): Pt => lerp(a, b, 0.5);
const pt = (k: Keypoint): Pt => ({ x: k.x, y: k.y });

// Worded in both languages (the product type in each), so a screen keeps a batch's reasons across a language switch.
function fail(lang: Lang, key: string, params: Record<string, unknown>, type?: TryonType): never {
  const words = (l: Lang): Record<string, unknown> => (type ? { ...params, ...('type' in params ? { type: TYPE_WORD[l][type] } : {}), ...('kind' in params ? { kind: TYPE_WORD[l][type] } : {}) } : params);
  throw new EngineError('user_error', tryonText(key, words), { reason: key, ...params }, lang);
}

function needFace(person: Person, type: TryonType, lang: Lang): NonNullable<Person['face']> {
  const f = person.face;
  if (!f) fail(lang, 'no_face', { index: person.index, type: TYPE_WORD[lang][type] }, type);
  if (Math.abs(f.yawDeg) > MAX_YAW) fail(lang, 'face_turned', { index: person.index, yaw: Math.round(f.yawDeg), type: TYPE_WORD[lang][type], limit: MAX_YAW }, type);
  return f;
}

/** Shoulder width (joint to joint) against face height (forehead landmark to chin): adults measure about 1.8–2.3. */
export const SHOULDERS_PER_FACE = { min: 1.2, max: 3.2 } as const;
/** Shoulder width against torso length (shoulder midpoint to hip midpoint): about 0.65–0.8 facing the camera. */
export const SHOULDERS_PER_TORSO = { min: 0.35, max: 1.5 } as const;
/** A top's shoulder anchors span at least this share of its body width (the hood of a hoodie spans about 0.55). */
export const TOP_ANCHOR_SPAN = 0.62;

/**
 * Refuses shoulders that do not fit the rest of the person: a detector that took another person's shoulder, or guessed
 * shoulders outside the photo, would draw the product several times too large or small. Checked against the face
 * height when the face was found, else against the torso when both hips were.
 */
function checkShoulders(person: Person, sw: number, type: TryonType, lang: Lang): void {
  const f = person.face;
  const lh = person.body.left_hip;
  const rh = person.body.right_hip;
  const ls = person.body.left_shoulder;
  const rs = person.body.right_shoulder;
  let key: 'shoulders_vs_face' | 'shoulders_vs_torso';
  let measure: number;
  let range: { min: number; max: number };
  if (f) {
    key = 'shoulders_vs_face';
    measure = dist(pt(f.points.forehead), pt(f.points.chin));
    range = SHOULDERS_PER_FACE;
  } else if (lh && rh && ls && rs && lh.score > 0.2 && rh.score > 0.2) {
    key = 'shoulders_vs_torso';
    measure = dist(mid(pt(rs), pt(ls)), mid(pt(rh), pt(lh)));
    range = SHOULDERS_PER_TORSO;
  } else return;
  if (measure < 1) return;
  const ratio = sw / measure;
  if (ratio >= range.min && ratio <= range.max) return;
  fail(lang, key, { index: person.index, ratio: Math.round(ratio * 10) / 10, shoulders: Math.round(sw), measure: Math.round(measure), min: range.min, max: range.max, type: TYPE_WORD[lang][type] }, type);
}

/**
 * Refuses a top whose shoulder anchors span too little of its body (anchors on a hood or collar, set by hand or saved
 * by an older version): the garment would be drawn several times too large. `bodyPx` is its body width in the cut-out.
 */
export function checkTopAnchors(sku: string, anchors: Anchors, bodyPx: number, lang: Lang): void {
  const a = anchors.shoulder_left;
  const b = anchors.shoulder_right;
  if (!a || !b || bodyPx < 1) return;
  const span = dist(a, b);
  if (span >= bodyPx * TOP_ANCHOR_SPAN) return;
  fail(lang, 'top_anchors', { sku, span: Math.round(span), body: Math.round(bodyPx), share: Math.round((100 * span) / bodyPx), min: Math.round(TOP_ANCHOR_SPAN * 100) });
}

function bestHand(person: Person, type: TryonType, lang: Lang): HandKeypoints {
  const h = [...person.hands].sort((a, b) => b.score - a.score)[0];
  if (!h) fail(lang, 'no_hands', { index: person.index, kind: TYPE_WORD[lang][type] }, type);
  return h;
}

/** Places the product on the person. Anchors are in cut-out pixels; `realMm` is the product's real width when the store has it. */
export function fitProduct(type: TryonType, anchors: Anchors, person: Person, lang: Lang, realMm: number | null = null): Fit {
  switch (type) {
    case 'eyewear': {
      const f = needFace(person, type, lang);
      const r = pt(f.points.right_iris);
      const l = pt(f.points.left_iris);
      const pupils = dist(r, l);
      // Frames are about 2.15 pupil distances wide hinge to hinge (135 mm over 63 mm).
      const factor = realMm ? realMm / BODY_MM.pupils : 2.15;
      // Hinge-to-hinge line onto the pupil line (image left hinge on the image-left eye), widened about the eyes' midpoint.
      const t = similarity(anchors.hinge_left, anchors.hinge_right, r, l, factor);
      return { placements: [{ transform: t, targets: { hinge_left: r, hinge_right: l }, columns: null }], measure: { name: 'pupil_distance', px: pupils, productPx: dist(anchors.hinge_left, anchors.hinge_right), scaleSource: realMm ? 'real_size' : 'body' }, keypoints: { right_iris: r, left_iris: l }, occlude: false };
    }
    case 'earrings': {
      const f = needFace(person, type, lang);
      const faceH = dist(pt(f.points.forehead), pt(f.points.chin));
      const lobes = { right: pt(f.points.right_ear_lobe), left: pt(f.points.left_ear_lobe) };
      const roll = (f.rollDeg * Math.PI) / 180;
      const placements: Placement[] = [];
      const hookSpan = (name: 'hook_left' | 'hook_right'): [number, number] => {
        const other = name === 'hook_left' ? anchors.hook_right : anchors.hook_left;
        const a = anchors[name];
        if (Math.abs(other.x - a.x) < 1) return [0, Number.MAX_SAFE_INTEGER];
        const half = Math.abs(other.x - a.x) / 2;
        return [Math.floor(a.x - half), Math.ceil(a.x + half)];
      };
      // An earring hangs about 0.22 face heights (40 mm of 185 mm) from hook to drop.
      const earringPx = Math.max(1, dist(anchors.hook_left, anchors.drop_left));
      const targetPx = realMm ? (realMm / BODY_MM.faceHeight) * faceH : 0.22 * faceH;
      for (const [name, drop, lobe, ear] of [['hook_left', 'drop_left', lobes.right, 'right'], ['hook_right', 'drop_right', lobes.left, 'left']] as const) {
        const a = anchors[name];
        // Hook on the lobe, hanging straight down the face (head roll followed).
        const p1 = anchors[drop];
        const q1 = { x: lobe.x - Math.sin(roll) * targetPx, y: lobe.y + Math.cos(roll) * targetPx };
        placements.push({ transform: similarity(a, p1, lobe, q1), targets: { [name]: lobe }, columns: hookSpan(name), ear });
      }
      return { placements, measure: { name: 'face_height', px: faceH, productPx: earringPx, scaleSource: realMm ? 'real_size' : 'body' }, keypoints: { right_ear_lobe: lobes.right, left_ear_lobe: lobes.left }, occlude: false };
    }
    case 'necklace': {
      const ls = person.body.left_shoulder;
      const rs = person.body.right_shoulder;
      // Facing the camera (so the neck is in view): a face, or the body model's nose and both eyes seen clearly.
      const facing = person.face !== null || (['nose', 'left_eye', 'right_eye'] as const).every((n) => (person.body[n]?.score ?? 0) > 0.3);
      if (!ls || !rs || ls.score < 0.2 || rs.score < 0.2 || !facing) fail(lang, 'no_neck', { index: person.index });
      const sw = dist(pt(ls), pt(rs));
      checkShoulders(person, sw, type, lang);
      const base = mid(pt(rs), pt(ls));
      const ux = (ls.x - rs.x) / sw;
      const uy = (ls.y - rs.y) / sw;
      // Neck sides: a sixth of the shoulder width either side of the neck base, a tenth of it up the neck.
      const up = { x: uy, y: -ux };
      const neckR = { x: base.x - ux * sw * 0.16 + up.x * sw * 0.1, y: base.y - uy * sw * 0.16 + up.y * sw * 0.1 };
      const neckL = { x: base.x + ux * sw * 0.16 + up.x * sw * 0.1, y: base.y + uy * sw * 0.16 + up.y * sw * 0.1 };
      const t = similarity(anchors.clasp_left, anchors.clasp_right, neckR, neckL);
      return { placements: [{ transform: t, targets: { clasp_left: neckR, clasp_right: neckL }, columns: null }], measure: { name: 'shoulder_width', px: sw, productPx: dist(anchors.clasp_left, anchors.clasp_right), scaleSource: 'body' }, keypoints: { right_shoulder: pt(rs), left_shoulder: pt(ls) }, occlude: true };
    }
    case 'ring': {
      const h = bestHand(person, type, lang);
      const mcp = pt(h.points.ring_mcp);
      const pip = pt(h.points.ring_pip);
      const finger = dist(pt(h.points.ring_mcp), pt(h.points.middle_mcp)) * 0.85;
      const centre = lerp(mcp, pip, 0.4);
      const along = { x: (pip.x - mcp.x) / (dist(mcp, pip) || 1), y: (pip.y - mcp.y) / (dist(mcp, pip) || 1) };
      // The band crosses the finger, 1.25 finger widths wide; the product's top (the stone) points to the fingertip.
      const across = { x: -along.y, y: along.x };
      const w = realMm ? (realMm / BODY_MM.finger) * finger : finger * 1.25;
      const q0 = { x: centre.x - (across.x * w) / 2, y: centre.y - (across.y * w) / 2 };
      const q1 = { x: centre.x + (across.x * w) / 2, y: centre.y + (across.y * w) / 2 };
      const s = similarity(anchors.band_left, anchors.band_right, q0, q1);
      // The drawing is the ring face on; on the hand its plane is seen nearly edge on, so its height (along the finger)
      // is foreshortened about the band row: the band crosses the finger as a flat ellipse, stone toward the fingertip.
      const by = (anchors.band_left.y + anchors.band_right.y) / 2;
      const k = RING_TILT;
      const t: Affine = [s[0], s[1] * k, s[1] * by * (1 - k) + s[2], s[3], s[4] * k, s[4] * by * (1 - k) + s[5]];
      // The middle and little fingers lie beside the ring finger and in front of a band wider than it.
      const p = h.points;
      const occluders: Capsule[] = [[p.middle_mcp, p.middle_pip], [p.middle_pip, p.middle_dip], [p.pinky_mcp, p.pinky_pip], [p.pinky_pip, p.pinky_dip]]
        .map(([a, b]) => ({ a: pt(a), b: pt(b), r: finger * 0.45 }));
      // The band's back half (the drawing below the band row, away from the stone) goes round behind the ring finger
      // itself: hidden across the finger's width, seen only where it passes the finger's sides.
      // The halves share the band row, so no seam shows where they meet.
      const own: Capsule = { a: mcp, b: pip, r: finger / 2 };
      const targets = { band_left: q0, band_right: q1 };
      const row = Math.floor(by);
      return { placements: [
        { transform: t, targets, columns: null, rows: [0, row] },
        { transform: t, targets, columns: null, rows: [row, Number.MAX_SAFE_INTEGER], behind: [own] },
      ], measure: { name: 'finger_width', px: finger, productPx: dist(anchors.band_left, anchors.band_right), scaleSource: realMm ? 'real_size' : 'body' }, keypoints: { ring_mcp: mcp, ring_pip: pip, middle_mcp: pt(h.points.middle_mcp) }, occlude: false, occluders };
    }
    case 'watch':
    case 'bracelet': {
      const h = person.hands.length ? bestHand(person, type, lang) : null;
      let wrist: Pt;
      let dir: Pt;
      let width: number;
      if (h) {
        const w = pt(h.points.wrist);
        const knuckles = dist(pt(h.points.index_mcp), pt(h.points.pinky_mcp));
        const mm = mid(pt(h.points.index_mcp), pt(h.points.pinky_mcp));
        const len = dist(w, mm) || 1;
        dir = { x: (w.x - mm.x) / len, y: (w.y - mm.y) / len };
        // The band sits a little up the forearm from the wrist crease.
        wrist = { x: w.x + dir.x * knuckles * 0.25, y: w.y + dir.y * knuckles * 0.25 };
        width = knuckles;
      } else {
        const pairs = [[person.body.left_wrist, person.body.left_elbow], [person.body.right_wrist, person.body.right_elbow]] as const;
        const pair = pairs.find(([a, b]) => a && b && a.score > 0.3 && b.score > 0.3);
        if (!pair) fail(lang, 'no_hands', { index: person.index, kind: TYPE_WORD[lang][type] }, type);
        const [wk, ek] = pair as unknown as [Keypoint, Keypoint];
        const len = dist(pt(wk), pt(ek)) || 1;
        dir = { x: (ek.x - wk.x) / len, y: (ek.y - wk.y) / len };
        wrist = pt(wk);
        width = len * 0.3;
      }
      // The product's +y (band toward the elbow) follows the forearm; its +x is that turned a quarter back.
      const across = { x: dir.y, y: -dir.x };
      const [la, ra] = type === 'watch' ? (['face_left', 'face_right'] as const) : (['band_left', 'band_right'] as const);
      // A watch case is about 0.55 knuckle widths across (44 mm of 80 mm); a bracelet 0.8.
      const w = realMm ? (realMm / BODY_MM.knuckles) * width : width * (type === 'watch' ? 0.55 : 0.8);
      const q0 = { x: wrist.x - (across.x * w) / 2, y: wrist.y - (across.y * w) / 2 };
      const q1 = { x: wrist.x + (across.x * w) / 2, y: wrist.y + (across.y * w) / 2 };
      const t = similarity(anchors[la], anchors[ra], q0, q1);
      return { placements: [{ transform: t, targets: { [la]: q0, [ra]: q1 }, columns: null }], measure: { name: 'knuckle_width', px: width, productPx: dist(anchors[la], anchors[ra]), scaleSource: realMm ? 'real_size' : 'body' }, keypoints: { wrist }, occlude: false };
    }
    case 'hat': {
      const f = needFace(person, type, lang);
      const re = pt(f.points.right_ear);
      const le = pt(f.points.left_ear);
      const ears = dist(re, le);
      const faceH = dist(pt(f.points.forehead), pt(f.points.chin));
      const roll = (f.rollDeg * Math.PI) / 180;
      // The brim rests across the upper forehead, a tenth of the face height below its top landmark (mesh 10, at the
      // hairline: a brim there floats on the hair), 1.5 ear-to-ear widths wide, following the head's roll.
      const c = pt(f.points.forehead);
      const centre = { x: c.x - Math.sin(roll) * faceH * 0.1, y: c.y + Math.cos(roll) * faceH * 0.1 };
      const w = realMm ? (realMm / BODY_MM.earToEar) * ears : ears * 1.5;
      const q0 = { x: centre.x - (Math.cos(roll) * w) / 2, y: centre.y - (Math.sin(roll) * w) / 2 };
      const q1 = { x: centre.x + (Math.cos(roll) * w) / 2, y: centre.y + (Math.sin(roll) * w) / 2 };
      const t = similarity(anchors.brim_left, anchors.brim_right, q0, q1);
      return { placements: [{ transform: t, targets: { brim_left: q0, brim_right: q1 }, columns: null }], measure: { name: 'ear_to_ear', px: ears, productPx: dist(anchors.brim_left, anchors.brim_right), scaleSource: realMm ? 'real_size' : 'body' }, keypoints: { forehead: c, right_ear: re, left_ear: le }, occlude: false };
    }
    case 'top': {
      const ls = person.body.left_shoulder;
      const rs = person.body.right_shoulder;
      if (!ls || !rs || ls.score < 0.2 || rs.score < 0.2) fail(lang, 'no_shoulders', { index: person.index, type: TYPE_WORD[lang][type] }, type);
      const sw = dist(pt(ls), pt(rs));
      checkShoulders(person, sw, type, lang);
      const ux = (ls.x - rs.x) / sw;
      const uy = (ls.y - rs.y) / sw;
      // Garment shoulder seams sit a little outside the joint centres.
      const qr = { x: rs.x - ux * sw * 0.08, y: rs.y - uy * sw * 0.08 };
      const ql = { x: ls.x + ux * sw * 0.08, y: ls.y + uy * sw * 0.08 };
      const lh = person.body.left_hip;
      const rh = person.body.right_hip;
      let t: Affine;
      let hem: Pt | null = null;
      let bend: Placement['bend'];
      const hemTargets: Record<string, Pt> = {};
      if (lh && rh && lh.score > 0.2 && rh.score > 0.2) {
        const hips = mid(pt(rh), pt(lh));
        hem = { x: hips.x, y: hips.y + sw * 0.12 };
        t = affineFrom3([anchors.shoulder_left, anchors.shoulder_right, anchors.hem], [qr, ql, hem]);
        // The hem follows the hip line and the shoulders the shoulder line: a smooth warp between them bends the
        // garment with a turned or leaning body. The hem keeps the garment's own width (its shoulder span) and lies
        // along the hips; when the hips are level with the shoulders this is exactly the affine fit.
        const hipW = dist(pt(rh), pt(lh));
        if (hipW > 1) {
          const sx = (anchors.shoulder_right.x - anchors.shoulder_left.x) / 2;
          const sy = (anchors.shoulder_right.y - anchors.shoulder_left.y) / 2;
          const half = dist(qr, ql) / 2;
          const hx = ((lh.x - rh.x) / hipW) * half;
          const hy = ((lh.y - rh.y) / hipW) * half;
          hemTargets.hem_left = { x: hem.x - hx, y: hem.y - hy };
          hemTargets.hem_right = { x: hem.x + hx, y: hem.y + hy };
          bend = {
            from: [anchors.shoulder_left, anchors.shoulder_right, { x: anchors.hem.x - sx, y: anchors.hem.y - sy }, { x: anchors.hem.x + sx, y: anchors.hem.y + sy }],
            to: [qr, ql, hemTargets.hem_left, hemTargets.hem_right],
          };
        }
      } else t = similarity(anchors.shoulder_left, anchors.shoulder_right, qr, ql);
      // The face is in front of whatever the drawing has above the shoulders (a hood, a high collar): the person mask
      // cannot tell face from garment, so the face is a capsule from forehead to chin, as wide as ear to ear.
      const fp = person.face?.points;
      const occluders: Capsule[] = fp ? [{ a: pt(fp.forehead), b: pt(fp.chin), r: dist(pt(fp.right_ear), pt(fp.left_ear)) * 0.5 }] : [];
      return { placements: [{ transform: t, targets: { shoulder_left: qr, shoulder_right: ql, ...(hem ? { hem } : {}), ...hemTargets }, columns: null, ...(bend ? { bend } : {}) }], measure: { name: 'shoulder_width', px: sw, productPx: dist(anchors.shoulder_left, anchors.shoulder_right), scaleSource: 'body' }, keypoints: { right_shoulder: pt(rs), left_shoulder: pt(ls), ...(hem && lh && rh ? { right_hip: pt(rh), left_hip: pt(lh) } : {}) }, occlude: true, ...(occluders.length ? { occluders } : {}) };
    }
  }
}
