/** The columns of a file the merchant trains or adapts a text model on, with the text and label columns picked by name. */
import { basename } from 'node:path';
import type { Lang } from '../i18n';
import { readHeader } from '../io/reader';

/** Names a text column goes by, most telling first (compared case-insensitively). */
export const TEXT_COLUMN_NAMES = ['text', 'message', 'content', 'review', 'comment', '内容', '文本', '消息', '评价', '评论', '留言'] as const;

/** Names a label column goes by, most telling first. */
export const LABEL_COLUMN_NAMES = ['label', 'intent', 'sentiment', 'emotion', 'category', 'class', '标签', '意图', '情感', '情绪', '类别', '分类'] as const;

/** A file's columns and the ones picked for the text and the label (null when no column fits). */
export interface TextColumns {
  file: string;
  columns: string[];
  text: string | null;
  label: string | null;
}

function byName(columns: readonly string[], names: readonly string[], not: string | null): string | null {
  for (const n of names) {
    const hit = columns.find((c) => c !== not && c.toLowerCase() === n.toLowerCase());
    if (hit) return hit;
  }
  return null;
}

/** Picks the text and label columns from a header: by name, else in a two-column file the column left over. */
export function pickTextColumns(columns: readonly string[]): { text: string | null; label: string | null } {
  let label = byName(columns, LABEL_COLUMN_NAMES, null);
  let text = byName(columns, TEXT_COLUMN_NAMES, label);
  const named = columns.filter((c) => c !== '');
  if (named.length === 2) {
    if (text && !label) label = named.find((c) => c !== text) ?? null;
    else if (label && !text) text = named.find((c) => c !== label) ?? null;
  }
  if (!text && named.length === 1) text = named[0];
  return { text, label };
}

/** Reads a file's header (the one table reader: CSV, TSV, TXT or XLSX in any common encoding) and picks the columns. */
export async function textColumns(path: string, lang: Lang): Promise<TextColumns> {
  const { header } = await readHeader(path, { lang });
  const columns = header.filter((c) => c !== '');
  return { file: basename(path), columns, ...pickTextColumns(columns) };
}
