/** Try-on test fixtures: the committed people photos (Apache-2.0, tfjs-models test_data) decoded once per file. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodePhoto, type Photo } from '../../engine/tryon/photo';

/** Folder of the people photos. */
export const PEOPLE_DIR = join(import.meta.dirname, 'fixtures', 'people');

/** Decodes one fixture photo. */
export function fixturePhoto(name: string): Promise<Photo> {
  return decodePhoto(readFileSync(join(PEOPLE_DIR, name)), name, 'en');
}

/** The expected keypoints of the two committed pose_1 frames, by frame number. */
export function expectedPose(): Record<string, Record<string, { x: number; y: number }>> {
  return (JSON.parse(readFileSync(join(PEOPLE_DIR, 'pose_1_expected.json'), 'utf8')) as { frames: Record<string, Record<string, { x: number; y: number }>> }).frames;
}
