/**
 * The trained Transformer's weights saved with a training run (`<store>.models/recs-<run>.sasrec`), so lists can be
 * recomputed for customers with new history without retraining. A missing or damaged file is logged and ignored:
 * callers fall back to the item-to-item refresh.
 */
import { log } from '../log';
import type { SasrecRecommender } from './sasrec-adapter';

/** What a run records about its saved Transformer (in model_runs.metrics.transformer). */
export interface SavedTransformer {
  path: string;
  /** The hybrid's co-occurrence weight when the run's lists came from the hybrid (else null). */
  hybridWeight: number | null;
}

/** Metadata stored inside the weights file: the run's item order as product ids. */
export interface WeightsMeta {
  runId: string;
  productDbIds: number[];
}

/** Where a run's Transformer weights go (null for an in-memory store, which has no folder). */
export function weightsPath(storePath: string, runId: string): string | null {
  return storePath && storePath !== ':memory:' ? `${storePath}.models/recs-${runId}.sasrec` : null;
}

/** Saves the trained Transformer with its item order and popularity; returns the path, or null (logged) on failure. */
export async function saveTransformer(seq: SasrecRecommender, path: string, meta: WeightsMeta, popularity: Float32Array): Promise<string | null> {
  const model = seq.trained();
  if (!model) return null;
  try {
    const { saveSasrecFile } = await import('../../models/recommend/io');
    await saveSasrecFile(model, path, meta, { popularity });
    return path;
  } catch (e) {
    log.warn({ err: e, path }, 'saving the recommendation Transformer weights failed; lists are saved, refreshes use item-to-item');
    return null;
  }
}

/** A loaded Transformer (caller disposes), or null when the file is missing or damaged (logged as a warning). */
export async function loadTransformer(path: string): Promise<{ seq: SasrecRecommender; meta: WeightsMeta; popularity: Float32Array } | null> {
  try {
    const { loadSasrecFile } = await import('../../models/recommend/io');
    const { SasrecRecommender } = await import('./sasrec-adapter');
    const { model, meta, extra } = await loadSasrecFile(path);
    const m = meta as Partial<WeightsMeta> | null;
    const popularity = extra.popularity;
    if (!m || !Array.isArray(m.productDbIds) || m.productDbIds.length !== model.itemCount() || !popularity || popularity.length !== model.itemCount()) {
      model.dispose();
      throw new Error(`${path}: item list does not match the model`);
    }
    return { seq: SasrecRecommender.fromTrained(model), meta: { runId: String(m.runId), productDbIds: m.productDbIds }, popularity };
  } catch (e) {
    log.warn({ err: e instanceof Error ? e.message : e, path }, 'recommendation Transformer weights unreadable; refreshing from the stored similar-item lists instead');
    return null;
  }
}
