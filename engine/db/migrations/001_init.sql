-- Schema v1 of a Merchant Desk store. One file per shop. Dates are 'YYYY-MM-DD', timestamps ISO-8601 UTC.

CREATE TABLE products (
  id              INTEGER PRIMARY KEY,
  sku             TEXT NOT NULL UNIQUE,
  parent_sku      TEXT,                 -- variant group (Shopify handle, WooCommerce parent)
  title_zh        TEXT,
  title_en        TEXT,
  category        TEXT,
  brand           TEXT,
  cost            REAL CHECK (cost IS NULL OR cost >= 0),
  price           REAL CHECK (price IS NULL OR price >= 0),
  currency        TEXT NOT NULL DEFAULT 'CNY',
  min_price       REAL,
  max_price       REAL,
  map_price       REAL,                 -- minimum advertised price
  supplier        TEXT,
  lead_time_days  REAL,
  lead_time_sd    REAL,                 -- variability of the lead time, days
  moq             INTEGER,
  case_pack       INTEGER,
  barcode         TEXT,
  images          TEXT NOT NULL DEFAULT '[]',  -- JSON array of image ids (images table) or file paths
  attributes      TEXT NOT NULL DEFAULT '{}',  -- JSON object of free attributes
  status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'draft', 'archived')),
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX products_category ON products(category);
CREATE INDEX products_supplier ON products(supplier);

