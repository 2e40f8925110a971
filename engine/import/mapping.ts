/** Matches a file's column headers to a kind's fields: synonyms in English and Chinese, user overrides. */
import type { FieldDef, KindDef } from './types';

/** Header text reduced for matching: NFKC, lower case, no spaces, punctuation or symbols. */
export function normHeader(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}_]+/gu, '');
}

/** One field's column. */
export interface FieldMapping {
  field: string;
  column: string;
  index: number;
  /** 1 exact (or given by the user), below 1 a partial match. */
  confidence: number;
  byUser: boolean;
}

/** The mapping of a file's headers onto a kind. */
export interface MappingResult {
  mapping: FieldMapping[];
  unmapped: string[];
  missing: string[];
}

function names(f: FieldDef): string[] {
  return [f.name, f.label.en, f.label.zh, ...f.synonyms].map(normHeader).filter((n) => n.length > 0);
}

/** The first columns of a rejects file (engine/import/rejects.ts), before the rejected rows' own cells. */
export const REJECTS_LEAD = ['row', 'column', 'value', 'reason'] as const;

/** Maps headers to fields; `overrides` is column -> field as given by the user (already checked). */
export function detectMapping(kind: KindDef, headers: readonly string[], overrides: Record<string, string> = {}): MappingResult {
  const usedCols = new Set<number>();
  const usedFields = new Set<string>();
  const mapping: FieldMapping[] = [];
  const normed = headers.map(normHeader);
  // A rejects file read back after fixing it: its own leading row, column, value and reason columns are no data (the
  // rows' original cells follow), so an original `value` column, say, is the one mapped.
  if (REJECTS_LEAD.every((h, i) => headers[i] === h) && headers.length > REJECTS_LEAD.length) REJECTS_LEAD.forEach((_, i) => usedCols.add(i));
  for (const [column, field] of Object.entries(overrides)) {
    const idx = headers.indexOf(column) >= 0 ? headers.indexOf(column) : normed.indexOf(normHeader(column));
    if (idx < 0 || usedCols.has(idx)) continue;
    usedCols.add(idx);
    usedFields.add(field);
    mapping.push({ field, column: headers[idx], index: idx, confidence: 1, byUser: true });
  }
  const candidates: { field: string; index: number; score: number }[] = [];
  for (const f of kind.fields) {
    if (usedFields.has(f.name)) continue;
    const ns = names(f);
    normed.forEach((h, index) => {
      if (usedCols.has(index) || !h) return;
      let score = 0;
      for (const n of ns) {
        if (h === n) score = Math.max(score, 1);
        else if (n.length >= 2 && h.includes(n)) score = Math.max(score, 0.5 + 0.4 * (n.length / h.length));
      }
      if (score > 0) candidates.push({ field: f.name, index, score });
    });
  }
  candidates.sort((a, b) => b.score - a.score || a.index - b.index);
  for (const c of candidates) {
    if (usedCols.has(c.index) || usedFields.has(c.field)) continue;
    usedCols.add(c.index);
    usedFields.add(c.field);
    mapping.push({ field: c.field, column: headers[c.index], index: c.index, confidence: Math.round(c.score * 100) / 100, byUser: false });
  }
  const order = new Map(kind.fields.map((f, i) => [f.name, i]));
  mapping.sort((a, b) => (order.get(a.field) ?? 0) - (order.get(b.field) ?? 0));
  return {
    mapping,
    unmapped: headers.filter((_, i) => !usedCols.has(i)),
    missing: kind.fields.filter((f) => f.required && f.default === undefined && !usedFields.has(f.name)).map((f) => f.name),
  };
}
