/** The knowledge base as the KB editor sees it: articles with their channel variants; saving one replaces its variants. */
import type Database from 'better-sqlite3';
import { z } from 'zod';

/** An article with its channel variants, as edited on the Chats screen. */
export const KbArticleInput = z.object({
  slug: z.string().trim().min(1).max(120).regex(/^[\p{L}\p{N}_-]+$/u),
  titleZh: z.string().max(500).nullable().default(null),
  titleEn: z.string().max(500).nullable().default(null),
  bodyZh: z.string().max(20000).nullable().default(null),
  bodyEn: z.string().max(20000).nullable().default(null),
  intent: z.string().max(80).nullable().default(null),
  tags: z.array(z.string().max(80)).max(50).default([]),
  variants: z.array(z.object({ lang: z.enum(['zh', 'en']), channel: z.string().trim().min(1).max(40).regex(/^[a-z][a-z0-9_-]*$/), body: z.string().min(1).max(20000) })).max(40).default([]),
});
/** A KB article with variants. */
export type KbArticle = z.output<typeof KbArticleInput> & { id: number; updatedAt: string };

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

/** Creates or replaces an article and its variants in one transaction; returns its id. */
export function saveKb(db: Database.Database, a: z.output<typeof KbArticleInput>, now: string): number {
  return db.transaction(() => {
    db.prepare(`INSERT INTO kb_articles (slug, title_zh, title_en, body_zh, body_en, intent, tags, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (slug) DO UPDATE SET title_zh = excluded.title_zh, title_en = excluded.title_en, body_zh = excluded.body_zh, body_en = excluded.body_en,
      intent = excluded.intent, tags = excluded.tags, updated_at = excluded.updated_at`).run(a.slug, a.titleZh, a.titleEn, a.bodyZh, a.bodyEn, a.intent, JSON.stringify(a.tags), now);
    const id = db.prepare('SELECT id FROM kb_articles WHERE slug = ?').pluck().get(a.slug) as number;
    db.prepare('DELETE FROM kb_variants WHERE article_id = ?').run(id);
    const ins = db.prepare('INSERT OR REPLACE INTO kb_variants (article_id, lang, channel, body) VALUES (?, ?, ?, ?)');
    for (const v of a.variants) ins.run(id, v.lang, v.channel, v.body);
    return id;
  })();
}
