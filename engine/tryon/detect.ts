/** Runs the keypoint model on a decoded photo and reports points in the photo's own pixels. */
import { createHash } from 'node:crypto';
import type { KeypointModel } from '../../models/tryon/keypoints';
import type { KeypointResult, PersonMask } from '../../models/tryon/types';
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

// The preview re-renders the same photo on every nudge: keep the last few photos' keypoints (by pixel hash).
const recent = new Map<string, KeypointResult>();
const RECENT_MAX = 8;

function pixelKey(photo: Photo): string {
  return `${photo.work.width}x${photo.work.height}:${createHash('sha1').update(photo.work.data).digest('hex')}`;
}

/** People with body, face and hand points in the full photo's pixels, and ms per stage (0 when remembered from a recent call). */
export async function detectPeople(photo: Photo): Promise<KeypointResult> {
  const key = pixelKey(photo);
  const known = recent.get(key);
  if (known) return { ...known, ms: { detection: 0, keypoints: 0, segmentation: 0 } };
  const { scaleResult } = await import('../../models/tryon/scale');
  const m = await keypointModel();
  const r = scaleResult(await m.detect(photo.work), 1 / photo.scale, photo.full.width, photo.full.height);
  recent.set(key, r);
  if (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value as string);
  return r;
}

/** Forgets remembered keypoints (benchmarks time detection on every call). */
export function forgetRecentKeypoints(): void {
  recent.clear();
}

/** The person mask at the full photo's size, and its time in ms. */
export async function segmentPeople(photo: Photo): Promise<{ mask: PersonMask; ms: number }> {
  const m = await keypointModel();
  const { mask, ms } = await m.segment(photo.work);
  if (photo.scale === 1) return { mask, ms };
  const sharp = (await import('sharp')).default;
  const t0 = performance.now();
  const big = await sharp(mask.data, { raw: { width: mask.width, height: mask.height, channels: 1 } })
    .resize(photo.full.width, photo.full.height, { fit: 'fill' })
    .raw()
    .toBuffer();
  return { mask: { width: photo.full.width, height: photo.full.height, data: new Uint8Array(big.buffer, big.byteOffset, big.length) }, ms: ms + performance.now() - t0 };
}
