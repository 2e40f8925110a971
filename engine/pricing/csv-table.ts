/** Reads a delimited text file of any common encoding (UTF-8 with/without BOM, GB18030, ...) into a header and rows. */
import chardet from 'chardet';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { EngineError } from '../errors';

/** A parsed table. */
export interface CsvTable {
  header: string[];
  rows: string[][];
  encoding: string;
}

function decode(buf: Buffer): { text: string; encoding: string } {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { text: buf.subarray(3).toString('utf8'), encoding: 'utf-8' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' };
  } catch {
    const guess = chardet.detect(buf.subarray(0, 65536))?.toLowerCase() ?? 'gb18030';
    // GBK and GB2312 are subsets of GB18030; Big5 and Latin-1 guesses on short Chinese text are usually GBK.
    const enc = /^(utf-16le|utf-16be|shift_jis|euc-jp|euc-kr)$/.test(guess) && iconv.encodingExists(guess) ? guess : 'gb18030';
    return { text: iconv.decode(buf, enc), encoding: enc };
  }
}

/** Reads `path`; the delimiter (comma, tab, semicolon) is taken from the header line. */
export function readCsvTable(path: string): CsvTable {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new EngineError('user_error', `Cannot read ${path}: ${(e as Error).message}`, { path });
  }
  const { text, encoding } = decode(buf);
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  const delimiter = ['\t', ';', ','].reduce((best, d) => (firstLine.split(d).length > firstLine.split(best).length ? d : best), ',');
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (e) {
    throw new EngineError('user_error', `${path}: ${(e as Error).message}`, { path });
  }
  if (!records.length) throw new EngineError('user_error', `${path} is empty`, { path });
  return { header: records[0], rows: records.slice(1), encoding };
}
