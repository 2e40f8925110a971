/** From a header row to a column plan: marketplace layout, mapping, user overrides, date formats. */
import { z } from 'zod';
import { EngineError } from '../errors';
import { tr, type Lang } from '../i18n';
import { DATE_FORMATS, detectDateFormat, type DateDetection, type DateFormat } from './dates';
import { IMPORT_KIND_NAMES, findKind, importKinds } from './kinds/index';
import { detectMapping, type MappingResult } from './mapping';
import { detectMarketplace, type MarketplaceAdapter } from './marketplace';
import { importMessages } from './messages';
import type { SourceFormat } from './source';
import type { FieldDef, KindDef } from './types';
import { shownFileName } from '../fs/upload-name';

/** Parameters of one import (the `import.run` op and the 'import' job). */
export const ImportParams = z.object({
  kind: z.enum(IMPORT_KIND_NAMES),
  path: z.string().min(1),
  encoding: z.string().min(1).optional(),
  /** Source column -> field name, overriding detection. */
  map: z.record(z.string(), z.string()).optional(),
  dateFormat: z.enum(DATE_FORMATS as [DateFormat, ...DateFormat[]]).optional(),
  dryRun: z.boolean().default(false),
  skipInvalid: z.boolean().default(false),
  /** Where rejected rows go with --skip-invalid (default: FILE.rejects.csv beside the input). */
  rejectsPath: z.string().min(1).optional(),
});

/** Parsed import parameters. */
export type ImportParams = z.output<typeof ImportParams>;

/**
 * Whose advice a mapping message gives: the CLI's `--map COLUMN=FIELD`, or the import wizard's menu under each column
 * (the wizard has no --map). Set by import.run from the caller, not by the user's input.
 */
export type MapAdvice = 'cli' | 'wizard';

/** The advice recorded in an import job's parameters ('cli' unless import.run said the app's window asked). */
export function adviceOf(rawParams: unknown): MapAdvice {
  return (rawParams as { advice?: unknown } | null)?.advice === 'wizard' ? 'wizard' : 'cli';
}

/** A kind by name, or a user error listing the kinds. */
export function kindOrThrow(name: string, lang: Lang): KindDef {
  const k = findKind(name);
  if (!k) throw new EngineError('user_error', tr(importMessages, lang, 'unknown_kind', { kind: name, kinds: importKinds.map((x) => x.name).join(', ') }), { kind: name });
  return k;
}

/** How the columns of a file feed a kind's fields. */
export interface ColumnSetup {
  format: SourceFormat | 'shopify' | 'woocommerce';
  /** Headers after any marketplace transform (what mapping saw). */
  headers: string[];
  adapter: MarketplaceAdapter | null;
  mapping: MappingResult;
  /** Mapped fields in stage-column order, with the column index each reads. */
  fields: FieldDef[];
  columns: number[];
}

/** Columns a mapping matched by name (confidence 0.9 and over), not merely by a word inside a longer header. */
function strongMatches(m: MappingResult): number {
  return m.mapping.filter((x) => x.confidence >= 0.9).length;
}

/**
 * The table kind a file's header clearly belongs to instead of `kind`: one whose required fields it all has and whose
 * fields it matches by name in at least two more columns (a competitor-prices file as products: sku and price for
 * products; sku, competitor, date, price and in_stock for competitor prices). Null when none.
 */
export function otherKind(kind: KindDef, headers: readonly string[], mapping: MappingResult): { kind: KindDef; columns: string[] } | null {
  const own = strongMatches(mapping);
  let best: { kind: KindDef; columns: string[]; n: number } | null = null;
  for (const k of importKinds) {
    if (k === kind || k.readSource || k.name === 'chats' || k.name === 'kb') continue;
    const m = detectMapping(k, headers);
    if (m.missing.length || (k.oneOf && !k.oneOf.some((f) => m.mapping.some((x) => x.field === f)))) continue;
    const n = strongMatches(m);
    if (n >= own + 2 && (!best || n > best.n)) best = { kind: k, columns: m.mapping.filter((x) => x.confidence >= 0.9).map((x) => x.column), n };
  }
  return best && { kind: best.kind, columns: best.columns };
}

