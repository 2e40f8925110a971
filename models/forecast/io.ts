/** Saves and loads the hybrid model as model.json + weights.bin in a folder, through a tf.io handler over node:fs. */
import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeSynced } from '../write-synced';
import type { HybridConfig } from './hybrid';
import { makeDirs } from '../../engine/fs/mkdirs';

const FORMAT = 'merchant-desk-hybrid-v1';

/** A tf.io save handler writing model.json (topology, weights manifest, hybrid config) and weights.bin. */
export function fileSaveHandler(dir: string, config: HybridConfig): tf.io.IOHandler {
  return {
    async save(a: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      makeDirs(dirname(dir));
      const weights = a.weightData ? new Uint8Array(tf.io.CompositeArrayBuffer.join(a.weightData)) : new Uint8Array(0);
      const json = {
        format: FORMAT,
        modelTopology: a.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs ?? [] }],
        hybrid: config,
      };
      // The folder is written under a temporary name and renamed whole: a crash leaves no half model behind.
      // (models/ may not import engine/fs/atomic, so the same steps are done here.)
      const tmp = join(dirname(dir), `.${basename(dir)}.${process.pid}.tmp`);
      rmSync(tmp, { recursive: true, force: true });
      makeDirs(tmp);
      try {
        writeSynced(join(tmp, 'weights.bin'), weights);
        writeSynced(join(tmp, 'model.json'), Buffer.from(JSON.stringify(json), 'utf8'));
        const final = join(dirname(dir), basename(dir));
        rmSync(final, { recursive: true, force: true });
        renameSync(tmp, final);
      } catch (e) {
        rmSync(tmp, { recursive: true, force: true });
        throw e;
      }
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
    },
  };
}

/** Writes a network and its config to `dir`. */
export async function writeArtefacts(net: tf.LayersModel, dir: string, config: HybridConfig): Promise<void> {
  await net.save(fileSaveHandler(dir, config));
}

/** Reads model.json + weights.bin from `dir`: the config and the weight tensors in saved order (caller disposes). */
export async function readArtefacts(dir: string): Promise<{ config: HybridConfig; weights: tf.Tensor[] }> {
  const jsonPath = join(dir, 'model.json');
  if (!existsSync(jsonPath)) throw new Error(`No model.json in ${dir}`);
  const json = JSON.parse(readFileSync(jsonPath, 'utf8')) as {
    format?: string;
    weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
    hybrid?: HybridConfig;
  };
  if (json.format !== FORMAT || !json.hybrid || !json.weightsManifest?.length) {
    throw new Error(`${jsonPath} is not a Merchant Desk hybrid model (format '${String(json.format)}', expected '${FORMAT}')`);
  }
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const buf = readFileSync(join(dir, json.weightsManifest[0].paths[0]));
  const data = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  // Decode in manifest order (names may repeat across layers; order is what setWeights needs).
  const weights: tf.Tensor[] = [];
  let offset = 0;
  for (const s of specs) {
    const size = s.shape.reduce((a, b) => a * b, 1);
    if (s.dtype !== 'float32') throw new Error(`${jsonPath}: weight ${s.name} has dtype ${String(s.dtype)}; only float32 is supported`);
    weights.push(tf.tensor(new Float32Array(data.slice(offset, offset + size * 4)), s.shape, 'float32'));
    offset += size * 4;
  }
  if (offset !== data.byteLength) {
    tf.dispose(weights);
    throw new Error(`${join(dir, 'weights.bin')} has ${data.byteLength} bytes; model.json describes ${offset}`);
  }
  return { config: json.hybrid, weights };
}
