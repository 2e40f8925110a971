/** Neural forecast operations: start a whole-store training job, list past training runs. */
import { z } from 'zod';
import { TrainNeuralParams } from '../../forecast/neural-params';
import { defineOp } from '../contract';

/** One stored neural training run (model_runs kind 'forecast-neural'). */
export interface NeuralRun {
  id: string;
  jobId: string | null;
  params: unknown;
  metrics: unknown;
  artefactPath: string | null;
  createdAt: string;
}

/** Neural forecast operations. */
export const neuralOps = {
  'forecast.trainNeural': defineOp({
    summary: 'Train the neural demand model on every SKU, save it and write its forecasts; a job (cancellable)',
    input: TrainNeuralParams,
    run: (input, { engine, lang }) => engine.jobs.start('forecast.train-neural', input, { lang }),
  }),
  'forecast.neuralRuns': defineOp({
    summary: 'Past neural training runs, newest first, with their settings, loss per epoch and holdout scores',
    input: z.object({ limit: z.number().int().min(1).max(200).default(20) }),
    run: (input, { engine }): NeuralRun[] => {
      const rows = engine.store.db
        .prepare(`SELECT id, job_id, params, metrics, artefact_path, created_at FROM model_runs WHERE kind = 'forecast-neural' ORDER BY created_at DESC LIMIT ?`)
        .all(input.limit) as { id: string; job_id: string | null; params: string; metrics: string; artefact_path: string | null; created_at: string }[];
      return rows.map((r) => ({ id: r.id, jobId: r.job_id, params: JSON.parse(r.params) as unknown, metrics: JSON.parse(r.metrics) as unknown, artefactPath: r.artefact_path, createdAt: r.created_at }));
    },
  }),
};
