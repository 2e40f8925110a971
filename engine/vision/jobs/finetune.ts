/**
 * The catalogue fine-tuning job: trains a projection head on augmented views of each product's catalogue photo (and
 * its other photos, the last of which are held out to judge it), in the
 * job's worker thread with progress and cancel, and stores it as a model run (kind 'vision-finetune') with its weights
 * beside the store. Search uses the head only when it beat the backbone on the products' own held-out photos (a check
 * on augmented views alone flattered it: on real shelf photos such a head made search worse; README "Visual search").
 */
import { randomUUID } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { loadBackbone } from '../../../models/vision/backbones';
import { EngineError } from '../../errors';
import { writeFileAtomic } from '../../fs/atomic';
import { tr } from '../../i18n';
import type { JobRunner } from '../../jobs/types';
import { activeBackbone } from '../embeddings';
import { activeHead, fillHeadVectors, setActiveHead } from '../head';
import { finetuneCatalogue } from '../finetune';
import { visionMessages } from '../messages';

/** Parameters of `images.finetune`. */
export interface FinetuneParams {
  backbone?: string;
  /** Augmented training views per photo. */
  views?: number;
  /** Training steps of the head. */
  steps?: number;
}

/** What the job returns (and stores in model_runs.metrics). */
export interface FinetuneJobResult {
  runId: string;
  backbone: string;
  images: number;
  heldOutBase: number;
  heldOutTuned: number;
  kept: boolean;
  /** What the held-out check searched: the products' own held-out photos, or augmented views. */
  heldOutKind: 'photos' | 'views';
  mix: number;
  loss: number;
  seconds: number;
  /**
   * Whether visual search now runs through this head: only when it was kept on held-out real photos of the products
   * (heldOutKind 'photos'). Otherwise search keeps (or returns to) the backbone alone.
   */
  usedInSearch: boolean;
  file: string;
}

/** Weights file of a run, beside the store. */
export function headFileFor(storePath: string, runId: string): string {
  return `${storePath}.images-head-${runId}.f32`;
}

/** Runs the fine-tuning job (params: FinetuneParams). */
export const runImageFinetuneJob: JobRunner = async (params, ctx) => {
  try {
    const p = (params ?? {}) as FinetuneParams;
    const backbone = p.backbone ?? activeBackbone(ctx.db);
    // Each product's first stored image is its catalogue photo; its other images are further real views.
    const all = ctx.db.prepare('SELECT product_id AS pid, bytes FROM images WHERE product_id IS NOT NULL ORDER BY product_id, id').all() as { pid: number; bytes: Buffer }[];
    const groups = new Map<number, Buffer[]>();
    for (const r of all) groups.set(r.pid, [...(groups.get(r.pid) ?? []), r.bytes]);
    const rows = [...groups.values()].map((g) => ({ bytes: g[0], others: g.slice(1) }));
    if (rows.length < 2) throw new EngineError('user_error', tr(visionMessages, ctx.lang, 'finetune_too_few', { count: rows.length }));
    const bb = await loadBackbone(backbone);
    try {
      const phase = (name: string): string => tr(visionMessages, ctx.lang, name === 'training' ? 'phase_training' : 'phase_views');
      const r = await finetuneCatalogue(
        bb,
        rows.map((x) => x.bytes),
        {
          views: p.views,
          otherPhotos: rows.map((x) => x.others),
          head: p.steps ? { steps: p.steps } : undefined,
          progress: (done, total, name) => {
            ctx.checkCancelled();
            ctx.progress(done, total, phase(name));
          },
          checkCancelled: () => ctx.checkCancelled(),
        },
      );
      const runId = randomUUID();
      const file = headFileFor(ctx.storePath, runId);
      const w = r.head.weights();
      writeFileAtomic(file, new Uint8Array(w.buffer, w.byteOffset, w.byteLength));
      const result: FinetuneJobResult = {
        runId, backbone, images: r.images, heldOutBase: r.heldOutBase, heldOutTuned: r.heldOutTuned, kept: r.kept, heldOutKind: r.heldOutKind, mix: r.head.mix,
        loss: r.head.loss, seconds: r.seconds, usedInSearch: r.kept && r.heldOutKind === 'photos', file,
      };
      const outDim = r.head.outDim;
      const mix = r.head.mix;
      r.head.dispose();
      ctx.db
        .prepare("INSERT INTO model_runs (id, kind, job_id, params, metrics, artefact_path, created_at) VALUES (?, 'vision-finetune', ?, ?, ?, ?, ?)")
        .run(runId, ctx.jobId, JSON.stringify({ backbone, views: p.views ?? 6, steps: p.steps ?? null, inDim: bb.dim, outDim }), JSON.stringify(result), file, new Date().toISOString());
      if (result.usedInSearch) {
        const head = { runId, backbone, inDim: bb.dim, outDim, mix, file };
        setActiveHead(ctx.db, head);
        fillHeadVectors(ctx.db, head);
      } else if (activeHead(ctx.db, backbone)) {
        // The latest check on this catalogue says the head does not help: search goes back to the backbone.
        setActiveHead(ctx.db, null);
      }
      return result;
    } finally {
      bb.dispose();
    }
  } finally {
    parentPort?.unref();
  }
};
