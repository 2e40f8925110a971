/**
 * An ensemble of sequential Transformers trained with different seeds (engine/recs/sasrec-adapter.ts, option
 * `ensemble`): how their seeds are chosen and how their scores are combined. No TensorFlow.js here, so the training
 * parameters can name the defaults without loading it.
 */
import { standardise } from './tail';

/** How members' scores are combined: the mean of the raw scores, or of each member's per-customer standardised scores. */
export type EnsembleMix = 'raw' | 'standardised';

/** Members when a SasrecRecommender is made without `ensemble` (1 = a single Transformer). */
export const DEFAULT_ENSEMBLE = 1;
/**
 * Members the product trains: `desk recs train` / `recs.train.start`, `desk recs evaluate` and the recs bench (at most;
 * a member starts only when the time cap leaves it time to finish). Chosen on the validation item of ml-latest-small
 * (2026-12-03, members trained as the bench trains them, each to its own early stop; scripts/recs/dev-member.ts and
 * dev-ensemble.ts), validation NDCG@10 (full): single models 0.0656 / 0.0665 / 0.0726 (seeds 42, 42 + 7919, 42 + 2·7919)
 * and 0.0659 / 0.0743 (7, 7 + 7919), mean 0.0690; pairs 0.0693 / 0.0740 / 0.0777 and 0.0777 standardised (raw 0.0693 /
 * 0.0728 / 0.0776 / 0.0769), mean 0.0747 (+8%); the three seed-42 members together 0.0753 standardised, 0.0754 raw, above
 * the mean of their pairs (0.0737 / 0.0732) and every single one of them.
 */
export const PRODUCT_ENSEMBLE = 3;
/**
 * The Transformer's training cap in seconds, shared by an ensemble's members, wherever the product trains it (`desk recs
 * train`, `recs.train.start`, `desk recs evaluate`, the recs bench); the same as DEFAULT_SASREC.maxSeconds (tested).
 * 13 minutes: inside the 15-minute training target. On ml-latest-small (100,836 ratings) two members side by side on 2
 * cores took 556–661 s (2026-12-03, quiet), so they finish to their own early stop within it.
 */
export const DEFAULT_SASREC_SECONDS = 780;
/** The most members a training accepts (each one costs a full training, within the one time cap). */
export const MAX_ENSEMBLE = 5;
/**
 * The combination by default: per-customer standardised scores (validation NDCG@10 over the five ensembles above, mean
 * 0.0748 against 0.0744 raw: within noise, and standardising keeps a member with larger scores from outvoting the rest).
 */
export const DEFAULT_ENSEMBLE_MIX: EnsembleMix = 'standardised';
/**
 * Seed distance between members. Prime and above the per-step dropout seeds' spread within an epoch (seed + 1000·epoch
 * + step, with far fewer than 919 steps an epoch here), so no two members share a dropout mask at the same step.
 */
export const MEMBER_SEED_STEP = 7919;

/** The members' seeds for a base seed. */
export function memberSeeds(base: number, k: number): number[] {
  return Array.from({ length: k }, (_, i) => base + MEMBER_SEED_STEP * i);
}

/** Mean of the members' score matrices [rows × n] (row-major), per `mix`; the first array is reused for the result. */
export function combineScores(parts: Float32Array[], rows: number, mix: EnsembleMix): Float32Array {
  if (parts.length === 1) return parts[0];
  const out = parts[0];
  const n = out.length / Math.max(1, rows);
  if (mix === 'standardised') for (const p of parts) for (let r = 0; r < rows; r++) standardise(p, r * n, n);
  for (let j = 1; j < parts.length; j++) {
    const p = parts[j];
    for (let i = 0; i < out.length; i++) out[i] += p[i];
  }
  const k = parts.length;
  for (let i = 0; i < out.length; i++) out[i] /= k;
  return out;
}

