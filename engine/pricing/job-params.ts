/** Input schemas of the pricing jobs, apart from the agent code so the API can validate without loading TensorFlow.js. */
import { z } from 'zod';

/** Parameters of a training run. */
export const TrainParamsSchema = z.object({
  /** Episodes per category (an episode is `horizon` simulated days); default: 37 per SKU, at least 160 and at most 1,500. */
  episodes: z.number().int().min(1).max(10_000).optional(),
  horizon: z.number().int().min(7).max(120).default(28),
  category: z.string().optional(),
  /** At most this many SKUs of a category are simulated. */
  maxSkus: z.number().int().min(1).max(1000).default(40),
  seed: z.number().int().default(7),
  /** Discount of future rewards (episodes end at the horizon; 1 would weigh the whole horizon as the oracle does, but learns noisier). */
  gamma: z.number().min(0).max(1).default(0.95),
  /** Rewards summed per learning target (n-step returns): propagates the end-of-horizon and restocking effects faster. */
  nStep: z.number().int().min(1).max(28).default(5),
  /** Worker threads training categories side by side (default: min(2, cores)). */
  workers: z.number().int().min(1).max(16).optional(),
  /**
   * Networks trained per category from different seeds; each SKU keeps the one whose greedy policy earns more on
   * the SKU's own validation seeds. Training takes this many times longer; 1 = a single network.
   */
  networks: z.number().int().min(1).max(4).default(2),
  /**
   * Best validated checkpoints of each network offered to that per-SKU choice (no extra training; the choice is
   * made on 64 seeds of its own, each day counted at its expected reward). 1 = only each network's best.
   */
  checkpoints: z.number().int().min(1).max(8).default(3),
  /**
   * Train only the categories that have no saved agent yet. Each category's agent is saved as soon as it is trained,
   * so this continues a cancelled or interrupted run from the last category it saved.
   */
  resume: z.boolean().default(false),
  /** Started by the app on its own (first use of the Pricing screen), not asked for by the user. */
  auto: z.boolean().default(false),
});

/** Parameters of a training run, defaults applied. */
export type TrainParams = z.output<typeof TrainParamsSchema>;

/** Episodes of a category's training when none were asked for: 37 per SKU, clamped to 160..1,500 (1,500 × 28 days = 42k steps per network). */
export function defaultEpisodes(skus: number): number {
  return Math.min(1500, Math.max(160, 37 * skus));
}

/** Parameters of an evaluation. */
export const EvaluateParamsSchema = z.object({
  seeds: z.number().int().min(2).max(500).default(20),
  /** A scenario (the parsed content of a scenario file); absent: the store's own markets. */
  scenario: z.unknown().optional(),
  scenarioSource: z.string().default('scenario'),
  /**
   * With a scenario: which category's agent plays it (default: the first trained one; none trained: one is trained on the
   * scenario). On the store's markets: only this category's SKUs (default: every category with a trained agent).
   */
  category: z.string().optional(),
  maxSkus: z.number().int().min(1).max(200).default(8),
  steps: z.number().int().min(100).max(100_000).default(2000),
});
