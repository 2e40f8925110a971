-- Pricing: guardrail overrides, elasticity estimates, pricing runs and recommendations, exports.

-- Guardrail overrides. scope 'store' (scope_key ''), 'category' (category name) or 'sku' (SKU).
-- rules is a JSON object with any subset of GuardrailRules (engine/pricing/guardrails.ts).
CREATE TABLE pricing_guardrails (
  scope       TEXT NOT NULL CHECK (scope IN ('store', 'category', 'sku')),
  scope_key   TEXT NOT NULL DEFAULT '',
  rules       TEXT NOT NULL DEFAULT '{}',
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (scope, scope_key)
) STRICT, WITHOUT ROWID;

-- One pricing run: elasticity estimation, agent training, recommendation or evaluation.
CREATE TABLE pricing_runs (
  id           TEXT PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('elasticity', 'train', 'recommend', 'evaluate', 'manual')),
  job_id       TEXT,
  model_run_id TEXT REFERENCES model_runs(id) ON DELETE SET NULL,
  status       TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
  params       TEXT NOT NULL DEFAULT '{}',
  metrics      TEXT NOT NULL DEFAULT '{}',
  created_at   TEXT NOT NULL,
  finished_at  TEXT
) STRICT;
CREATE INDEX pricing_runs_kind ON pricing_runs(kind, created_at);

-- Latest elasticity estimate per SKU (scope 'sku', key SKU) and per category prior
-- (scope 'category', key category; '*' for all products).
CREATE TABLE elasticity_estimates (
  scope        TEXT NOT NULL CHECK (scope IN ('sku', 'category')),
  key          TEXT NOT NULL,
  product_id   INTEGER REFERENCES products(id) ON DELETE CASCADE,
  run_id       TEXT REFERENCES pricing_runs(id) ON DELETE SET NULL,
  elasticity   REAL NOT NULL,
  lo90         REAL NOT NULL,
  hi90         REAL NOT NULL,
  raw          REAL,                   -- the SKU's own estimate before shrinkage
  raw_se       REAL,
  n_obs        INTEGER NOT NULL DEFAULT 0,
  level        TEXT NOT NULL,          -- daily, weekly, monthly, rows
  status       TEXT NOT NULL CHECK (status IN ('estimated', 'fallback')),
  reason       TEXT,                   -- code when status is 'fallback'
  detail       TEXT NOT NULL DEFAULT '{}',
  created_at   TEXT NOT NULL,
  PRIMARY KEY (scope, key)
) STRICT;

-- A price recommendation and what the merchant did with it.
CREATE TABLE price_recommendations (
  id                      INTEGER PRIMARY KEY,
  run_id                  TEXT REFERENCES pricing_runs(id) ON DELETE CASCADE,
  product_id              INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  current_price           REAL NOT NULL,
  recommended_price       REAL,          -- NULL: guardrails held the change back
  final_price             REAL,          -- what the merchant approved or typed (edited)
  status                  TEXT NOT NULL DEFAULT 'pending'
                          CHECK (status IN ('pending', 'approved', 'rejected', 'edited', 'applied', 'held')),
  expected_units_delta    REAL,
  expected_revenue_delta  REAL,
  expected_margin_delta   REAL,
  interval                TEXT NOT NULL DEFAULT '{}',  -- JSON, e.g. {"revenue":[lo,hi],"units":[lo,hi]}
  reason                  TEXT,                         -- JSON or text: why this price, guardrail reasons
  created_at              TEXT NOT NULL,
  decided_at              TEXT,
  applied_at              TEXT
) STRICT;
CREATE INDEX price_recommendations_product ON price_recommendations(product_id, created_at);
CREATE INDEX price_recommendations_status ON price_recommendations(status);

-- Saved export column mappings (target column <- field) for csv/xlsx exports.
CREATE TABLE export_mappings (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  format      TEXT NOT NULL CHECK (format IN ('csv', 'xlsx')),
  preset      TEXT,                     -- taobao, jd, pinduoduo, other: what it started from
  columns     TEXT NOT NULL,            -- JSON [{ "column": "价格", "field": "price" }, ...]
  encoding    TEXT NOT NULL DEFAULT 'utf8' CHECK (encoding IN ('utf8', 'utf8-bom', 'gb18030')),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;

-- One export: what was written where, and how many rows were held back by guardrails.
CREATE TABLE export_runs (
  id            INTEGER PRIMARY KEY,
  format        TEXT NOT NULL,
  path          TEXT NOT NULL,
  encoding      TEXT NOT NULL,
  mapping_id    INTEGER REFERENCES export_mappings(id) ON DELETE SET NULL,
  only_changed  INTEGER NOT NULL DEFAULT 0,
  since         TEXT,
  rows_written  INTEGER NOT NULL DEFAULT 0,
  rows_held     INTEGER NOT NULL DEFAULT 0,
  held_path     TEXT,
  status        TEXT NOT NULL CHECK (status IN ('succeeded', 'failed')),
  report        TEXT NOT NULL DEFAULT '{}',
  created_at    TEXT NOT NULL
) STRICT;
