/** Random-number seeds of the pricing simulator, by use: checkpoint choice and scoring never share a seed. */

/** First seed of the per-SKU checkpoint choice (64 seeds from here). */
export const PICK_SEED_BASE = 900_000_000;

/** Seeds of the per-SKU choice between checkpoints: apart from training (100k+), validation (700k+) and scoring seeds. */
export const PICK_SEEDS: readonly number[] = Array.from({ length: 64 }, (_, i) => PICK_SEED_BASE + i);

/** The first 16 pick seeds: where the per-SKU choice weighs the chosen network against the lookahead controller (it costs ~30 ms an episode). */
export const LOOKAHEAD_PICK_SEEDS: readonly number[] = PICK_SEEDS.slice(0, 16);

/** Scoring seeds drawn at run time lie in [SCORING_SEED_MIN, SCORING_SEED_MAX): above every training, validation and pick seed. */
export const SCORING_SEED_MIN = 1_000_000_000;
/** Upper end (exclusive) of run-time scoring seeds (the generator takes 32-bit seeds). */
export const SCORING_SEED_MAX = 4_000_000_000;

/** Seeds 1..n: the fixed scoring seeds of `desk price evaluate` and of the tuning store. */
export function firstSeeds(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

/** n consecutive scoring seeds starting at a run-time draw `base` (folded into the scoring range). */
export function scoringSeeds(base: number, n: number): number[] {
  const span = SCORING_SEED_MAX - SCORING_SEED_MIN - n;
  const start = SCORING_SEED_MIN + (((Math.floor(base) % span) + span) % span);
  return Array.from({ length: n }, (_, i) => start + i);
}

/** Throws when a scoring seed is also a checkpoint-choice seed (the choice would then be made on the scored noise). */
export function assertScoringSeeds(seeds: readonly number[]): void {
  const pick = new Set(PICK_SEEDS);
  const shared = seeds.filter((s) => pick.has(s));
  if (shared.length) throw new Error(`scoring seeds ${shared.slice(0, 3).join(', ')} are also checkpoint-choice seeds`);
}
