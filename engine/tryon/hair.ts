/**
 * Earrings behind hair. The person mask does not tell hair from skin, so hair is told by colour: a Gaussian in Lab fitted
 * to the person's own hair (inside the person mask, above the face) against one fitted to their cheeks. An earring pixel
 * is hidden only where the photo under it is inside the person mask, near the ear, outside the face (jaw line) and
 * clearly more like the hair than the skin; when the ear itself shows skin, nothing is hidden.
 */
import type { FaceKeypoints, RgbImage } from '../../models/tryon/types';
import type { MaskWindow } from './detect';
import type { Pt } from './anchors';
import { rgbToLab } from './lab';
import type { AlphaWindow } from './occluders';

/** A Gaussian colour model in Lab: mean, inverse covariance (row-major 3×3) and log determinant. */
export interface LabGauss {
  mean: [number, number, number];
  /** The covariance's diagonal (variances of L, a, b). */
  var: [number, number, number];
  inv: number[];
  logDet: number;
  n: number;
}

/** Which ear, by the person's own side (right = image left for a camera photo). */
export type EarSide = 'right' | 'left';

/** An ear of the face in photo pixels, with the frame of the face (unit vectors) and its height. */
export interface EarWindow {
  side: EarSide;
  ear: Pt;
  lobe: Pt;
  chin: Pt;
  /** Unit vector away from the face, along the eye line. */
  out: Pt;
  /** Unit vector down the face, across the eye line. */
  down: Pt;
  faceH: number;
}

/** What was found at one ear: whether skin shows there, and how many earring pixels the hair hid. */
export interface EarReport {
  side: EarSide;
  /** Share of the ear patch (beside and below the ear's attachment point) that looks like the cheeks' skin. */
  skin: number;
  /** True when the ear shows skin: nothing is hidden at that ear. */
  visible: boolean;
  /** Product pixels hidden by hair at this ear (alpha-weighted). */
  hiddenPx: number;
}

/** The colour models of one face and the state of its ears, ready for the per-pixel test. */
export interface HairOcclusion {
  skin: LabGauss | null;
  hair: LabGauss | null;
  /** Why nothing can be hidden, when that is so for both ears. */
  reason: 'ears_visible' | 'no_skin_sample' | 'no_hair_sample' | 'hair_like_skin' | null;
  ears: Record<EarSide, EarWindow & { skin: number; visible: boolean }>;
  mask: MaskWindow | null;
}

// Share of skin in the ear patch from which the ear counts as visible.
const EAR_SKIN_VISIBLE = 0.35;
// A pixel is the model's colour when within this squared Mahalanobis distance (3 dof: 99.7%).
const D2_MAX = 14;
// Log-likelihood margin (nats) hair must win by before anything is hidden, and the ramp to fully hidden.
const MARGIN = 2;
const RAMP = 4;
// Two models closer than this (Bhattacharyya distance) cannot be told apart: nothing is hidden.
const MIN_SEPARATION = 0.5;

function gauss(samples: number[], floor: [number, number, number]): LabGauss | null {
  const n = samples.length / 3;
  if (n < 30) return null;
  const m = [0, 0, 0];
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) m[c] += samples[i * 3 + c] / n;
  const C = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < n; i++) for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) C[r * 3 + c] += ((samples[i * 3 + r] - m[r]) * (samples[i * 3 + c] - m[c])) / n;
  // A floor on each variance: a flat patch would otherwise make a needle-thin model that rejects its own colour's noise.
  for (let c = 0; c < 3; c++) C[c * 4] += floor[c] * floor[c];
  const [a, b, c, d, e, f, g, h, k] = C;
  const det = a * (e * k - f * h) - b * (d * k - f * g) + c * (d * h - e * g);
  if (!(det > 0)) return null;
  const inv = [(e * k - f * h) / det, (c * h - b * k) / det, (b * f - c * e) / det, (f * g - d * k) / det, (a * k - c * g) / det, (c * d - a * f) / det, (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det];
  return { mean: [m[0], m[1], m[2]], var: [a, e, k], inv, logDet: Math.log(det), n };
}

/** Squared Mahalanobis distance of a Lab colour from the model. */
export function d2(g: LabGauss, l: number, a: number, b: number): number {
  const x = l - g.mean[0];
  const y = a - g.mean[1];
  const z = b - g.mean[2];
  const v = g.inv;
  return x * (v[0] * x + v[1] * y + v[2] * z) + y * (v[3] * x + v[4] * y + v[5] * z) + z * (v[6] * x + v[7] * y + v[8] * z);
}

const logLik = (g: LabGauss, dd: number): number => -0.5 * (dd + g.logDet);

/** Bhattacharyya distance between two models (diagonal approximation: enough to say "too alike"). */
function separation(p: LabGauss, q: LabGauss): number {
  let s = 0;
  for (let c = 0; c < 3; c++) {
    const vp = p.var[c];
    const vq = q.var[c];
    const v = (vp + vq) / 2;
    s += ((p.mean[c] - q.mean[c]) ** 2) / (8 * v) + 0.5 * Math.log(v / Math.sqrt(vp * vq));
  }
  return s;
}

