import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../engine/db/store';
import { DEFAULT_BACKBONE, activeBackbone } from '../../engine/vision/embeddings';
import { loadProductImageVectors } from '../../engine/vision/product-vectors';

let store: Store | null = null;
let dir = '';
afterEach(() => {
  store?.close();
  store = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function seeded(): Store {
  dir = mkdtempSync(join(tmpdir(), 'desk-active-bb-'));
  const s = openStore(join(dir, 'shop.db'), { create: true });
  s.db.prepare("INSERT INTO products (id, sku, title_en, created_at, updated_at) VALUES (1, 'TEE', 'Tee', 'x', 'x'), (2, 'MUG', 'Mug', 'x', 'x')").run();
  const img = s.db.prepare("INSERT INTO images (id, product_id, sha256, mime, bytes, created_at) VALUES (?, ?, ?, 'image/png', x'00', 'x')");
  img.run(1, 1, 'a');
  img.run(2, 2, 'b');
  return s;
}

function embed(s: Store, backbone: string, ids: number[]): void {
  const ins = s.db.prepare("INSERT INTO image_embeddings (image_id, backbone, dim, vector, created_at) VALUES (?, ?, 2, ?, 'x')");
  for (const id of ids) ins.run(id, backbone, Buffer.from(new Float32Array([id, 1]).buffer));
}

describe('the backbone a store is searched with', () => {
  it('is the one an older version indexed with until the default has embedded as many images, so search and product vectors keep working after an upgrade', () => {
    store = seeded();
    expect(activeBackbone(store.db)).toBe(DEFAULT_BACKBONE);
    // Fine-tuned vectors are not a plain backbone.
    embed(store, 'colour+ft1', [1, 2]);
    expect(activeBackbone(store.db)).toBe(DEFAULT_BACKBONE);
    embed(store, 'mobilenet_v2+colour', [1, 2]);
    expect(activeBackbone(store.db)).toBe('mobilenet_v2+colour');
    expect([...loadProductImageVectors(store.db).keys()].sort()).toEqual([1, 2]);
    // A re-index stopped half-way does not switch yet; a finished one does.
    embed(store, DEFAULT_BACKBONE, [1]);
    expect(activeBackbone(store.db)).toBe('mobilenet_v2+colour');
    embed(store, DEFAULT_BACKBONE, [2]);
    expect(activeBackbone(store.db)).toBe(DEFAULT_BACKBONE);
  });
});
