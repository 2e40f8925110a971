-- Schema v11: neural holdouts recorded before this version were scored with the observed weather, sentiment and
-- competitor prices of the held-out days (a forecast made at the holdout's origin cannot know them). They decided
-- which SKUs kept the neural model in 'auto', so they are dropped: 'auto' stays statistical until the neural model
-- is trained again, and the new holdout sees only what was known at its origin (engine/forecast/features.ts asOfOrigin).
DELETE FROM neural_holdout;
