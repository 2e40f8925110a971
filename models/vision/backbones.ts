/**
 * Image embedding backbones: the MobileNetV3 trunk of the COCO CenterNet detector (multi-layer mean-pooled), CNN
 * features from nsfwjs's nets (global-pooled), hand-crafted descriptors, and their blends with colour.
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend';
import { CENTERNET_INPUT, loadCenternetGraph } from './centernet';
import { COLOUR_DIM, TEXTURE_DIM, colourHistogram, l2normalise, textureHistogram, type RgbImage } from './handcrafted';
import { nsfwArtifacts, type NsfwModelName } from './nsfw-weights';

/** Every backbone `load` accepts. */
export const BACKBONE_NAMES = [
  'colour', 'colour+texture', 'mobilenet_v2', 'mobilenet_v2+colour', 'mobilenet_v2_mid', 'mobilenet_v2_mid+colour',
  'inception_v3', 'inception_v3+colour', 'mb3_centernet', 'mb3_centernet+colour',
] as const;

/** A backbone name. */
export type BackboneName = (typeof BACKBONE_NAMES)[number];

/** True when the string names a backbone. */
export function isBackboneName(s: string): s is BackboneName {
  return (BACKBONE_NAMES as readonly string[]).includes(s);
}

/** A loaded backbone: embeds RGB images (any size) into L2-normalised vectors. */
export interface Backbone {
  name: BackboneName;
  dim: number;
  /** The square side images are resized to before embedding (the engine resizes with sharp). */
  inputSize: number;
  embed(images: readonly RgbImage[]): Float32Array[];
  dispose(): void;
}

interface Cnn {
  size: number;
  dim: number;
  features(batch: tf.Tensor4D): tf.Tensor2D;
  dispose(): void;
}

type CnnName = NsfwModelName | 'mb3_centernet';
const CNN_SIZE: Record<CnnName, number> = { mobilenet_v2: 224, mobilenet_v2_mid: 224, inception_v3: 299, mb3_centernet: 512 };

/**
 * MobileNetV3 stages of the CenterNet trunk that are mean-pooled, L2-normalised each and concatenated (112 + 160 =
 * 272-d): stride-16 parts and stride-32 objects. Chosen on the select half of the grocery photos (README).
 */
const MB3_STAGES = ['tower_0/MobilenetV3/expanded_conv_11/add', 'tower_0/MobilenetV3/expanded_conv_14/add'];

async function loadMb3(): Promise<Cnn> {
  const graph = await loadCenternetGraph();
  const dims = tf.tidy(() => (graph.execute({ [CENTERNET_INPUT]: tf.zeros([1, 64, 64, 3]) }, MB3_STAGES) as tf.Tensor4D[]).map((t) => t.shape[3]));
  const dim = dims.reduce((a, b) => a + b, 0);
  return {
    size: CNN_SIZE.mb3_centernet, dim,
    // The graph reads pixels 0-255; each stage is unit-normalised so both weigh the same in the concatenation.
    features: (x) => tf.tidy(() => {
      const maps = graph.execute({ [CENTERNET_INPUT]: tf.mul(x, 255) }, MB3_STAGES) as tf.Tensor4D[];
      const pooled = maps.map((m): tf.Tensor2D => {
        const v = tf.mean(m, [1, 2]) as tf.Tensor2D;
        return tf.div(v, tf.add(tf.norm(v, 'euclidean', 1, true), 1e-12));
      });
      return tf.concat2d(pooled, 1);
    }),
    dispose: () => graph.dispose(),
  };
}
/** The last convolutional block of each layers model (its output is mean-pooled over space). */
const LAST_CONV: Partial<Record<NsfwModelName, string>> = { mobilenet_v2: 'out_relu', inception_v3: 'mixed10' };

