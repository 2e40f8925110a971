-- Try-on previews: per-product cut-out, type and anchors; model photos; the gallery of saved previews.

-- One row per product prepared for try-on. The type comes from the category (auto) or the merchant (manual);
-- anchors are {name: {x, y}} in the cut-out's pixels, set automatically and adjustable by hand.
CREATE TABLE tryon_products (
  product_id      INTEGER PRIMARY KEY REFERENCES products(id) ON DELETE CASCADE,
  type            TEXT NOT NULL CHECK (type IN ('eyewear', 'earrings', 'necklace', 'ring', 'watch', 'bracelet', 'hat', 'top')),
  type_source     TEXT NOT NULL CHECK (type_source IN ('auto', 'manual')),
  anchors         TEXT NOT NULL,
  anchors_source  TEXT NOT NULL CHECK (anchors_source IN ('auto', 'manual')),
  image_id        INTEGER REFERENCES images(id) ON DELETE SET NULL,
  cutout          BLOB NOT NULL,               -- PNG with alpha
  cutout_method   TEXT NOT NULL CHECK (cutout_method IN ('transparent', 'flood_fill')),
  width_mm        REAL CHECK (width_mm IS NULL OR width_mm > 0),
  updated_at      TEXT NOT NULL
) STRICT;

-- Model photos kept in the store (uploaded by the merchant or bundled with the demo).
CREATE TABLE tryon_photos (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  sha256      TEXT NOT NULL UNIQUE,
  mime        TEXT NOT NULL,
  width       INTEGER NOT NULL,
  height      INTEGER NOT NULL,
  bytes       BLOB NOT NULL,
  source      TEXT NOT NULL CHECK (source IN ('upload', 'bundled')),
  licence     TEXT,
  created_at  TEXT NOT NULL
) STRICT;

-- Saved previews: the composite, what it was made from and the hand adjustment used.
CREATE TABLE tryon_gallery (
  id            INTEGER PRIMARY KEY,
  product_id    INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  photo_id      INTEGER REFERENCES tryon_photos(id) ON DELETE SET NULL,
  photo_name    TEXT NOT NULL,
  person_index  INTEGER NOT NULL CHECK (person_index >= 0),
  adjust        TEXT NOT NULL DEFAULT '{}',
  fit           TEXT NOT NULL DEFAULT '{}',
  png           BLOB NOT NULL,
  width         INTEGER NOT NULL,
  height        INTEGER NOT NULL,
  created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX tryon_gallery_product ON tryon_gallery(product_id);
