import { execFile } from 'node:child_process';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadItemsFile } from '../../engine/recs/file-input';

const run = promisify(execFile);
const desk = join(import.meta.dirname, '..', '..', 'bin', 'desk.js');
// 60 users each walking 6 steps through one of 3 groups of 6 items (user id, item id per line, in time order), plus a
// line that is not a pair and one duplicated line. Generated for this test; no licence restrictions.
const WALKS = join(import.meta.dirname, 'fixtures', 'recs', 'walks.sasrec.txt');

interface Report {
  protocol: string;
  users: number;
  items: number;
  problems: { badLines: number; duplicates: number };
  models: {
    model: string; hr: number; ndcg: number; coverage: number; tailShare: number; trainSeconds: number; skipped: string | null;
    tailControl: { form: string; gamma: number; loss: number; tailShare: number; plainTailShare: number; test: { tailShare: number; ndcg: number } };
  }[];
}

describe('desk recs evaluate (the CLI contract other tools read)', () => {
  it('a training budget outside its documented range is refused by name; --models names each model once and at least one', async () => {
    const fails = async (flags: string[]): Promise<string> => {
      const e = await run(process.execPath, [desk, 'recs', 'evaluate', '--interactions', WALKS, '--format', 'sasrec', ...flags], { env: { ...process.env, DESK_LANG: 'en' } }).then(() => null, (x: { code: number; stderr: string }) => x);
      expect(e?.code).toBe(1);
      return (e?.stderr ?? '').trim();
    };
    expect(await fails(['--max-seconds', '0'])).toBe("desk recs evaluate: --max-seconds must be a whole number from 1 to 3600, not '0'");
    expect(await fails(['--ensemble', '6'])).toMatch(/--ensemble must be a whole number from 1 to 5, not '6'$/);
    expect(await fails(['--threads', '2.5'])).toMatch(/--threads must be a whole number from 1 to 8, not '2.5'$/);
    expect(await fails(['--models', ','])).toMatch(/^desk recs evaluate: --models names no model\. Models: pop, /);
    const { stdout } = await run(process.execPath, [desk, 'recs', 'evaluate', '--interactions', WALKS, '--format', 'sasrec', '--models', 'pop,pop', '--json'], { env: { ...process.env, DESK_LANG: 'en' } });
    expect((JSON.parse(stdout) as Report).models.map((m) => m.model)).toEqual(['pop']);
  });

  it('--json prints one document with HR@10 and NDCG@10 per model; co-occurrence finds the planted walks, popularity does not', async () => {
    const { stdout } = await run(process.execPath, [desk, 'recs', 'evaluate', '--interactions', WALKS, '--format', 'sasrec', '--models', 'pop,cooc', '--protocol', 'sampled100', '--json'], { env: { ...process.env, DESK_LANG: 'en' } });
    const r = JSON.parse(stdout) as Report;
    expect(r.protocol).toBe('sampled100');
    expect([r.users, r.items]).toEqual([60, 18]);
    expect(r.problems.badLines).toBe(1);
    expect(r.problems.duplicates).toBe(1);
    expect(r.models.map((m) => m.model)).toEqual(['pop', 'cooc']);
    const [pop, cooc] = r.models;
    for (const m of r.models) {
      expect(m.skipped).toBeNull();
      for (const v of [m.hr, m.ndcg, m.coverage, m.tailShare]) expect(v).toBeGreaterThanOrEqual(0);
    }
    // Which tail control each model would use, chosen on the validation item within the 5% budget, with its test effect.
    for (const m of r.models) {
      expect(['discount', 'lift', 'personal', 'prob']).toContain(m.tailControl.form);
      expect(m.tailControl.loss).toBeLessThanOrEqual(0.05 + 1e-9);
      expect(m.tailControl.tailShare).toBeGreaterThanOrEqual(m.tailControl.plainTailShare);
      expect(m.tailControl.test.ndcg).toBeGreaterThanOrEqual(0);
    }
    expect(cooc.hr).toBeGreaterThanOrEqual(0.95);
    expect(cooc.ndcg).toBeGreaterThan(pop.ndcg + 0.2);
  }, 60_000);

  it('says on stderr what it read and how far it is, model by model, in the chosen language; stdout stays one JSON document', async () => {
    const { stdout, stderr } = await run(process.execPath, [desk, 'recs', 'evaluate', '--interactions', WALKS, '--format', 'sasrec', '--models', 'pop,als', '--json'], { env: { ...process.env, DESK_LANG: 'en' } });
    expect((JSON.parse(stdout) as Report).models).toHaveLength(2);
    // Before any model: the input counts (a large file's run starts with what was read).
    expect(stderr.split('\n')[0]).toMatch(/^Input: 362 lines, 1 unreadable/);
    // Which line, so the merchant can open the file there.
    expect(stderr.split('\n')[1]).toBe('Lines left out of walks.sasrec.txt: 11.');
    expect(stderr).toMatch(/^als \(2\/2\) \d+% Matrix factorisation \(ALS\)/m);
    const done = stderr.split('\n').filter((l) => / done in /.test(l));
    expect(done).toHaveLength(2);
    expect(done[0]).toMatch(/^pop \(1\/2\): done in (< 0\.1|\d+\.\d) s, NDCG@10 0\.\d{4} on the test item$/);
    expect(done[1]).toMatch(/^als \(2\/2\): done in/);
    const zh = await run(process.execPath, [desk, 'recs', 'evaluate', '--interactions', WALKS, '--format', 'sasrec', '--models', 'als', '--json'], { env: { ...process.env, DESK_LANG: 'zh' } });
    // Chinese punctuation throughout the progress lines (stderr is no terminal here: the scoring line is written too).
    expect(zh.stderr).toMatch(/^als（1\/1） \d+% 矩阵分解（ALS）/m);
    expect(zh.stderr).toMatch(/^als（1\/1）：已训练 (< 0\.1|\d+\.\d) 秒；正在为验证项和测试项打分$/m);
    expect(zh.stderr).toMatch(/^als（1\/1）：完成，用时 (< 0\.1|\d+\.\d) 秒，测试项 NDCG@10/m);
    const progressLines = zh.stderr.split('\n').filter((l) => l.startsWith('als'));
    expect(progressLines.length).toBeGreaterThan(2);
    for (const l of progressLines) expect(l, l).not.toMatch(/[():]/);
    // English keeps its own: 'pop (1/2): trained in …'.
    expect(stderr).toMatch(/^pop \(1\/2\): trained in (< 0\.1|\d+\.\d) s; scoring the validation and test items$/m);
  }, 60_000);

  it('prints the comparison table in the chosen language, its columns lined up under the headers in a terminal', async () => {
    // Terminal columns: a Chinese character takes two.
    const cols = (l: string): number => [...l].reduce((n, ch) => n + (/[\u2e80-\ua4cf\uff00-\uff60]/.test(ch) ? 2 : 1), 0);
    const table = async (lang: string): Promise<string[]> => (await run(process.execPath, [desk, 'recs', 'evaluate', '--interactions', WALKS, '--format', 'sasrec', '--models', 'pop,cooc'], { env: { ...process.env, DESK_LANG: lang } })).stdout.split('\n');
    const en = await table('en');
    expect(en[0]).toBe('60 users, 18 items, 360 interactions; protocol full');
    expect(en[1]).toMatch(/^model\s+HR@10\s+NDCG@10\s+cover@10\s+tail\s+train time$/);
    const zh = await table('zh');
    expect(zh[0]).toBe('60 位用户，18 个商品，360 条交互；评测协议 full');
    expect(zh[1]).toMatch(/^模型\s+HR@10\s+NDCG@10\s+覆盖率@10\s+长尾\s+训练用时$/);
    // The training time as a duration in the reader's language, as the screen writes it ('< 0.1 s', '4.2 秒'), not '0.0'.
    for (const row of en.slice(2, 4)) expect(row).toMatch(/\d%\s+(< 0\.1 s|\d+\.\d s|\d+ min \d+ s|\d+ h \d+ min)$/);
    for (const row of zh.slice(2, 4)) expect(row).toMatch(/\d%\s+(< 0\.1 秒|\d+\.\d 秒|\d+ 分 \d+ 秒|\d+ 小时 \d+ 分)$/);
    // Each row ends where its header ends, in both languages.
    for (const lines of [en, zh]) for (const row of lines.slice(2, 4)) expect(cols(row), row).toBe(cols(lines[1]));
    // Each model by its name in the reader's language with its id (what --models takes), not the id alone.
    expect(en.slice(2, 4).map((l) => l.split(/\s{2,}|\s(?=\d)/)[0])).toEqual(['Best sellers (pop)', 'Viewed together (cooc)']);
    expect(zh.slice(2, 4).map((l) => l.split(/\s+/)[0])).toEqual(['畅销榜（pop）', '常一起浏览（cooc）']);
    expect(zh.join('\n')).toMatch(/长尾调节采用/);
  }, 60_000);

  it("--ensemble K, --max-seconds N and --threads N set the Transformer's budget: the row says how many members were trained, on how many threads", async () => {
    const evalSasrec = async (extra: string[]): Promise<Report['models'][number] & { members?: number; threads?: number }> => {
      const { stdout } = await run(process.execPath, [desk, 'recs', 'evaluate', '--interactions', WALKS, '--format', 'sasrec', '--models', 'sasrec', '--epochs', '1', '--json', ...extra], { env: { ...process.env, DESK_LANG: 'en' } });
      return (JSON.parse(stdout) as Report).models[0];
    };
    const two = await evalSasrec(['--ensemble', '2', '--max-seconds', '600', '--threads', '2']);
    expect([two.members, two.threads]).toEqual([2, 2]);
    // --threads 1 trains the same two members one after the other.
    const serial = await evalSasrec(['--ensemble', '2', '--max-seconds', '600', '--threads', '1']);
    expect([serial.members, serial.threads]).toEqual([2, 1]);
    expect(serial.ndcg).toBeCloseTo(two.ndcg, 6);
    expect((await evalSasrec(['--ensemble', '1'])).members).toBe(1);
  }, 300_000);

  it('--items FILE gives the items text from a catalogue: rows counted, ids matched, unknown and repeated ids reported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-recs-items-'));
    try {
      // Groups of the walks: items 100–105, 106–111, 112–117. Item 117 has no row; 999 is not an item; 100 repeats.
      const rows = ['itemId,title,genres'];
      for (let i = 100; i < 117; i++) rows.push(`${i},"${['Red kettle', 'Blue teapot', 'Green mug'][Math.floor((i - 100) / 6)]} ${i}",${['Kitchen|Steel', 'Tea|Porcelain', 'Coffee|Ceramic'][Math.floor((i - 100) / 6)]}`);
      rows.push('999,Lost item,None', '100,Duplicate row,None');
      const items = join(dir, 'items.csv');
      writeFileSync(items, rows.join('\n'));
      const { stdout } = await run(process.execPath, [desk, 'recs', 'evaluate', '--interactions', WALKS, '--format', 'sasrec', '--items', items, '--models', 'pop,cooc', '--json'], { env: { ...process.env, DESK_LANG: 'en' } });
      const r = JSON.parse(stdout) as Report & { itemsFile: { rows: number; matched: number; withoutText: number; unknown: number; duplicates: number } };
      expect(r.itemsFile).toMatchObject({ rows: 19, matched: 17, withoutText: 1, unknown: 1, duplicates: 1 });
      // The features: items of one group share their words, so their vectors are nearly the same; other groups' are not;
      // the item without a row has none.
      const ids = Array.from({ length: 18 }, (_, k) => String(100 + k));
      const f = await loadItemsFile(items, ids, { lang: 'en' });
      const v = (i: number): Float32Array => f.content.text.subarray(i * f.content.textDim, (i + 1) * f.content.textDim);
      const cos = (a: Float32Array, b: Float32Array): number => a.reduce((x, y, k) => x + y * b[k], 0);
      expect(cos(v(0), v(1))).toBeGreaterThan(0.6);
      expect(cos(v(0), v(6))).toBeLessThan(0.3);
      expect(v(17).every((x) => x === 0)).toBe(true);
      // A missing id column is named with the file's columns; --items needs --interactions.
      const e = (await run(process.execPath, [desk, 'recs', 'evaluate', '--interactions', WALKS, '--format', 'sasrec', '--items', items, '--items-id', 'sku', '--models', 'pop'], { env: { ...process.env, DESK_LANG: 'en' } }).catch((x: unknown) => x)) as { code: number; stderr: string };
      expect(e.code).toBe(1);
      expect(e.stderr).toMatch(/items\.csv/);
      expect(e.stderr).toMatch(/sku/);
      expect(e.stderr).toMatch(/itemId, title, genres/);
      const z = (await run(process.execPath, [desk, 'recs', 'evaluate', '--store', join(dir, 'none.db'), '--items', items], { env: { ...process.env, DESK_LANG: 'zh' } }).catch((x: unknown) => x)) as { code: number; stderr: string };
      expect(z.code).toBe(1);
      expect(z.stderr).toMatch(/--items 文件需与 --interactions/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('a file where no customer has 3 interactions is a user error naming the file, before any model trains; the left-out lines are named by line number', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recs-short-'));
    try {
      const file = join(dir, 'short.csv');
      // Line 1 the header; line 4 has no item, line 6 an unreadable time; nobody keeps 3 interactions.
      writeFileSync(file, 'userId,movieId,timestamp\n1,10,100\n1,11,200\n2,,300\n2,12,400\n3,13,soon\n3,14,500\n');
      const args = [desk, 'recs', 'evaluate', '--interactions', file, '--format', 'csv', '--user', 'userId', '--item', 'movieId', '--time', 'timestamp', '--models', 'pop,cooc'];
      const e = (await run(process.execPath, args, { env: { ...process.env, DESK_LANG: 'en' } }).catch((x: unknown) => x)) as { code: number; stdout: string; stderr: string };
      expect(e.code).toBe(1);
      expect(e.stderr).toMatch(/^Lines left out of short\.csv: 4, 6\.$/m);
      expect(e.stderr).toMatch(/Nothing to evaluate in short\.csv: no customer has 3 or more interactions \(customers: 3, interactions: 4\)/);
      expect(e.stderr).not.toMatch(/^pop \(1\/2\)/m);
      expect(e.stdout).toBe('');
      const j = (await run(process.execPath, [...args, '--json'], { env: { ...process.env, DESK_LANG: 'zh' } }).catch((x: unknown) => x)) as { code: number; stdout: string; stderr: string };
      expect(j.code).toBe(1);
      const doc = JSON.parse(j.stdout) as { ok: boolean; error: { code: string; message: string; details: { file: string } } };
      expect(doc.ok).toBe(false);
      expect(doc.error.code).toBe('user_error');
      expect(doc.error.details.file).toBe(file);
      expect(doc.error.message).toMatch(/^short\.csv 中没有可评估的顾客/);
      expect(j.stderr).toMatch(/^short\.csv 中被略过的行：4, 6。$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('desk recs train on a new, empty store says why nothing was measured instead of printing a table of zeros, in both languages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recs-empty-'));
    try {
      const store = join(dir, 'shop.db');
      await run(process.execPath, [desk, 'init', '--store', store]);
      const en = await run(process.execPath, [desk, 'recs', 'train', '--store', store], { env: { ...process.env, DESK_LANG: 'en' } });
      expect(en.stdout).toMatch(/^Too little history for the sequential model \(needs 20\+ customers with 3 events and 200\+ events\)/m);
      expect(en.stdout).toMatch(/^No customer has 3 or more events yet, so no model could be measured\. Import orders or browsing events/m);
      expect(en.stdout).not.toMatch(/HR@10|0\.0000/);
      // Said at once: no progress and time left for models that have nobody to be measured on.
      expect(en.stderr).not.toMatch(/model \d of \d|ETA|\d+%/);
      const zh = await run(process.execPath, [desk, 'recs', 'train', '--store', store], { env: { ...process.env, DESK_LANG: 'zh' } });
      expect(zh.stdout).toMatch(/^历史数据太少，无法训练序列模型/m);
      expect(zh.stdout).toMatch(/^还没有任何顾客有 3 条或以上的行为/m);
      // --json keeps the whole result, the reason included.
      const j = JSON.parse((await run(process.execPath, [desk, 'recs', 'train', '--store', store, '--json'])).stdout) as { fallback: string | null; comparison: { users: number }[] };
      expect(j.fallback).toBe('too_little_history');
      expect(j.comparison.every((r) => r.users === 0)).toBe(true);
      // One row per model still; only the first, which would feed the lists, is trained: the others say why not.
      const rows = j.comparison as unknown as { model: string; skipped: string | null }[];
      expect(rows.map((r) => r.model)).toEqual(['pop', 'recent-pop', 'cooc', 'als', 'ease']);
      expect(rows[0].skipped).toBeNull();
      for (const r of rows.slice(1)) expect(r.skipped).toBe('not trained: no customer has 3 or more events to measure it on');
      // Exporting nobody's list is an error that says why, and leaves no header-only file for an email tool to send.
      for (const [list, lang, text] of [['recommended', 'en', /^desk: Nothing to export: no customer has recommendations yet\..*No file was written\.$/m], ['revisit', 'zh', /^desk: 没有可导出的内容：没有顾客看过商品而未购买。未写出文件。$/m]] as const) {
        const out = join(dir, `${list}.csv`);
        const e = (await run(process.execPath, [desk, 'recs', 'export', '--store', store, '--out', out, '--list', list], { env: { ...process.env, DESK_LANG: lang } }).catch((x: unknown) => x)) as { code: number; stderr: string };
        expect(e.code).toBe(1);
        expect(e.stderr).toMatch(text);
        expect(existsSync(out)).toBe(false);
      }
      // Customers with fewer than 3 events cannot be measured, but the run still gives them lists (and products their
      // similar and bought-together items) from the one model it trains.
      writeFileSync(join(dir, 'p.csv'), 'sku,title_en,price\nA1,Red mug,10\nA2,Blue mug,12\nA3,Green teapot,30\n');
      writeFileSync(join(dir, 'o.csv'), 'order_no,ordered_at,sku,quantity,unit_price,customer\nO1,2026-11-01,A1,1,10,C1\nO1,2026-11-01,A2,1,12,C1\nO2,2026-11-02,A1,1,10,C2\n');
      await run(process.execPath, [desk, 'import', 'products', join(dir, 'p.csv'), '--store', store]);
      await run(process.execPath, [desk, 'import', 'orders', join(dir, 'o.csv'), '--store', store]);
      const few = await run(process.execPath, [desk, 'recs', 'train', '--store', store], { env: { ...process.env, DESK_LANG: 'en' } });
      expect(few.stdout).toMatch(/^No customer has 3 or more events yet/m);
      expect(few.stderr).not.toMatch(/model \d of \d|ETA|\d+%/);
      const c2 = await run(process.execPath, [desk, 'recs', 'for', '--store', store, '--customer', 'C2'], { env: { ...process.env, DESK_LANG: 'en' } });
      expect(c2.stdout).toMatch(/^ {2}1 {2}A2 +Blue mug {2}— /m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('a file with more than two fields per line given as sasrec is named as another format, with the first line and the csv flags', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recs-not-sasrec-'));
    try {
      const file = join(dir, 'ratings.csv');
      writeFileSync(file, 'userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,1029,3.0,1260759179\n');
      const e = (await run(process.execPath, [desk, 'recs', 'evaluate', '--interactions', file, '--format', 'sasrec'], { env: { ...process.env, DESK_LANG: 'en' } }).catch((x: unknown) => x)) as { code: number; stderr: string };
      expect(e.code).toBe(1);
      expect(e.stderr.trim().split('\n').pop()).toBe("desk: None of the 3 lines of ratings.csv reads as 'user item' (the first is 'userId,movieId,rating,timestamp'): the sasrec format has exactly two fields per line. For a file with more columns use --format csv --user COL --item COL [--time COL]");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('an unknown model name is a one-line user error listing the valid ones', async () => {
    const e = (await run(process.execPath, [desk, 'recs', 'evaluate', '--interactions', WALKS, '--format', 'sasrec', '--models', 'nope'], { env: { ...process.env, DESK_LANG: 'en' } }).catch((x: unknown) => x)) as { code: number; stderr: string };
    expect(e.code).toBe(1);
    expect(e.stderr).toMatch(/nope/);
    expect(e.stderr).toMatch(/cooc/);
  }, 60_000);

  it('desk recs for and export on a trained store: every list headed and explained in the chosen language; --list revisit exports what was viewed and not bought', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-recs-for-'));
    try {
      const store = join(dir, 'shop.db');
      const env = { ...process.env, DESK_LANG: 'en' };
      await run(process.execPath, [desk, 'demo', '--out', store, '--skus', '40', '--days', '30', '--seed', '3', '--end', '2026-10-31'], { env });
      const trained = await run(process.execPath, [desk, 'recs', 'train', '--store', store, '--max-seconds', '10'], { env: { ...env, DESK_LANG: 'zh' } });
      // The demo's held-out items are mostly repeats, so the table adds the column over items new to the customer: named
      // so (新品 reads as a newly launched product), its figures still under its wider heading.
      const table = trained.stdout.split('\n');
      const head = table.findIndex((l) => l.startsWith('模型'));
      expect(table[head]).toMatch(/训练用时 新接触 NDCG$/);
      const cols = (l: string): number => [...l].reduce((n, ch) => n + (/[\u2e80-\ua4cf\uff00-\uff60]/.test(ch) ? 2 : 1), 0);
      for (const row of table.slice(head + 1, head + 3)) expect(cols(row), row).toBe(cols(table[head]));
      expect(trained.stdout).toMatch(/“新接触 NDCG”只计其余 \d+ 位顾客，即留出的商品此前从未浏览、加购或购买过的顾客/);
      expect(trained.stdout).not.toContain('新品');
      // Which model feeds the lists, by its name in the reader's language with its id (the table's first column).
      expect(trained.stdout).toMatch(/^推荐列表来自 (畅销榜|近期畅销|常一起浏览|矩阵分解（ALS）|商品模型（EASE）|序列 Transformer|序列 Transformer \+ 一起浏览)（(pop|recent-pop|cooc|als|ease|sasrec|hybrid)）：/m);
      const zh = await run(process.execPath, [desk, 'recs', 'for', '--store', store, '--customer', 'C000001', '--k', '3', '--lang', 'zh'], { env });
      expect(zh.stdout).toContain('看过未买：');
      expect(zh.stdout).toMatch(/— (.*尚未购买|以前买过，.*)$/m);
      const en = await run(process.execPath, [desk, 'recs', 'for', '--store', store, '--customer', 'C000001', '--k', '3'], { env });
      expect(en.stdout).toContain('Viewed, not bought:');
      const sku = await run(process.execPath, [desk, 'recs', 'for', '--store', store, '--sku', 'AP-0001', '--k', '2', '--lang', 'zh'], { env });
      expect(sku.stdout.split('\n').filter((l) => /：$/.test(l))).toEqual(['相似商品：', '常一起购买：']);
      // A product added after the training has neither list: each heading says why, not the next heading at once.
      const late = new Database(store);
      late.prepare("INSERT INTO products (sku, title_en, title_zh, created_at, updated_at) VALUES ('NEW-1', 'Linen Tote Bag', '亚麻托特包', '2026-10-31', '2026-10-31')").run();
      late.close();
      const lonely = await run(process.execPath, [desk, 'recs', 'for', '--store', store, '--sku', 'NEW-1'], { env });
      expect(lonely.stdout.split('\n')).toEqual([
        'Similar items:',
        '  None yet: NEW-1 was added after the latest training. Train again (desk recs train --store FILE) to list the products like it.',
        'Often bought together:',
        '  None: no order in the latest training holds NEW-1 together with another product.',
        '',
      ]);
      const lonelyZh = await run(process.execPath, [desk, 'recs', 'for', '--store', store, '--sku', 'NEW-1', '--lang', 'zh'], { env });
      expect(lonelyZh.stdout).toContain('相似商品：\n  暂无：NEW-1 是在最近一次训练之后添加的。');
      expect(lonelyZh.stdout).toContain('常一起购买：\n  暂无：最近一次训练的订单中，没有一笔同时包含 NEW-1 和其他商品。');
      // --json keeps its shape: two empty lists.
      const lonelyJson = JSON.parse((await run(process.execPath, [desk, 'recs', 'for', '--store', store, '--sku', 'NEW-1', '--json'], { env })).stdout) as { similar: unknown[]; together: unknown[] };
      expect([lonelyJson.similar, lonelyJson.together]).toEqual([[], []]);
      const out = join(dir, 'revisit.csv');
      const ex = await run(process.execPath, [desk, 'recs', 'export', '--store', store, '--out', out, '--k', '2', '--list', 'revisit'], { env });
      expect(ex.stdout).toMatch(/^Wrote \d+ viewed-but-not-bought products for \d+ customers to /);
      const lines = readFileSync(out, 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
      expect(lines[0].trim()).toBe('customer_id,email,rank,sku,title,reason');
      expect(lines.length).toBeGreaterThan(1);
      const bad = (await run(process.execPath, [desk, 'recs', 'export', '--store', store, '--out', out, '--list', 'abandoned'], { env }).catch((x: unknown) => x)) as { code: number; stderr: string };
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/--list is 'recommended' or 'revisit', not 'abandoned'/);
      // A spreadsheet name gets a workbook (not CSV text under an .xlsx name); a name it cannot write is refused.
      const book = join(dir, 'recs.xlsx');
      await run(process.execPath, [desk, 'recs', 'export', '--store', store, '--out', book, '--k', '2'], { env });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(book);
      expect((wb.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual(['customer_id', 'email', 'rank', 'sku', 'title', 'reason']);
      const xls = (await run(process.execPath, [desk, 'recs', 'export', '--store', store, '--out', join(dir, 'recs.xls')], { env }).catch((x: unknown) => x)) as { code: number; stderr: string };
      expect(xls.code).toBe(1);
      expect(xls.stderr).toMatch(/name the file \.csv, \.json or \.xlsx$/m);
      // Any other name is refused too (as desk export refuses one), rather than given CSV text under it.
      for (const [name, lang, text] of [['recs.pdf', 'en', /^desk: Cannot write recommendations to .*recs\.pdf: name the file \.csv, \.json or \.xlsx$/m], ['recs.txt', 'zh', /^desk: 无法把推荐写入 .*recs\.txt：文件名请以 \.csv、\.json 或 \.xlsx 结尾$/m], ['recs', 'en', /name the file \.csv, \.json or \.xlsx$/m]] as const) {
        const e = (await run(process.execPath, [desk, 'recs', 'export', '--store', store, '--out', join(dir, name)], { env: { ...env, DESK_LANG: lang } }).catch((x: unknown) => x)) as { code: number; stderr: string };
        expect(e.code, name).toBe(1);
        expect(e.stderr).toMatch(text);
        expect(existsSync(join(dir, name))).toBe(false);
      }
      // A customer with no history yet: said in words, with what would give them a list; --json keeps its shape.
      const db = new Database(store);
      db.prepare("INSERT INTO customers (external_id, name) VALUES ('C-NEW', 'New customer')").run();
      db.close();
      const none = await run(process.execPath, [desk, 'recs', 'for', '--store', store, '--customer', 'C-NEW'], { env });
      expect(none.stdout.trim()).toBe('Customer C-NEW has no history yet (no views, carts or orders), so there are no recommendations for them. Import their browsing events or orders (desk import browsing-events|orders FILE --store FILE) and their list is built from them.');
      const noneZh = await run(process.execPath, [desk, 'recs', 'for', '--store', store, '--customer', 'C-NEW', '--lang', 'zh'], { env });
      expect(noneZh.stdout.trim()).toMatch(/^顾客 C-NEW 还没有任何历史（没有浏览、加购或订单），因此没有推荐。导入该顾客的浏览记录或订单/);
      const noneJson = JSON.parse((await run(process.execPath, [desk, 'recs', 'for', '--store', store, '--customer', 'C-NEW', '--json'], { env })).stdout) as Record<string, unknown>;
      expect(Object.keys(noneJson).sort()).toEqual(['customer', 'history', 'items', 'revisit', 'runId', 'tailForm']);
      expect([noneJson.history, noneJson.items, noneJson.revisit]).toEqual([[], [], []]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
  it('desk recs for and export: each error shows its own usage; --k and --tail are checked by name; --customer and --sku together are refused', async () => {
    const fails = async (args: string[], lang = 'en'): Promise<string> => {
      const e = (await run(process.execPath, [desk, 'recs', ...args], { env: { ...process.env, DESK_LANG: lang } }).catch((x: unknown) => x)) as { code: number; stderr: string };
      expect(e.code, args.join(' ')).toBe(1);
      return e.stderr.trim();
    };
    const store = join(tmpdir(), 'recs-flags-never-opened.db');
    expect(await fails(['for', '--store', store])).toBe('desk recs for: give --customer ID or --sku SKU. Usage: desk recs for --store FILE (--customer ID | --sku SKU) [--k 10] [--tail G] [--json]');
    expect(await fails(['export', '--store', store])).toBe('desk recs export: give --out FILE. Usage: desk recs export --store FILE --out FILE.csv|.json|.xlsx [--k 10] [--tail G] [--list recommended|revisit]');
    expect(await fails(['export', '--store', store, '--out', 'x.csv', '--list', 'all'])).toMatch(/Usage: desk recs export --store FILE/);
    expect(await fails(['for', '--store', store, '--customer', 'C1', '--k', '2.5'])).toBe("desk recs for: --k must be a whole number from 1 to 50, not '2.5'");
    expect(await fails(['for', '--store', store, '--customer', 'C1', '--k', '2.5'], 'zh')).toBe("desk recs for：--k 必须是 1 到 50 之间的整数，收到的是 '2.5'");
    expect(await fails(['export', '--store', store, '--out', 'x.csv', '--k', '0'])).toBe("desk recs export: --k must be a whole number from 1 to 50, not '0'");
    expect(await fails(['for', '--store', store, '--customer', 'C1', '--tail', '3'])).toBe("desk recs for: --tail must be a number from 0 to 2, not '3'");
    expect(await fails(['for', '--store', store, '--customer', 'C1', '--sku', 'AP-0001'])).toBe("desk recs for: give --customer ID or --sku SKU, not both (got --customer 'C1' and --sku 'AP-0001'). Usage: desk recs for --store FILE (--customer ID | --sku SKU) [--k 10] [--tail G] [--json]");
    expect(await fails(['for', '--store', store, '--customer', 'C1', '--sku', 'AP-0001'], 'zh')).toMatch(/^desk recs for：--customer 客户编号 和 --sku SKU 只能给出其中一个/);
    expect(await fails(['nope'])).toBe("desk recs: unknown subcommand 'nope'. Usage: desk recs train|for|export|evaluate (desk recs --help shows the flags of each)");
    // None of them opened (or created) the store.
    expect(existsSync(store)).toBe(false);
  }, 60_000);
});
