/** The whole API contract: every operation the UI, CLI and transports can call. */
import type { z } from 'zod';
import { chatOps } from './chats';
import { dashboardOps } from './dashboard';
import { demoOps } from './demo';
import { elasticityOps } from './elasticity';
import { exportOps } from './export';
import { forecastOps } from './forecast';
import { imageOps } from './images';
import { importOps } from './import';
import { jobOps } from './jobs';
import { neuralOps } from './neural';
import { planningOps } from './planning';
import { pricingOps } from './pricing';
import { productOps } from './products';
import { recsOps } from './recs';
import { storeOps } from './store';
import { tryonOps } from './tryon';

/** All operations by name. Each domain contributes its own table. */
export const ops = {
  ...forecastOps,
  ...neuralOps,
  ...planningOps,
  ...storeOps,
  ...importOps,
  ...jobOps,
  ...elasticityOps,
  ...exportOps,
  ...dashboardOps,
  ...productOps,
  ...pricingOps,
  ...demoOps,
  // Visual search (engine/vision)
  ...imageOps,
  ...recsOps,
  ...tryonOps,
  // Customer-service chats (issue 13).
  ...chatOps,
};

/** The contract's type, for typed clients (renderer imports it with `import type`). */
export type Ops = typeof ops;
/** Any operation name. */
export type OpName = keyof Ops;
/** The input an operation accepts (before defaults are applied). */
export type OpInput<N extends OpName> = z.input<Ops[N]['input']>;
/** What an operation returns. */
export type OpResult<N extends OpName> = Awaited<ReturnType<Ops[N]['run']>>;
