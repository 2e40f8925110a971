/** Visual search operations: import product photos, build the index, search by photo or product, list and dismiss duplicates. */
import { z } from 'zod';
import { EngineError } from '../../errors';
import { tr } from '../../i18n';
import { visionMessages } from '../../vision/messages';
import { opPath } from '../../security/path-policy';
import { defineOp } from '../contract';
import { i18nIssue } from '../validate';

/** Search and duplicates load the CNN, the index library and the image decoder: imported when an op needs them. */
const search = () => import('../../vision/search');
const duplicates = () => import('../../vision/duplicates');

const BoxSchema = z.object({ x: z.number().min(0), y: z.number().min(0), w: z.number().positive(), h: z.number().positive() });

/** Visual search operations. */
export const imageOps = {
  'images.import': defineOp({
    summary: 'Import product photos from a folder or .zip as a job (matched by file name or a sku,file CSV)',
    input: z.object({ path: z.string().min(1), skipInvalid: z.boolean().default(false), rejectsPath: z.string().min(1).optional() }),
    run: (input, ctx) => {
      const path = opPath(ctx, input.path, { base: process.cwd(), use: 'read' });
      const rejectsPath = input.rejectsPath ? opPath(ctx, input.rejectsPath, { base: process.cwd(), use: 'write' }) : undefined;
      return ctx.engine.jobs.start('images.import', { path, skipInvalid: input.skipInvalid, ...(rejectsPath ? { rejectsPath } : {}) }, { lang: ctx.lang });
    },
  }),
  'images.index': defineOp({
    summary: 'Compute missing image embeddings and refresh the nearest-neighbour index beside the store (a job)',
    input: z.object({ backbone: z.string().min(1).max(64).optional() }),
    run: (input, { engine, lang }) => engine.jobs.start('images.index', input, { lang }),
  }),
  'images.status': defineOp({
    summary: 'The image index: photos in the store, how many are indexed (searchable), how many are new since the last build, and when it was built',
    input: z.object({}),
    run: async (_input, { engine }) => (await import('../../vision/embeddings')).indexStatus(engine.store.db),
  }),
  'images.search': defineOp({
    summary: 'Products that look like a photo (path) or like a product (productId): detected boxes, the crop used, matches with scores',
    input: z
      .object({
        path: z.string().min(1).optional(),
        /** The user's own name for the photo at `path` (a browser upload's), used in messages. */
        name: z.string().min(1).max(255).optional(),
        productId: z.number().int().positive().optional(),
        k: z.number().int().min(1).max(100).default(10),
        box: BoxSchema.optional(),
        detect: z.boolean().default(true),
        /** Searching by a product: weight of the co-view / co-purchase graph (default: the store's setting). */
        graphWeight: z.number().min(0).max(1).optional(),
      })
      .refine((v) => (v.path === undefined) !== (v.productId === undefined), i18nIssue('path_or_product')),
    run: async (input, ctx) => {
      const { engine, lang } = ctx;
      if (input.productId !== undefined) {
        // Searching by a product never answers with that product; the graph re-ranks its visual neighbours.
        return (await search()).productSearch(engine.store.db, engine.store.path, input.productId, { k: input.k, lang, graphWeight: input.graphWeight });
      }
      const path = opPath(ctx, input.path ?? '', { base: process.cwd(), use: 'read' });
      const { readUserImage, userFileName } = await import('../../io/image-file');
      const { QUERY_LIMITS } = await import('../../vision/decode');
      const file = userFileName(path, input.name);
      const image = await readUserImage(path, file, lang, QUERY_LIMITS);
      return (await search()).visualSearch(engine.store.db, engine.store.path, image, { k: input.k, box: input.box, detect: input.detect, lang, file });
    },
  }),
  'images.finetune': defineOp({
    summary: 'Train a projection head on augmented views of the catalogue photos (a job), stored as a model run; search does not use it',
    input: z.object({ backbone: z.string().min(1).max(64).optional(), views: z.number().int().min(1).max(12).optional(), steps: z.number().int().min(5).max(1000).optional() }),
    run: (input, { engine, lang }) => engine.jobs.start('images.finetune', input, { lang }),
  }),
  'images.graphWeight': defineOp({
    summary: 'Read or set the store\'s weight of the co-view / co-purchase graph when searching by a product (0 keeps the visual order)',
    input: z.object({ weight: z.number().min(0).max(1).optional() }),
    run: async (input, { engine }) => {
      const { DEFAULT_GRAPH_WEIGHT, GRAPH_WEIGHT_SETTING, storedGraphWeight } = await import('../../vision/graph/rerank');
      const { getSetting, setSetting } = await import('../../db/queries/settings');
      if (input.weight !== undefined) setSetting(engine.store.db, GRAPH_WEIGHT_SETTING, input.weight);
      return { weight: storedGraphWeight(getSetting<unknown>(engine.store.db, GRAPH_WEIGHT_SETTING, null)), defaultWeight: DEFAULT_GRAPH_WEIGHT };
    },
  }),
  'images.graphWeight.tune': defineOp({
    summary: 'Choose the graph weight from the store\'s own last 30 days of orders, as a job (kept at 0 unless a weight clearly helps); stored as the default unless save is false',
    /** `save: false` measures and answers without changing the store's default (the CLI saves only with --save). */
    input: z.object({ save: z.boolean().default(true) }),
    run: async (input, { engine, lang }) => {
      const { activeBackbone } = await import('../../vision/embeddings');
      const { requireIndex } = await import('../../vision/graph/tune');
      // Said at once, not as a failed job.
      requireIndex(engine.store.db, activeBackbone(engine.store.db), lang);
      return engine.jobs.start('images.graphTune', { save: input.save }, { lang });
    },
  }),
  'images.duplicates': defineOp({
    summary: 'Likely duplicate listings: image pairs of different products with close perceptual hashes or near-identical embeddings, whose colours agree',
    input: z.object({ limit: z.number().int().min(1).max(5000).default(200) }),
    run: async (input, { engine }) => ({ pairs: await (await duplicates()).findDuplicates(engine.store.db, { limit: input.limit }) }),
  }),
  'images.dismissDuplicate': defineOp({
    summary: 'Mark an image pair as not a duplicate so it is no longer listed',
    input: z.object({ imageA: z.number().int().positive(), imageB: z.number().int().positive() }),
    run: async (input, { engine, lang }) => {
      (await duplicates()).dismissDuplicate(engine.store.db, input.imageA, input.imageB, lang);
      return { ok: true };
    },
  }),
  'images.thumbnail': defineOp({
    summary: 'The stored thumbnail of an image as a data URL',
    input: z.object({ id: z.number().int().positive() }),
    run: (input, { engine, lang }) => {
      const row = engine.store.db.prepare('SELECT bytes FROM image_thumbs WHERE image_id = ?').get(input.id) as { bytes: Buffer } | undefined;
      if (!row) throw new EngineError('not_found', tr(visionMessages, lang, 'no_thumbnail', { id: input.id }), { id: input.id });
      return { id: input.id, dataUrl: `data:image/jpeg;base64,${row.bytes.toString('base64')}` };
    },
  }),
};