/** Builds the column setup from the raw header row; throws user errors for bad overrides or missing required fields. */
export function setupColumns(kind: KindDef, rawHeaders: string[], fileFormat: SourceFormat, overrides: Record<string, string>, file: string, lang: Lang, advice: MapAdvice = 'cli'): ColumnSetup {
  const trimmed = rawHeaders.map((h) => h.replace(/^\ufeff/, '').trim());
  const adapter = kind.name === 'products' ? detectMarketplace(trimmed) : null;
  const headers = adapter ? adapter.headers : trimmed;
  const name = shownFileName(file);
  const say = (key: 'title_row' | 'missing_fields' | 'other_kind'): string => (advice === 'wizard' ? `${key}_wizard` : key);
  for (const [source, fieldName] of Object.entries(overrides)) {
    if (!kind.fields.some((f) => f.name === fieldName)) {
      throw new EngineError('user_error', tr(importMessages, lang, 'unknown_field', { source, field: fieldName, kind: kind.name, fields: kind.fields.map((f) => f.name).join(', ') }));
    }
    if (!adapter && !headers.includes(source) && !headers.some((h) => h.toLowerCase() === source.toLowerCase())) {
      throw new EngineError('user_error', tr(importMessages, lang, 'unknown_column', { source, field: fieldName, file: name, columns: headers.join(', ') }));
    }
  }
  const mapping = detectMapping(kind, headers, adapter ? {} : overrides);
  // A report's title above the column names (a merged 'Shop export 2026-03' cell): the columns are on a later row.
  const filled = headers.filter((h) => h !== '');
  if (mapping.missing.length && filled.length === 1 && !mapping.mapping.length) {
    throw new EngineError('user_error', tr(importMessages, lang, say('title_row'), { file: name, title: filled[0].slice(0, 80), fields: mapping.missing.join(', ') }), { file, missing: mapping.missing, headers });
  }
  if (mapping.missing.length) {
    throw new EngineError('user_error', tr(importMessages, lang, say('missing_fields'), { file: name, fields: mapping.missing.join(', '), nfields: mapping.missing.length, columns: headers.join(', ') }), {
      file, missing: mapping.missing, headers,
    });
  }
  if (kind.oneOf && !kind.oneOf.some((f) => mapping.mapping.some((m) => m.field === f))) {
    throw new EngineError('user_error', tr(importMessages, lang, 'missing_one_of', { file: name, fields: kind.oneOf.join(', ') }));
  }
  // A file of another kind whose columns happen to include a SKU and a price (competitor prices, order lines) would
  // overwrite the products' own prices: refused unless the user mapped the columns.
  const other = adapter || Object.keys(overrides).length ? null : otherKind(kind, headers, mapping);
  if (other) {
    throw new EngineError('user_error', tr(importMessages, lang, say('other_kind'), { file: name, other: other.kind.label[lang], kind: kind.label[lang], columns: other.columns.join(', ') }), {
      file, kind: kind.name, looksLike: other.kind.name,
    });
  }
  const byField = new Map(mapping.mapping.map((m) => [m.field, m.index]));
  const fields = kind.fields.filter((f) => byField.has(f.name));
  return {
    format: adapter ? adapter.format : fileFormat,
    headers,
    adapter,
    mapping,
    fields,
    columns: fields.map((f) => byField.get(f.name) ?? -1),
  };
}

/** Date format per mapped date/timestamp field: the forced one, or detected from sample rows. */
export function detectDateFormats(setup: ColumnSetup, sample: readonly string[][], forced: DateFormat | undefined): Record<string, DateDetection> {
  const out: Record<string, DateDetection> = {};
  setup.fields.forEach((f, j) => {
    if (f.type !== 'date' && f.type !== 'timestamp') return;
    if (forced) {
      out[f.name] = { format: forced, ambiguous: false };
      return;
    }
    const col = setup.columns[j];
    const values = sample.map((r) => (r[col] ?? '').trim()).filter((v) => v !== '');
    out[f.name] = detectDateFormat(values);
  });
  return out;
}
