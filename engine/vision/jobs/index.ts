/** The vision job kinds: image import and index build, each in the job's worker thread with progress and cancel. */
import { parentPort } from 'node:worker_threads';
import { both } from '../../errors';
import type { JobRunner } from '../../jobs/types';
import { buildImageIndex } from '../index/build';
import { runImageImport, type ImageImportParams } from '../import/run';
import { visionMessages } from '../messages';

/** Runs `desk import images` (params: ImageImportParams). */
export const runImageImportJob: JobRunner = async (params, ctx) => {
  try {
    return await runImageImport(ctx.db, params as ImageImportParams, {
      lang: ctx.lang,
      progress: (d, t, phase) => ctx.progress(d, t, both(visionMessages, `phase_${phase}`)),
      checkCancelled: () => ctx.checkCancelled(),
    });
  } finally {
    parentPort?.unref();
  }
};

/** Embeds new images and refreshes the ANN index (params: { backbone? }). */
export const runImageIndexJob: JobRunner = async (params, ctx) => {
  try {
    const p = (params ?? {}) as { backbone?: string };
    return await buildImageIndex(ctx.db, ctx.storePath, {
      backbone: p.backbone,
      progress: (d, t, phase) => ctx.progress(d, t, both(visionMessages, `phase_${phase}`)),
      checkCancelled: () => ctx.checkCancelled(),
    });
  } finally {
    parentPort?.unref();
  }
};

/** Chooses the graph weight from the store's last 30 days of orders, stored unless params say `save: false` (params: { save? }). */
export const runGraphTuneJob: JobRunner = async (params, ctx) => {
  try {
    const { activeBackbone } = await import('../embeddings');
    const { tuneGraphWeight } = await import('../graph/tune');
    const phase = both(visionMessages, 'phase_graph_tune');
    const save = (params as { save?: boolean } | null)?.save !== false;
    return tuneGraphWeight(ctx.db, activeBackbone(ctx.db), ctx.lang, (d, t) => {
      ctx.checkCancelled();
      ctx.progress(d, t, phase);
    }, save);
  } finally {
    parentPort?.unref();
  }
};
