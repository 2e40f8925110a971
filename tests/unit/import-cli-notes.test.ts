// desk import's summary on a real store file through the real CLI: a file with a header and no rows says that nothing
// was imported because it is empty below its header (en, 中文).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDesk, tempDirsPerTest } from './helpers';

const newDir = tempDirsPerTest();

/** A fresh store file in a folder of its own, made by `desk init`. */
function store(): { dir: string; db: string } {
  const dir = newDir();
  const db = join(dir, 'shop.db');
  expect(runDesk(dir, ['init', '--store', db]).status).toBe(0);
  return { dir, db };
}

describe('desk import of a header-only file', () => {
  it('says plainly that nothing was imported because the file has no rows below its header, in en and 中文; exit 0', () => {
    const { dir, db } = store();
    const file = join(dir, 'empty.csv');
    writeFileSync(file, 'sku,title_en,price\n');
    const en = runDesk(dir, ['import', 'products', file, '--store', db]);
    expect(en.status).toBe(0);
    expect(en.stdout).toContain('nothing was imported: empty.csv has its header row but no rows below it');
    const zh = runDesk(dir, ['import', 'products', file, '--store', db, '--lang', 'zh']);
    expect(zh.status).toBe(0);
    expect(zh.stdout).toContain('没有导入任何数据：empty.csv 只有表头行，表头下面没有任何数据行');
    // A file with rows says nothing of the kind.
    const full = join(dir, 'one.csv');
    writeFileSync(full, 'sku,title_en,price\nA-1,Cup,3\n');
    const one = runDesk(dir, ['import', 'products', full, '--store', db]);
    expect(one.stdout).toContain('1 inserted');
    expect(one.stdout).not.toContain('nothing was imported');
  });

  it('the CLI still advises --map for a column it cannot find (the wizard has its own advice)', () => {
    const { dir, db } = store();
    const file = join(dir, 'artikel.csv');
    writeFileSync(file, 'Artikel,title_en,price\nA-1,Cup,3\n');
    const r = runDesk(dir, ['import', 'products', file, '--store', db]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Map them with --map COLUMN=FIELD');
    expect(r.stderr).not.toContain('menu under the column');
  });
});
