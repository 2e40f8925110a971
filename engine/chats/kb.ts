/** The knowledge base as the KB editor sees it: articles with their channel variants; creating, editing and deleting one. */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { EngineError } from '../errors';
import { tr, type Lang } from '../i18n';
import { i18nIssue } from '../zod-messages';
import { kbMessages } from './kb-messages';
import { SLUG, SLUG_MAX, placeholderProblem } from './kb-rules';

/** An article's id as the merchant types it; a wrong character is said in words, not as the pattern. */
export const KbSlug = z.string().trim().min(1).max(SLUG_MAX).refine((s) => SLUG.test(s), i18nIssue('kb_slug_chars'));

/** An article with its channel variants, as edited on the Chats screen. Without `id` it is a new article; with it, an edit of that one. */
export const KbArticleInput = z.object({
  id: z.number().int().positive().optional(),
  slug: KbSlug,
  titleZh: z.string().max(500).nullable().default(null),
  titleEn: z.string().max(500).nullable().default(null),
  bodyZh: z.string().max(20000).nullable().default(null),
  bodyEn: z.string().max(20000).nullable().default(null),
  intent: z.string().max(80).nullable().default(null),
  tags: z.array(z.string().max(80)).max(50).default([]),
  variants: z.array(z.object({ lang: z.enum(['zh', 'en']), channel: z.string().trim().min(1).max(40).regex(/^[a-z][a-z0-9_-]*$/), body: z.string().min(1).max(20000) })).max(40).default([]),
});
/** A KB article with variants. */
export type KbArticle = Omit<z.output<typeof KbArticleInput>, 'id'> & { id: number; updatedAt: string };

/** One field the editor should mark: its path in the input ('slug', 'bodyEn', 'variants.2.body') and what is wrong. */
export interface KbFieldIssue {
  field: string;
  message: string;
}

/** Every article with its variants, by slug. */
export function listKb(db: Database.Database): KbArticle[] {
  const rows = db.prepare('SELECT id, slug, title_zh, title_en, body_zh, body_en, intent, tags, updated_at FROM kb_articles ORDER BY slug').all() as {
    id: number; slug: string; title_zh: string | null; title_en: string | null; body_zh: string | null; body_en: string | null; intent: string | null; tags: string; updated_at: string;
  }[];
  const variants = db.prepare('SELECT article_id, lang, channel, body FROM kb_variants ORDER BY channel, lang').all() as { article_id: number; lang: 'zh' | 'en'; channel: string; body: string }[];
  return rows.map((r) => ({
    id: r.id, slug: r.slug, titleZh: r.title_zh, titleEn: r.title_en, bodyZh: r.body_zh, bodyEn: r.body_en, intent: r.intent,
    tags: JSON.parse(r.tags) as string[], updatedAt: r.updated_at,
    variants: variants.filter((v) => v.article_id === r.id).map((v) => ({ lang: v.lang, channel: v.channel, body: v.body })),
  }));
}

/** The answers of an article holding unknown placeholders, one issue per answer, in `lang`. */
function placeholderIssues(a: z.output<typeof KbArticleInput>, lang: Lang): KbFieldIssue[] {
  const texts: [string, string, string | null][] = [
    ['bodyZh', tr(kbMessages, lang, 'answer_zh'), a.bodyZh],
    ['bodyEn', tr(kbMessages, lang, 'answer_en'), a.bodyEn],
    ...a.variants.map((v, i): [string, string, string] => [`variants.${i}.body`, tr(kbMessages, lang, v.lang === 'zh' ? 'variant_zh' : 'variant_en'), v.body]),
  ];
  return texts.flatMap(([field, where, text]) => {
    const message = placeholderProblem(text ?? '', where, lang);
    return message ? [{ field, message }] : [];
  });
}

/** A refusal in the caller's language whose details name the fields the editor should mark. */
function refusal(code: 'conflict' | 'user_error', issues: KbFieldIssue[]): EngineError {
  return new EngineError(code, issues.map((i) => i.message).join(' '), { issues });
}

/**
 * Creates an article (no `id`) or replaces the one with that `id`, with its variants, in one transaction; returns its
 * id. A new article never replaces another: an existing slug is a conflict. Answers holding a placeholder no live fact
 * fills are refused, naming them and the known ones.
 */
export function saveKb(db: Database.Database, a: z.output<typeof KbArticleInput>, now: string, lang: Lang): number {
  const placeholders = placeholderIssues(a, lang);
  if (placeholders.length) throw refusal('user_error', placeholders);
  return db.transaction(() => {
    const same = db.prepare('SELECT id, slug, title_zh, title_en FROM kb_articles WHERE slug = ?').get(a.slug) as { id: number; slug: string; title_zh: string | null; title_en: string | null } | undefined;
    let id: number;
    if (a.id === undefined) {
      if (same) {
        const title = (lang === 'zh' ? same.title_zh ?? same.title_en : same.title_en ?? same.title_zh) ?? same.slug;
        throw refusal('conflict', [{ field: 'slug', message: tr(kbMessages, lang, 'slug_taken', { slug: a.slug, title }) }]);
      }
      id = Number(db.prepare('INSERT INTO kb_articles (slug, title_zh, title_en, body_zh, body_en, intent, tags, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(a.slug, a.titleZh, a.titleEn, a.bodyZh, a.bodyEn, a.intent, JSON.stringify(a.tags), now).lastInsertRowid);
    } else {
      const stored = db.prepare('SELECT slug FROM kb_articles WHERE id = ?').pluck().get(a.id) as string | undefined;
      if (stored === undefined) throw new EngineError('not_found', tr(kbMessages, lang, 'gone', { slug: a.slug }), { id: a.id });
      // The id is how suggestions and their uses name the article: an edit keeps it.
      if (stored !== a.slug) throw refusal('user_error', [{ field: 'slug', message: tr(kbMessages, lang, 'slug_fixed', { slug: stored }) }]);
      id = a.id;
      db.prepare('UPDATE kb_articles SET title_zh = ?, title_en = ?, body_zh = ?, body_en = ?, intent = ?, tags = ?, updated_at = ? WHERE id = ?')
        .run(a.titleZh, a.titleEn, a.bodyZh, a.bodyEn, a.intent, JSON.stringify(a.tags), now, id);
    }
    db.prepare('DELETE FROM kb_variants WHERE article_id = ?').run(id);
    const ins = db.prepare('INSERT OR REPLACE INTO kb_variants (article_id, lang, channel, body) VALUES (?, ?, ?, ?)');
    for (const v of a.variants) ins.run(id, v.lang, v.channel, v.body);
    return id;
  })();
}

/** Deletes the article with this slug and its channel variants; an unknown slug is 'not_found'. */
export function deleteKb(db: Database.Database, slug: string, lang: Lang): { slug: string; variants: number } {
  return db.transaction(() => {
    const id = db.prepare('SELECT id FROM kb_articles WHERE slug = ?').pluck().get(slug) as number | undefined;
    if (id === undefined) throw new EngineError('not_found', tr(kbMessages, lang, 'no_article', { slug }), { slug });
    const variants = db.prepare('DELETE FROM kb_variants WHERE article_id = ?').run(id).changes;
    db.prepare('DELETE FROM kb_articles WHERE id = ?').run(id);
    return { slug, variants };
  })();
}
