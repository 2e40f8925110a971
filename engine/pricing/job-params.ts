/** Input schemas of the pricing jobs, apart from the agent code so the API can validate without loading TensorFlow.js. */
import { z } from 'zod';

/** Parameters of a training run. */
export const TrainParamsSchema = z.object({
  /** Episodes per category (an episode is `horizon` simulated days); the default gives ~3,000 steps. */
  episodes: z.number().int().min(1).max(10_000).default(110),
  horizon: z.number().int().min(7).max(120).default(28),
  category: z.string().optional(),
  /** At most this many SKUs of a category are simulated. */
  maxSkus: z.number().int().min(1).max(1000).default(40),
  seed: z.number().int().default(7),
  /** Discount of future rewards (higher plans further ahead, learns slower). */
  gamma: z.number().min(0).max(0.999).default(0.7),
});

/** Parameters of an evaluation. */
export const EvaluateParamsSchema = z.object({
  seeds: z.number().int().min(2).max(500).default(20),
  /** A scenario (the parsed content of a scenario file); absent: the store's own markets. */
  scenario: z.unknown().optional(),
  scenarioSource: z.string().default('scenario'),
  /** Which category's agent plays the scenario (default: the first trained one; none trained: one is trained on the scenario). */
  category: z.string().optional(),
  maxSkus: z.number().int().min(1).max(200).default(8),
  steps: z.number().int().min(100).max(100_000).default(2000),
});
