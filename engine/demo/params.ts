/** Parameters of the demo generator, shared by the job, the API op and the CLI. */
import { z } from 'zod';
import { isIsoDate } from './dates';

/** Defaults: 300 SKUs over 912 days (≈ 2.5 years) ending on a fixed date, seed 42. */
export const DEMO_DEFAULTS = { seed: 42, skus: 300, days: 912, end: '2026-10-31' } as const;

/** Input schema of a demo generation. */
export const DemoParamsSchema = z.object({
  seed: z.number().int().min(0).max(4294967295).default(DEMO_DEFAULTS.seed),
  skus: z.number().int().min(12).max(5000).default(DEMO_DEFAULTS.skus),
  days: z.number().int().min(28).max(3650).default(DEMO_DEFAULTS.days),
  end: z.string().refine(isIsoDate, 'must be a real date written YYYY-MM-DD').default(DEMO_DEFAULTS.end),
});

/** Parsed demo parameters. */
export type DemoParams = z.output<typeof DemoParamsSchema>;
