-- Schema v2: demand forecasts, model choice with backtest scores, and purchase suggestions.

-- One forecasting run (a 'forecast.run' or 'backtest.run' job).
CREATE TABLE forecast_runs (
  id            TEXT PRIMARY KEY,
  job_id        TEXT,
  kind          TEXT NOT NULL CHECK (kind IN ('forecast', 'backtest')),
  model         TEXT NOT NULL,            -- what was asked: auto, ets, theta, ..., neural, ensemble
  horizon       INTEGER NOT NULL,
  folds         INTEGER NOT NULL DEFAULT 0,
  history_end   TEXT,                     -- last history date the run saw
  sku_count     INTEGER NOT NULL DEFAULT 0,
  seconds       REAL,
  created_at    TEXT NOT NULL
) STRICT;

-- The latest P10/P50/P90 forecast per SKU and future day (replaced by each run for the SKUs it covers).
CREATE TABLE forecasts (
  product_id  INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  date        TEXT NOT NULL,
  run_id      TEXT NOT NULL REFERENCES forecast_runs(id) ON DELETE CASCADE,
  p10         REAL NOT NULL,
  p50         REAL NOT NULL,
  p90         REAL NOT NULL,
  PRIMARY KEY (product_id, date)
) STRICT, WITHOUT ROWID;
CREATE INDEX forecasts_run ON forecasts(run_id);

-- The model chosen per SKU, why, and the backtest sums of every candidate (JSON, see engine/forecast/metrics.ts).
CREATE TABLE forecast_choice (
  product_id  INTEGER PRIMARY KEY REFERENCES products(id) ON DELETE CASCADE,
  run_id      TEXT NOT NULL REFERENCES forecast_runs(id) ON DELETE CASCADE,
  model       TEXT NOT NULL,
  profile     TEXT NOT NULL,
  weights     TEXT,                       -- JSON {model: weight} for the ensemble
  reason      TEXT NOT NULL,              -- JSON {key, params}: rendered in the user's language
  scores      TEXT NOT NULL DEFAULT '{}', -- JSON {model: MetricSums}
  folds       INTEGER NOT NULL DEFAULT 0,
  updated_at  TEXT NOT NULL
) STRICT;

-- Backtest results aggregated per model: scope 'all', 'category' (key = category) of a run.
CREATE TABLE forecast_backtests (
  run_id     TEXT NOT NULL REFERENCES forecast_runs(id) ON DELETE CASCADE,
  scope      TEXT NOT NULL CHECK (scope IN ('all', 'category')),
  key        TEXT NOT NULL,
  model      TEXT NOT NULL,
  wape       REAL,
  mase       REAL,
  bias       REAL,
  pinball10  REAL,
  pinball50  REAL,
  pinball90  REAL,
  coverage   REAL,
  n          INTEGER NOT NULL,
  series     INTEGER NOT NULL,
  PRIMARY KEY (run_id, scope, key, model)
) STRICT, WITHOUT ROWID;

-- Purchase suggestions of the latest plan, editable before export.
CREATE TABLE purchase_suggestions (
  id              INTEGER PRIMARY KEY,
  plan_id         TEXT NOT NULL,
  product_id      INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  supplier        TEXT,
  suggested_qty   REAL NOT NULL CHECK (suggested_qty >= 0),
  quantity        REAL NOT NULL CHECK (quantity >= 0),   -- what the user will order (edited or suggested)
  unit_cost       REAL,
  order_date      TEXT NOT NULL,
  arrival_date    TEXT NOT NULL,
  status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'edited', 'dismissed')),
  detail          TEXT NOT NULL DEFAULT '{}',            -- JSON: reorder point, on hand, days of cover...
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  UNIQUE (plan_id, product_id)
) STRICT;
CREATE INDEX purchase_suggestions_supplier ON purchase_suggestions(supplier);
