import { execFile } from 'node:child_process';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../engine/db/store';
import { EngineError } from '../../engine/errors';
import { exportRecs } from '../../engine/recs/export';

const run = promisify(execFile);
const desk = join(import.meta.dirname, '..', '..', 'bin', 'desk.js');
const CUSTOMERS = 3000;
const CANDIDATES = 20;

let dir: string;
let store: string;

// A real store file holding a trained run's lists without training anything: 3,000 customers with 20 candidates each
// (the demo has 4,911 with ~79), written straight into rec_items as a training saves them.
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'recs-export-'));
  store = join(dir, 'shop.db');
  await run(process.execPath, [desk, 'init', '--store', store]);
  const db = new Database(store);
  db.transaction(() => {
    const p = db.prepare("INSERT INTO products (sku, title_en, title_zh, created_at, updated_at) VALUES (?, ?, ?, '2026-11-01', '2026-11-01')");
    for (let i = 1; i <= CANDIDATES; i++) p.run(`SK-${i}`, `Mug ${i}`, `杯子 ${i}`);
    const c = db.prepare('INSERT INTO customers (external_id, email) VALUES (?, ?)');
    for (let i = 1; i <= CUSTOMERS; i++) c.run(`C${String(i).padStart(5, '0')}`, `c${i}@example.com`);
    db.prepare("INSERT INTO model_runs (id, kind, params, metrics, created_at) VALUES ('run-1', 'recsys', '{}', '{}', '2026-12-01T00:00:00Z')").run();
    const r = db.prepare("INSERT INTO rec_items (run_id, list, subject_id, rank, product_id, score, popularity, reason) VALUES ('run-1', 'customer', ?, ?, ?, ?, ?, 'popular')");
    for (let s = 1; s <= CUSTOMERS; s++) for (let k = 1; k <= CANDIDATES; k++) r.run(s, k, ((s + k) % CANDIDATES) + 1, 1 - k / 100, k);
  })();
  db.close();
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('desk recs export on thousands of customers', () => {
  it('prints a progress line while it reads the lists and writes the rows, and its counts in the reader\'s number format', async () => {
    const out = join(dir, 'recs.csv');
    const en = await run(process.execPath, [desk, 'recs', 'export', '--store', store, '--out', out], { env: { ...process.env, DESK_LANG: 'en' } });
    expect(en.stdout).toBe(`Wrote 30,000 recommendations for 3,000 customers to ${out}.\n`);
    expect(en.stderr).toMatch(/^export \d+% reading the lists · 1,000 of 3,000 customers/m);
    expect(en.stderr).toMatch(/^export 100% writing the file · 30,000 of 30,000 rows.* \(done\)$/m);
    const lines = readFileSync(out, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines).toHaveLength(1 + 30_000);
    // The CLI keeps the field names as its header row (tools map these columns), in either language.
    expect(lines[0]).toBe('customer_id,email,rank,sku,title,reason');
    expect(lines[1]).toMatch(/^C00001,c1@example\.com,1,SK-3,Mug 3,/);
    // A workbook is written row by row, and says so as it goes.
    const book = join(dir, 'recs.xlsx');
    const zh = await run(process.execPath, [desk, 'recs', 'export', '--store', store, '--out', book, '--list', 'recommended'], { env: { ...process.env, DESK_LANG: 'zh' } });
    expect(zh.stdout).toBe(`已为 3,000 位顾客写出 30,000 条推荐到 ${book}。\n`);
    expect(zh.stderr).toMatch(/^导出 [1-9]\d% 写入文件 · \d{1,2},000\/30,000 行/m);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(book);
    expect(wb.worksheets[0].rowCount).toBe(1 + 30_000);
    expect((wb.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual(['customer_id', 'email', 'rank', 'sku', 'title', 'reason']);
    expect((wb.worksheets[0].getRow(2).values as unknown[]).slice(1)).toEqual(['C00001', 'c1@example.com', 1, 'SK-3', '杯子 3', expect.any(String)]);
    // --json stays one document, with no progress lines on stderr.
    const j = await run(process.execPath, [desk, 'recs', 'export', '--store', store, '--out', out, '--json'], { env: { ...process.env, DESK_LANG: 'en' } });
    expect(JSON.parse(j.stdout)).toMatchObject({ rows: 30_000, customers: 3_000 });
    expect(j.stderr).toBe('');
  }, 120_000);

  it('reads every customer\'s list with one statement, not a query per customer (4,911 queries took ~4 s on the demo)', async () => {
    const s = openStore(store);
    try {
      let statements = 0;
      const prepare = s.db.prepare.bind(s.db);
      s.db.prepare = ((sql: string) => {
        statements++;
        return prepare(sql);
      }) as typeof s.db.prepare;
      for (const list of ['recommended', 'revisit'] as const) {
        statements = 0;
        await exportRecs(s.db, 'en', join(dir, `count-${list}.json`), 10, 0, list).catch(() => undefined);
        expect(statements, list).toBeLessThan(20);
      }
    } finally {
      s.close();
    }
  }, 60_000);

  it('a cancelled export leaves nothing at its destination, not even part of a file; one cancelled after the file is in place is an export', async () => {
    const s = openStore(store);
    try {
      // Cancel is asked once a phase line matching `at` is seen; the job's check then throws as ctx.checkCancelled does.
      const attempt = async (name: string, at: RegExp): Promise<{ error: unknown; files: string[]; path: string }> => {
        const folder = join(dir, `cancel-${name.replace(/\W/g, '-')}`);
        mkdirSync(folder);
        const path = join(folder, name);
        let asked = false;
        const error = await exportRecs(s.db, 'en', path, 10, 0, 'recommended', {
          progress: (_d, _t, phase) => {
            if (at.test(phase.en)) asked = true;
          },
          checkCancelled: () => {
            if (asked) throw new EngineError('cancelled', 'Cancelled');
          },
        }).then(() => null, (e: unknown) => e);
        return { error, files: readdirSync(folder), path };
      };
      // While the lists are read, once they are all read (before the file), and between a workbook's thousands of rows.
      for (const [name, at] of [['reading.csv', /^reading the lists · 1,000 of/], ['read.csv', /^reading the lists · 3,000 of 3,000/], ['read.json', /^reading the lists · 3,000 of 3,000/], ['writing.xlsx', /^writing the file · 1,000 of/]] as const) {
        const r = await attempt(name, at);
        expect((r.error as { code?: string } | null)?.code, name).toBe('cancelled');
        expect(r.files, name).toEqual([]);
      }
      // Asked only after the last row is in place: the file is whole and the export succeeded (never a 'cancelled' job
      // whose file is there anyway).
      const late = await attempt('late.csv', /^writing the file · 30,000 of 30,000/);
      expect(late.error).toBeNull();
      expect(existsSync(late.path)).toBe(true);
      expect(readFileSync(late.path, 'utf8').trim().split(/\r?\n/)).toHaveLength(1 + 30_000);
    } finally {
      s.close();
    }
  }, 120_000);

  it('headers human heads a CSV or workbook in the reader\'s words; the default keeps the field names, and JSON keys never change', async () => {
    const s = openStore(store);
    try {
      const head = async (name: string, lang: 'en' | 'zh', headers?: 'machine' | 'human'): Promise<unknown> => {
        const path = join(dir, name);
        await exportRecs(s.db, lang, path, 2, 0, 'recommended', headers ? { headers } : {});
        if (name.endsWith('.csv')) return readFileSync(path, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0];
        if (name.endsWith('.json')) return Object.keys((JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>[])[0]);
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(path);
        return (wb.worksheets[0].getRow(1).values as unknown[]).slice(1);
      };
      expect(await head('h-en.csv', 'en', 'human')).toBe('Customer ID,Email,Rank,SKU,Product,Reason');
      expect(await head('h-zh.csv', 'zh', 'human')).toBe('顾客编号,邮箱,排名,SKU,商品,理由');
      expect(await head('h-zh.xlsx', 'zh', 'human')).toEqual(['顾客编号', '邮箱', '排名', 'SKU', '商品', '理由']);
      for (const [name, headers] of [['m-default.csv', undefined], ['m.csv', 'machine']] as const) expect(await head(name, 'zh', headers)).toBe('customer_id,email,rank,sku,title,reason');
      expect(await head('h.json', 'zh', 'human')).toEqual(['customer_id', 'email', 'rank', 'sku', 'title', 'reason']);
    } finally {
      s.close();
    }
  }, 60_000);
});
