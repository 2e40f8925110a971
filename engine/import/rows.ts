/** From raw file rows to valid stage rows: header mapping, date formats from a sample, every cell parsed and checked. */
import type Database from 'better-sqlite3';
import { tr, type Lang } from '../i18n';
import type { DateDetection } from './dates';
import { currencyCheck, type CurrencyMismatch } from './currency';
import { importMessages } from './messages';
import { RejectCollector } from './rejects';
import { detectDateFormats, setupColumns, type ColumnSetup, type ImportParams, type MapAdvice } from './setup';
import type { ReadOptions, SourceFormat } from './source';
import type { Cell, ImportPlan, KindDef } from './types';
import { INVALID, clean, detectDecimalMark, failure, parseCell, type DecimalMark } from './values';

const SAMPLE_ROWS = 200;

/** Where valid rows go: `open` is called once the plan is known (after the sample), then `add` per valid row in file order. */
export interface RowSink {
  open(plan: ImportPlan): void;
  add(row: Cell[]): void;
}

/** What the rows reader needs to know about the run. */
export interface RowsContext {
  db: Database.Database;
  kind: KindDef;
  params: ImportParams;
  file: string;
  name: string;
  now: string;
  lang: Lang;
  rejectsPath: string | null;
  /** Whose advice the mapping messages give (the CLI's --map or the wizard's column menus). */
  advice?: MapAdvice;
  checkCancelled?: () => void;
}

/** Validates the rows a reader streams to `onRow` and hands the good ones to a sink; bad ones go to `rejects`. */
export class ImportRows {
  setup: ColumnSetup | null = null;
  plan: ImportPlan | null = null;
  dateFormats: Record<string, DateDetection> = {};
  rowsTotal = 0;
  staged = 0;
  fileFormat: SourceFormat = 'csv';
  readonly rejects: RejectCollector;
  private sample: { raw: string[]; cells: string[] | null; row: number }[] | null = [];
  private formats: DateDetection['format'][] = [];
  /** Per field, the decimal mark of a number column as its sample shows it (null: none shown, or not a number). */
  private decimals: (DecimalMark | null)[] = [];
  private isSku: boolean[] = [];
  /** Columns whose last parse is reused when the next row repeats the text: SKUs, dates and other identifiers. */
  private reuse: boolean[] = [];
  private lastText: (string | null)[] = [];
  private lastValue: Cell[] = [];
  private skus = new Map<string, number>();
  /** The check of money cells' currency signs against their row's currency (null: the file maps no money field). */
  private currency: ReturnType<typeof currencyCheck> = null;
  /** Per row number, the texts of its workbook cells that held numbers longer than 15 digits (see onLongNumber). */
  private longNumbers = new Map<number, Set<string>>();
  private out: Cell[] = [];
  /** Where valid rows go; set before reading. */
  sink: RowSink | null = null;

  constructor(private readonly c: RowsContext) {
    this.rejects = new RejectCollector(c.rejectsPath);
  }

  /** The reader's row handler (header first). */
  readonly onRow = (raw: string[], row: number): void => {
    const c = this.c;
    if (!this.setup) {
      this.setup = setupColumns(c.kind, raw, this.fileFormat, c.params.map ?? {}, c.file, c.lang, c.advice);
      this.rejects.setHeaders(raw);
      return;
    }
    const cells = this.setup.adapter ? this.setup.adapter.transform(raw) : raw;
    if (this.sample) {
      this.sample.push({ raw, cells, row });
      if (this.sample.length >= SAMPLE_ROWS) this.flushSample();
      return;
    }
    if (cells) this.processRow(raw, cells, row);
  };

  /** Read options shared by every reader: progress, cancellation, format, broken rows (rejected under skipInvalid). */
  readOptions(encoding: string | undefined, progress: ((done: number, total: number) => void) | undefined, afterChunk?: () => void): ReadOptions {
    const { lang, name } = this.c;
    return {
      encoding,
      onBytes: progress,
      checkCancelled: this.c.checkCancelled,
      afterChunk,
      detected: (format) => {
        this.fileFormat = format;
      },
      badXlsx: (reason) => tr(importMessages, lang, 'bad_xlsx', { file: name, reason }),
      lang,
      onLongNumber: (row, text) => {
        const l = this.longNumbers.get(row);
        if (l) l.add(text);
        else this.longNumbers.set(row, new Set([text]));
      },
      // A broken row (unclosed quote, over the size limits, more cells than the header) fails the import unless skipInvalid.
      onProblem: this.c.params.skipInvalid
        ? (pr) => {
            this.rowsTotal++;
            this.reject(pr.cells, pr.row, pr.column, pr.value, pr.reason);
          }
        : undefined,
    };
  }

  private reject(raw: readonly string[], row: number, column: string, value: string, reason: string): void {
    this.rejects.add({ file: this.c.name, row, column, value, reason }, raw);
  }

