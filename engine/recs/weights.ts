/**
 * The trained Transformer's weights saved with a training run (`<store>.models/recs-<run>.sasrec`), so lists can be
 * recomputed for customers with new history without retraining. A missing or damaged file is logged and ignored:
 * callers fall back to the item-to-item refresh.
 */
import type Database from 'better-sqlite3';
import { readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { log } from '../log';
import type { HybridForm } from './hybrid';
import type { EnsembleMix, SasrecRecommender } from './sasrec-adapter';

/** What a run records about its saved Transformer (in model_runs.metrics.transformer). */
export interface SavedTransformer {
  path: string;
  /** The hybrid's co-occurrence weight when the run's lists came from the hybrid (else null). */
  hybridWeight: number | null;
  /** How that hybrid combined the two models; runs saved before 2026-12-05 have none and used standardised scores. */
  hybridForm?: HybridForm;
}

/** Metadata stored inside the weights file: the run's item order as product ids (and, written by saveTransformer, the ensemble's mix). */
export interface WeightsMeta {
  runId: string;
  productDbIds: number[];
  ensembleMix?: EnsembleMix;
}

/** Where a run's Transformer weights go (null for an in-memory store, which has no folder). */
export function weightsPath(storePath: string, runId: string): string | null {
  return storePath && storePath !== ':memory:' ? `${storePath}.models/recs-${runId}.sasrec` : null;
}

/**
 * Removes Transformer files in the store's models folder that no run points to: a training killed after saving its
 * weights but before recording its run leaves one (a failed or cancelled run removes its own). Runs are matched by the
 * file's name, so a store copied together with its models folder keeps its files. While a recommendation training is
 * running (in another live process: the store's open has already marked dead processes' jobs failed), nothing is
 * removed: that run saves its file before it records itself. Returns the removed paths.
 */
export function removeUnusedWeights(db: Database.Database, storePath: string): string[] {
  if (!storePath || storePath === ':memory:') return [];
  const dir = `${storePath}.models`;
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^recs-.+\.sasrec$/.test(n));
  } catch {
    return [];
  }
  if (!names.length) return [];
  if (db.prepare(`SELECT 1 FROM jobs WHERE kind = 'recs.train' AND status IN ('queued', 'running') LIMIT 1`).get()) {
    log.info({ dir }, 'a recommendation training is running: unused weights files are left for a later open');
    return [];
  }
  const used = new Set((db.prepare('SELECT artefact_path AS p FROM model_runs WHERE artefact_path IS NOT NULL').all() as { p: string }[]).map((r) => basename(r.p)));
  const removed: string[] = [];
  for (const n of names) {
    if (used.has(n)) continue;
    try {
      rmSync(join(dir, n), { force: true });
      removed.push(join(dir, n));
    } catch (e) {
      log.warn({ err: e, path: join(dir, n) }, 'could not remove an unused recommendation weights file');
    }
  }
  return removed;
}

/**
 * Saves the trained Transformer (every member of an ensemble, with how their scores are combined) with its item order
 * and popularity; returns the path, or null (logged) on failure.
 */
export async function saveTransformer(seq: SasrecRecommender, path: string, meta: WeightsMeta, popularity: Float32Array): Promise<string | null> {
  const models = seq.members();
  if (!models.length) return null;
  try {
    const { saveSasrecFile } = await import('../../models/recommend/io');
    await saveSasrecFile(models, path, { ...meta, ensembleMix: seq.ensembleMix() }, { popularity });
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
    const { models, meta, extra } = await loadSasrecFile(path);
    const m = meta as Partial<WeightsMeta> | null;
    const popularity = extra.popularity;
    const n = models[0].itemCount();
    if (!m || !Array.isArray(m.productDbIds) || m.productDbIds.length !== n || !popularity || popularity.length !== n || models.some((x) => x.itemCount() !== n)) {
      for (const x of models) x.dispose();
      throw new Error(`${path}: item list does not match the model`);
    }
    const mix: EnsembleMix = m.ensembleMix === 'standardised' ? 'standardised' : 'raw';
    return { seq: SasrecRecommender.fromTrained(models, mix), meta: { runId: String(m.runId), productDbIds: m.productDbIds, ensembleMix: mix }, popularity };
  } catch (e) {
    log.warn({ err: e instanceof Error ? e.message : e, path }, 'recommendation Transformer weights unreadable; refreshing from the stored similar-item lists instead');
    return null;
  }
}
