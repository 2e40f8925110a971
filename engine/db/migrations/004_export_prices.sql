-- What each marketplace was last sent: the price (and stock) last exported per product and target,
-- so `--only-changed` means "changed since my last export there" and the guardrails' step, day,
-- changes-per-day and cool-down rules compare with the price live on that marketplace.
-- target is the format (amazon, shopify, ebay, woocommerce) or, for csv/xlsx, the format with the
-- mapping or preset it used ('csv#m:3', 'xlsx#p:jd'): a Taobao file and a JD file are two marketplaces.
CREATE TABLE export_prices (
  target           TEXT NOT NULL,
  product_id       INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  price            REAL NOT NULL,
  quantity         REAL,
  exported_at      TEXT NOT NULL,           -- last export that wrote this row
  changed_at       TEXT,                    -- last export that changed the price there (NULL: never)
  day              TEXT NOT NULL,           -- UTC date the two columns below count for
  day_start_price  REAL NOT NULL,           -- price live there at the start of that day
  changes_on_day   INTEGER NOT NULL DEFAULT 0,
  run_id           INTEGER REFERENCES export_runs(id) ON DELETE SET NULL,
  PRIMARY KEY (target, product_id)
) STRICT, WITHOUT ROWID;