  private processRow(raw: string[], cells: string[], row: number): void {
    const s = this.setup as ColumnSetup;
    this.rowsTotal++;
    if ((this.rowsTotal & 2047) === 0) this.c.checkCancelled?.();
    const { columns: cols, fields } = s;
    const { lastText, lastValue, isSku, reuse, formats, out } = this;
    const longs = this.longNumbers.size ? this.longNumbers.get(row) : undefined;
    if (longs) this.longNumbers.delete(row);
    for (let j = 0; j < fields.length; j++) {
      const ci = cols[j];
      const text = ci < cells.length ? cells[ci] : '';
      // An order number or barcode the workbook holds as a number lost its digits after the 15th: refused, not stored.
      if (longs?.has(text) && (fields[j].identifier || fields[j].type === 'sku')) return this.reject(raw, row, s.headers[ci], text, tr(importMessages, this.c.lang, 'long_number_code'));
      // Neighbouring rows often repeat a date, SKU or order number: reuse the last parse of this column.
      let v: Cell | typeof INVALID;
      if (text === lastText[j]) v = lastValue[j];
      else {
        v = parseCell(fields[j], text, formats[j], this.decimals[j]);
        if (v !== INVALID && reuse[j]) {
          lastText[j] = text;
          lastValue[j] = v;
        }
      }
      const infer = fields[j].infer;
      if (v === INVALID && infer && failure.key === 'bad_enum') {
        const got = infer(clean(text), (name) => this.cellOf(cells, name), this.c.lang);
        if ('reason' in got) return this.reject(raw, row, s.headers[ci], text, got.reason);
        v = got.value;
      }
      if (v === INVALID) return this.reject(raw, row, s.headers[ci], text, tr(importMessages, this.c.lang, failure.key, failure.params));
      const check = fields[j].check;
      if (check && typeof v === 'string') {
        const problem = check(v, this.c.lang);
        if (problem) return this.reject(raw, row, s.headers[ci], text, problem);
      }
      if (isSku[j] && v !== null) {
        const id = this.skus.get(v as string);
        if (id === undefined) return this.reject(raw, row, s.headers[ci], text, tr(importMessages, this.c.lang, 'unknown_sku', { sku: v }));
        v = id;
      }
      out[j] = v;
    }
    // '$9.99' in a row whose amounts are in CNY was stored as 9.99 CNY: a sign naming another currency is refused.
    const wrong = this.currency?.(out, (j) => (cols[j] < cells.length ? cells[cols[j]] : ''));
    if (wrong) return this.reject(raw, row, s.headers[cols[wrong.column]], cells[cols[wrong.column]], this.currencyReason(wrong));
    this.plan?.onRow?.(out);
    (this.sink as RowSink).add(out);
    this.staged++;
  }

  /** The trimmed text of a field's cell in this row (null when the file maps no column to it). */
  private cellOf(cells: readonly string[], name: string): string | null {
    const s = this.setup as ColumnSetup;
    const j = s.fields.findIndex((f) => f.name === name);
    if (j < 0 || s.columns[j] < 0) return null;
    return s.columns[j] < cells.length ? clean(cells[s.columns[j]]) : '';
  }

  private currencyReason(m: CurrencyMismatch): string {
    const params = { sign: m.sign, named: m.named, currency: m.currency };
    return m.source.kind === 'product'
      ? tr(importMessages, this.c.lang, 'money_currency_product', { ...params, sku: m.source.sku })
      : tr(importMessages, this.c.lang, 'money_currency', params);
  }

  /** Detects date formats from the buffered sample, builds the plan, opens the sink and processes the sample. */
  flushSample(): void {
    if (!this.sample || !this.setup) return;
    const s = this.setup;
    const { db } = this.c;
    this.dateFormats = detectDateFormats(s, this.sample.filter((r) => r.cells).map((r) => r.cells as string[]), this.c.params.dateFormat);
    this.formats = s.fields.map((f) => this.dateFormats[f.name]?.format ?? null);
    // '2.499 €' among '1.299,00 €' is two thousand four hundred, not two: a column's decimal mark comes from its sample,
    // or, where its values show none (quantities 1.000 and 2), from the file's other number columns when they agree.
    const sampled = this.sample.filter((r) => r.cells).map((r) => r.cells as string[]);
    const numeric = s.fields.map((f, j) => (f.type === 'number' || f.type === 'money' || f.type === 'int' ? sampled.map((r) => r[s.columns[j]] ?? '') : null));
    const fileMark = detectDecimalMark(numeric.flatMap((v) => v ?? []));
    this.decimals = numeric.map((v) => (v ? (detectDecimalMark(v) ?? fileMark) : null));
    this.isSku = s.fields.map((f) => f.type === 'sku');
    this.reuse = s.fields.map((f) => f.type === 'sku' || f.identifier === true || f.type === 'date' || f.type === 'timestamp');
    this.lastText = s.fields.map(() => null);
    this.lastValue = s.fields.map(() => null);
    this.currency = currencyCheck(db, this.c.kind.name, this.c.kind.fields, s.fields);
    if (this.isSku.some(Boolean)) this.skus = new Map((db.prepare('SELECT sku, id FROM products').raw().all() as [string, number][]).map(([k, v]) => [k, v]));
    const plan = this.c.kind.plan(s.fields.map((f) => f.name), this.c.now, db, { name: this.c.name, lang: this.c.lang });
    this.plan = plan;
    (this.sink as RowSink).open(plan);
    this.out = new Array<Cell>(plan.stageColumns.length).fill(null);
    const buffered = this.sample;
    this.sample = null;
    for (const r of buffered) if (r.cells) this.processRow(r.raw, r.cells, r.row);
  }
}
