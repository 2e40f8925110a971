/** The 'pricing.elasticity' job: estimates every SKU's elasticity in a worker thread and saves the results. */
import { both } from '../errors';
import type { JobRunner } from '../jobs/types';
import { estimateElasticities } from './elasticity';
import { loadStoreSeries, saveElasticities, storeControlNames } from './elasticity-store';
import { pricingCatalog } from './messages';

/** Runs a full elasticity estimation on the job's own connection; returns the run id and counts. */
export const runElasticityJob: JobRunner = async (_params, ctx) => {
  ctx.progress(0, 3, both(pricingCatalog, 'phase_load_sales'));
  const series = loadStoreSeries(ctx.db);
  ctx.checkCancelled();
  ctx.progress(1, 3, both(pricingCatalog, 'phase_fit'));
  const result = estimateElasticities(series, { controlNames: storeControlNames(ctx.db) });
  ctx.checkCancelled();
  ctx.progress(2, 3, both(pricingCatalog, 'phase_save'));
  const runId = saveElasticities(ctx.db, result, { jobId: ctx.jobId });
  ctx.progress(3, 3, both(pricingCatalog, 'phase_done'));
  const estimated = result.estimates.filter((e) => e.status === 'estimated').length;
  return { runId, skus: result.estimates.length, estimated, fallback: result.estimates.length - estimated };
};