CREATE TABLE images (
  id          INTEGER PRIMARY KEY,
  product_id  INTEGER REFERENCES products(id) ON DELETE CASCADE,
  sha256      TEXT NOT NULL UNIQUE,
  mime        TEXT NOT NULL,
  width       INTEGER,
  height      INTEGER,
  bytes       BLOB NOT NULL,
  source      TEXT,                      -- original file name or 'demo'
  created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX images_product ON images(product_id);

CREATE TABLE locations (
  id    INTEGER PRIMARY KEY,
  code  TEXT NOT NULL UNIQUE,
  name  TEXT
) STRICT;

CREATE TABLE inventory (
  product_id   INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  location_id  INTEGER NOT NULL REFERENCES locations(id),
  date         TEXT NOT NULL,
  on_hand      REAL NOT NULL,
  on_order     REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (product_id, location_id, date)
) STRICT, WITHOUT ROWID;
CREATE INDEX inventory_date ON inventory(date);

CREATE TABLE customers (
  id           INTEGER PRIMARY KEY,
  external_id  TEXT NOT NULL UNIQUE,
  name         TEXT,
  email        TEXT,
  city         TEXT,
  segment      TEXT,
  created_at   TEXT
) STRICT;

CREATE TABLE orders (
  id           INTEGER PRIMARY KEY,
  order_no     TEXT NOT NULL UNIQUE,
  customer_id  INTEGER REFERENCES customers(id),
  channel      TEXT,
  ordered_at   TEXT NOT NULL,
  status       TEXT NOT NULL DEFAULT 'completed',
  currency     TEXT NOT NULL DEFAULT 'CNY'
) STRICT;
CREATE INDEX orders_ordered_at ON orders(ordered_at);
CREATE INDEX orders_customer ON orders(customer_id);

CREATE TABLE order_lines (
  id          INTEGER PRIMARY KEY,
  order_id    INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  line_no     INTEGER NOT NULL,
  product_id  INTEGER NOT NULL REFERENCES products(id),
  quantity    REAL NOT NULL CHECK (quantity >= 0),
  unit_price  REAL NOT NULL CHECK (unit_price >= 0),
  discount    REAL NOT NULL DEFAULT 0,   -- money off the line total
  UNIQUE (order_id, line_no)
) STRICT;
CREATE INDEX order_lines_product ON order_lines(product_id);

-- Daily sales per SKU. Rows with source 'orders' are maintained by the triggers below from
-- order_lines, so they always agree with the orders; rows with source 'import' come from a
-- daily-sales import for shops that have no order-level data.
CREATE TABLE daily_sales (
  product_id   INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  date         TEXT NOT NULL,
  units        REAL NOT NULL DEFAULT 0,
  revenue      REAL NOT NULL DEFAULT 0,
  order_count  INTEGER NOT NULL DEFAULT 0,
  stockout     INTEGER NOT NULL DEFAULT 0 CHECK (stockout IN (0, 1)),  -- 1: out of stock that day (censored demand)
  source       TEXT NOT NULL DEFAULT 'orders' CHECK (source IN ('orders', 'import')),
  PRIMARY KEY (product_id, date)
) STRICT, WITHOUT ROWID;
CREATE INDEX daily_sales_date ON daily_sales(date);

CREATE TRIGGER order_lines_ai AFTER INSERT ON order_lines BEGIN
  INSERT INTO daily_sales (product_id, date, units, revenue, order_count, source)
  VALUES (NEW.product_id, (SELECT substr(ordered_at, 1, 10) FROM orders WHERE id = NEW.order_id),
          NEW.quantity, NEW.quantity * NEW.unit_price - NEW.discount, 1, 'orders')
  ON CONFLICT (product_id, date) DO UPDATE SET
    units = units + excluded.units,
    revenue = revenue + excluded.revenue,
    order_count = order_count + 1,
    source = 'orders';
END;

CREATE TRIGGER order_lines_ad AFTER DELETE ON order_lines BEGIN
  UPDATE daily_sales SET
    units = units - OLD.quantity,
    revenue = revenue - (OLD.quantity * OLD.unit_price - OLD.discount),
    order_count = order_count - 1
  WHERE product_id = OLD.product_id
    AND date = (SELECT substr(ordered_at, 1, 10) FROM orders WHERE id = OLD.order_id);
END;

CREATE TRIGGER order_lines_au AFTER UPDATE OF quantity, unit_price, discount, product_id ON order_lines BEGIN
  UPDATE daily_sales SET
    units = units - OLD.quantity,
    revenue = revenue - (OLD.quantity * OLD.unit_price - OLD.discount),
    order_count = order_count - 1
  WHERE product_id = OLD.product_id
    AND date = (SELECT substr(ordered_at, 1, 10) FROM orders WHERE id = OLD.order_id);
  INSERT INTO daily_sales (product_id, date, units, revenue, order_count, source)
  VALUES (NEW.product_id, (SELECT substr(ordered_at, 1, 10) FROM orders WHERE id = NEW.order_id),
          NEW.quantity, NEW.quantity * NEW.unit_price - NEW.discount, 1, 'orders')
  ON CONFLICT (product_id, date) DO UPDATE SET
    units = units + excluded.units,
    revenue = revenue + excluded.revenue,
    order_count = order_count + 1;
END;

CREATE TABLE browsing_events (
  id           INTEGER PRIMARY KEY,
  customer_id  INTEGER REFERENCES customers(id),
  session_id   TEXT NOT NULL,
  product_id   INTEGER REFERENCES products(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL CHECK (kind IN ('view', 'cart', 'purchase', 'search')),
  query        TEXT,                      -- search text for kind 'search'
  ts           TEXT NOT NULL,
  channel      TEXT,
  UNIQUE (session_id, ts, kind, product_id)
) STRICT;
CREATE INDEX browsing_events_customer ON browsing_events(customer_id, ts);
CREATE INDEX browsing_events_product ON browsing_events(product_id);

CREATE TABLE competitor_prices (
  product_id  INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  competitor  TEXT NOT NULL,
  date        TEXT NOT NULL,
  price       REAL NOT NULL CHECK (price >= 0),
  in_stock    INTEGER CHECK (in_stock IS NULL OR in_stock IN (0, 1)),
  url         TEXT,
  PRIMARY KEY (product_id, competitor, date)
) STRICT, WITHOUT ROWID;

-- External signals that move demand. key names what it is about: e.g. 'temp_c', 'rain_mm',
-- 'category:apparel', 'sku:AP-0001', 'all'. Promotions can also be given as kind 'promotion'.
CREATE TABLE signals (
  date   TEXT NOT NULL,
  kind   TEXT NOT NULL CHECK (kind IN ('weather', 'sentiment', 'holiday', 'promotion', 'custom')),
  key    TEXT NOT NULL,
  value  REAL NOT NULL,
  label  TEXT,
  PRIMARY KEY (date, kind, key)
) STRICT, WITHOUT ROWID;

-- Promotions with their dates and real price cuts.
CREATE TABLE promotions (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  product_id    INTEGER REFERENCES products(id) ON DELETE CASCADE,  -- NULL with category set: category-wide
  category      TEXT,
  start_date    TEXT NOT NULL,
  end_date      TEXT NOT NULL,
  discount_pct  REAL NOT NULL CHECK (discount_pct >= 0 AND discount_pct < 100),
  source        TEXT NOT NULL DEFAULT 'import',
  UNIQUE (name, product_id, category, start_date)
) STRICT;
CREATE INDEX promotions_dates ON promotions(start_date, end_date);

-- Retail event calendar (618, Double 11, Black Friday, Chinese New Year, ...), editable.
CREATE TABLE calendar_events (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL,
  name_zh     TEXT NOT NULL,
  name_en     TEXT NOT NULL,
  start_date  TEXT NOT NULL,
  end_date    TEXT NOT NULL,
  UNIQUE (code, start_date)
) STRICT;

CREATE TABLE price_history (
  product_id    INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  effective_at  TEXT NOT NULL,
  price         REAL NOT NULL CHECK (price >= 0),
  source        TEXT NOT NULL DEFAULT 'import',   -- import, demo, pricing, manual
  note          TEXT,
  PRIMARY KEY (product_id, effective_at)
) STRICT, WITHOUT ROWID;

CREATE TABLE conversations (
  id           INTEGER PRIMARY KEY,
  external_id  TEXT NOT NULL UNIQUE,
  channel      TEXT NOT NULL,            -- taobao, jd, wechat, shopify, email, ...
  customer_id  INTEGER REFERENCES customers(id),
  language     TEXT,
  subject      TEXT,
  status       TEXT NOT NULL DEFAULT 'closed',
  started_at   TEXT NOT NULL
) STRICT;

CREATE TABLE messages (
  id               INTEGER PRIMARY KEY,
  conversation_id  INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  seq              INTEGER NOT NULL,
  sender           TEXT NOT NULL CHECK (sender IN ('customer', 'agent', 'bot')),
  ts               TEXT NOT NULL,
  text             TEXT NOT NULL,
  UNIQUE (conversation_id, seq)
) STRICT;

CREATE TABLE kb_articles (
  id          INTEGER PRIMARY KEY,
  slug        TEXT NOT NULL UNIQUE,
  title_zh    TEXT,
  title_en    TEXT,
  body_zh     TEXT,
  body_en     TEXT,
  tags        TEXT NOT NULL DEFAULT '[]',
  updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE jobs (
  id           TEXT PRIMARY KEY,
  kind         TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  params       TEXT NOT NULL DEFAULT '{}',
  done         REAL NOT NULL DEFAULT 0,
  total        REAL NOT NULL DEFAULT 0,
  phase        TEXT,
  result       TEXT,
  error        TEXT,
  created_at   TEXT NOT NULL,
  started_at   TEXT,
  finished_at  TEXT
) STRICT;
CREATE INDEX jobs_created ON jobs(created_at);

CREATE TABLE model_runs (
  id             TEXT PRIMARY KEY,
  kind           TEXT NOT NULL,           -- forecast, pricing, recsys, ...
  job_id         TEXT REFERENCES jobs(id),
  params         TEXT NOT NULL DEFAULT '{}',
  metrics        TEXT NOT NULL DEFAULT '{}',
  artefact_path  TEXT,
  created_at     TEXT NOT NULL
) STRICT;

CREATE TABLE import_runs (
  id           INTEGER PRIMARY KEY,
  job_id       TEXT,
  kind         TEXT NOT NULL,
  file         TEXT NOT NULL,
  dry_run      INTEGER NOT NULL DEFAULT 0,
  status       TEXT NOT NULL,
  rows_total   INTEGER NOT NULL DEFAULT 0,
  inserted     INTEGER NOT NULL DEFAULT 0,
  updated      INTEGER NOT NULL DEFAULT 0,
  unchanged    INTEGER NOT NULL DEFAULT 0,
  rejected     INTEGER NOT NULL DEFAULT 0,
  rejects_file TEXT,
  report       TEXT NOT NULL DEFAULT '{}',
  started_at   TEXT NOT NULL,
  finished_at  TEXT
) STRICT;

CREATE TABLE settings (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL                  -- JSON
) STRICT;

-- The truth the demo generator used (elasticities, seasonal and event factors, signal effects),
-- so later features can be checked against it.
CREATE TABLE demo_truth (
  kind    TEXT NOT NULL,                -- e.g. 'elasticity', 'event_factor', 'signal_effect', 'params'
  key     TEXT NOT NULL,                -- e.g. a SKU, a category, an event code
  value   REAL,
  detail  TEXT NOT NULL DEFAULT '{}',   -- JSON
  PRIMARY KEY (kind, key)
) STRICT;
