/** Parameters of a neural training job, apart from the model code so the API can validate without loading TensorFlow.js. */
import { z } from 'zod';

/** Parameters of 'forecast.train-neural' (defaults train the demo store in a few minutes on one core). */
export const TrainNeuralParams = z.object({
  horizon: z.number().int().min(1).max(56).default(28),
  window: z.number().int().min(7).max(182).default(56),
  epochs: z.number().int().min(1).max(200).default(8),
  windowsPerEpoch: z.number().int().min(64).max(200_000).default(2048),
  batchSize: z.number().int().min(8).max(1024).default(128),
  learningRate: z.number().positive().max(1).default(0.002),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
  /** Also train on history minus the last `horizon` days and store per-SKU holdout scores ('auto' forecasts need them). */
  holdout: z.boolean().default(true),
  writeForecasts: z.boolean().default(true),
});
