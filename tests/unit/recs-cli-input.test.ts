import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const desk = join(import.meta.dirname, '..', '..', 'bin', 'desk.js');
// 60 users walking 6 steps through one of 3 groups of 6 items (18 items in all); see recs-cli.test.ts.
const WALKS = join(import.meta.dirname, 'fixtures', 'recs', 'walks.sasrec.txt');
const dir = mkdtempSync(join(tmpdir(), 'desk-recs-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Failure {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs desk in a language; resolves with its output whatever the exit code. */
async function desk$(args: string[], lang = 'en'): Promise<Failure> {
  return run(process.execPath, [desk, ...args], { env: { ...process.env, DESK_LANG: lang }, maxBuffer: 64 * 1024 * 1024 }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: Failure) => e,
  );
}

interface Report {
  users: number;
  items: number;
  encoding: string | null;
  problems: { lines: number; badLines: number; skippedLines: number[]; skippedTotal: number };
  sampled: { wanted: number; users: number; short: number; fewest: number | null; most: number | null } | null;
  warnings: { code: string; message: string; file?: string }[];
  models: { model: string; ndcg: number; tailControl: { test: { plainNdcg: number; protocol: string; sampled100?: { plainNdcg: number; ndcg: number; loss: number } } } }[];
}

describe('desk recs evaluate: what it reads from a file', () => {
  it('a row with a cell more than the header is a bad line named by its number, and the run goes on', async () => {
    const file = join(dir, 'extra.csv');
    // Line 1 the header; 4 users of 4 interactions; line 6 has no item; line 12 one cell too many; line 15 as well.
    const lines = ['user,item,time'];
    for (let u = 1; u <= 4; u++) for (let s = 1; s <= 4; s++) lines.push(`u${u},i${s},${s}`);
    lines.splice(5, 0, 'u9,,1');
    lines.splice(11, 0, 'u2,i2,,extra');
    lines.splice(14, 0, 'u3,i3,3,4');
    writeFileSync(file, lines.join('\n') + '\n');
    const args = ['recs', 'evaluate', '--interactions', file, '--format', 'csv', '--user', 'user', '--item', 'item', '--time', 'time', '--models', 'pop'];
    const r = await desk$([...args, '--json']);
    expect(r.stderr).not.toMatch(/cells but the header/);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Report;
    expect(doc.users).toBe(4);
    expect(doc.problems).toMatchObject({ lines: 19, badLines: 2, skippedLines: [6, 12, 15], skippedTotal: 3 });
    expect(r.stderr).toMatch(/^Input: 19 lines, 2 unreadable, 0 without a user, 1 without an item/m);
    expect(r.stderr).toMatch(/^Lines left out of extra\.csv: 6, 12, 15\.$/m);
    const zh = await desk$(args, 'zh');
    expect(zh.code).toBe(0);
    expect(zh.stderr).toMatch(/^extra\.csv 中被略过的行：6, 12, 15。$/m);
  });

  it('a catalogue (--items) with a cell too many, an unclosed quote and a blank line: the broken rows are left out and named, the run goes on', async () => {
    const inter = join(dir, 'walk.csv');
    const lines = ['user,item,time'];
    for (let u = 1; u <= 6; u++) for (let s = 1; s <= 5; s++) lines.push(`u${u},i${s},${s}`);
    writeFileSync(inter, lines.join('\n') + '\n');
    // Line 3 blank; line 5 a cell more than the header; line 7 a quote never closed.
    const items = join(dir, 'catalogue.csv');
    writeFileSync(items, ['item,title,genres', 'i1,Red tea,drink', '', 'i2,"Green, tea",drink', 'i3,Oolong,drink,extra', 'i4,Mug,ware', 'i5,"Teapot,ware'].join('\n') + '\n');
    const args = ['recs', 'evaluate', '--interactions', inter, '--format', 'csv', '--user', 'user', '--item', 'item', '--time', 'time', '--items', items, '--models', 'pop'];
    const r = await desk$([...args, '--json']);
    expect(r.stderr).not.toMatch(/^desk:/m);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Report & { itemsFile: Record<string, unknown> };
    expect(doc.itemsFile).toMatchObject({ rows: 3, matched: 3, withoutText: 2, badLines: 2, skippedLines: [5, 7], firstProblem: { line: 5, column: '#4' } });
    expect(r.stderr).toMatch(/^Lines left out of catalogue\.csv as unreadable \(2\): 5, 7 \(line 5, column #4: the row has 4 cells but the header has 3\)\.$/m);
    const zh = await desk$(args, 'zh');
    expect(zh.code).toBe(0);
    expect(zh.stderr).toMatch(/^catalogue\.csv 中无法读取而被略过的行（2 行）：5, 7（第 5 行，列“#4”：该行有 4 个单元格，但表头只有 3 列）。$/m);
  });

  it('--encoding reads a GB18030 file as the importer does; without it, bytes that are not UTF-8 are a warning naming the flag', async () => {
    // Over 64 KB of ASCII lines first (the sample detection reads), then six Chinese item names: read as UTF-8, the names
    // all come out as replacement characters and merge.
    const lines = ['user,item,time'];
    for (let u = 1; u <= 3000; u++) for (let s = 0; s < 3; s++) lines.push(`u${u},sku${(u + s) % 50},${1000 + s}`);
    const names = ['红茶', '绿茶', '乌龙茶', '咖啡杯', '茶壶', '水壶'];
    for (let u = 1; u <= 30; u++) for (let s = 0; s < 5; s++) lines.push(`v${u},${names[(u + s) % 6]},${1000 + s}`);
    const file = join(dir, 'gb.csv');
    writeFileSync(file, iconv.encode(lines.join('\n') + '\n', 'gb18030'));
    const args = ['recs', 'evaluate', '--interactions', file, '--format', 'csv', '--user', 'user', '--item', 'item', '--time', 'time', '--models', 'pop', '--json'];
    const guessed = await desk$(args);
    expect(guessed.code).toBe(0);
    const g = JSON.parse(guessed.stdout) as Report;
    expect(g.items).toBeLessThan(56);
    expect(g.encoding).toBe('utf-8');
    // The first line of Chinese names: 1 header + 9,000 ASCII lines before it.
    expect(g.warnings).toEqual([expect.objectContaining({ code: 'encoding_invalid', file })]);
    expect(guessed.stderr).toMatch(/^Warning: gb\.csv was read as UTF-8, but line 9002 has bytes that are not UTF-8 .*--encoding gb18030/m);
    const zh = await desk$(args, 'zh');
    expect(zh.stderr).toMatch(/^警告：gb\.csv 按 UTF-8 读取，但第 9002 行有不是 UTF-8 的字节.*--encoding gb18030/m);
    for (const name of ['gb18030', 'gbk']) {
      const given = await desk$([...args, '--encoding', name]);
      expect(given.code).toBe(0);
      const d = JSON.parse(given.stdout) as Report;
      expect([d.items, d.encoding, d.warnings]).toEqual([56, 'gb18030', []]);
      expect(given.stderr).not.toMatch(/UTF-8/);
    }
    // The sasrec format reads it too.
    const sas = join(dir, 'gb.sasrec.txt');
    writeFileSync(sas, iconv.encode(names.flatMap((_, u) => [0, 1, 2, 3].map((s) => `用户${u} ${names[(u + s) % 6]}`)).join('\n') + '\n', 'gb18030'));
    const s = JSON.parse((await desk$(['recs', 'evaluate', '--interactions', sas, '--format', 'sasrec', '--models', 'pop', '--encoding', 'gb18030', '--json'])).stdout) as Report;
    expect([s.users, s.items, s.encoding]).toEqual([6, 6, 'gb18030']);
    const bad = await desk$([...args, '--encoding', 'klingon']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n').pop()).toBe("desk: Unknown encoding 'klingon'");
  }, 120_000);

  it('a file not in UTF-8 from its start is read in the encoding detected, with a note naming --encoding', async () => {
    const file = join(dir, 'gb-start.csv');
    const lines = ['user,item,time', ...Array.from({ length: 12 }, (_, i) => `顾客${i % 4},商品${i % 3},${i}`)];
    writeFileSync(file, iconv.encode(lines.join('\n') + '\n', 'gb18030'));
    const r = await desk$(['recs', 'evaluate', '--interactions', file, '--format', 'csv', '--user', 'user', '--item', 'item', '--time', 'time', '--models', 'pop', '--json']);
    const d = JSON.parse(r.stdout) as Report;
    expect([d.users, d.items, d.encoding]).toEqual([4, 3, 'gb18030']);
    expect(d.warnings.map((w) => w.code)).toEqual(['encoding_guessed']);
    expect(r.stderr).toMatch(/^Note: gb-start\.csv is not UTF-8 text; it was read as gb18030, detected from its start\..*--encoding/m);
  });
});

describe('desk recs evaluate --protocol sampled100', () => {
  it('the tail-control line quotes NDCG@10 under the protocol of the table above it', async () => {
    // 150 items in 10 groups of 15: more than 100 that each user never touched, so sampled100 and full rank differently.
    const lines: string[] = [];
    for (let u = 0; u < 120; u++) for (let s = 0; s < 6; s++) lines.push(`${u} ${(u % 10) * 15 + ((u + 3 * s) % 15)}`);
    const file = join(dir, 'groups.sasrec.txt');
    writeFileSync(file, lines.join('\n') + '\n');
    const args = ['recs', 'evaluate', '--interactions', file, '--format', 'sasrec', '--models', 'pop', '--protocol', 'sampled100'];
    const doc = JSON.parse((await desk$([...args, '--json'])).stdout) as Report;
    const pop = doc.models[0];
    expect(doc.sampled).toMatchObject({ wanted: 100, users: 120, short: 0 });
    expect(doc.warnings).toEqual([]);
    // Both protocols are kept: the full ranking's (what the lists rank) and the table's.
    expect(pop.tailControl.test.protocol).toBe('full');
    expect(pop.tailControl.test.sampled100?.plainNdcg).toBe(pop.ndcg);
    expect(pop.tailControl.test.plainNdcg).not.toBeCloseTo(pop.ndcg, 3);
    for (const lang of ['en', 'zh']) {
      const out = (await desk$(args, lang)).stdout.split('\n');
      const tableNdcg = out.find((l) => l.startsWith(lang === 'en' ? 'Best sellers (pop) ' : '畅销榜（pop）'))?.match(/ (\d\.\d{4}) +(\d\.\d{4}) /)?.[2];
      expect(tableNdcg).toBe(pop.ndcg.toFixed(4));
      const line = out.find((l) => /^pop[:：]/.test(l)) ?? '';
      const plain = lang === 'en' ? line.match(/NDCG@10 \d\.\d{4} vs (\d\.\d{4})/)?.[1] : line.match(/（不调节 (\d\.\d{4})，损失/)?.[1];
      expect(plain, line).toBe(tableNdcg);
      expect(line).toMatch(lang === 'en' ? /under sampled100, as in the table/ : /按 sampled100 计算，与表格一致/);
    }
    // The full protocol's line is as it was.
    const full = (await desk$(['recs', 'evaluate', '--interactions', file, '--format', 'sasrec', '--models', 'pop'])).stdout;
    expect(full).not.toMatch(/as in the table/);
  });

  it('with fewer than 100 never-interacted items it says how many the held-out item was ranked against, in both languages and in --json', async () => {
    const args = ['recs', 'evaluate', '--interactions', WALKS, '--format', 'sasrec', '--models', 'pop', '--protocol', 'sampled100'];
    const r = await desk$([...args, '--json']);
    const doc = JSON.parse(r.stdout) as Report;
    // 18 items, 6 of them in each walk: 12 left for every user.
    expect(doc.sampled).toEqual({ wanted: 100, users: 60, short: 60, fewest: 12, most: 12 });
    expect(doc.warnings.map((w) => w.code)).toEqual(['sampled_short']);
    expect(r.stderr).toMatch(/^Note: sampled100 ranks each held-out item among 100 items .* for 60 of 60 customers fewer than 100 were left \(the catalogue has 18 items\), so theirs was ranked against 12 instead/m);
    const zh = await desk$(args, 'zh');
    expect(zh.stderr).toMatch(/^注意：sampled100 .*有 60 \/ 60 位顾客剩下的商品不足 100 个（商品目录共 18 个），因此只与 12 个商品一起排序/m);
    // The full protocol has nothing to say about it.
    const full = JSON.parse((await desk$(['recs', 'evaluate', '--interactions', WALKS, '--format', 'sasrec', '--models', 'pop', '--json'])).stdout) as Report;
    expect([full.sampled, full.warnings]).toEqual([null, []]);
  });
});

describe('desk recs evaluate: a file it cannot open', () => {
  it('a mistyped file name, a folder and a catalogue that is not there are said in words, in both languages, with --json one document', async () => {
    const missing = join(dir, 'interactons.csv');
    const csv = ['--format', 'csv', '--user', 'user', '--item', 'item'];
    const en = await desk$(['recs', 'evaluate', '--interactions', missing, ...csv]);
    expect(en.code).toBe(1);
    expect(en.stderr.trim()).toBe(`desk: File not found: ${missing}`);
    const zh = await desk$(['recs', 'evaluate', '--interactions', missing, '--format', 'sasrec'], 'zh');
    expect(zh.stderr.trim()).toBe(`desk: 找不到文件：${missing}`);
    const folder = await desk$(['recs', 'evaluate', '--interactions', dir, ...csv]);
    expect(folder.stderr.trim()).toBe(`desk: ${dir} is a folder, not a file`);
    const items = join(dir, 'no-such-catalogue.csv');
    const json = await desk$(['recs', 'evaluate', '--interactions', WALKS, '--format', 'sasrec', '--items', items, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({ ok: false, error: { code: 'user_error', message: `File not found: ${items}`, details: { file: items } } });
    // No system words in any of them.
    for (const r of [en, zh, folder, json]) expect(r.stderr + r.stdout).not.toMatch(/ENOENT|EISDIR|stat '/);
  }, 60_000);

  it('a 0-byte interactions or items file is said to be empty, naming it, in both languages, as csv and as sasrec', async () => {
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    const csv = ['--format', 'csv', '--user', 'user', '--item', 'item'];
    const en = await desk$(['recs', 'evaluate', '--interactions', empty, ...csv]);
    expect(en.code).toBe(1);
    expect(en.stderr.trim()).toBe('desk: empty.csv is empty (0 bytes): there is nothing in it to read');
    const zh = await desk$(['recs', 'evaluate', '--interactions', empty, ...csv], 'zh');
    expect(zh.stderr.trim()).toBe('desk: empty.csv 是空文件（0 字节），没有可读取的内容');
    // As sasrec it read no lines and found nobody to evaluate, after an input line of zeros.
    const sasrec = await desk$(['recs', 'evaluate', '--interactions', empty, '--format', 'sasrec']);
    expect(sasrec.code).toBe(1);
    expect(sasrec.stderr.trim()).toBe('desk: empty.csv is empty (0 bytes): there is nothing in it to read');
    const items = await desk$(['recs', 'evaluate', '--interactions', WALKS, '--format', 'sasrec', '--items', empty, '--json']);
    expect(JSON.parse(items.stdout)).toMatchObject({ ok: false, error: { code: 'user_error', message: 'empty.csv is empty (0 bytes): there is nothing in it to read' } });
  }, 60_000);
});
