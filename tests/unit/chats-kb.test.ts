// The knowledge-base editor's operations as the Chats screen calls them (kb.save, kb.delete, kb.list through
// engine.call, so validation and the caller's language are the app's): a "New article" with an existing id is refused
// in both languages and leaves the article as it was; an edit stays an edit; the id's rule is said in words; an answer
// with a placeholder no live fact fills is refused naming it and the known ones; an article can be deleted.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../engine/db/store';
import { Engine, type CallOutcome } from '../../engine/engine';
import { tempDir } from './helpers';

const F = join(__dirname, 'fixtures', 'chats');
let engine: Engine;
let cleanup: () => void;

type Article = { id: number; slug: string; titleZh: string | null; titleEn: string | null; bodyZh: string | null; bodyEn: string | null; intent: string | null; variants: { lang: string; channel: string; body: string }[] };
type Issue = { field: string; message: string };

const list = async (): Promise<Article[]> => (await engine.invoke('kb.list', {})) as Article[];
const article = async (slug: string): Promise<Article | undefined> => (await list()).find((a) => a.slug === slug);
const failure = (out: CallOutcome): { code: string; message: string; details?: unknown } => {
  if (out.ok) throw new Error(`expected a refusal, got ${JSON.stringify(out.result)}`);
  return out.error;
};

beforeAll(async () => {
  const t = tempDir('desk-chats-kb-');
  const storePath = join(t.dir, 'shop.db');
  openStore(storePath).close();
  engine = new Engine({ dataDir: t.dir, lang: 'en' });
  cleanup = () => t.cleanup();
  await engine.open(storePath);
  const job = await engine.invoke('import.run', { kind: 'kb', path: join(F, 'kb.csv') });
  expect((await engine.jobs.wait(job.jobId)).status).toBe('succeeded');
}, 60_000);
afterAll(async () => {
  await engine?.close();
  cleanup?.();
});

describe('kb.save: a new article never overwrites another', () => {
  it('"New article" with the id of an existing one is a conflict in both languages; the article keeps both languages, its intent and wordings', async () => {
    const before = await article('order-status');
    expect(before?.titleZh && before.bodyZh && before.bodyEn && before.intent).toBeTruthy();
    const input = { slug: 'order-status', bodyEn: 'Overwritten by a new article' };
    const en = failure(await engine.call('kb.save', input, 'en'));
    expect(en.code).toBe('conflict');
    expect(en.message).toBe(`An article with the id “order-status” already exists (“${before?.titleEn}”). Choose another id, or open that article from the list to edit it.`);
    expect((en.details as { issues: Issue[] }).issues.map((i) => i.field)).toEqual(['slug']);
    const zh = failure(await engine.call('kb.save', input, 'zh'));
    expect(zh.code).toBe('conflict');
    expect(zh.message).toBe(`已有编号为“order-status”的文章（“${before?.titleZh}”）。请换一个编号，或在列表中打开那篇文章进行编辑。`);
    expect(await article('order-status')).toEqual(before);
  });

  it('a new id creates the article; saving it again with its id edits it in place (other fields replaced, same id)', async () => {
    const created = await engine.invoke('kb.save', { slug: 'gift-wrap', titleEn: 'Gift wrapping', bodyEn: 'We wrap {product} for free.', titleZh: '礼品包装', bodyZh: '{product} 可免费包装。' });
    const again = await engine.invoke('kb.save', { id: created.id, slug: 'gift-wrap', titleEn: 'Gift wrapping', bodyEn: 'We wrap any order for free.', titleZh: '礼品包装', bodyZh: '所有订单都可免费包装。', intent: 'other' });
    expect(again.id).toBe(created.id);
    const a = await article('gift-wrap');
    expect([a?.bodyEn, a?.bodyZh, a?.intent]).toEqual(['We wrap any order for free.', '所有订单都可免费包装。', 'other']);
    // An edit cannot take another article's id.
    const moved = failure(await engine.call('kb.save', { id: created.id, slug: 'order-status', bodyEn: 'x' }, 'en'));
    expect(moved.message).toBe('An article keeps its id: this one is “gift-wrap”. To use another id, create a new article.');
    expect((await article('order-status'))?.bodyEn).not.toBe('x');
  });

  it('an id with a space or a slash is refused in words, not with the pattern, in both languages', async () => {
    const en = failure(await engine.call('kb.save', { slug: 'Returns policy/EU', bodyEn: 'x' }, 'en'));
    const zh = failure(await engine.call('kb.save', { slug: 'Returns policy/EU', bodyEn: 'x' }, 'zh'));
    for (const e of [en, zh]) {
      expect(e.code).toBe('bad_request');
      expect(e.message).not.toMatch(/\\p|\^|pattern|regex|正则|模式/u);
      expect((e.details as { issues: Issue[] }).issues[0].field).toBe('slug');
    }
    expect((en.details as { issues: Issue[] }).issues[0].message).toBe('may hold only letters (Chinese characters too), digits, hyphens (-) and underscores (_): no spaces, slashes, dots or other signs');
    expect((zh.details as { issues: Issue[] }).issues[0].message).toBe('只能包含文字（汉字或字母）、数字、连字符（-）和下划线（_），不能有空格、斜杠、句点或其他符号');
    // Chinese ids are letters too.
    expect((await engine.call('kb.save', { slug: '退货_说明-2', bodyZh: '七天无理由退货。' }, 'zh')).ok).toBe(true);
  });
});

