/** Price elasticity per SKU: log-log regression with controls, shrunk towards the category. */
import type { ElasticityOptions, ElasticityResult, PriceSeries } from './elasticity-types';

export type * from './elasticity-types';

/** Estimates every series' own-price elasticity (pure: no database). */
export function estimateElasticities(series: PriceSeries[], opts: Partial<ElasticityOptions> = {}): ElasticityResult {
  void series;
  void opts;
  throw new Error('not implemented yet');
}
