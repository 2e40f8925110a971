// The page zips a dropped folder of photos before uploading it: the archive must open in the engine's zip reader
// (yauzl, the one the photo import uses) with every name and byte intact, Chinese names included.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yauzl from 'yauzl';
import { describe, expect, it } from 'vitest';
import { crc32, storedZip } from '../../renderer/src/lib/storedZip';

function readZip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out = new Map<string, Buffer>();
      zip.on('entry', (e: yauzl.Entry) => {
        zip.openReadStream(e, (e2, s) => {
          if (e2 || !s) return reject(e2);
          const chunks: Buffer[] = [];
          s.on('data', (c: Buffer) => chunks.push(c));
          s.on('end', () => {
            out.set(e.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('stored zip built in the page', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('opens in the import zip reader with every file, name and byte intact', async () => {
    const photo = new Uint8Array(70_000).map((_, i) => (i * 7919) % 256);
    const files = [
      { name: 'SKU-001.jpg', blob: new Blob([photo]) },
      { name: 'shoes/SKU-002_2.png', blob: new Blob([photo.slice(0, 1234)]) },
      { name: '连衣裙/SKU-003.webp', blob: new Blob([new Uint8Array(0)]) },
      { name: 'map.csv', blob: new Blob(['sku,file\nSKU-004,a.jpg\n']) },
    ];
    const seen: number[] = [];
    const zip = await storedZip(files, (d) => seen.push(d));
    expect(seen).toEqual([1, 2, 3, 4]);
    const dir = mkdtempSync(join(tmpdir(), 'desk-zip-'));
    const file = join(dir, 'photos.zip');
    writeFileSync(file, Buffer.from(await zip.arrayBuffer()));
    const back = await readZip(file).finally(() => rmSync(dir, { recursive: true, force: true }));
    expect([...back.keys()]).toEqual(files.map((f) => f.name));
    for (const f of files) expect(Buffer.compare(back.get(f.name)!, Buffer.from(await f.blob.arrayBuffer()))).toBe(0);
  });
});
