-- Schema v17: which method made a saved try-on cut-out (engine/tryon/cutout.ts CUTOUT_VERSION), so that cut-outs made
-- by an older method are made again the next time a preview needs them (engine/tryon/product.ts) instead of being
-- used as they are: 1 = the border-median flood fill used before 2026-12-06, 2 = the smooth-surface removal of
-- 2026-12-06 (IoU 0.809 against 0.555 on the report set). Rows from before get 1; a transparent PNG is kept as it is
-- by every version (its own alpha), so those rows are current already.
ALTER TABLE tryon_products ADD COLUMN cutout_version INTEGER NOT NULL DEFAULT 1 CHECK (cutout_version >= 1);
UPDATE tryon_products SET cutout_version = 2 WHERE cutout_method = 'transparent';
