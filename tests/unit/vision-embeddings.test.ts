import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBackbone, type Backbone } from '../../models/vision/backbones';
import { renderImages } from '../../engine/demo/images';
import { generateProducts } from '../../engine/demo/products';
import { decodeRgb } from '../../engine/vision/decode';
import { DEFAULT_BACKBONE } from '../../engine/vision/embeddings';
import { exactTopK } from '../../engine/vision/index/ann';

let bb: Backbone;
beforeAll(async () => {
  bb = await loadBackbone(DEFAULT_BACKBONE);
}, 60_000);
afterAll(() => bb.dispose());

const norm = (v: Float32Array): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

describe(`image embeddings (${DEFAULT_BACKBONE}, the default backbone)`, () => {
  it('are deterministic, L2-normalised and leave no tensors behind', async () => {
    const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 220, g: 120, b: 40 } } }).png().toBuffer();
    const img = await decodeRgb(png, bb.inputSize);
    bb.embed([img]);
    const before = tf.memory().numTensors;
    const [a] = bb.embed([img]);
    const [b] = bb.embed([img]);
    expect(tf.memory().numTensors).toBe(before);
    expect(a.length).toBe(bb.dim);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Math.abs(norm(a) - 1)).toBeLessThan(1e-5);
  }, 60_000);

  it('find the original demo product photo first for its augmented copy (crop, flip, new background, JPEG) among the demo catalogue', async () => {
    // Distinct designs only: the demo draws products of one subtype and colour alike (sizes, brands), and no picture
    // can tell those apart.
    const seen = new Set<string>();
    const products = generateProducts(7, 60, 30).filter((p) => {
      const key = `${p.subtype.key}${p.colour.hex}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }).slice(0, 24);
    const rendered = await renderImages(products, () => undefined, () => false);
    const originals = await Promise.all(rendered.map((r) => decodeRgb(r.png, bb.inputSize)));
    const vecs: Float32Array[] = [];
    for (let i = 0; i < originals.length; i += 8) vecs.push(...bb.embed(originals.slice(i, i + 8)));
    const dim = bb.dim;
    const copies = await Promise.all(
      rendered.map(async (r) =>
        decodeRgb(
          await sharp(r.png).extract({ left: 14, top: 10, width: 230, height: 236 }).flop().flatten({ background: '#e8e2d0' }).jpeg({ quality: 70 }).toBuffer(),
          bb.inputSize,
        ),
      ),
    );
    const copyVecs: Float32Array[] = [];
    for (let i = 0; i < copies.length; i += 8) copyVecs.push(...bb.embed(copies.slice(i, i + 8)));
    let copyFindsOriginal = 0;
    let mutual = 0;
    for (let pick = 0; pick < vecs.length; pick++) {
      const q = copyVecs[pick];
      const matrix = new Float32Array((vecs.length + 1) * dim);
      vecs.forEach((v, i) => matrix.set(v, i * dim));
      matrix.set(q, vecs.length * dim);
      const keys = [...vecs.keys(), vecs.length];
      const a = exactTopK(matrix, keys, dim, q, 2)[1].key === pick;
      const b = exactTopK(matrix, keys, dim, vecs[pick], 2)[1].key === vecs.length;
      if (a) copyFindsOriginal++;
      if (a && b) mutual++;
    }
    // Measured 2026-12-02 with mb3_centernet+colour: 24/24 copies find their original first, 20/24 pairs rank each
    // other first (mobilenet_v2+colour, the earlier default: 23 and 19; the misses are same-colour garments, e.g. a
    // red dress and red trousers). Chance would be ~1/24.
    expect(copyFindsOriginal).toBeGreaterThanOrEqual(23);
    expect(mutual).toBeGreaterThanOrEqual(19);
  }, 120_000);
});