/** The person mask at a photo pixel, 0..1 (0 outside the mask's window). */
function maskAt(m: MaskWindow, x: number, y: number): number {
  const u = x - m.x0;
  const v = y - m.y0;
  return u < 0 || v < 0 || u >= m.width || v >= m.height ? 0 : m.data[v * m.width + u] / 255;
}

const at = (o: Pt, u: Pt, su: number, v: Pt, sv: number): Pt => ({ x: o.x + u.x * su + v.x * sv, y: o.y + u.y * su + v.y * sv });

/** Lab colours of the photo on a grid of points (u, v in face heights) around an origin; points off the photo are skipped. */
function sampleGrid(photo: RgbImage, o: Pt, u: Pt, v: Pt, faceH: number, us: [number, number], vs: [number, number], n: number, keep: (x: number, y: number) => boolean = () => true): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const p = at(o, u, (us[0] + ((us[1] - us[0]) * (i + 0.5)) / n) * faceH, v, (vs[0] + ((vs[1] - vs[0]) * (j + 0.5)) / n) * faceH);
    const x = Math.round(p.x);
    const y = Math.round(p.y);
    if (x < 0 || y < 0 || x >= photo.width || y >= photo.height || !keep(x, y)) continue;
    const k = (y * photo.width + x) * 3;
    out.push(...rgbToLab(photo.data[k], photo.data[k + 1], photo.data[k + 2]));
  }
  return out;
}

/** The two ears of a face in photo pixels, with the face's frame. */
export function earWindows(face: FaceKeypoints): Record<EarSide, EarWindow> {
  const p = face.points;
  const roll = (face.rollDeg * Math.PI) / 180;
  const along = { x: Math.cos(roll), y: Math.sin(roll) };
  const down = { x: -Math.sin(roll), y: Math.cos(roll) };
  const faceH = Math.hypot(p.chin.x - p.forehead.x, p.chin.y - p.forehead.y);
  const chin = { x: p.chin.x, y: p.chin.y };
  // The person's right ear is on the image left: "out" is against the eye line there.
  return {
    right: { side: 'right', ear: { x: p.right_ear.x, y: p.right_ear.y }, lobe: { x: p.right_ear_lobe.x, y: p.right_ear_lobe.y }, chin, out: { x: -along.x, y: -along.y }, down, faceH },
    left: { side: 'left', ear: { x: p.left_ear.x, y: p.left_ear.y }, lobe: { x: p.left_ear_lobe.x, y: p.left_ear_lobe.y }, chin, out: along, down, faceH },
  };
}

/** The skin model from both cheeks (between the outer eye corner and the mouth corner). */
export function skinModel(photo: RgbImage, face: FaceKeypoints): LabGauss | null {
  const p = face.points;
  const w = earWindows(face);
  const samples: number[] = [];
  for (const [eye, mouth] of [[p.right_eye_outer, p.mouth_right], [p.left_eye_outer, p.mouth_left]] as const) {
    const c = { x: (eye.x + mouth.x) / 2, y: (eye.y + mouth.y) / 2 };
    samples.push(...sampleGrid(photo, c, w.left.out, w.left.down, w.left.faceH, [-0.05, 0.05], [-0.04, 0.06], 12));
  }
  // Shading moves skin's lightness much more than its hue: a wide floor on L keeps a shaded ear or neck "skin".
  return gauss(samples, [8, 2, 2]);
}

/** Share of the ear patch (just outside the face edge, from the ear's attachment point down toward the lobe) that is skin. */
function earSkin(photo: RgbImage, e: EarWindow, skin: LabGauss): number {
  const px = sampleGrid(photo, e.ear, e.out, e.down, e.faceH, [0.01, 0.09], [-0.02, 0.12], 8);
  let n = 0;
  for (let i = 0; i < px.length; i += 3) if (d2(skin, px[i], px[i + 1], px[i + 2]) <= D2_MAX) n++;
  return px.length ? n / (px.length / 3) : 0;
}

