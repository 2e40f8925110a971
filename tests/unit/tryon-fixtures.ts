/** Try-on test fixtures: the committed people photos (Apache-2.0, tfjs-models test_data) decoded once per file. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodePhoto, type Photo } from '../../engine/tryon/photo';

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
