/**
 * A folder of Markdown knowledge-base articles: SLUG.md, SLUG.LANG.md or SLUG.LANG.CHANNEL.md (LANG zh or en; a file
 * with a channel is that channel's wording of the article), each with optional front matter
 * (--- title: / tags: a, b / intent: / lang: / channel: ---). Without a language the text decides.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { EngineError } from '../../errors';
import { tr } from '../../i18n';
import type { RowHandler } from '../../import/csv';
import type { ReadOptions, SourceInfo } from '../../import/source';
import { ioMessages } from '../../io/messages';
import { readRows } from '../../import/source';
import { readTextFile } from '../../io/reader';
import { detectLanguage } from '../../../models/text/lang';
import { chatImportMessages } from './messages';

/** The header the Markdown reader emits. */
export const KB_HEADER = ['slug', 'lang', 'channel', 'title', 'body', 'tags', 'intent'];

const NAME = /^([\p{L}\p{N}_-]+?)(?:\.(zh|en))?(?:\.([a-z][a-z0-9_-]*))?\.md$/iu;

/** Front matter and body of one Markdown file; throws a reason when the front matter is not closed. */
export function splitFrontMatter(text: string): { meta: Record<string, string>; body: string } | null {
  if (!text.startsWith('---')) return { meta: {}, body: text.trim() };
  const end = text.indexOf('\n---', 3);
  if (end < 0) return null;
  const meta: Record<string, string> = {};
  for (const line of text.slice(3, end).split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_]+)\s*:\s*(.*)$/.exec(line);
    if (m) meta[m[1].toLowerCase()] = m[2].trim().replace(/^["']|["']$/g, '');
  }
  return { meta, body: text.slice(text.indexOf('\n', end + 1) + 1).trim() };
}

/** Reads a KB source: a Markdown folder (or one .md file), else CSV/TSV/XLSX through the common reader. */
export async function readKbSource(path: string, opts: ReadOptions, onRow: RowHandler): Promise<SourceInfo> {
  const lang = opts.lang ?? 'en';
  const isDir = statSync(path).isDirectory();
  if (!isDir && !path.toLowerCase().endsWith('.md')) return readRows(path, opts, onRow);
  const files = isDir ? readdirSync(path).filter((f) => f.toLowerCase().endsWith('.md')).sort() : [basename(path)];
  const dir = isDir ? path : join(path, '..');
  if (!files.length) throw new EngineError('user_error', tr(chatImportMessages, lang, 'no_markdown', { folder: path }), { file: path });
  opts.detected?.('markdown');
  onRow(KB_HEADER, 0);
  let size = 0;
  files.forEach((f, i) => {
    opts.checkCancelled?.();
    const fail = (column: string, reason: string): void => {
      if (!opts.onProblem) throw new EngineError('user_error', tr(ioMessages, lang, 'at', { file: f, row: 1, column, reason }), { file: join(dir, f), row: 1, column });
      opts.onProblem({ kind: 'invalid_content', row: i + 1, column: `${f}:${column}`, value: f, reason, cells: [f] });
    };
    const m = NAME.exec(f);
    if (!m) return fail('name', tr(chatImportMessages, lang, 'bad_kb_name', { name: f }));
    const text = readTextFile(join(dir, f), { lang });
    size += text.length;
    const parts = splitFrontMatter(text);
    if (!parts) return fail('front matter', tr(chatImportMessages, lang, 'bad_front_matter'));
    const { meta, body } = parts;
    let title = meta.title ?? '';
    let content = body;
    const h1 = /^#\s+(.+)\n?/.exec(body);
    if (!title && h1) {
      title = h1[1].trim();
      content = body.slice(h1[0].length).trim();
    }
    const detected = detectLanguage(content);
    const l = (m[2] ?? meta.lang ?? (detected === 'zh' ? 'zh' : 'en')).toLowerCase();
    onRow([m[1], l, (m[3] ?? meta.channel ?? '').toLowerCase(), title, content, meta.tags ?? '', meta.intent ?? ''], i + 1);
  });
  opts.afterChunk?.();
  return { format: 'markdown', encoding: null, delimiter: null, sizeBytes: size };
}
