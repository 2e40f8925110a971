// desk import's summary on a real store file through the real CLI: a file with a header and no rows says that nothing
// was imported because it is empty below its header (en, 中文); a dry run writes no rejects file unless --rejects
// names one, and says which.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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

describe('desk import --dry-run --skip-invalid', () => {
  it('writes nothing, not even the default rejects file, and says how to get one; --rejects FILE is written and said (en, 中文)', () => {
    const { dir, db } = store();
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'sku,title_en,price\nA-1,Cup,3\nA-2,Pot,abc\n');
    const en = runDesk(dir, ['import', 'products', file, '--store', db, '--dry-run', '--skip-invalid']);
    expect(en.status).toBe(0);
    expect(existsSync(join(dir, 'bad.rejects.csv'))).toBe(false);
    expect(en.stdout).toContain('a dry run writes no rejects file; add --rejects FILE to have the rejected rows written');
    expect(en.stdout).toContain("row 3, price: not a number ('abc')");
    expect(en.stdout).not.toContain('rejected rows written to');
    const zh = runDesk(dir, ['import', 'products', file, '--store', db, '--dry-run', '--skip-invalid', '--lang', 'zh']);
    expect(zh.stdout).toContain('试运行不写问题行文件；如需写出被拒收的行，请加 --rejects 文件');
    expect(existsSync(join(dir, 'bad.rejects.csv'))).toBe(false);
    // Named outright, the rejects file is written, and the summary says the store was not.
    const asked = join(dir, 'asked.csv');
    const named = runDesk(dir, ['import', 'products', file, '--store', db, '--dry-run', '--skip-invalid', '--rejects', asked]);
    expect(named.stdout).toContain(`rejected rows written to ${asked}, as --rejects asked (the dry run wrote nothing to the store)`);
    expect(readFileSync(asked, 'utf8')).toContain('abc');
    const zhNamed = runDesk(dir, ['import', 'products', file, '--store', db, '--dry-run', '--skip-invalid', '--rejects', asked, '--lang', 'zh']);
    expect(zhNamed.stdout).toContain('（试运行没有向店铺写入任何数据）');
    // Nothing reached the store in any of these runs; a real run writes the good row and the default rejects file.
    const real = runDesk(dir, ['import', 'products', file, '--store', db, '--skip-invalid', '--json']);
    expect((JSON.parse(real.stdout) as { result: { inserted: number } }).result.inserted).toBe(1);
    expect(existsSync(join(dir, 'bad.rejects.csv'))).toBe(true);
  });
});
