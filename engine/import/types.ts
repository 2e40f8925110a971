/** Types of the importer framework: kinds declare fields, the runner parses, validates, stages and merges. */
import type Database from 'better-sqlite3';
import type { Lang } from '../i18n';
import type { RowHandler } from './csv';
import type { NewRowsCurrency } from './currency';
import type { ReadOptions, SourceInfo } from './source';

/** How a field's cell text is parsed. */
export type FieldType = 'text' | 'int' | 'number' | 'money' | 'date' | 'timestamp' | 'bool' | 'sku' | 'enum' | 'json';

/** One field a kind accepts: its parse rule, constraints and the header names that mean it. */
export interface FieldDef {
  name: string;
  type: FieldType;
  required?: boolean;
  /** Smallest allowed value for numeric fields. */
  min?: number;
  /** Value used when the cell is blank (instead of NULL). */
  default?: string | number;
  /** Allowed values for 'enum' fields (stored form). */
  values?: readonly string[];
  /** An identifier (SKU, order number, customer, session...; always so for 'sku' fields): a control character in it (line break, tab) is refused. */
  identifier?: boolean;
  /** Other spellings of enum values (normalised text -> stored value). */
  aliases?: Record<string, string>;
  label: Record<Lang, string>;
  /** A further rule on a parsed text cell (the KB editor's own rules for article ids and answers): why it is refused, in `lang`, or null. */
  check?: (value: string, lang: Lang) => string | null;
  /**
   * For an 'enum' field: reads a cell that is none of the values from the rest of its row (a chat sender written as a
   * nickname is the customer when it is the row's customer; `cellOf` gives a field's trimmed cell, null when the file
   * maps no column to it): the value, or why it is refused, in `lang`.
   */
  infer?: (text: string, cellOf: (field: string) => string | null, lang: Lang) => { value: Cell } | { reason: string };
  /** Header names (any language) that mean this field; matched case/space/punctuation-insensitively. */
  synonyms: readonly string[];
}

/** A parsed cell value as bound into SQLite. */
export type Cell = string | number | null;

/** SQL a kind runs for one import, built from the fields the file maps. */
export interface ImportPlan {
  /** Column definitions of the TEMP stage table, in the order stage rows are bound. */
  stageColumns: { name: string; sql: string }[];
  /** Extra TEMP tables plan() created (e.g. 'temp.import_orders'); the runner drops them afterwards. */
  extraTables?: string[];
  /** Called with each valid stage row just before it is staged; may fill stage columns after the mapped fields. */
  onRow?: (row: Cell[]) => void;
  /** Stage columns kept out of samples (bookkeeping such as the orders' first-line flag). */
  hidden?: string[];
  /** Statements run inside the write transaction before counting (e.g. create missing locations). */
  prepare: string[];
  /**
   * Rows of the file that repeat an earlier row's key: `count` says how many, `remove` drops them from the stage so
   * the last row of each key is the one written and counted (as the merge, which applies rows in file order, writes).
   */
  dedupe?: { count: string; remove: string };
  /** A SELECT yielding `action` ('insert' | 'update' | 'unchanged') plus the stage columns, one row per stage row. */
  classify: string;
  /** Statements that write the stage into the store. */
  merge: string[];
  /** The table the kind writes; when it is empty every staged row counts as an insert without a classify pass. */
  targetTable: string;
  /**
   * Other tables the merge fills in bulk: loaded without their plain indexes when empty, which come back at the end or
   * at a `rebuildIndexes(table)` step of `merge`, before any step that reads the table through them.
   */
  alsoFills?: string[];
  /** Named parameters bound to prepare/merge statements (e.g. now). */
  params: Record<string, Cell>;
  /** The currency new rows take because the file has no currency column (products, orders). */
  newRowsCurrency?: NewRowsCurrency;
}

/** What a kind's plan may say in a refusal: the file as the user named it and the reader's language. */
export interface PlanContext {
  name: string;
  lang: Lang;
}

/** One kind of import: products, orders, ... Later kinds add one file declaring this. */
export interface KindDef {
  name: string;
  label: Record<Lang, string>;
  fields: readonly FieldDef[];
  /** Fields of which at least one must be mapped (besides the required ones), e.g. a title or a price. */
  oneOf?: readonly string[];
  /**
   * Builds the stage table layout and SQL for the mapped field names (sku fields stage the
   * product id); `now` is the run's timestamp.
   */
  plan(mapped: readonly string[], now: string, db: Database.Database, ctx: PlanContext): ImportPlan;
  /** The kind's own reader (chat exports, Markdown folders): streams a header row, then rows with their file lines. Default: readRows. */
  readSource?(path: string, opts: ReadOptions, onRow: RowHandler): Promise<SourceInfo>;
  /** The path may be a folder (read by readSource). */
  acceptsFolder?: boolean;
}

/** One rejected row: where it is, what was wrong, in the user's language. */
export interface Reject {
  file: string;
  row: number;
  column: string;
  value: string;
  reason: string;
}
