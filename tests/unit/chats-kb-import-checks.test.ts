// `desk import kb` applies the KB editor's own rules (engine/chats/kb.ts): an article id with a space and an answer
// with a placeholder no live fact fills ("{nonsense}") used to be imported as they were, though the editor refuses
// both. Now such a row fails the import naming file, row and column (nothing written), or with --skip-invalid goes to
// the rejects file like any other bad row, in the caller's language.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bench, rejection, type Bench } from './import-helpers';

let b: Bench;
beforeEach(() => {
  b = bench();
});
afterEach(() => b.cleanup());

const CSV =
  'slug,lang,title,body\n' +
  'order-status,en,Where is my order,Your order {order} is {order_status}.\n' +
  'bad id,en,Bad id,Hello there.\n' +
  'bad-placeholder,en,Bad placeholder,Your parcel {nonsense} is on its way.\n';

describe('the KB import checks ids and placeholders as the editor does', () => {
  it('a bad id or an unknown placeholder fails the whole import, naming file, row and column; nothing is written', async () => {
    const e = await rejection(b.imp({ kind: 'kb', path: b.file('kb.csv', CSV) }));
    expect(e.message).toContain('kb.csv row 3, column slug');
    expect(e.message).toContain('no spaces');
    expect(b.count('kb_articles')).toBe(0);
  });

  it('--skip-invalid imports the good row and sends the others to the rejects file with the editor\'s reasons (en and 中文)', async () => {
    const rejectsPath = join(b.dir, 'rejects.csv');
    const r = await b.imp({ kind: 'kb', path: b.file('kb.csv', CSV), skipInvalid: true, rejectsPath });
    expect([r.inserted, r.rejected]).toEqual([1, 2]);
    expect(r.rejects.map((x) => [x.row, x.column, x.value])).toEqual([[3, 'slug', 'bad id'], [4, 'body', 'Your parcel {nonsense} is on its way.']]);
    expect(r.rejects[1].reason).toContain('{nonsense} is not a live fact');
    expect(existsSync(rejectsPath)).toBe(true);
    expect(readFileSync(rejectsPath, 'utf8')).toContain('{nonsense}');
    expect(b.store.db.prepare('SELECT slug FROM kb_articles').pluck().all()).toEqual(['order-status']);
    const zh = await b.imp({ kind: 'kb', path: b.file('kb2.csv', CSV), skipInvalid: true, rejectsPath: join(b.dir, 'r2.csv') }, 'zh');
    expect(zh.rejects[0].reason).toContain('不能有空格');
    expect(zh.rejects[1].reason).toContain('{nonsense} 不是实时信息占位符');
  });

  it('a wide file\'s Chinese answer and a Markdown article are checked too', async () => {
    const wide = await b.imp({ kind: 'kb', path: b.file('wide.csv', 'slug,title_zh,body_zh\nok,好,您好\nzh-bad,坏,您的订单{订单号}已发货\n'), skipInvalid: true, rejectsPath: join(b.dir, 'r.csv') });
    expect(wide.rejects.map((x) => [x.row, x.column])).toEqual([[3, 'body_zh']]);
    expect(wide.rejects[0].reason).toContain('{订单号}');
    const dir = join(b.dir, 'md');
    mkdirSync(dir);
    writeFileSync(join(dir, 'fine.en.md'), 'Ships in {order_status}.\n');
    writeFileSync(join(dir, 'odd.en.md'), 'Your {parcel} is late.\n');
    const e = await rejection(b.imp({ kind: 'kb', path: dir }));
    expect(e.message).toContain('{parcel}');
  });
});