async function loadCnn(name: CnnName): Promise<Cnn> {
  if (name === 'mb3_centernet') return loadMb3();
  const art = nsfwArtifacts(name);
  const size = CNN_SIZE[name];
  const layerName = LAST_CONV[name];
  if (layerName) {
    const full = await tf.loadLayersModel(tf.io.fromMemory(art));
    const trunk = tf.model({ inputs: full.inputs, outputs: full.getLayer(layerName).output as tf.SymbolicTensor });
    const dim = (trunk.outputs[0].shape[3] ?? 0);
    return {
      size, dim,
      features: (x) => tf.tidy(() => tf.mean(trunk.predict(x) as tf.Tensor4D, [1, 2]) as tf.Tensor2D),
      dispose: () => full.dispose(),
    };
  }
  const graph = await tf.loadGraphModel(tf.io.fromMemory(art));
  const topo = art.modelTopology as { node: { name: string; op: string }[] };
  const node = topo.node.find((n) => n.op === 'Squeeze' && n.name.includes('feature_vector'));
  if (!node) throw new Error(`${name}: no pooled feature node`);
  return {
    size, dim: 1280,
    features: (x) => tf.tidy(() => graph.execute(x, node.name) as tf.Tensor2D),
    dispose: () => graph.dispose(),
  };
}

function handcrafted(img: RgbImage, texture: boolean): Float32Array {
  const c = colourHistogram(img);
  if (!texture) return c;
  const t = textureHistogram(img);
  const out = new Float32Array(COLOUR_DIM + TEXTURE_DIM);
  out.set(c);
  out.set(t, COLOUR_DIM);
  return l2normalise(out);
}

/** Default weight of the colour part in a CNN+colour blend (cosine of the blend = (1-w²)·cnn + w²·colour). */
export const COLOUR_WEIGHT = 0.7;

/** Colour weight per CNN, chosen on the select half of the grocery photos (0.6 for mb3_centernet, 0.7 for the rest). */
export function colourWeightFor(cnn: string): number {
  return cnn === 'mb3_centernet' ? 0.6 : COLOUR_WEIGHT;
}

/** Blends a unit CNN vector with a unit colour histogram: cosine of two blends = (1-w²)·cnn + w²·colour. */
export function blendWithColour(cnn: Float32Array, colour: Float32Array, w = COLOUR_WEIGHT): Float32Array {
  const out = new Float32Array(cnn.length + colour.length);
  const a = Math.sqrt(1 - w * w);
  for (let i = 0; i < cnn.length; i++) out[i] = a * cnn[i];
  for (let i = 0; i < colour.length; i++) out[cnn.length + i] = w * colour[i];
  return l2normalise(out);
}

/** Loads a backbone by name (weights from node_modules, never the network); warms it up once. */
export async function loadBackbone(name: string): Promise<Backbone> {
  if (!isBackboneName(name)) throw new Error(`Unknown backbone '${name}'. Valid: ${BACKBONE_NAMES.join(', ')}`);
  if (name === 'colour' || name === 'colour+texture') {
    const texture = name === 'colour+texture';
    return { name, dim: COLOUR_DIM + (texture ? TEXTURE_DIM : 0), inputSize: 128, embed: (imgs) => imgs.map((i) => handcrafted(i, texture)), dispose: () => undefined };
  }
  await selectBackend();
  const [cnnName, blend] = name.split('+') as [CnnName, string | undefined];
  const w = colourWeightFor(cnnName);
  const cnn = await loadCnn(cnnName);
  tf.tidy(() => cnn.features(tf.zeros([1, cnn.size, cnn.size, 3]))).dispose();
  const dim = cnn.dim + (blend ? COLOUR_DIM : 0);
  return {
    name, dim, inputSize: cnn.size,
    embed(imgs) {
      if (!imgs.length) return [];
      const feats = tf.tidy(() => {
        const batch = tf.stack(imgs.map((i) => tf.tensor3d(i.data, [i.height, i.width, 3], 'int32'))).toFloat().div(255) as tf.Tensor4D;
        const sized = batch.shape[1] === cnn.size && batch.shape[2] === cnn.size ? batch : tf.image.resizeBilinear(batch, [cnn.size, cnn.size]);
        return cnn.features(sized);
      });
      const flat = feats.dataSync() as Float32Array;
      feats.dispose();
      return imgs.map((img, k) => {
        const v = l2normalise(flat.slice(k * cnn.dim, (k + 1) * cnn.dim));
        return blend ? blendWithColour(v, colourHistogram(img), w) : v;
      });
    },
    dispose: () => cnn.dispose(),
  };
}
