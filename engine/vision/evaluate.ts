/** Retrieval quality of each backbone on labelled photos: queries/LABEL/* searched among gallery/LABEL/*. */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { BACKBONE_NAMES, blendWithColour, colourWeightFor, loadBackbone, type BackboneName } from '../../models/vision/backbones';
import { colourHistogram, type RgbImage } from '../../models/vision/handcrafted';
import { decodeRgb } from './decode';
import { finetuneCatalogue, type FinetuneResult } from './finetune';

const IMAGE_EXT = new Set(['.jpg', '.jpeg', '.png', '.webp', '.avif', '.heic', '.tif', '.tiff', '.gif']);

/** One labelled image file. */
export interface LabelledFile {
  label: string;
  path: string;
}

/** Lists DIR/LABEL/<image> files, sorted. */
export function listLabelled(dir: string): LabelledFile[] {
  const out: LabelledFile[] = [];
  for (const label of readdirSync(dir).sort()) {
    const sub = join(dir, label);
    if (!statSync(sub).isDirectory()) continue;
    for (const f of readdirSync(sub).sort()) if (IMAGE_EXT.has(extname(f).toLowerCase())) out.push({ label, path: join(sub, f) });
  }
  return out;
}

/** Which half of the labels a label falls in: 'select' labels choose the default backbone, 'report' labels are reported. */
export function labelHalf(label: string): 'select' | 'report' {
  return createHash('sha256').update(label).digest()[0] % 2 === 0 ? 'select' : 'report';
}

/** Retrieval metrics over a set of queries. */
export interface Metrics {
  queries: number;
  recallAt1: number;
  recallAt5: number;
  mAP: number;
}

/** One backbone's row of the evaluation. */
export interface EvaluateRow {
  backbone: string;
  finetuned: boolean;
  all: Metrics;
  /** Queries whose label is in the selection half (used to pick the default). */
  select: Metrics;
  /** Queries whose label is in the report half (out of sample for the choice). */
  report: Metrics;
  msPerEmbedding: number;
  msPerQuery: number;
  /** For a fine-tuned row: what the training did on the gallery (the merchant's catalogue) alone. */
  finetune?: { heldOutBase: number; heldOutTuned: number; kept: boolean; mix: number; seconds: number };
}

/** Average precision of one ranking given which ranked items are relevant. */
export function averagePrecision(relevant: readonly boolean[]): number {
  let hits = 0, sum = 0;
  relevant.forEach((r, i) => { if (r) { hits++; sum += hits / (i + 1); } });
  return hits ? sum / hits : 0;
}

function metrics(rows: { r1: boolean; r5: boolean; ap: number }[]): Metrics {
  const n = rows.length || 1;
  return {
    queries: rows.length,
    recallAt1: rows.filter((r) => r.r1).length / n,
    recallAt5: rows.filter((r) => r.r5).length / n,
    mAP: rows.reduce((s, r) => s + r.ap, 0) / n,
  };
}

/** Cosine similarity of two unit vectors. */
export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Embeds files in small batches, returning vectors and the mean ms per image (decode + embed). */
export async function embedFiles(embed: (imgs: RgbImage[]) => Float32Array[], side: number, files: readonly string[], onStep?: () => void): Promise<{ vectors: Float32Array[]; ms: number }> {
  const vectors: Float32Array[] = [];
  const t0 = performance.now();
  for (let i = 0; i < files.length; i += 4) {
    const imgs = await Promise.all(files.slice(i, i + 4).map(async (f) => decodeRgb(readFileSync(f), side)));
    vectors.push(...embed(imgs));
    onStep?.();
  }
  return { vectors, ms: (performance.now() - t0) / Math.max(1, files.length) };
}

type Embedded = { vectors: Float32Array[]; ms: number };
/** CNN-only vectors of the last evaluated backbone, reused by its '+colour' blend (one CNN pass per image, not two). */
let lastCnn: { name: string; g: Embedded; q: Embedded; colourG: Float32Array[]; colourQ: Float32Array[] } | null = null;

