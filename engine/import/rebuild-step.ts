/** The merge step that puts back indexes set aside for a bulk load (kept apart from write.ts so import kinds load no logger). */

/** Matches a rebuild step and captures its table. */
export const REBUILD = /^-- rebuild indexes of (\w+)$/;

/** A merge step that puts back the plain indexes of `table` if the load dropped them (later steps read through them). */
export function rebuildIndexes(table: string): string {
  return `-- rebuild indexes of ${table}`;
}
