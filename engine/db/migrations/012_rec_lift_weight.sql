-- Schema v12: each customer-list row carries its customer's personal tail-lift weight (engine/recs/tail.ts
-- personalLiftWeight), so the personal form of the tail control re-ranks at read time as it was measured. Rows from
-- before (and the similar / together lists) have weight 1: the plain tail lift.
ALTER TABLE rec_items ADD COLUMN lift_weight REAL NOT NULL DEFAULT 1;
