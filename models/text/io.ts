/** Saves and loads a text classifier as model.json + weights.bin in a folder (written under a temporary name, renamed whole). */
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeSynced } from '../write-synced';
import { BagClassifier, type BagSpec } from './bag';
import { makeDirs } from '../../engine/fs/mkdirs';

/** Writes the model to `dir` (replacing it whole); `extra` goes into model.json beside the spec (e.g. held-out scores). */
export function saveBag(model: BagClassifier, dir: string, extra: Record<string, unknown> = {}): void {
  const { spec, weights } = model.serialise();
  // models/ may not import engine/fs/atomic: the same temp-folder-then-rename steps are done here.
  makeDirs(dirname(dir));
  const tmp = join(dirname(dir), `.${basename(dir)}.${process.pid}.tmp`);
  rmSync(tmp, { recursive: true, force: true });
  makeDirs(tmp);
  writeSynced(join(tmp, 'weights.bin'), weights);
  writeSynced(join(tmp, 'model.json'), Buffer.from(JSON.stringify({ ...extra, ...spec }), 'utf8'));
  const old = `${tmp}.old`;
  if (existsSync(dir)) renameSync(dir, old);
  renameSync(tmp, dir);
  rmSync(old, { recursive: true, force: true });
}

/** Loads a model folder written by saveBag; errors name the folder and what is missing. */
export function loadBag(dir: string): BagClassifier {
  const jsonPath = join(dir, 'model.json');
  if (!existsSync(jsonPath)) throw new Error(`No text model in ${dir} (model.json is missing)`);
  const spec = JSON.parse(readFileSync(jsonPath, 'utf8')) as BagSpec;
  return BagClassifier.deserialise(spec, new Uint8Array(readFileSync(join(dir, 'weights.bin'))));
}