/** Scores one backbone: gallery vectors, then every query ranked against them. */
export async function evaluateBackbone(name: BackboneName, gallery: LabelledFile[], queries: LabelledFile[]): Promise<EvaluateRow> {
  const [base, blend] = name.split('+');
  if (blend === 'colour' && lastCnn?.name === base) {
    const c = lastCnn;
    const t0 = performance.now();
    const mix = (e: Embedded, col: Float32Array[]): Embedded => ({ vectors: e.vectors.map((v, i) => blendWithColour(v, col[i], colourWeightFor(base))), ms: e.ms });
    const g = mix(c.g, c.colourG);
    const q = mix(c.q, c.colourQ);
    // The blend's cost per image is the CNN's plus the colour histogram's (measured below with it).
    const colourMs = (performance.now() - t0) / Math.max(1, gallery.length + queries.length);
    return score(name, gallery, queries, { ...g, ms: g.ms + colourMs }, { ...q, ms: q.ms + colourMs });
  }
  const bb = await loadBackbone(name);
  try {
    const g = await embedFiles((x) => bb.embed(x), bb.inputSize, gallery.map((f) => f.path));
    const q = await embedFiles((x) => bb.embed(x), bb.inputSize, queries.map((f) => f.path));
    if (!blend && base !== 'colour') {
      const col = async (files: LabelledFile[]): Promise<Float32Array[]> => (await embedFiles((x) => x.map(colourHistogram), bb.inputSize, files.map((f) => f.path))).vectors;
      lastCnn = { name: base, g, q, colourG: await col(gallery), colourQ: await col(queries) };
    }
    return score(name, gallery, queries, g, q);
  } finally {
    bb.dispose();
  }
}

/** Vectors of the last scored backbone, reused by its fine-tuned row. */
let lastScored: { name: string; g: Embedded; q: Embedded } | null = null;

/**
 * Scores a backbone with catalogue fine-tuning: the head is trained on augmented views of the gallery images only
 * (the merchant's catalogue; queries play no part) and applied to gallery and query vectors.
 */
export async function evaluateFinetuned(name: BackboneName, gallery: LabelledFile[], queries: LabelledFile[]): Promise<EvaluateRow> {
  const bb = await loadBackbone(name);
  let ft: FinetuneResult | null = null;
  try {
    const prev = lastScored?.name === name ? lastScored : null;
    const g = prev?.g ?? await embedFiles((x) => bb.embed(x), bb.inputSize, gallery.map((f) => f.path));
    const q = prev?.q ?? await embedFiles((x) => bb.embed(x), bb.inputSize, queries.map((f) => f.path));
    ft = await finetuneCatalogue(bb, gallery.map((f) => readFileSync(f.path)));
    const h = ft.head;
    const row = score(name, gallery, queries, { vectors: h.apply(g.vectors), ms: g.ms }, { vectors: h.apply(q.vectors), ms: q.ms });
    return { ...row, finetuned: true, finetune: { heldOutBase: ft.heldOutBase, heldOutTuned: ft.heldOutTuned, kept: ft.kept, mix: h.mix, seconds: ft.seconds } };
  } finally {
    ft?.head.dispose();
    bb.dispose();
  }
}

function score(name: string, gallery: LabelledFile[], queries: LabelledFile[], g: Embedded, q: Embedded): EvaluateRow {
  lastScored = { name, g, q };
  {
    const t0 = performance.now();
    const scored = queries.map((qf, qi) => {
      const order = g.vectors.map((v, gi) => ({ gi, s: dot(v, q.vectors[qi]) })).sort((a, b) => b.s - a.s);
      const rel = order.map((o) => gallery[o.gi].label === qf.label);
      return { label: qf.label, r1: rel[0] === true, r5: rel.slice(0, 5).some(Boolean), ap: averagePrecision(rel) };
    });
    // Per query: embedding the photo plus ranking the gallery.
    const msPerQuery = q.ms + (performance.now() - t0) / Math.max(1, queries.length);
    return {
      backbone: name, finetuned: false,
      all: metrics(scored),
      select: metrics(scored.filter((s) => labelHalf(s.label) === 'select')),
      report: metrics(scored.filter((s) => labelHalf(s.label) === 'report')),
      msPerEmbedding: (g.ms * gallery.length + q.ms * queries.length) / Math.max(1, gallery.length + queries.length),
      msPerQuery,
    };
  }
}

/** Evaluates the named backbones (or all) on a gallery and a query folder. */
export async function evaluateFolders(galleryDir: string, queryDir: string, backbones: readonly BackboneName[] = BACKBONE_NAMES, onRow?: (r: EvaluateRow) => void, finetune: readonly BackboneName[] = []): Promise<EvaluateRow[]> {
  const gallery = listLabelled(galleryDir);
  const queries = listLabelled(queryDir);
  const rows: EvaluateRow[] = [];
  for (const b of backbones) {
    const r = await evaluateBackbone(b, gallery, queries);
    rows.push(r);
    onRow?.(r);
    if (finetune.includes(b)) {
      const f = await evaluateFinetuned(b, gallery, queries);
      rows.push(f);
      onRow?.(f);
    }
  }
  return rows;
}
