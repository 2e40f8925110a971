/** Try-on test fixtures: the committed people photos (Apache-2.0, tfjs-models test_data) decoded once per file. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { earWindows } from '../../engine/tryon/hair';
import { decodePhoto, type Photo } from '../../engine/tryon/photo';
import type { FaceKeypoints } from '../../models/tryon/types';

/** Folder of the bundled model photos (portrait, three people, hands). */
export const PEOPLE_DIR = join(import.meta.dirname, '..', '..', 'engine', 'tryon', 'photos');
/** Folder of the test-only pose_1 frames and their expected keypoints. */
export const POSE_DIR = join(import.meta.dirname, 'fixtures', 'people');

/** Decodes one fixture photo (pose_1 frames from the fixtures, the rest from the bundled photos). */
export function fixturePhoto(name: string): Promise<Photo> {
  return decodePhoto(readFileSync(join(name.startsWith('pose_1') ? POSE_DIR : PEOPLE_DIR, name)), name, 'en');
}

/** The expected keypoints of the two committed pose_1 frames, by frame number. */
export function expectedPose(): Record<string, Record<string, { x: number; y: number }>> {
  return (JSON.parse(readFileSync(join(POSE_DIR, 'pose_1_expected.json'), 'utf8')) as { frames: Record<string, Record<string, { x: number; y: number }>> }).frames;
}

/**
 * A PLANTED EDIT for the earrings-behind-hair tests and benchmark (none of our photos has hair over an ear): a band over
 * the person's right ear (in the face's own frame, from 0.6 face heights above the ear's attachment point to 0.38 below
 * it, from 0.06 face heights inside the face edge to 0.18 outside it), filled with their own hair from a patch at the top
 * of the head (mirrored tiles, stretched along the strands), with a feathered edge. Returns the edited photo and the
 * depth in px of a point inside the band (negative outside it).
 */
export async function plantHairOverEar(photo: Photo, face: FaceKeypoints): Promise<{ photo: Photo; depth: (x: number, y: number) => number }> {
  const e = earWindows(face).right;
  const { width: W, height: H, data } = photo.full;
  const img = new Uint8Array(data);
  const feather = 0.015 * e.faceH;
  const frame = (x: number, y: number): { u: number; v: number } => {
    const dx = x - e.ear.x;
    const dy = y - e.ear.y;
    return { u: (dx * e.out.x + dy * e.out.y) / e.faceH, v: (dx * e.down.x + dy * e.down.y) / e.faceH };
  };
  // Signed depth inside the band, px (negative outside).
  const depth = (x: number, y: number): number => {
    const { u, v } = frame(x, y);
    return Math.min(u + 0.06, 0.18 - u, v + 0.6, 0.38 - v) * e.faceH;
  };
  // Hair source: a strip of the crown, well above the forehead landmark, in the middle of the head.
  const f = face.points;
  const sx0 = Math.round(f.forehead.x - 0.2 * e.faceH);
  const sy0 = Math.round(f.forehead.y - 0.3 * e.faceH);
  const sw = Math.round(0.4 * e.faceH);
  const sh = Math.round(0.12 * e.faceH);
  const mirror = (v: number, n: number): number => {
    const m = v % (2 * n);
    return m < n ? m : 2 * n - 1 - m;
  };
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const a = Math.max(0, Math.min(1, depth(x, y) / feather));
    if (a <= 0) continue;
    const s = ((sy0 + mirror(Math.floor(y / 3), sh)) * W + sx0 + mirror(x, sw)) * 3;
    for (let c = 0; c < 3; c++) img[(y * W + x) * 3 + c] = Math.round(img[(y * W + x) * 3 + c] * (1 - a) + data[s + c] * a);
  }
  const jpg = await sharp(Buffer.from(img), { raw: { width: W, height: H, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
  return { photo: await decodePhoto(jpg, 'portrait-hair-over-ear-planted.jpg', 'en'), depth };
}
