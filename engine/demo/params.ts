/** Parameters of the demo generator, shared by the job, the API op and the CLI. */
import { z } from 'zod';
import { i18nIssue } from '../zod-messages';
import { isIsoDate } from './dates';
import { DEMO_DEFAULTS, defaultDemoEnd } from './defaults';

/** Re-exported for callers that already import the schema. */
export { DEMO_DEFAULTS, defaultDemoEnd };

/** Input schema of a demo generation. */
export const DemoParamsSchema = z.object({
  seed: z.number().int().min(0).max(4294967295).default(DEMO_DEFAULTS.seed),
  skus: z.number().int().min(12).max(5000).default(DEMO_DEFAULTS.skus),
  days: z.number().int().min(28).max(3650).default(DEMO_DEFAULTS.days),
  end: z.string().refine(isIsoDate, i18nIssue('real_date')).default(() => defaultDemoEnd()),
});

/** Parsed demo parameters. */
export type DemoParams = z.output<typeof DemoParamsSchema>;
