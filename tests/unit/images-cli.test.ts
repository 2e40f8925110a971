// `desk images index` and `desk images search --product` as a merchant reads them in a terminal, in both languages:
// the counts in words, no template left unfilled. A demo store of 12 products (36 photos), indexed with the fast
// colour backbone.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSetting, setSetting } from '../../engine/db/queries/settings';
import { openStore } from '../../engine/db/store';
import { GRAPH_WEIGHT_SETTING } from '../../engine/vision/graph/rerank';

const run = promisify(execFile);
const desk = join(import.meta.dirname, '..', '..', 'bin', 'desk.js');
let dir: string;
let store: string;
let unindexed: string;
const BANANA = join(import.meta.dirname, 'fixtures', 'vision', 'banana-iconic.jpg');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'desk-images-cli-'));
  store = join(dir, 'shop.db');
  await run(process.execPath, [desk, 'demo', '--out', store, '--skus', '12', '--days', '30']);
  // The same store as it comes from the demo, never indexed.
  unindexed = join(dir, 'unindexed.db');
  copyFileSync(store, unindexed);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('desk images (terminal output)', () => {
  it('index says how many photos it indexed, with plurals filled in; search by product names the sessions and orders', async () => {
    const index = await run(process.execPath, [desk, 'images', 'index', '--store', store, '--backbone', 'colour', '--lang', 'en']);
    expect(index.stdout).toMatch(/^Indexed 36 images of 36 \(36 new\) with colour in [\d.]+ s; exact search/m);
    const zh = await run(process.execPath, [desk, 'images', 'index', '--store', store, '--backbone', 'colour', '--lang', 'zh']);
    expect(zh.stdout).toMatch(/已用 colour 为 36 张图片中的 36 张建立索引（新增 0 张）/);

    const search = await run(process.execPath, [desk, 'images', 'search', '--store', store, '--product', 'AP-0001', '--lang', 'en']);
    expect(search.stdout).toMatch(/^Looks like AP-0001/);
    expect(search.stdout).toMatch(/viewed together in \d+ sessions?, bought together in \d+ orders?/);
    expect(search.stdout).not.toMatch(/1 sessions|1 orders\b/);
    for (const out of [index.stdout, zh.stdout, search.stdout]) expect(out).not.toMatch(/[{}]/);
  }, 120_000);

  it('a truncated photo is a user error naming the file, not an internal one', async () => {
    const whole = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#3366aa' } }).jpeg().toBuffer();
    const half = join(dir, 'half.jpg');
    writeFileSync(half, whole.subarray(0, whole.length >> 1));
    const e = await run(process.execPath, [desk, 'images', 'search', '--store', store, '--image', half, '--json', '--lang', 'en']).then(() => null, (x: { code: number; stdout: string }) => x);
    expect(e?.code).toBe(1);
    const err = (JSON.parse(e?.stdout ?? '{}') as { error: { code: string; message: string } }).error;
    expect(err.code).toBe('user_error');
    expect(err.message).toBe('The photo half.jpg cannot be used: the image is damaged or cut short, so it cannot be read');
  }, 120_000);

  it('a store without photos, and evaluation folders without images, are said as such (not "no index", not a table of zeros)', async () => {
    const empty = join(dir, 'empty.db');
    await run(process.execPath, [desk, 'init', '--store', empty]);
    const photo = join(dir, 'photo.jpg');
    writeFileSync(photo, await sharp({ create: { width: 64, height: 64, channels: 3, background: '#aa3366' } }).jpeg().toBuffer());
    const none = await run(process.execPath, [desk, 'images', 'search', '--store', empty, '--image', photo, '--lang', 'en']).then(() => null, (x: { code: number; stderr: string }) => x);
    expect(none?.stderr.trim()).toBe('desk: This store has no product photos to search: import them first (Data › Product photos, or `desk import images FOLDER`)');
    const e = await run(process.execPath, [desk, 'images', 'evaluate', '--gallery', dir, '--queries', dir, '--backbone', 'colour']).then(() => null, (x: { code: number; stderr: string }) => x);
    expect(e?.code).toBe(1);
    expect(e?.stderr.trim()).toBe(`desk: No images in ${dir}: put each photo in a subfolder named by its label (e.g. ${dir}/mug/1.jpg)`);
  }, 60_000);

  it('duplicates on a store never indexed says its photos are not indexed; search names the crop in words and whole pixels; a wrong subcommand or both --image and --product say so (en, 中文)', async () => {
    const fail = (x: { code: number; stderr: string }): { code: number; stderr: string } => x;
    const en = await run(process.execPath, [desk, 'images', 'duplicates', '--store', unindexed, '--lang', 'en']);
    expect(en.stderr.trim()).toBe('36 of 36 photos are not indexed yet, so their duplicates are not listed: run `desk images index --store FILE` to find them.');
    const zh = await run(process.execPath, [desk, 'images', 'duplicates', '--store', unindexed, '--lang', 'zh']);
    expect(zh.stderr.trim()).toBe('36 张图片中有 36 张尚未建立索引，它们的重复商品不会列出：运行 `desk images index --store FILE` 后才能找到。');
    const json = await run(process.execPath, [desk, 'images', 'duplicates', '--store', unindexed, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, notIndexed: 36 });

    await run(process.execPath, [desk, 'images', 'index', '--store', store, '--backbone', 'colour']);
    const search = await run(process.execPath, [desk, 'images', 'search', '--store', store, '--image', BANANA, '--k', '2', '--lang', 'en']);
    expect(search.stdout.split('\n')[0]).toMatch(/^Searched (the main object found|the whole photo \(no object found\)|the box given): x=\d+ y=\d+ w=\d+ h=\d+; \d+ objects? detected$/);
    const searchZh = await run(process.execPath, [desk, 'images', 'search', '--store', store, '--image', BANANA, '--k', '2', '--lang', 'zh']);
    expect(searchZh.stdout.split('\n')[0]).toMatch(/^搜索了(识别出的主要物体|整张照片（未识别出物体）|指定的框)：x=\d+ y=\d+ 宽=\d+ 高=\d+；检测到 \d+ 个物体$/);

    const bogus = await run(process.execPath, [desk, 'images', 'serach', '--store', store, '--lang', 'en']).then(() => null, fail);
    expect(bogus?.code).toBe(1);
    expect(bogus?.stderr).toMatch(/^desk images: there is no subcommand 'serach'\. Usage: desk images index/);
    const bogusZh = await run(process.execPath, [desk, 'images', 'serach', '--store', store, '--lang', 'zh']).then(() => null, fail);
    expect(bogusZh?.stderr).toMatch(/^desk images：没有子命令“serach”。用法：/);
    const both = await run(process.execPath, [desk, 'images', 'search', '--store', store, '--image', BANANA, '--product', 'AP-0001', '--lang', 'en']).then(() => null, fail);
    expect(both?.code).toBe(1);
    expect(both?.stderr.trim()).toBe('desk images search: give --image PATH or --product SKU, not both');
  }, 180_000);

  it('search names each detected object in the reader\'s language (banana / 香蕉), and --json keeps the class id beside the name', async () => {
    await run(process.execPath, [desk, 'images', 'index', '--store', store, '--backbone', 'colour']);
    const boxLines = (out: string): string[] => out.split('\n').filter((l) => /^ {2}\S.* \d\.\d\d \[\d+,\d+,\d+,\d+\]$/.test(l));
    const en = boxLines((await run(process.execPath, [desk, 'images', 'search', '--store', store, '--image', BANANA, '--k', '2', '--lang', 'en'])).stdout);
    expect(en[0]).toMatch(/^ {2}banana 0\.\d\d /);
    const zh = boxLines((await run(process.execPath, [desk, 'images', 'search', '--store', store, '--image', BANANA, '--k', '2', '--lang', 'zh'])).stdout);
    expect(zh.length).toBe(en.length);
    expect(zh[0]).toMatch(/^ {2}香蕉 0\.\d\d /);
    // No class left in English in the Chinese output.
    for (const l of zh) expect(l.slice(2, l.search(/ \d\.\d\d \[/))).not.toMatch(/[a-z]/i);
    const json = JSON.parse((await run(process.execPath, [desk, 'images', 'search', '--store', store, '--image', BANANA, '--k', '2', '--lang', 'zh', '--json'])).stdout) as { boxes: { label: string; name: string }[] };
    expect(json.boxes[0]).toMatchObject({ label: 'banana', name: '香蕉' });
  }, 180_000);

  it('duplicates names each listing by its SKU and title in the reader\'s language; --json keeps its fields and adds the titles', async () => {
    // Two listings of one picture (one with an English title only) and an unrelated product.
    const dupStore = join(dir, 'dups.db');
    const s = openStore(dupStore, { create: true });
    const ins = s.db.prepare("INSERT INTO products (sku, title_en, title_zh, price, created_at, updated_at) VALUES (?, ?, ?, 10, 'x', 'x')");
    ins.run('MUG-RED', 'Red mug', '红色马克杯');
    ins.run('MUG-RED-2', 'Red mug (old listing)', null);
    ins.run('PLATE', 'Plate', '盘子');
    s.close();
    const photos = join(dir, 'dup-photos');
    mkdirSync(photos);
    const svg = (body: string): Buffer => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><rect width="256" height="256" fill="#fff"/>${body}</svg>`);
    const mug = await sharp(svg('<path transform="rotate(-14 128 128)" d="M70,60 L170,60 L165,210 L75,210 Z" fill="#c0302a" stroke="#333" stroke-width="4"/>')).png().toBuffer();
    writeFileSync(join(photos, 'MUG-RED.png'), mug);
    writeFileSync(join(photos, 'MUG-RED-2.png'), await sharp(mug).jpeg({ quality: 90 }).toBuffer());
    writeFileSync(join(photos, 'PLATE.png'), await sharp(svg('<circle cx="128" cy="128" r="90" fill="#2a6fc0"/>')).png().toBuffer());
    await run(process.execPath, [desk, 'import', 'images', photos, '--store', dupStore]);
    await run(process.execPath, [desk, 'images', 'index', '--store', dupStore, '--backbone', 'colour']);
    const line = (out: string): string => out.split('\n').filter((l) => l.includes(' ~ '))[0] ?? out;
    const en = await run(process.execPath, [desk, 'images', 'duplicates', '--store', dupStore, '--lang', 'en']);
    // The pair in either order: 'SKU · title (#image) ~ SKU · title (#image)  pHash …'.
    const pair = (a: string, b: string, reason: string): RegExp => new RegExp(`^(${a} ~ ${b}|${b} ~ ${a}) {2}pHash \\d+/64 .*${reason}`);
    expect(line(en.stdout)).toMatch(pair('MUG-RED · Red mug \\(#\\d+\\)', 'MUG-RED-2 · Red mug \\(old listing\\) \\(#\\d+\\)', 'same picture'));
    // In Chinese the Chinese title; a listing with an English title only keeps it.
    const zh = await run(process.execPath, [desk, 'images', 'duplicates', '--store', dupStore, '--lang', 'zh']);
    expect(line(zh.stdout)).toMatch(pair('MUG-RED · 红色马克杯 \\(#\\d+\\)', 'MUG-RED-2 · Red mug \\(old listing\\) \\(#\\d+\\)', '同一张图'));
    const json = JSON.parse((await run(process.execPath, [desk, 'images', 'duplicates', '--store', dupStore, '--json', '--lang', 'zh'])).stdout) as { ok: boolean; notIndexed: number; pairs: Record<string, unknown>[] };
    expect(json).toMatchObject({ ok: true, notIndexed: 0 });
    expect(json.pairs).toHaveLength(1);
    const p = json.pairs[0];
    const [mine, old] = p.skuA === 'MUG-RED' ? (['A', 'B'] as const) : (['B', 'A'] as const);
    expect(p).toMatchObject({ [`sku${mine}`]: 'MUG-RED', [`sku${old}`]: 'MUG-RED-2', [`titleEn${mine}`]: 'Red mug', [`titleZh${mine}`]: '红色马克杯', [`titleZh${old}`]: null });
    expect([p[`title${mine}`], p[`title${old}`]]).toEqual(['红色马克杯', 'Red mug (old listing)']);
    for (const k of ['imageA', 'imageB', 'productA', 'productB', 'phashDistance', 'similarity', 'colour', 'reason']) expect(p).toHaveProperty(k);
  }, 180_000);

  it('tune-graph prints the weight it measured and saves it only with --save, saying what it saved (en, 中文, --json)', async () => {
    await run(process.execPath, [desk, 'images', 'index', '--store', store, '--backbone', 'colour']);
    const tuneStore = join(dir, 'tune.db');
    copyFileSync(store, tuneStore);
    const setWeight = (w: number): void => {
      const s = openStore(tuneStore);
      setSetting(s.db, GRAPH_WEIGHT_SETTING, w);
      s.close();
    };
    const storedWeight = (): unknown => {
      const s = openStore(tuneStore);
      const w = getSetting<unknown>(s.db, GRAPH_WEIGHT_SETTING, null);
      s.close();
      return w;
    };
    setWeight(0.35);
    const last = (out: string): string => out.trim().split('\n').at(-1) ?? '';
    const en = await run(process.execPath, [desk, 'images', 'tune-graph', '--store', tuneStore, '--lang', 'en']);
    const weight = Number(/^Graph weight for searches by product: ([\d.]+)\. Measured on orders/m.exec(en.stdout)?.[1]);
    expect(Number.isFinite(weight)).toBe(true);
    expect(last(en.stdout)).toBe(`Not saved: searches by product keep the store's default graph weight, 0.35. Run again with --save to make ${weight} the default.`);
    expect(storedWeight()).toBe(0.35);
    const zh = await run(process.execPath, [desk, 'images', 'tune-graph', '--store', tuneStore, '--lang', 'zh']);
    expect(last(zh.stdout)).toBe(`未保存：按商品搜索仍使用店铺的默认图权重 0.35。加 --save 重新运行可将 ${weight} 设为默认。`);
    const dry = JSON.parse((await run(process.execPath, [desk, 'images', 'tune-graph', '--store', tuneStore, '--json'])).stdout) as Record<string, unknown>;
    expect(dry).toMatchObject({ ok: true, weight, saved: false, previous: 0.35 });
    for (const k of ['reason', 'window', 'anchors', 'rows']) expect(dry).toHaveProperty(k);
    expect(storedWeight()).toBe(0.35);
    // --save keeps the old behaviour, and says so.
    const saved = await run(process.execPath, [desk, 'images', 'tune-graph', '--store', tuneStore, '--save', '--lang', 'en']);
    expect(last(saved.stdout)).toBe(`Saved ${weight} as the store's default graph weight for searches by product (it was 0.35).`);
    expect(storedWeight()).toBe(weight);
    setWeight(0.35);
    const savedJson = JSON.parse((await run(process.execPath, [desk, 'images', 'tune-graph', '--store', tuneStore, '--save', '--json'])).stdout) as Record<string, unknown>;
    expect(savedJson).toMatchObject({ ok: true, weight, saved: true, previous: 0.35 });
    expect(storedWeight()).toBe(weight);
  }, 180_000);

  it('search --k out of range names the flag, the range and the value as other commands do (en, 中文), not a validator message', async () => {
    const fail = (x: { code: number; stderr: string }): { code: number; stderr: string } => x;
    for (const k of ['0', '101', '2.5', 'ten']) {
      const e = await run(process.execPath, [desk, 'images', 'search', '--store', store, '--image', BANANA, '--k', k, '--lang', 'en']).then(() => null, fail);
      expect(e?.code).toBe(1);
      expect(e?.stderr).toBe(`desk images search: --k must be a whole number from 1 to 100, not '${k}'\n`);
    }
    const zh = await run(process.execPath, [desk, 'images', 'search', '--store', store, '--product', 'AP-0001', '--k', '0', '--lang', 'zh']).then(() => null, fail);
    expect(zh?.code).toBe(1);
    expect(zh?.stderr).toBe("desk images search：--k 必须是 1 到 100 之间的整数，收到的是 '0'\n");
  }, 60_000);
});
