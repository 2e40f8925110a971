/** Runs the keypoint model on a decoded photo and reports points in the photo's own pixels. */
import { createHash } from 'node:crypto';
import type { KeypointModel } from '../../models/tryon/keypoints';
import { ALL_PARTS, type FaceKeypoints, type KeypointParts, type KeypointResult, type PersonMask } from '../../models/tryon/types';
import type { Photo } from './photo';

let model: Promise<KeypointModel> | null = null;

/** The keypoint model, loaded once per thread (TensorFlow.js is imported only here, on first use). */
export function keypointModel(): Promise<KeypointModel> {
  model ??= import('../../models/tryon/keypoints').then((m) => m.loadKeypointModel());
  model.catch(() => {
    model = null;
  });
  return model;
}

// The preview re-renders the same photo on every nudge: keep the last few photos' keypoints (by pixel hash), each
// with the detectors it ran; a result serves any later call that needs no detector it lacks.
const recent = new Map<string, KeypointResult[]>();
const RECENT_MAX = 8;

function pixelKey(photo: Photo): string {
  return `${photo.work.width}x${photo.work.height}:${createHash('sha1').update(photo.work.data).digest('hex')}`;
}

const covers = (have: KeypointParts, want: KeypointParts): boolean =>
  (!want.body || have.body) && (!want.face || have.face) && (!want.iris || have.iris) && (!want.hands || have.hands);

/**
 * People with body, face and hand points in the full photo's pixels, and ms per stage (0 when remembered from a recent
 * call). `parts` names the detectors to run (all by default: what the people picker shows).
 */
export async function detectPeople(photo: Photo, parts: KeypointParts = ALL_PARTS): Promise<KeypointResult> {
  const key = pixelKey(photo);
  const known = recent.get(key)?.find((r) => covers(r.parts, parts));
  if (known) return { ...known, ms: { detection: 0, keypoints: 0, segmentation: 0 } };
  const { scaleResult } = await import('../../models/tryon/scale');
  const m = await keypointModel();
  const r = scaleResult(await m.detect(photo.work, parts), 1 / photo.scale, photo.full.width, photo.full.height);
  // A fuller result replaces the ones it covers.
  recent.set(key, [r, ...(recent.get(key) ?? []).filter((o) => !covers(parts, o.parts))]);
  if (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value as string);
  return r;
}

/** Forgets remembered keypoints (benchmarks time detection on every call). */
export function forgetRecentKeypoints(): void {
  recent.clear();
}

/** The person mask at the full photo's size, and its time in ms (the photo goes through the model at its 256×256 input). */
export async function segmentPeople(photo: Photo): Promise<{ mask: PersonMask; ms: number }> {
  const m = await keypointModel();
  const { SEGMENT_SIDE } = await import('../../models/tryon/keypoints');
  const sharp = (await import('sharp')).default;
  const t0 = performance.now();
  const { work } = photo;
  // sharp averages the pixels it shrinks (no aliasing) and is faster than resizing a full-size tensor on wasm.
  const small = await sharp(work.data, { raw: { width: work.width, height: work.height, channels: 3 } })
    .resize(SEGMENT_SIDE, SEGMENT_SIDE, { fit: 'fill' })
    .raw()
    .toBuffer();
  const { mask } = await m.segment({ width: SEGMENT_SIDE, height: SEGMENT_SIDE, data: new Uint8Array(small.buffer, small.byteOffset, small.length) });
  const big = await sharp(mask.data, { raw: { width: mask.width, height: mask.height, channels: 1 } })
    .resize(photo.full.width, photo.full.height, { fit: 'fill' })
    // sharp writes a one-channel input out as three unless told which channel to keep.
    .extractChannel(0)
    .raw()
    .toBuffer();
  return { mask: { width: photo.full.width, height: photo.full.height, data: new Uint8Array(big.buffer, big.byteOffset, big.length) }, ms: performance.now() - t0 };
}

/** A person mask over part of the photo: `data` covers width × height pixels from (x0, y0); outside it is background. */
export interface MaskWindow extends PersonMask {
  x0: number;
  y0: number;
}

/**
 * The person mask around one head, from the full-size photo: the square 2.5 face heights across centred a little below
 * the face (the framing the selfie model was made for), so ears and hair get about four times the mask resolution of a
 * whole-photo pass. Earrings use it; ms as for `segmentPeople`.
 */
export async function segmentHead(photo: Photo, face: FaceKeypoints): Promise<{ mask: MaskWindow; ms: number }> {
  const m = await keypointModel();
  const { SEGMENT_SIDE } = await import('../../models/tryon/keypoints');
  const sharp = (await import('sharp')).default;
  const t0 = performance.now();
  const { full } = photo;
  const p = face.points;
  const faceH = Math.hypot(p.chin.x - p.forehead.x, p.chin.y - p.forehead.y);
  const cx = (p.forehead.x + p.chin.x) / 2;
  const cy = (p.forehead.y + p.chin.y) / 2 + 0.25 * faceH;
  const half = 1.25 * faceH;
  const x0 = Math.max(0, Math.floor(cx - half));
  const y0 = Math.max(0, Math.floor(cy - half));
  const width = Math.min(full.width, Math.ceil(cx + half)) - x0;
  const height = Math.min(full.height, Math.ceil(cy + half)) - y0;
  if (width < 8 || height < 8) return { mask: { x0: 0, y0: 0, width: 0, height: 0, data: new Uint8Array(0) }, ms: performance.now() - t0 };
  const small = await sharp(full.data, { raw: { width: full.width, height: full.height, channels: 3 } })
    .extract({ left: x0, top: y0, width, height })
    .resize(SEGMENT_SIDE, SEGMENT_SIDE, { fit: 'fill' })
    .raw()
    .toBuffer();
  const { mask } = await m.segment({ width: SEGMENT_SIDE, height: SEGMENT_SIDE, data: new Uint8Array(small.buffer, small.byteOffset, small.length) });
  const big = await sharp(mask.data, { raw: { width: mask.width, height: mask.height, channels: 1 } })
    .resize(width, height, { fit: 'fill' })
    .extractChannel(0)
    .raw()
    .toBuffer();
  return { mask: { x0, y0, width, height, data: new Uint8Array(big.buffer, big.byteOffset, big.length) }, ms: performance.now() - t0 };
}
