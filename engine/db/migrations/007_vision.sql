-- Visual search: thumbnails and perceptual hashes beside each image, embeddings per backbone, the persisted ANN index's
-- bookkeeping, and duplicate pairs a merchant dismissed.
CREATE TABLE image_thumbs (
  image_id  INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
  mime      TEXT NOT NULL,
  bytes     BLOB NOT NULL,
  phash     TEXT NOT NULL             -- 64-bit DCT perceptual hash, 16 hex digits
) STRICT;

CREATE TABLE image_embeddings (
  image_id    INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  backbone    TEXT NOT NULL,          -- backbone name (models/vision/backbones.ts), '+ft<run>' when fine-tuned
  dim         INTEGER NOT NULL,
  vector      BLOB NOT NULL,          -- Float32 little-endian, L2-normalised
  created_at  TEXT NOT NULL,
  PRIMARY KEY (image_id, backbone)
) STRICT;

CREATE TABLE image_index_meta (
  backbone    TEXT PRIMARY KEY,
  file        TEXT NOT NULL,          -- index file name beside the store
  vectors     INTEGER NOT NULL,
  built_at    TEXT NOT NULL
) STRICT;

CREATE TABLE image_duplicates_dismissed (
  image_a       INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  image_b       INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  dismissed_at  TEXT NOT NULL,
  PRIMARY KEY (image_a, image_b),
  CHECK (image_a < image_b)
) STRICT;
