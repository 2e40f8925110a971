/** The category a pricing command was asked for, as the merchant may type it: the store's code or the name it is shown by. */
import type Database from 'better-sqlite3';
import { EngineError } from '../errors';
import { CATEGORIES, categoryLabel } from '../demo/categories';
import type { Lang } from '../i18n';
import { msg } from './agent-messages';

/** Categories of the active products with a price (the ones training and evaluation work on), sorted. */
function pricedCategories(db: Database.Database): string[] {
  const rows = db.prepare(`SELECT DISTINCT category FROM products WHERE status = 'active' AND price IS NOT NULL AND price > 0 AND category IS NOT NULL ORDER BY category`).all() as { category: string }[];
  return rows.map((r) => r.category);
}

/**
 * The store's code for `typed`: the code itself (`apparel`), or the name the app and `desk price` print for a known
 * category in either language (`Apparel`, `服装`). Otherwise a user error naming the categories there are, each with its
 * name, in the caller's language; before, training a category by its shown name said there were no products at all.
 */
export function resolveCategory(db: Database.Database, typed: string, lang: Lang): string {
  const codes = pricedCategories(db);
  if (codes.includes(typed)) return typed;
  const want = typed.trim().toLowerCase();
  const named = CATEGORIES.find((c) => codes.includes(c.code) && (c.en.toLowerCase() === want || c.zh === typed.trim()));
  if (named) return named.code;
  const shown = (c: string): string => (!CATEGORIES.some((k) => k.code === c) ? c : lang === 'zh' ? `${c}（${categoryLabel(c, lang)}）` : `${c} (${categoryLabel(c, lang)})`);
  const list = codes.map(shown).join(lang === 'zh' ? '、' : ', ');
  throw new EngineError('not_found', msg(lang, 'no_category', { category: typed, list }), { category: typed, categories: codes });
}
