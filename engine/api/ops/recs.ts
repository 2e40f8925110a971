/** Recommendation operations: train (job), status, lists per customer and product, customer picker, export. */
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { exportRecs } from '../../recs/export';
import { recsCustomerSearch, recsCustomers, recsForCustomer, recsForProduct, recsStatus } from '../../recs/read';
import { refreshRecs } from '../../recs/refresh';
import { MAX_ENSEMBLE } from '../../recs/ensemble';
import { MODEL_NAMES } from '../../recs/registry';
import { opPath } from '../../security/path-policy';
import { defineOp, type OpContext } from '../contract';
import { makeDirs } from '../../fs/mkdirs';

// The tail control's γ: up to 2 for the lift forms; the popularity discount uses at most 1 (read.ts).
const tail = z.number().min(0).max(2).default(0);

const exportInput = z.object({ path: z.string().min(1).optional(), format: z.enum(['csv', 'json', 'xlsx']).default('csv'), k: z.number().int().min(1).max(50).default(10), tail, list: z.enum(['recommended', 'revisit']).default('recommended'), headers: z.enum(['machine', 'human']).default('machine') });

// The file an export writes: the path given (under the exports folder when relative, as the path policy allows), or a
// dated name there; its folder made.
function exportPath(input: z.infer<typeof exportInput>, ctx: OpContext): string {
  const { engine } = ctx;
  const exportsDir = join(engine.options.dataDir, 'exports');
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const path = input.path
    ? opPath(ctx, input.path, { base: exportsDir, use: 'write' })
    : join(exportsDir, `${basename(engine.store.path, '.db')}-${input.list === 'revisit' ? 'viewed-not-bought' : 'recommendations'}-${stamp}.${input.format}`);
  makeDirs(dirname(path));
  return path;
}

/** Recommendation operations. */
export const recsOps = {
  'recs.train.start': defineOp({
    summary: 'Train and compare the recommendation models on the store as a background job (saves a model run with lists)',
    input: z.object({
      models: z.array(z.enum(MODEL_NAMES)).min(1).optional(),
      seed: z.number().int().optional(),
      epochs: z.number().int().min(1).max(500).optional(),
      maxSeconds: z.number().positive().max(3600).optional(),
      ensemble: z.number().int().min(1).max(MAX_ENSEMBLE).optional(),
    }),
    run: (input, { engine, lang }) => engine.jobs.start('recs.train', input, { lang }),
  }),
  'recs.status': defineOp({
    summary: 'The latest recommendation run: every model\'s HR@10, NDCG@10, coverage, tail share, training time, and the tail control\'s measured effect',
    input: z.object({}),
    run: (_i, { engine, lang }) => recsStatus(engine.store.db, lang),
  }),
  'recs.customers': defineOp({
    summary: 'Customers that have recommendations (filter by id, name or email, any case)',
    input: z.object({ query: z.string().max(200).default(''), limit: z.number().int().min(1).max(500).default(100) }),
    run: (input, { engine, lang }) => recsCustomers(engine.store.db, lang, input.query, input.limit),
  }),
  'recs.customers.search': defineOp({
    summary: 'The customer picker: the first customers with recommendations whose id, name or email holds the text (any case), and how many match in all',
    input: z.object({ query: z.string().max(200).default(''), limit: z.number().int().min(1).max(500).default(50) }),
    run: (input, { engine }) => recsCustomerSearch(engine.store.db, input.query, input.limit),
  }),
  'recs.forCustomer': defineOp({
    summary: 'A customer\'s history and top-k recommendations with reasons (tail control γ in [0, 2]; the popularity discount stops at 1)',
    input: z.object({ customer: z.union([z.string().min(1), z.number().int()]), k: z.number().int().min(1).max(50).default(10), tail }),
    run: (input, { engine, lang }) => recsForCustomer(engine.store.db, lang, input.customer, input.k, input.tail),
  }),
  'recs.forProduct': defineOp({
    summary: 'Similar items and items bought together for a SKU, with reasons',
    input: z.object({ sku: z.string().min(1), k: z.number().int().min(1).max(50).default(10) }),
    run: (input, { engine, lang }) => recsForProduct(engine.store.db, lang, input.sku, input.k),
  }),
  'recs.refresh': defineOp({
    summary: 'Rebuild the lists of customers with events newer than the latest run (imports do this on their own)',
    input: z.object({}),
    run: (_i, { engine }) => refreshRecs(engine.store.db),
  }),
  'recs.export': defineOp({
    summary: 'Export every customer\'s top k (customer id and email, rank, SKU, title, reason) as CSV, JSON or XLSX: the recommendations, or (list revisit) what they viewed and have not bought; headers human heads a CSV or workbook in the caller\'s language instead of the field names',
    input: exportInput,
    run: (input, ctx) => exportRecs(ctx.engine.store.db, ctx.lang, exportPath(input, ctx), input.k, input.tail, input.list, { headers: input.headers }),
  }),
  'recs.export.start': defineOp({
    summary: 'The same export as a background job (progress: customers read, then rows written), for the screen and desk recs export; its result is recs.export\'s',
    input: exportInput,
    run: (input, ctx) => ctx.engine.jobs.start('recs.export', { path: exportPath(input, ctx), k: input.k, tail: input.tail, list: input.list, headers: input.headers }, { lang: ctx.lang }),
  }),
};
