/**
 * Reads a conversations file for the chats import kind: WhatsApp .txt export, Zendesk JSON export, generic JSON, or a
 * mapped CSV/TSV/XLSX (through the common reader). Every message reaches the importer as a row with its file line, so
 * the usual validation, rejects, all-or-nothing and idempotence apply; duplicated messages are reported by line.
 */
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { EngineError } from '../../errors';
import { tr } from '../../i18n';
import { CSV_LIMITS, type RowHandler } from '../../import/csv';
import { createDecoder, detectEncoding } from '../../import/encoding';
import { readRows, type ReadOptions, type SourceInfo } from '../../import/source';
import { ioMessages } from '../../io/messages';
import { JsonSyntaxError } from '../../io/json-error';
import { emptyFileError, readTextFile } from '../../io/reader';
import { chatImportMessages } from './messages';
import { parseJsonConversations } from './json-rows';
import { contactFromFileName, customerOf, isoDates, looksLikeWhatsApp, parseWhatsApp, startsLikeWhatsApp } from './whatsapp';
import { looksLikeZendesk, parseZendesk } from './zendesk';
import { shownFileName } from '../../fs/upload-name';

type OnRow = RowHandler;

/** The header the chats kind's own readers emit (matched by the field synonyms). */
export const CHAT_HEADER = ['conversation', 'time', 'sender', 'channel', 'text', 'customer', 'order_no', 'subject'];

async function head(path: string): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const b = buf.subarray(0, bytesRead);
    return createDecoder(detectEncoding(b).encoding).write(b);
  } finally {
    await fh.close();
  }
}

/** Emits rows, reporting duplicates and over-long messages through the reader's problem hook (or failing on the first). */
class Emitter {
  private seen = new Map<string, number>();
  constructor(private path: string, private opts: ReadOptions, private onRow: OnRow) {}

  header(): void {
    this.onRow(CHAT_HEADER, 0);
  }

  problem(line: number, column: string, value: string, reason: string, cells: string[]): void {
    const lang = this.opts.lang ?? 'en';
    const file = shownFileName(this.path);
    if (!this.opts.onProblem) throw new EngineError('user_error', tr(ioMessages, lang, 'at', { file, row: line, column, reason }), { file: this.path, row: line, column });
    this.opts.onProblem({ kind: 'invalid_content', row: line, column, value: value.slice(0, 200), reason, cells });
  }

  /**
   * A JSON syntax error, named by line and column with the reason in the caller's language: the whole file's (nothing
   * can be read past it, so the import stops) or one JSON Lines line's (a row problem: `--skip-invalid` rejects that line).
   */
  json(e: JsonSyntaxError, scope: 'file' | 'line'): void {
    const lang = this.opts.lang ?? 'en';
    const reason = e.cutShort ? tr(chatImportMessages, lang, scope === 'file' ? 'json_cut_file' : 'json_cut_line') : tr(chatImportMessages, lang, 'json_char', { char: e.char });
    if (scope === 'file' || !this.opts.onProblem) {
      throw new EngineError('user_error', tr(chatImportMessages, lang, 'json_at', { file: shownFileName(this.path), line: e.line, column: e.column, reason }), { file: this.path, row: e.line, column: e.column });
    }
    this.opts.onProblem({ kind: 'invalid_content', row: e.line, column: 'json', value: '', reason: tr(chatImportMessages, lang, 'json_col', { column: e.column, reason }), cells: [] });
  }

  row(line: number, cells: string[]): void {
    const lang = this.opts.lang ?? 'en';
    const textIdx = CHAT_HEADER.indexOf('text');
    const long = cells.findIndex((c) => c.length > CSV_LIMITS.fieldChars);
    if (long >= 0) return this.problem(line, CHAT_HEADER[long] ?? `#${long + 1}`, cells[long].slice(0, 80), tr(ioMessages, lang, 'field_too_long', { max: CSV_LIMITS.fieldChars }), cells);
    const key = [cells[0], cells[1], cells[2], cells[textIdx]].join('\u0000');
    const first = this.seen.get(key);
    if (first !== undefined) return this.problem(line, 'text', cells[textIdx], tr(chatImportMessages, lang, 'duplicate', { first }), cells);
    this.seen.set(key, line);
    this.onRow(cells, line);
  }
}

const JSON_EXTS = ['.json', '.jsonl', '.ndjson'];

/**
 * Which reader a conversations file needs, by its extension and its content: a WhatsApp export or a JSON export saved
 * under another extension (a Zendesk export renamed .txt, a WhatsApp chat renamed .csv) is read as what it holds. Such
 * files used to go to the table reader, which took the JSON's first line for column names and said the file had no
 * rows, or listed a message line as the missing columns.
 */
