-- Schema v13: each customer-list row carries its customer's softmax normaliser (log Σ exp(score / T) over every item
-- the model could recommend to them, T the run's fitted temperature: engine/recs/tail.ts logNormaliser), so the
-- probability form of the tail control re-ranks the stored candidates at read time exactly as it was measured. NULL on
-- rows from before, on product lists and on lists a refresh rebuilt without the Transformer: there the probability
-- form falls back to the personal tail lift.
ALTER TABLE rec_items ADD COLUMN log_norm REAL;
