import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { Engine } from '../../engine/engine';
import { loadMigrations, openStore, type Migration } from '../../engine/db/store';
import { type EngineError, toErrorPayload } from '../../engine/errors';
import { writeFileAtomic } from '../../engine/fs/atomic';
import type { Catalog } from '../../engine/i18n';
import { tempDirsPerTest } from './helpers';

const ROOT = join(import.meta.dirname, '..', '..');
const HAN = /[\u4e00-\u9fff]/;

const tmp = tempDirsPerTest();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Texts that are the same word in both languages (a column header). */
// 'SKU' is the word Chinese merchants use too; a slot is written as its name then its value in both languages.
const SAME_IN_BOTH = new Set(['planningCatalog.col.sku', 'recsCatalog.export_col_sku', 'chatsCliMessages.slot_value']);

/** The interrupted-job notice written on open: reworded in both languages by the store-safety work (reconcile on open). */
const PAYLOAD_LITERAL_PENDING = 'engine/jobs/manager.ts';

/** The CLI parser (main.ts, io.ts) words its messages through cliMessages; the sub-commands use cliFlagMessages. */
const CLI_FLAG_FILES = /^engine\/cli\/(main|io)\.ts$/;

describe('errors in the user language', () => {
  it('no engine error site builds its message from a plain (English-only) string', () => {
    const offenders: string[] = [];
    for (const file of sources(join(ROOT, 'engine'))) {
      const rel = relative(ROOT, file).split('\\').join('/');
      if (CLI_FLAG_FILES.test(rel)) continue;
      const text = readFileSync(file, 'utf8');
      // new EngineError(code, 'literal' | `template` | "literal", ...): a message that exists in one language only.
      for (const m of text.matchAll(/new EngineError\(\s*[^,]+,\s*[`'"]/g)) {
        offenders.push(`${rel}:${text.slice(0, m.index).split('\n').length}`);
      }
      // The same for error payloads built by hand ({ code: 'x', message: 'literal' }), e.g. in the HTTP transport.
      if (rel === PAYLOAD_LITERAL_PENDING) continue;
      for (const m of text.matchAll(/code: '[a-z_]+', message: [`'"]/g)) {
        offenders.push(`${rel}:${text.slice(0, m.index).split('\n').length}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('every message catalogue has the same keys and placeholders in English and Chinese, and the Chinese is Chinese', async () => {
    const files = sources(join(ROOT, 'engine')).filter((f) => /export const \w+: Catalog = \{/.test(readFileSync(f, 'utf8')));
    expect(files.length).toBeGreaterThan(10);
    const problems: string[] = [];
    for (const file of files) {
      const mod = (await import(file)) as Record<string, unknown>;
      const catalogs = Object.entries(mod).filter((e): e is [string, Catalog] => typeof e[1] === 'object' && e[1] !== null && 'en' in e[1] && 'zh' in e[1]);
      expect(catalogs.length, file).toBeGreaterThan(0);
      for (const [name, c] of catalogs) {
        const keys = new Set([...Object.keys(c.en), ...Object.keys(c.zh)]);
        for (const k of keys) {
          const en = c.en[k];
          const zh = c.zh[k];
          if (en === undefined || zh === undefined) problems.push(`${name}.${k}: missing in ${en === undefined ? 'en' : 'zh'}`);
          else {
            const ph = (s: string): string => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
            if (ph(en) !== ph(zh)) problems.push(`${name}.${k}: placeholders differ (${ph(en)} / ${ph(zh)})`);
            if (en === zh && !SAME_IN_BOTH.has(`${name}.${k}`)) problems.push(`${name}.${k}: same text in both languages`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('engine messages put English counts in the right form (1 row, 2 rows), never "row(s)"; Chinese keeps one form', async () => {
    const { tr } = await import('../../engine/i18n');
    const { importMessages } = await import('../../engine/import/messages');
    const { agentCatalog } = await import('../../engine/pricing/agent-messages');
    const p = { file: 'a.csv', row: 3, column: 'price', reason: 'not a number', value: 'x' };
    expect(tr(importMessages, 'en', 'validation_failed', { ...p, count: 1 })).toMatch(/; 1 invalid row, nothing was imported$/);
    expect(tr(importMessages, 'en', 'validation_failed', { ...p, count: 2 })).toMatch(/; 2 invalid rows, nothing was imported$/);
    expect(tr(importMessages, 'zh', 'validation_failed', { ...p, count: 1 })).not.toMatch(/[|{}]/);
    expect(tr(agentCatalog, 'en', 'applied', { n: 1, held: 0 })).toBe('Applied 1 price; 0 held back by the guardrails.');
    expect(tr(agentCatalog, 'en', 'applied', { n: 3, held: 1 })).toBe('Applied 3 prices; 1 held back by the guardrails.');
    // No English template of any catalogue falls back to "(s)".
    const files = sources(join(ROOT, 'engine')).filter((f) => /export const \w+: Catalog = \{/.test(readFileSync(f, 'utf8')));
    const left: string[] = [];
    for (const file of files) {
      for (const c of Object.values((await import(file)) as Record<string, unknown>)) {
        if (typeof c !== 'object' || c === null || !('en' in c)) continue;
        for (const [k, text] of Object.entries((c as Catalog).en)) if (/[a-z]\(s\)/.test(text)) left.push(`${relative(ROOT, file)}: ${k}`);
      }
    }
    expect(left).toEqual([]);
  });

  it('store refusals (newer store, unknown or edited migration, not a database, no store) are worded in both languages', () => {
    const all = loadMigrations();
    const refusal = (path: string, migrations?: Migration[]): EngineError => {
      try {
        openStore(path, { create: false, migrations });
      } catch (e) {
        return e as EngineError;
      }
      throw new Error('opened');
    };
    const dir = tmp();
    const newer = join(dir, 'newer.db');
    const extra: Migration = { version: 999, name: '999_future', sql: 'CREATE TABLE future (x INTEGER) STRICT;', sha256: 'f'.repeat(64) };
    openStore(newer, { migrations: [...all, extra] }).close();
    const e1 = refusal(newer);
    expect(e1.code).toBe('newer_store');
    expect(toErrorPayload(e1, 'en').message).toMatch(/newer version of Merchant Desk \(schema v999\)/);
    expect(toErrorPayload(e1, 'zh').message).toMatch(/由更新版本的 Merchant Desk 写入（结构版本 v999）/);

    const edited = join(dir, 'edited.db');
    openStore(edited).close();
    const db = new Database(edited);
    db.prepare("UPDATE schema_migrations SET sha256 = 'x' WHERE version = 1").run();
    db.close();
    const e2 = refusal(edited);
    expect(e2.code).toBe('bad_store');
    expect(toErrorPayload(e2, 'zh').message).toMatch(/哈希不符.*拒绝打开/);
    expect(toErrorPayload(e2, 'en').message).toMatch(/hash mismatch/);

    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'x'.repeat(4096));
    const e3 = refusal(junk);
    expect(toErrorPayload(e3, 'zh').message).toBe(`${junk} 不是 Merchant Desk 店铺文件（不是 SQLite 数据库）`);
    expect(toErrorPayload(e3, 'en').message).toBe(`${junk} is not a Merchant Desk store (not an SQLite database)`);
  });

  it('an API call answers in the language the caller asks for: no store, missing record, invalid input', async () => {
    const dir = tmp();
    const engine = new Engine({ dataDir: dir, lang: 'en' });
    const noStore = await engine.call('products.list', {}, 'zh');
    expect(!noStore.ok && noStore.error).toMatchObject({ code: 'no_store', message: '尚未打开店铺文件。请先打开或新建一个。' });
    expect(await engine.call('products.list', {})).toMatchObject({ ok: false, error: { message: 'No store is open. Open or create one first.' } });
    await engine.open(join(dir, 'shop.db'), { create: true });
    const missing = await engine.call('pricing.guardrails.get', { sku: 'NOPE' }, 'zh');
    expect(!missing.ok && missing.error.message).toBe('没有 SKU 为“NOPE”的商品');
    const bad = await engine.call('jobs.list', { limit: 'lots' }, 'zh');
    expect(!bad.ok && bad.error.code).toBe('bad_request');
    expect(!bad.ok && bad.error.message).toMatch(/^jobs\.list 的输入无效：limit：/);
    expect(!bad.ok && HAN.test(bad.error.message.split('limit：')[1])).toBe(true);
    const badEn = await engine.call('jobs.list', { limit: 'lots' }, 'en');
    expect(!badEn.ok && badEn.error.message).toMatch(/^Invalid input for jobs\.list: limit: Invalid input: expected number/);
    // A custom check of a schema (export's since date) is worded from the catalogue in both languages.
    const date = await engine.call('export.run', { format: 'shopify', since: '2026-02-31' }, 'zh');
    expect(!date.ok && date.error.message).toMatch(/since：不是有效的日历日期/);
    const unknown = await engine.call('nope.op', {}, 'zh');
    expect(!unknown.ok && unknown.error.message).toBe('未知操作“nope.op”');
    await engine.close();
  });

  it('`desk info --lang zh` on a missing store prints the refusal in Chinese (exit 1)', async () => {
    const missing = join(tmp(), 'nope.db');
    const run = (lang: string): Promise<{ code: number; stderr: string }> =>
      promisify(execFile)(process.execPath, [join(ROOT, 'bin', 'desk.js'), 'info', '--store', missing, '--lang', lang], { env: { ...process.env, DESK_LANG: '' } }).then(
        () => ({ code: 0, stderr: '' }),
        (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
      );
    expect(await run('zh')).toEqual({ code: 1, stderr: `desk: 找不到店铺文件：${missing}\n` });
  }, 30_000);

  it('a wrong flag value of a sub-command is explained in the chosen language (`desk backtest --freq Q`)', async () => {
    const run = (lang: string): Promise<{ code: number; stderr: string }> =>
      promisify(execFile)(process.execPath, [join(ROOT, 'bin', 'desk.js'), 'backtest', '--csv', 'x.csv', '--horizon', '4', '--freq', 'Q', '--lang', lang], { env: { ...process.env, DESK_LANG: '' } }).then(
        () => ({ code: 0, stderr: '' }),
        (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
      );
    expect(await run('zh')).toEqual({ code: 1, stderr: "desk backtest：--freq 只能是 D、W 或 M，收到的是 'Q'\n" });
    expect(await run('en')).toEqual({ code: 1, stderr: "desk backtest: --freq must be D, W or M; got 'Q'\n" });
  }, 30_000);

  it('a failed atomic write names the file the user gave, not its temporary name: a folder as the target, a file as its folder, a folder it cannot write in', () => {
    const dir = tmp();
    const target = join(dir, 'out');
    mkdirSync(target);
    const fail = (path: string): ReturnType<typeof toErrorPayload> => {
      try {
        writeFileAtomic(path, 'x');
      } catch (e) {
        return toErrorPayload(e, 'en');
      }
      throw new Error('the write should have failed');
    };
    expect(fail(target)).toMatchObject({ code: 'user_error', message: `${target} is a folder; give a file` });
    const nowhere = join(dir, 'out', 'f.csv', 'x.csv');
    writeFileSync(join(dir, 'out', 'f.csv'), '');
    // mkdir of its folder fails first, on the file standing where the folder should be: named, no temporary name.
    expect(fail(nowhere).message).toBe(`Cannot write ${join(dir, 'out', 'f.csv')}: a file is already there`);
    // Opening the temporary file in a folder that cannot be written names the target.
    expect(fail('/proc/nope.csv').message).toMatch(/^Cannot use \/proc\/nope\.csv: /);
  });

  it('a store that cannot be written says the file or its folder is read-only, in both languages', () => {
    const path = join(tmp(), 'ro.db');
    openStore(path).close();
    const db = new Database(path, { readonly: true });
    let err: unknown = null;
    try {
      db.prepare("INSERT INTO settings (key, value) VALUES ('x', '1')").run();
    } catch (e) {
      err = e;
    } finally {
      db.close();
    }
    expect(toErrorPayload(err, 'en')).toMatchObject({ code: 'user_error', message: expect.stringMatching(/store file, or the folder it is in, is read-only/) });
    expect(toErrorPayload(err, 'zh').message).toMatch(/店铺文件或其所在文件夹是只读的/);
  });
});