function sniff(ext: string, start: string): 'whatsapp' | 'json' | 'table' {
  if (ext === '.xlsx' || ext === '.xls') return 'table';
  if (ext === '.txt' ? looksLikeWhatsApp(start) : startsLikeWhatsApp(start)) return 'whatsapp';
  if (JSON_EXTS.includes(ext) || /^[{[]/.test(start.replace(/^\ufeff/, '').trimStart())) return 'json';
  return 'table';
}

/** Reads a conversations file and streams its rows (header first) to `onRow`. */
export async function readChatSource(path: string, opts: ReadOptions, onRow: OnRow): Promise<SourceInfo> {
  const ext = extname(path).toLowerCase();
  const { size } = await stat(path);
  const lang = opts.lang ?? 'en';
  // A 0-byte export is said to be empty, not to lack a header row (it is no table, and a WhatsApp export has none).
  if (size === 0) throw emptyFileError(path, lang);
  const start = ext === '.xlsx' ? '' : await head(path);
  const em = new Emitter(path, opts, onRow);
  const format = sniff(ext, start);
  if (format === 'whatsapp') {
    opts.detected?.('whatsapp');
    const text = readTextFile(path, { lang, maxBytes: 512 * 1024 * 1024 });
    const named = contactFromFileName(path);
    const msgs = parseWhatsApp(text, named);
    if (!msgs.length) throw new EngineError('user_error', tr(chatImportMessages, lang, 'no_header_line', { file: shownFileName(path) }), { file: path });
    const contact = customerOf(named, msgs);
    const times = isoDates(msgs);
    em.header();
    msgs.forEach((m, i) => {
      opts.checkCancelled?.();
      // WhatsApp's placeholders ("<Media omitted>", "This message was deleted", the encryption notice) are no one's
      // words: imported as text they were analysed as the customer's message. They still told who the customer is.
      if (m.placeholder) return;
      const cells = [`whatsapp:${contact}`, times[i].iso ?? m.stamp, m.author === contact ? 'customer' : 'agent', 'whatsapp', m.text, contact, '', ''];
      // A date that does not exist is quoted as the file writes it ("31/02/2026, 09:00:00"), not as its converted form.
      if (times[i].iso === null) return em.problem(m.line, 'time', m.stamp, tr(chatImportMessages, lang, 'wa_bad_date', { value: m.stamp, pattern: times[i].pattern }), cells);
      em.row(m.line, cells);
    });
    opts.afterChunk?.();
    return { format: 'whatsapp', encoding: null, delimiter: null, sizeBytes: size };
  }
  if (format === 'json') {
    const text = readTextFile(path, { lang, maxBytes: 512 * 1024 * 1024 });
    if (looksLikeZendesk(start)) {
      opts.detected?.('zendesk');
      let tickets: ReturnType<typeof parseZendesk>;
      try {
        tickets = parseZendesk(text);
      } catch (e) {
        if (e instanceof JsonSyntaxError) em.json(e, 'file');
        throw e;
      }
      em.header();
      for (const r of tickets) {
        if (r.kind === 'problem' && r.json) em.json(r.json, 'line');
        else if (r.kind === 'problem') em.problem(r.line, r.column, r.value, tr(chatImportMessages, lang, r.key, r.params), []);
        else em.row(r.line, [r.conversation, r.ts, r.sender, r.channel, r.text, r.customer, '', r.subject]);
      }
      opts.afterChunk?.();
      return { format: 'zendesk', encoding: null, delimiter: null, sizeBytes: size };
    }
    opts.detected?.('json');
    let records: ReturnType<typeof parseJsonConversations>;
    try {
      records = parseJsonConversations(text);
    } catch (e) {
      if (e instanceof JsonSyntaxError) em.json(e, 'file');
      throw e;
    }
    // Not one message to read (an empty array, conversations without messages): said as such, not as missing columns.
    if (records.every((r) => r.fields.__empty || r.error)) {
      const first = records.find((r) => r.error)?.error;
      if (first) em.json(first, 'file');
      throw new EngineError('user_error', tr(chatImportMessages, lang, 'json_no_messages', { file: shownFileName(path) }), { file: path });
    }
    const keys = [...new Set(records.flatMap((r) => Object.keys(r.fields)))].filter((k) => k !== '__empty');
    onRow(keys, 0);
    for (const r of records) {
      if (r.error) em.json(r.error, 'line');
      else if (r.fields.__empty) em.problem(r.line, 'messages', '', tr(chatImportMessages, lang, 'no_messages', { id: r.fields.conversation ?? '' }), []);
      else onRow(keys.map((k) => r.fields[k] ?? ''), r.line);
    }
    opts.afterChunk?.();
    return { format: 'json', encoding: null, delimiter: null, sizeBytes: size };
  }
  // CSV / TSV / XLSX: the common reader; a row repeated exactly is a duplicated message.
  const seen = new Map<string, number>();
  let isHeader = true;
  return readRows(path, opts, (raw, row) => {
    if (isHeader) {
      isHeader = false;
      return onRow(raw, row);
    }
    const key = raw.join('\u0000');
    const first = seen.get(key);
    if (first !== undefined && raw.some((c) => c.trim())) return em.problem(row, raw.length > 1 ? '*' : '#1', raw.join(',').slice(0, 80), tr(chatImportMessages, lang, 'duplicate', { first }), raw);
    seen.set(key, row);
    return onRow(raw, row);
  });
}
