/**
 * Catalogue fine-tuning: augmented views of the merchant's own images (crop, flip, rotation, colour jitter, new
 * background, blur, JPEG) are embedded with the frozen backbone and a projection head is trained on them by InfoNCE.
 * Held-out views (other seeds) decide how much of the head to use, and whether to keep it at all.
 */
import sharp from 'sharp';
import { mulberry32 } from '../../models/rng';
import type { Backbone } from '../../models/vision/backbones';
import type { RgbImage } from '../../models/vision/handcrafted';
import { DEFAULT_HEAD_CONFIG, trainProjectionHead, type HeadConfig, type ProjectionHead } from '../../models/vision/projection-head';
import { decodeRgb } from './decode';

/** One random augmentation of a photo, decoded to side × side RGB. */
export async function augmentView(buf: Buffer, side: number, seed: number): Promise<RgbImage> {
  const r = mulberry32(seed);
  const between = (a: number, b: number): number => a + (b - a) * r();
  const base = sharp(buf).rotate().toColourspace('srgb').flatten({ background: '#ffffff' });
  const meta = await base.clone().png().toBuffer({ resolveWithObject: true });
  const w = meta.info.width, h = meta.info.height;
  // A crop keeping 55-100 % of each side, anywhere in the picture.
  const cw = Math.max(8, Math.round(w * between(0.55, 1))), ch = Math.max(8, Math.round(h * between(0.55, 1)));
  let p = sharp(meta.data).extract({ left: Math.floor(r() * (w - cw + 1)), top: Math.floor(r() * (h - ch + 1)), width: cw, height: ch });
  if (r() < 0.5) p = p.flop();
  const bg = { r: Math.floor(r() * 256), g: Math.floor(r() * 256), b: Math.floor(r() * 256) };
  // A new background: the photo shrunk onto a random colour (shelf, table, wall), then a small rotation.
  const pad = Math.round(between(0, 0.25) * Math.max(cw, ch));
  p = p.extend({ top: pad, bottom: pad, left: pad, right: pad, background: bg }).rotate(between(-15, 15), { background: bg });
  p = p.modulate({ brightness: between(0.7, 1.3), saturation: between(0.7, 1.3), hue: Math.round(between(-12, 12)) });
  if (r() < 0.4) p = p.blur(between(0.5, 2));
  const jpeg = await p.jpeg({ quality: Math.round(between(30, 90)) }).toBuffer();
  return decodeRgb(jpeg, side);
}

/** What fine-tuning did. */
export interface FinetuneResult {
  head: ProjectionHead;
  /** mAP of held-out views searched among the originals, backbone alone. */
  heldOutBase: number;
  /** The same with the head at the chosen mix. */
  heldOutTuned: number;
  /** True when the head beat the backbone on the held-out views (else `head.mix` is 0). */
  kept: boolean;
  /** What the held-out check searched: the products' own held-out photos, or augmented views of the catalogue photo. */
  heldOutKind: 'photos' | 'views';
  images: number;
  seconds: number;
}

/** Mean average precision of each query vector (true item `qItem`) ranked among `items` (one vector each). */
export function itemMap(items: readonly Float32Array[], queries: readonly Float32Array[], qItem: readonly number[]): number {
  let sum = 0;
  queries.forEach((q, k) => {
    const s = items.map((v) => dot(v, q));
    const mine = s[qItem[k]];
    const rank = s.filter((x, i) => i !== qItem[k] && x > mine).length;
    sum += 1 / (rank + 1);
  });
  return queries.length ? sum / queries.length : 0;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Fine-tuning options. */
export interface FinetuneOptions {
  /** Training views per image (plus the original). */
  views?: number;
  /** Held-out views per image. */
  heldOut?: number;
  head?: Partial<HeadConfig>;
  seed?: number;
  /**
   * Each item's further real photos (other views of the product). With them the last photo of each item is held out
   * and decides the blend (real photos, not synthetic views), and the others join the training views.
   */
  otherPhotos?: readonly (readonly Buffer[])[];
  progress?(done: number, total: number, phase: string): void;
  checkCancelled?(): void;
}

/** The mixes tried on the held-out views (0 means the head is not used). */
export const MIXES = [0, 0.25, 0.5, 0.75] as const;

/** Trains a head on augmented views of `images` (the merchant's catalogue photos) for a frozen backbone. */
export async function finetuneCatalogue(bb: Backbone, images: readonly Buffer[], opts: FinetuneOptions = {}): Promise<FinetuneResult> {
  const t0 = performance.now();
  const nViews = opts.views ?? 6, nHeld = opts.heldOut ?? 2, seed = opts.seed ?? 11;
  const extra = (opts.otherPhotos ?? []).reduce((a, o) => a + o.length, 0);
  const total = images.length * (1 + nViews) + (extra ? extra : images.length * nHeld);
  let done = 0;
  const embedAll = async (imgs: Promise<RgbImage>[]): Promise<Float32Array[]> => {
    const out: Float32Array[] = [];
    for (let i = 0; i < imgs.length; i += 8) {
      opts.checkCancelled?.();
      const batch = await Promise.all(imgs.slice(i, i + 8));
      out.push(...bb.embed(batch));
      done += batch.length;
      opts.progress?.(done, total, 'embedding views');
    }
    return out;
  };
  const others = opts.otherPhotos ?? [];
  const realHeld = others.filter((o) => o.length > 0).length >= 2;
  const originals = await embedAll(images.map((b) => decodeRgb(b, bb.inputSize)));
  const train = await embedAll(images.flatMap((b, i) => Array.from({ length: nViews }, (_, v) => augmentView(b, bb.inputSize, seed * 100_003 + i * 101 + v))));
  const views = originals.map((o, i) => [o, ...train.slice(i * nViews, (i + 1) * nViews)]);
  let held: Float32Array[];
  let heldItem: number[];
  if (realHeld) {
    // Real photos: every one but the last of each item trains, the last is held out.
    const trainPhotos = others.flatMap((o, i) => o.slice(0, -1).map((b) => ({ i, b })));
    const heldPhotos = others.flatMap((o, i) => (o.length ? [{ i, b: o[o.length - 1] }] : []));
    const tv = await embedAll(trainPhotos.map((x) => decodeRgb(x.b, bb.inputSize)));
    trainPhotos.forEach((x, k) => views[x.i].push(tv[k]));
    held = await embedAll(heldPhotos.map((x) => decodeRgb(x.b, bb.inputSize)));
    heldItem = heldPhotos.map((x) => x.i);
  } else {
    held = await embedAll(images.flatMap((b, i) => Array.from({ length: nHeld }, (_, v) => augmentView(b, bb.inputSize, (seed + 1) * 200_003 + i * 101 + v))));
    heldItem = images.flatMap((_, i) => Array.from({ length: nHeld }, () => i));
  }
  opts.checkCancelled?.();
  const cfg = { ...DEFAULT_HEAD_CONFIG, ...opts.head };
  const head = trainProjectionHead(views, cfg, (s) => opts.progress?.(s, cfg.steps, 'training'));
  const heldOutBase = itemMap(originals, held, heldItem);
  let best = { mix: 0, map: heldOutBase };
  for (const mix of MIXES.slice(1)) {
    const m = itemMap(head.apply(originals, mix), head.apply(held, mix), heldItem);
    if (m > best.map + 1e-9) best = { mix, map: m };
  }
  head.mix = best.mix;
  return { head, heldOutBase, heldOutTuned: best.map, kept: best.mix > 0, heldOutKind: realHeld ? 'photos' : 'views', images: images.length, seconds: (performance.now() - t0) / 1000 };
}