/** The hair model: inside the person mask, above the face's top landmark, not like the skin; trimmed of outliers once. */
export function hairModel(photo: RgbImage, face: FaceKeypoints, mask: MaskWindow, skin: LabGauss | null): LabGauss | null {
  const w = earWindows(face);
  const top = { x: face.points.forehead.x, y: face.points.forehead.y };
  const up = { x: -w.left.down.x, y: -w.left.down.y };
  const inPerson = (x: number, y: number): boolean => maskAt(mask, x, y) >= 0.9;
  const raw = sampleGrid(photo, top, w.left.out, up, w.left.faceH, [-0.4, 0.4], [0.03, 0.5], 40, inPerson);
  const keep = (px: number[], g: LabGauss | null, max: number): number[] => {
    const out: number[] = [];
    for (let i = 0; i < px.length; i += 3) if (!g || d2(g, px[i], px[i + 1], px[i + 2]) > max) out.push(px[i], px[i + 1], px[i + 2]);
    return out;
  };
  // Forehead skin above the mesh's top point is not hair.
  const notSkin = keep(raw, skin, D2_MAX);
  const first = gauss(notSkin, [3, 1.5, 1.5]);
  if (!first) return null;
  const inliers: number[] = [];
  for (let i = 0; i < notSkin.length; i += 3) if (d2(first, notSkin[i], notSkin[i + 1], notSkin[i + 2]) <= D2_MAX) inliers.push(notSkin[i], notSkin[i + 1], notSkin[i + 2]);
  return gauss(inliers, [3, 1.5, 1.5]);
}

/**
 * The hair test for one face: the skin model, each ear's skin share and, when an ear shows no skin, the hair model
 * (which needs the person mask, asked for only then).
 */
export async function hairOcclusion(photo: RgbImage, face: FaceKeypoints, getMask: () => Promise<MaskWindow>, opts: { ignoreEars?: boolean } = {}): Promise<HairOcclusion> {
  const windows = earWindows(face);
  const skin = skinModel(photo, face);
  const ears = {
    right: { ...windows.right, skin: 0, visible: false },
    left: { ...windows.left, skin: 0, visible: false },
  };
  if (!skin) return { skin, hair: null, reason: 'no_skin_sample', ears, mask: null };
  for (const s of ['right', 'left'] as const) {
    ears[s].skin = earSkin(photo, windows[s], skin);
    // (Tests and diagnostics may judge every pixel as if both ears were covered.)
    ears[s].visible = !opts.ignoreEars && ears[s].skin >= EAR_SKIN_VISIBLE;
  }
  if (ears.right.visible && ears.left.visible) return { skin, hair: null, reason: 'ears_visible', ears, mask: null };
  const mask = await getMask();
  const hair = hairModel(photo, face, mask, skin);
  if (!hair) return { skin, hair, reason: 'no_hair_sample', ears, mask };
  if (separation(hair, skin) < MIN_SEPARATION) return { skin, hair, reason: 'hair_like_skin', ears, mask };
  return { skin, hair, reason: null, ears, mask };
}

/**
 * Lowers the layer's alpha where hair lies in front of the earring at `side`; returns the product pixels hidden
 * (alpha-weighted). Soft: a strand's edge or a pixel only a little more like hair hides the earring partly.
 */
export function hideUnderHair(L: AlphaWindow, photo: RgbImage, h: HairOcclusion, side: EarSide): number {
  const e = h.ears[side];
  const { skin, hair, mask } = h;
  if (h.reason !== null || e.visible || !skin || !hair || !mask) return 0;
  const r2 = (0.4 * e.faceH) ** 2;
  // The jaw line from the ear to the chin: the face (and a beard) is on the inner side of it and never hides anything.
  const jx = e.chin.x - e.ear.x;
  const jy = e.chin.y - e.ear.y;
  const outSign = Math.sign(jx * e.out.y - jy * e.out.x) || 1;
  let hidden = 0;
  for (let y = 0; y < L.h; y++) for (let x = 0; x < L.w; x++) {
    const i = y * L.w + x;
    const a0 = L.alpha[i];
    if (a0 <= 0) continue;
    const X = L.x0 + x;
    const Y = L.y0 + y;
    // Only near the ear and lobe.
    if ((X - e.lobe.x) ** 2 + (Y - e.lobe.y) ** 2 > r2) continue;
    if (Math.sign(jx * (Y - e.ear.y) - jy * (X - e.ear.x)) !== outSign) continue;
    const m = maskAt(mask, X, Y);
    const wm = Math.min(1, Math.max(0, (m - 0.5) / 0.15));
    if (wm <= 0) continue;
    const k = (Y * photo.width + X) * 3;
    const [l, a, b] = rgbToLab(photo.data[k], photo.data[k + 1], photo.data[k + 2]);
    const dh = d2(hair, l, a, b);
    if (dh > D2_MAX) continue;
    const llr = logLik(hair, dh) - logLik(skin, d2(skin, l, a, b));
    const wc = Math.min(1, Math.max(0, (llr - MARGIN) / RAMP));
    const hide = wm * wc;
    if (hide <= 0) continue;
    L.alpha[i] = a0 * (1 - hide);
    hidden += a0 * hide;
  }
  return hidden;
}

/** The ears' report for the try-on JSON. */
export function earReports(h: HairOcclusion, hidden: Record<EarSide, number>): EarReport[] {
  return (['right', 'left'] as const).map((s) => ({ side: s, skin: Math.round(h.ears[s].skin * 1000) / 1000, visible: h.ears[s].visible, hiddenPx: Math.round(hidden[s] * 10) / 10 }));
}
