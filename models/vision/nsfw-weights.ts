/** Loads the ImageNet-initialised CNNs that nsfwjs ships as JS modules (topology JSON + base64 weight shards), from disk. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

const require = createRequire(import.meta.url);

/** The nsfwjs model folders and their shard counts. */
export const NSFW_MODELS = { mobilenet_v2: 1, mobilenet_v2_mid: 2, inception_v3: 6 } as const;

/** A folder name under nsfwjs/dist/models. */
export type NsfwModelName = keyof typeof NSFW_MODELS;

interface ModelJson {
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

function modelDir(name: NsfwModelName): string {
  // The package's "exports" hide dist/models, so its folder is found from an exported entry.
  const entry = require.resolve(`nsfwjs/models/${name}`);
  return join(dirname(entry), '..', '..', 'models', name);
}

/** Reads one nsfwjs model (topology and weights) into tf.io artifacts without touching the network. */
export function nsfwArtifacts(name: NsfwModelName): tf.io.ModelArtifacts {
  const base = modelDir(name);
  const json = require(join(base, 'model.min.js')) as ModelJson;
  const shards: Buffer[] = [];
  for (let i = 1; i <= NSFW_MODELS[name]; i++) {
    const b64 = require(join(base, `group1-shard${i}of${NSFW_MODELS[name]}.min.js`)) as string;
    shards.push(Buffer.from(b64, 'base64'));
  }
  const all = Buffer.concat(shards);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  return {
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
    weightData,
  };
}

/** Loads an nsfwjs CNN as a tf.LayersModel. */
export async function loadNsfwModel(name: NsfwModelName): Promise<tf.LayersModel> {
  return tf.loadLayersModel(tf.io.fromMemory(nsfwArtifacts(name)));
}
