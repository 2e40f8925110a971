-- Recommendations (issue 12): the lists each training run produced, with the reason shown next to each item.
CREATE TABLE rec_items (
  run_id             TEXT NOT NULL REFERENCES model_runs(id) ON DELETE CASCADE,
  list               TEXT NOT NULL CHECK (list IN ('customer', 'similar', 'together')),
  subject_id         INTEGER NOT NULL,          -- customers.id for 'customer', products.id otherwise
  rank               INTEGER NOT NULL CHECK (rank >= 1),
  product_id         INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  score              REAL NOT NULL,            -- per-customer standardised model score (customer lists), similarity otherwise
  popularity         REAL NOT NULL DEFAULT 0,  -- the item's training interactions, for the tail control at read time
  reason             TEXT NOT NULL CHECK (reason IN ('viewed', 'carted', 'bought', 'bought_with', 'similar_to', 'popular', 'new_like')),
  reason_product_id  INTEGER REFERENCES products(id) ON DELETE SET NULL,
  PRIMARY KEY (run_id, list, subject_id, rank)
) STRICT, WITHOUT ROWID;
CREATE INDEX rec_items_product ON rec_items(product_id);
