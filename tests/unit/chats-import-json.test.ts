// A JSON conversations file that is not valid JSON (cut short while saving or copying, or with a wrong character) is the
// user's file to fix, not an engine fault: the import and its preview name the file, the line and the column, with the
// reason in the caller's language; in a JSON Lines file only the broken line is rejected with --skip-invalid.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../engine/db/store';
import { Engine } from '../../engine/engine';
import { tempDir } from './helpers';
import { bench, rejection, type Bench } from './import-helpers';

const F = join(__dirname, 'fixtures', 'chats');
let b: Bench;
let engine: Engine;
let cleanup: () => void;

beforeAll(async () => {
  b = bench();
  const t = tempDir('desk-chats-json-');
  const storePath = join(t.dir, 'shop.db');
  openStore(storePath).close();
  engine = new Engine({ dataDir: t.dir, lang: 'en' });
  cleanup = () => t.cleanup();
  await engine.open(storePath);
});
afterAll(async () => {
  b?.cleanup();
  await engine?.close();
  cleanup?.();
});

const ARRAY_CUT = '[{"conversation":"J1","time":"2026-11-01 10:00","sender":"customer","text":"hi"},{"conv';
const LINES_CUT = '{"conversation":"J1","time":"2026-11-01 10:00","sender":"customer","text":"hi"}\n{"conversation":"J1","time":"2026-11-01 10:01","sender":"customer",\n';
const ZENDESK_LINES_CUT = '{"id":1,"requester_id":5,"comments":[{"author_id":5,"created_at":"2026-11-01T10:00:00Z","body":"Where is my order?"}]}\n{"id":2,"requester_id":6,"comments":[{"author_id":6,\n';
const BAD_CHAR = '[\n  {"conversation":"J1","time":"2026-11-01 10:00","sender":"customer","text":"hi"},\n  {"conversation":"J1", time:"2026-11-01 10:01"}\n]\n';

const CUT_FILE = { en: 'the file ends before its JSON is complete (it may have been cut short when it was saved or copied)', zh: '文件在 JSON 结束之前就结束了（可能在保存或复制时被截断）' };
const CUT_LINE = { en: 'the line ends before its JSON object is complete (it may have been cut short)', zh: '这一行在 JSON 对象结束之前就结束了（可能被截断）' };
const at = (lang: 'en' | 'zh', file: string, line: number, column: number, reason: string): string =>
  lang === 'en' ? `${file} line ${line}, column ${column}: ${reason}` : `${file} 第 ${line} 行第 ${column} 列：${reason}`;

describe('invalid JSON conversation files', () => {
  it('a truncated Zendesk export is a user error naming file, line and column, in both languages, over the API (import.preview) too', async () => {
    const path = join(F, 'zendesk-truncated.json');
    for (const lang of ['en', 'zh'] as const) {
      const e = await rejection(b.imp({ kind: 'chats', path }, lang));
      expect(e.code).toBe('user_error');
      expect(e.message).toBe(at(lang, 'zendesk-truncated.json', 1, 223, CUT_FILE[lang]));
      const out = await engine.call('import.preview', { kind: 'chats', path }, lang);
      expect(out.ok).toBe(false);
      if (!out.ok) expect([out.error.code, out.error.message]).toEqual(['user_error', at(lang, 'zendesk-truncated.json', 1, 223, CUT_FILE[lang])]);
    }
    expect(b.count('messages')).toBe(0);
  });

  it('a truncated array, a wrong character on line 3, truncated JSON Lines (generic and Zendesk): the line and column, the reason in Chinese in zh mode', async () => {
    const cases: [string, string, number, number, Record<'en' | 'zh', string>][] = [
      ['cut.json', ARRAY_CUT, 1, 88, CUT_FILE],
      ['bad.json', BAD_CHAR, 3, 25, { en: 'not valid JSON: “t” was not expected here', zh: '不是有效的 JSON：此处不应出现“t”' }],
      ['cut.jsonl', LINES_CUT, 2, 68, CUT_LINE],
      ['zendesk-cut.jsonl', ZENDESK_LINES_CUT, 2, 53, CUT_LINE],
    ];
    for (const [name, text, line, column, reason] of cases) {
      const path = b.file(name, text);
      for (const lang of ['en', 'zh'] as const) {
        const e = await rejection(b.imp({ kind: 'chats', path }, lang));
        expect([e.code, e.message], `${name} ${lang}`).toEqual(['user_error', at(lang, name, line, column, reason[lang])]);
      }
    }
    expect(b.count('messages')).toBe(0);
  });

  it('with --skip-invalid a JSON Lines file keeps its good lines and rejects the broken one by line and column', async () => {
    const r = await b.imp({ kind: 'chats', path: b.file('cut2.jsonl', LINES_CUT), skipInvalid: true }, 'zh');
    expect([r.inserted, r.rejected]).toEqual([1, 1]);
    expect(r.rejects.map((x) => [x.row, x.reason])).toEqual([[2, `第 68 列：${CUT_LINE.zh}`]]);
  });
});
