// The `desk` command line as a person meets it: messages in the language asked for, one prefix per line, our own
// wording for flag mistakes, quiet ends on closed pipes, and no stack traces without --debug. Real processes.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers';

const ROOT = join(import.meta.dirname, '..', '..');
const t = tempDir('desk-cli-');
const env = { ...process.env, DESK_DATA_DIR: t.dir, DESK_LANG: 'en' };

function desk(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/desk.js', ...args], { cwd: ROOT, encoding: 'utf8', env, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs desk with its stdout closed by the reader before desk writes (as `| head -0` would); resolves code and stderr. */
function deskIntoClosedPipe(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['bin/desk.js', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => done({ code, stderr }));
  });
}

const store = join(t.dir, 'shop.db');
const products = join(import.meta.dirname, 'fixtures', 'import', 'shopify_products.csv');

beforeAll(() => {
  expect(desk(['init', '--store', store]).status).toBe(0);
});
afterAll(() => t.cleanup());

describe('desk: errors name the mistake once, in the language asked for', () => {
  it('a missing --store says so once with one "desk" prefix, in English and in Chinese', () => {
    const en = desk(['info']);
    expect([en.status, en.stderr]).toEqual([1, 'desk info: --store is required\n']);
    const zh = desk(['info', '--lang', 'zh']);
    expect([zh.status, zh.stderr]).toEqual([1, 'desk info：必须提供 --store\n']);
  });

  it('info gives the store size in the same MB as the Settings screen (1 MB = 1,048,576 bytes)', () => {
    // About 6 MB, where the two ways of counting differ (6.3 vs 6.0).
    const big = join(t.dir, 'big.db');
    copyFileSync(store, big);
    const db = new Database(big);
    db.prepare("INSERT INTO settings (key, value) VALUES ('padding', ?)").run(JSON.stringify('x'.repeat(6_000_000)));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const r = desk(['info', '--store', big]);
    expect(r.status).toBe(0);
    const mb = Number(/([\d.]+) MB/.exec(r.stdout)?.[1]);
    expect(mb).toBe(Number((statSync(big).size / 1048576).toFixed(1)));
    expect(mb).not.toBe(Number((statSync(big).size / 1e6).toFixed(1)));
  });

  it('an unknown command lists the commands, in Chinese with --lang zh', () => {
    const r = desk(['bogus', '--lang', 'zh']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^desk：没有“bogus”这个命令。可用命令：info, init, /);
  });

  it('an unknown flag or a flag without its value is answered in our words with the usage, not parseArgs wording', () => {
    const unknown = desk(['info', '--store', store, '--bogus']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe("desk info: unknown option '--bogus'. Usage: desk info --store FILE [--check-backend] [--json]\n");
    expect(unknown.stderr).not.toMatch(/ERR_PARSE_ARGS|To specify a positional argument/);
    const noValue = desk(['info', '--store', '--json']);
    expect(noValue.stderr.split('\n')[0]).toBe('desk info: --store needs a value, as in --store VALUE. Usage: desk info --store FILE [--check-backend] [--json]');
    const zh = desk(['info', '--bogus', '--lang=zh']);
    expect(zh.stderr).toMatch(/^desk info：不认识的选项“--bogus”。用法：/);
  });

  it('a flag value an operation refuses is named as the flag and the value given, negative numbers included, not as an internal field', () => {
    const neg = desk(['recs', 'for', '--store', store, '--customer', '1', '--k', '-1']);
    expect(neg.status).toBe(1);
    // The command checks --k itself (its range in words, the value as given); the op's own refusal is the fallback.
    expect(neg.stderr).toMatch(/^desk recs for: --k must be a whole number from 1 to 50, not '-1'\n$/);
    const date = desk(['export', 'csv', '--store', store, '--out', join(t.dir, 'p.csv'), '--since', '2026-13-45', '--lang', 'zh']);
    expect(date.status).toBe(1);
    expect(date.stderr).toMatch(/^desk export csv：--since “2026-13-45”：/);
    expect(date.stderr).not.toMatch(/export\.run|recs\.forCustomer/);
    const port = desk(['serve', '--store', store, '--port', '70000']);
    expect([port.status, port.stderr]).toEqual([1, "desk serve: --port must be a whole number from 0 (any free port) to 65535, not '70000'\n"]);
  });

  it('desk price recommend --sku for a SKU the store does not have fails naming it (exit 1), not with an empty table, in English and Chinese', () => {
    const en = desk(['price', 'recommend', '--store', store, '--sku', 'NOPE']);
    expect(en.status).toBe(1);
    expect(en.stdout).toBe('');
    expect(en.stderr.trim()).toBe("desk: No product with SKU 'NOPE'");
    const zh = desk(['price', 'recommend', '--store', store, '--sku', 'NOPE', '--lang', 'zh']);
    expect(zh.status).toBe(1);
    expect(zh.stdout).toBe('');
    expect(zh.stderr.trim()).toBe('desk: 没有 SKU 为“NOPE”的商品');
  });

  it('`--lang zh --help` prints the usage in Chinese, including `desk init`', () => {
    const r = desk(['--lang', 'zh', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('命令：');
    expect(r.stdout).toContain('desk init --store FILE');
    expect(r.stdout).toContain('为自己的店铺新建一个空的店铺文件');
  });
});

describe('desk info and import speak the language asked for', () => {
  it('desk info --lang zh labels every line in Chinese', () => {
    const r = desk(['info', '--store', store, '--lang', 'zh']);
    expect(r.status).toBe(0);
    const labels = r.stdout.split('\n').slice(0, 6).map((l) => l.split(/\s+/)[0]);
    expect(labels).toEqual(['店铺文件', '数据结构', '大小', '销售日期', '计算后端', '数据表']);
  });

  it('import progress lines and the summary follow --lang zh', () => {
    const r = desk(['import', 'products', products, '--store', store, '--lang', 'zh']);
    expect(r.status).toBe(0);
    // stderr is not a terminal here: one progress line per 10%, the last one with the outcome.
    expect(r.stderr.trim().split('\n').pop()).toMatch(/^导入 商品 100% .*（完成）$/);
    expect(r.stdout).toMatch(/^已从 .*shopify_products\.csv 导入 商品/);
    expect(r.stdout).toMatch(/共 \d+ 行：新增 \d+/);
  });
});

describe('desk ends quietly when its reader goes away, and shows internals only with --debug', () => {
  it('a closed stdout pipe ends desk info with exit 0 and nothing on stderr, also with TensorFlow.js loaded', async () => {
    expect(await deskIntoClosedPipe(['info', '--store', store])).toEqual({ code: 0, stderr: '' });
    // --check-backend starts the wasm backend, whose own exception handler used to print its minified source (exit 7).
    expect(await deskIntoClosedPipe(['info', '--store', store, '--check-backend'])).toEqual({ code: 0, stderr: '' });
  });

  it('the operating system refusing a path is a user error naming it, in one line (exit 1)', () => {
    // The output folder is a file: the user can act on that, so it is not an internal error.
    const out = join(store, 'prices.csv');
    const plain = desk(['export', 'csv', '--store', store, '--out', out]);
    expect(plain.status).toBe(1);
    expect(plain.stderr).toBe(`desk: Cannot write ${store}: a file is already there\n`);
  });

  it('an internal error is one line and a hint; --debug adds the stack', () => {
    // A store whose export table refuses every row (a trigger no version of the app creates): an internal error.
    const broken = join(t.dir, 'broken.db');
    copyFileSync(store, broken);
    const db = new Database(broken);
    db.exec("CREATE TRIGGER boom BEFORE INSERT ON export_runs BEGIN SELECT RAISE(ABORT, 'boom'); END;");
    db.close();
    const out = join(t.dir, 'prices.csv');
    const plain = desk(['export', 'csv', '--store', broken, '--out', out]);
    expect(plain.status).toBe(2);
    const lines = plain.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^desk: internal error: boom/);
    expect(lines[1]).toBe('(run again with --debug for details)');
    const debug = desk(['export', 'csv', '--store', broken, '--out', out, '--debug']);
    expect(debug.status).toBe(2);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});

describe('desk init starts an empty store for a merchant’s own files', () => {
  it('creates a migrated, empty store that desk info reads, and refuses to overwrite an existing file', () => {
    const fresh = join(t.dir, 'mine', 'own.db');
    const made = desk(['init', '--store', fresh, '--json']);
    expect(made.status).toBe(0);
    const doc = JSON.parse(made.stdout) as { path: string; schemaVersion: number };
    expect(doc.path).toBe(fresh);
    expect(doc.schemaVersion).toBeGreaterThan(0);
    const info = JSON.parse(desk(['info', '--store', fresh, '--json']).stdout) as { counts: Record<string, number> };
    expect(info.counts.products).toBe(0);
    const before = readFileSync(store);
    const again = desk(['init', '--store', store, '--lang', 'zh']);
    expect(again.status).toBe(1);
    expect(again.stderr).toBe(`desk init：${store} 已存在；请换一个文件名（init 从不覆盖已有的店铺文件）\n`);
    expect(readFileSync(store).equals(before)).toBe(true);
  });

  it('leaves nothing but the store beside it, and a failed init leaves nothing at all, so trying again works', () => {
    const folder = join(t.dir, 'clean');
    const fresh = join(folder, 'shop.db');
    expect(desk(['init', '--store', fresh]).status).toBe(0);
    expect(readdirSync(folder)).toEqual(['shop.db']);
    expect(desk(['init', '--store', fresh]).status).toBe(1);
    expect(readdirSync(folder)).toEqual(['shop.db']);
    // The recent list cannot be written (a folder sits where it goes): init fails after making the store.
    const dataDir = join(t.dir, 'blocked-data');
    mkdirSync(join(dataDir, 'recent.json'), { recursive: true });
    const other = join(t.dir, 'other');
    mkdirSync(other);
    const failed = spawnSync(process.execPath, ['bin/desk.js', 'init', '--store', join(other, 'shop.db')], { cwd: ROOT, encoding: 'utf8', env: { ...env, DESK_DATA_DIR: dataDir }, timeout: 60_000 });
    expect(failed.status).toBe(1);
    expect(readdirSync(other)).toEqual([]);
    expect(desk(['init', '--store', join(other, 'shop.db')]).status).toBe(0);
    expect(readdirSync(other)).toEqual(['shop.db']);
  });
});
