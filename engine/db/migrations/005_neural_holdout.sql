-- Schema v5: per-SKU holdout of a neural training run (model_runs kind 'forecast-neural'), so 'forecast.run'
-- with model 'auto' can keep the neural model for the SKUs where it beat the statistical choice.

-- The holdout forecast of the model trained on history minus the last `horizon` days, and its accuracy sums on
-- those days (MetricSums JSON, see engine/forecast/metrics.ts). The window is the run's history end minus horizon.
CREATE TABLE neural_holdout (
  run_id      TEXT NOT NULL REFERENCES model_runs(id) ON DELETE CASCADE,
  product_id  INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  sums        TEXT NOT NULL,
  forecast    TEXT NOT NULL,            -- JSON {p10, p50, p90} over the held-out days
  PRIMARY KEY (run_id, product_id)
) STRICT, WITHOUT ROWID;