describe('kb.save: placeholders', () => {
  it('an unknown placeholder is refused, naming it, where it is and the known ones, in both languages; nothing is saved', async () => {
    const input = { slug: 'late-parcel', bodyEn: 'Sorry! {nonsense} Your order {order} is {order_status}.', variants: [{ lang: 'zh' as const, channel: 'wechat', body: '亲，{订单号} 已发货' }] };
    const en = failure(await engine.call('kb.save', input, 'en'));
    expect(en.code).toBe('user_error');
    const known = '{order} {order_status} {order_date} {stock} {restock_date} {price} {return_deadline} {product}';
    expect((en.details as { issues: Issue[] }).issues).toEqual([
      { field: 'bodyEn', message: `Answer (English): {nonsense} is not a live fact and would reach the customer as written. Live facts: ${known}` },
      { field: 'variants.0.body', message: `Channel wording (Chinese): {订单号} is not a live fact and would reach the customer as written. Live facts: ${known}` },
    ]);
    const zh = failure(await engine.call('kb.save', input, 'zh'));
    expect((zh.details as { issues: Issue[] }).issues[0].message).toBe(`英文答案：{nonsense} 不是实时信息占位符，会原样发给客户。可用的占位符：${known}`);
    expect(await article('late-parcel')).toBeUndefined();
    // The known placeholders alone are saved.
    expect((await engine.call('kb.save', { ...input, bodyEn: 'Your order {order} is {order_status}.', variants: [] }, 'en')).ok).toBe(true);
  });
});

describe('kb.delete', () => {
  it('deletes an article and its channel wordings; an unknown id is not found, in the caller\'s language', async () => {
    const saved = await engine.invoke('kb.save', { slug: 'to-delete', titleEn: 'Temporary', bodyEn: 'x', variants: [{ lang: 'en', channel: 'email', body: 'Dear customer' }] });
    expect(saved.id).toBeGreaterThan(0);
    const r = await engine.invoke('kb.delete', { slug: 'to-delete' });
    expect(r).toEqual({ slug: 'to-delete', variants: 1 });
    expect(await article('to-delete')).toBeUndefined();
    expect(engine.store.db.prepare('SELECT count(*) FROM kb_variants WHERE article_id = ?').pluck().get(saved.id)).toBe(0);
    const gone = failure(await engine.call('kb.delete', { slug: 'to-delete' }, 'zh'));
    expect([gone.code, gone.message]).toEqual(['not_found', '没有编号为“to-delete”的知识库文章']);
    // Editing an article someone deleted meanwhile does not bring it back silently.
    const stale = failure(await engine.call('kb.save', { id: saved.id, slug: 'to-delete', bodyEn: 'y' }, 'en'));
    expect(stale.code).toBe('not_found');
    expect(await article('to-delete')).toBeUndefined();
  });
});

describe('desk chats kb-list / kb-delete', () => {
  it('lists the articles by id and deletes one, saying so in the --lang language; an unknown id is a user error (exit 1)', async () => {
    const run = promisify(execFile);
    const desk = join(import.meta.dirname, '..', '..', 'bin', 'desk.js');
    const t = tempDir('desk-chats-kb-cli-');
    try {
      const store = join(t.dir, 'shop.db');
      await run(process.execPath, [desk, 'init', '--store', store]);
      await run(process.execPath, [desk, 'import', 'kb', join(F, 'kb.csv'), '--store', store]);
      const listed = await run(process.execPath, [desk, 'chats', 'kb-list', '--store', store, '--lang', 'zh']);
      expect(listed.stdout).toMatch(/^order-status {2}订单状态查询（\d+ 条渠道话术）$/mu);
      const del = await run(process.execPath, [desk, 'chats', 'kb-delete', '--store', store, '--slug', 'order-status', '--lang', 'en']);
      expect(del.stdout.trim()).toMatch(/^Deleted the article order-status and its \d+ channel wordings?\.$/u);
      const again = await run(process.execPath, [desk, 'chats', 'kb-list', '--store', store, '--json']);
      expect((JSON.parse(again.stdout) as { slug: string }[]).map((a) => a.slug)).not.toContain('order-status');
      const e = await run(process.execPath, [desk, 'chats', 'kb-delete', '--store', store, '--slug', 'order-status', '--lang', 'zh']).then(() => null, (x: { code: number; stderr: string }) => x);
      expect([e?.code, e?.stderr.trim()]).toEqual([1, 'desk: 没有编号为“order-status”的知识库文章']);
    } finally {
      t.cleanup();
    }
  }, 120_000);
});
