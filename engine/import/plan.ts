/** Builds the stage table and the classify/merge SQL for the common case: one target table upserted by its natural key. */
import type { Cell, FieldDef, ImportPlan, KindDef } from './types';

/** The TEMP table every import stages its valid rows in. */
export const STAGE = 'temp.import_stage';

/** SQLite column type a field is staged as ('sku' fields stage the product id). */
export function stageType(f: FieldDef): string {
  switch (f.type) {
    case 'int':
    case 'bool':
    case 'sku':
      return 'INTEGER';
    case 'number':
    case 'money':
      return 'REAL';
    case 'text':
    case 'date':
    case 'timestamp':
    case 'enum':
    case 'json':
      return 'TEXT';
  }
}

/** Stage columns for the mapped fields, in the kind's field order. */
export function stageColumnsFor(kind: KindDef, mapped: readonly string[]): { name: string; sql: string }[] {
  return kind.fields.filter((f) => mapped.includes(f.name)).map((f) => ({ name: f.name, sql: stageType(f) }));
}

/** A target column and the SQL expression (over stage alias `s` and any joined tables) that fills it. */
export type ColExpr = readonly [column: string, expr: string];

/** Declares a single-table upsert. */
export interface UpsertSpec {
  table: string;
  key: readonly ColExpr[];
  /** Value columns compared and updated (only those the file maps). */
  cols: readonly ColExpr[];
  /** Columns written only when a row is inserted (e.g. created_at). */
  onInsert?: readonly ColExpr[];
  /** Columns written whenever a row changes (e.g. updated_at). */
  onChange?: readonly ColExpr[];
  /** FROM clause; defaults to the stage table as `s`. */
  from?: string;
  /** The key over the stage's own columns (no `s.` prefix), where `key` reads joined tables; default: `key`'s `s.` columns. */
  stageKey?: readonly string[];
  prepare?: string[];
  params?: Record<string, Cell>;
}

/** The classify/merge SQL for a single-table upsert that rewrites only rows whose values differ. */
export function upsertPlan(kind: KindDef, mapped: readonly string[], spec: UpsertSpec): ImportPlan {
  const from = spec.from ?? `${STAGE} s`;
  const on = spec.key.map(([c, e]) => `t.${c} = ${e}`).join(' AND ');
  const differs = spec.cols.length ? spec.cols.map(([c, e]) => `t.${c} IS NOT ${e}`).join(' OR ') : '0';
  const classify = `SELECT CASE WHEN t.${spec.key[0][0]} IS NULL THEN 'insert' WHEN ${differs} THEN 'update' ELSE 'unchanged' END AS action, s.*
    FROM ${from} LEFT JOIN ${spec.table} t ON ${on}`;
  const all = [...spec.key, ...spec.cols, ...(spec.onInsert ?? [])];
  const conflict = spec.cols.length
    ? `DO UPDATE SET ${[...spec.cols.map(([c]) => `${c} = excluded.${c}`), ...(spec.onChange ?? []).map(([c, e]) => `${c} = ${e}`)].join(', ')}
       WHERE ${spec.cols.map(([c]) => `${c} IS NOT excluded.${c}`).join(' OR ')}`
    : 'DO NOTHING';
  const merge = `INSERT INTO ${spec.table} (${all.map(([c]) => c).join(', ')})
    SELECT ${all.map(([, e]) => e).join(', ')} FROM ${from} WHERE true
    ON CONFLICT (${spec.key.map(([c]) => c).join(', ')}) ${conflict}`;
  const stageKey = spec.stageKey ?? spec.key.map(([, e]) => e).filter((e) => e.startsWith('s.')).map((e) => e.slice(2));
  const groups = stageKey.join(', ');
  return {
    stageColumns: stageColumnsFor(kind, mapped),
    prepare: spec.prepare ?? [],
    ...(stageKey.length
      ? {
          dedupe: {
            count: `SELECT count(*) - (SELECT count(*) FROM (SELECT 1 FROM ${STAGE} GROUP BY ${groups})) AS n FROM ${STAGE}`,
            remove: `DELETE FROM ${STAGE} WHERE rowid NOT IN (SELECT max(rowid) FROM ${STAGE} GROUP BY ${groups})`,
          },
        }
      : {}),
    classify,
    merge: [merge],
    targetTable: spec.table,
    params: spec.params ?? {},
  };
}

/** The mapped value columns among `names`, each filled from the stage column of the same name. */
export function mappedCols(mapped: readonly string[], names: readonly string[]): ColExpr[] {
  return names.filter((n) => mapped.includes(n)).map((n) => [n, `s.${n}`] as const);
}
