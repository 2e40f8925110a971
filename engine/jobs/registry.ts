/** The job kinds the engine knows, loaded lazily so a worker only loads what it runs. */
import type { ResourceLimits } from 'node:worker_threads';
import { prewarmImportWriter, releasePrewarmedWriter } from '../import/pipe/prewarm';
import type { JobRunner } from './types';

/** Job kind name -> loader of its runner. Each domain adds its kinds here. */
export const jobKinds: Record<string, () => Promise<JobRunner>> = {
  'demo.generate': async () => (await import('../demo/job')).runDemoJob,
  import: async () => (await import('../import/job')).runImportJob,
  sleep: async () => (await import('./sleep-job')).runSleepJob,
  'store.check': async () => (await import('../db/check-job')).runStoreCheckJob,
  'pricing.elasticity': async () => (await import('../pricing/elasticity-job')).runElasticityJob,
  'forecast.run': async () => (await import('../forecast/job')).runForecastJob,
  'backtest.run': async () => (await import('../forecast/job')).runBacktestJob,
  'forecast.train-neural': async () => (await import('../forecast/neural-job')).runTrainNeuralJob,
  'pricing.train': async () => (await import('../pricing/train-job')).runPricingTrainJob,
  'pricing.evaluate': async () => (await import('../pricing/evaluate-job')).runPricingEvaluateJob,
  // Visual search (engine/vision)
  'images.import': async () => (await import('../vision/jobs/index')).runImageImportJob,
  'images.index': async () => (await import('../vision/jobs/index')).runImageIndexJob,
  'images.finetune': async () => (await import('../vision/jobs/finetune')).runImageFinetuneJob,
  'images.graphTune': async () => (await import('../vision/jobs/index')).runGraphTuneJob,
  'recs.train': async () => (await import('../recs/job')).runRecsTrainJob,
  'recs.export': async () => (await import('../recs/export-job')).runRecsExportJob,
  'tryon.batch': async () => (await import('../tryon/batch-job')).runTryonBatchJob,
  // Customer-service chats (issue 13).
  'chats.analyze': async () => (await import('../chats/job')).runAnalyzeJob,
  'text.train': async () => (await import('../chats/job')).runTrainTextJob,
};

/**
 * V8 limits for a kind's worker thread, where the default costs memory for nothing. An import allocates millions of
 * short-lived strings: a small young generation keeps its peak RSS ~20 MB lower at the same speed.
 */
export const jobWorkerLimits: Partial<Record<string, ResourceLimits>> = {
  import: { maxYoungGenerationSizeMb: 8 },
};

/**
 * Work a kind starts as the job worker's first step, before the store opens and the runner loads, with the job's raw
 * parameters (unvalidated: a prewarm checks what it reads and otherwise does nothing). An orders import starts its
 * writing thread here (engine/import/pipe/prewarm.ts).
 */
export const jobPrewarm: Partial<Record<string, (params: unknown, storePath: string) => void>> = {
  import: (params, storePath) => prewarmImportWriter(storePath, params),
};

/** Stops whatever a prewarm started and the job did not use. */
export function releasePrewarmed(): void {
  releasePrewarmedWriter();
}

/** Loads a runner or throws with the list of valid kinds. */
export async function loadJobRunner(kind: string): Promise<JobRunner> {
  const loader = jobKinds[kind];
  if (!loader) throw new Error(`Unknown job kind '${kind}'. Known kinds: ${Object.keys(jobKinds).join(', ')}`);
  return loader();
}
