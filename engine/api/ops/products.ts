/** Product operations for the Inventory screen: the searchable, filterable, sortable product list. */
import { z } from 'zod';
import { listProducts, productFacets, PRODUCT_SORTS } from '../../db/queries/products';
import { both, EngineError } from '../../errors';
import { apiMessages } from '../../messages';
import { defineOp } from '../contract';
import { tr } from '../../i18n';
import { servableImageType } from '../../security/image-types';
import { securityCatalog } from '../../security/messages';

/** Product operations. */
export const productOps = {
  'products.image': defineOp({
    summary: 'One product image as a data URL (the desktop app has no HTTP image route)',
    input: z.object({ id: z.number().int().positive() }),
    run: (input, { engine, lang }) => {
      const row = engine.store.db.prepare('SELECT mime, bytes FROM images WHERE id = ?').get(input.id) as { mime: string; bytes: Buffer } | undefined;
      if (!row) throw new EngineError('not_found', both(apiMessages, 'no_image', { id: input.id }), { id: input.id });
      const mime = servableImageType(row.mime);
      if (!mime) throw new EngineError('unsupported_media', tr(securityCatalog, lang, 'image_type', { mime: row.mime }), { id: input.id, mime: row.mime });
      return { id: input.id, dataUrl: `data:${mime};base64,${row.bytes.toString('base64')}` };
    },
  }),
  'products.list': defineOp({
    summary: 'Products with latest stock and 28-day units; q searches SKU and both titles; filters by category, supplier, having an image and coverBelow (under N days of cover, as the Dashboard counts them; coverBasis then says what they were counted from, forecast or sales28)',
    input: z.object({
      q: z.string().max(200).optional(),
      category: z.string().max(200).optional(),
      supplier: z.string().max(200).optional(),
      withImage: z.boolean().optional(),
      coverBelow: z.number().min(1).max(365).optional(),
      sort: z.enum(PRODUCT_SORTS).default('sku'),
      dir: z.enum(['asc', 'desc']).default('asc'),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(50_000).default(500),
    }),
    run: (input, { engine, lang }) => {
      const db = engine.store.db;
      return db.transaction(() => ({ ...listProducts(db, { ...input, lang }), ...productFacets(db, lang) }))();
    },
  }),
};
