/** `import.preview`: what the importer sees in a file before anything is written. */
import { isFile, isFolder } from '../fs/checks';
import { resolve } from 'node:path';
import { EngineError } from '../errors';
import { tr, type Lang } from '../i18n';
import { detectDateFormat, type DateDetection, type DateFormat } from './dates';
import { normaliseEncoding } from './encoding';
import { detectMapping, type FieldMapping } from './mapping';
import { detectMarketplace } from './marketplace';
import { importMessages } from './messages';
import { kindOrThrow } from './setup';
import { readRows, type SourceFormat } from './source';
import { refuseEmptyFile } from '../io/reader';

/** Options of a preview. */
export interface PreviewOptions {
  kind: string;
  path: string;
  encoding?: string;
  map?: Record<string, string>;
  dateFormat?: DateFormat;
}

/** What a preview shows the mapping step. */
export interface PreviewResult {
  file: string;
  format: SourceFormat | 'shopify' | 'woocommerce';
  encoding: string | null;
  delimiter: string | null;
  headers: string[];
  mapping: FieldMapping[];
  unmapped: string[];
  missing: string[];
  dateFormats: Record<string, DateDetection>;
  rows: string[][];
  /** Rows among the first ones read that are broken (unclosed quote, too long, more cells than the header). */
  problems: { row: number; column: string; reason: string }[];
}

const PREVIEW_ROWS = 20;
const DETECT_ROWS = 200;

/** Reads the header and first rows of a file and proposes a mapping. */
export async function previewImport(o: PreviewOptions, lang: Lang): Promise<PreviewResult> {
  const kind = kindOrThrow(o.kind, lang);
  const file = resolve(o.path);
  if (!isFile(file) && !kind.acceptsFolder) throw new EngineError('user_error', tr(importMessages, lang, isFolder(file) ? 'file_is_folder' : 'file_not_found', { file }), { file });
  // A 0-byte file is said to be empty, as the import says (the preview showed no columns and asked for every field).
  refuseEmptyFile(file, lang);
  const encoding = o.encoding ? normaliseEncoding(o.encoding, (e) => tr(importMessages, lang, 'bad_encoding', { encoding: e })) : undefined;
  let header: string[] | null = null;
  let transform: ((r: string[]) => string[] | null) | null = null;
  let format = 'csv' as PreviewResult['format'];
  const rows: string[][] = [];
  const problems: PreviewResult['problems'] = [];
  const info = await (kind.readSource ? kind.readSource.bind(kind) : readRows)(
    file,
    {
      encoding, lang, detected: (f) => (format = f), badXlsx: (reason) => tr(importMessages, lang, 'bad_xlsx', { file, reason }),
      onProblem: (p) => void problems.push({ row: p.row, column: p.column, reason: p.reason }),
    },
    (fields) => {
      if (!header) {
        header = fields.map((h) => h.replace(/^\ufeff/, '').trim());
        const adapter = kind.name === 'products' ? detectMarketplace(header) : null;
        if (adapter) {
          header = adapter.headers;
          transform = (r) => adapter.transform(r);
          format = adapter.format;
        }
        return true;
      }
      const cells = transform ? transform(fields) : fields;
      if (cells) rows.push(cells);
      return rows.length < DETECT_ROWS;
    },
  );
  const headers: string[] = header ?? [];
  const m = detectMapping(kind, headers, format === 'shopify' || format === 'woocommerce' ? {} : (o.map ?? {}));
  const dateFormats: Record<string, DateDetection> = {};
  for (const fm of m.mapping) {
    const f = kind.fields.find((x) => x.name === fm.field);
    if (f?.type !== 'date' && f?.type !== 'timestamp') continue;
    dateFormats[fm.field] = o.dateFormat
      ? { format: o.dateFormat, ambiguous: false }
      : detectDateFormat(rows.map((r) => (r[fm.index] ?? '').trim()).filter((v) => v !== ''));
  }
  return {
    file, format, encoding: info.encoding, delimiter: info.delimiter, headers, mapping: m.mapping, unmapped: m.unmapped, missing: m.missing,
    dateFormats, rows: rows.slice(0, PREVIEW_ROWS), problems,
  };
}
