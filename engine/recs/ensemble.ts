/**
 * An ensemble of sequential Transformers trained with different seeds (engine/recs/sasrec-adapter.ts, option
 * `ensemble`): how their seeds are chosen and how their scores are combined. No TensorFlow.js here, so the training
 * parameters can name the defaults without loading it.
 */
import { standardise } from './tail';

/** How members' scores are combined: the mean of the raw scores, or of each member's per-customer standardised scores. */
export type EnsembleMix = 'raw' | 'standardised';

/** Members of the ensemble by default (1 = a single Transformer). */
export const DEFAULT_ENSEMBLE = 1;
/** The most members a training accepts (each one costs a full training, within the one time cap). */
export const MAX_ENSEMBLE = 5;
/** The combination by default. */
export const DEFAULT_ENSEMBLE_MIX: EnsembleMix = 'raw';
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

