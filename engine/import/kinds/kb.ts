/**
 * Knowledge-base articles: one row per article and language (and optionally channel), from CSV/TSV/XLSX or a folder of
 * Markdown files. A row without a channel (or 'default') is the article itself; a row with a channel is that channel's
 * wording (marketplace chat, WeChat, email...) stored in kb_variants. Wide files (title_zh, body_en...) work too.
 */
import { placeholderProblem, slugProblem } from '../../chats/kb-rules';
import { readKbSource } from '../../chats/import/markdown';
import { STAGE, stageColumnsFor } from '../plan';
import type { KindDef } from '../types';
import type { FieldDef } from '../types';
import { field } from './fields';

/** An answer column: an unknown placeholder ("{nonsense}") is refused as the KB editor refuses it, naming the column. */
function answer(name: string, en: string, zh: string, synonyms: readonly string[]): FieldDef {
  const f = field(name, 'text', en, zh, synonyms);
  return { ...f, check: (text, lang) => placeholderProblem(text, f.label[lang], lang) };
}

/** The kb import kind. */
export const kbKind: KindDef = {
  name: 'kb',
  label: { en: 'Knowledge base', zh: '知识库' },
  fields: [
    field('slug', 'text', 'Article id', '文章编号', ['slug', 'id', 'article id', 'article', 'key', 'code', '编号', '文章编号', '文章id', '标识'], { required: true, identifier: true, check: slugProblem }),
    field('lang', 'enum', 'Language', '语言', ['lang', 'language', 'locale', '语言'], { values: ['zh', 'en'], aliases: { chinese: 'zh', english: 'en', 'zh-cn': 'zh', zh_cn: 'zh', 'en-us': 'en', '中文': 'zh', '英文': 'en' } }),
    field('channel', 'text', 'Channel', '渠道', ['channel', 'variant', 'platform', '渠道', '平台', '版本']),
    field('title', 'text', 'Title', '标题', ['title', 'question', 'name', '标题', '问题', '名称']),
    answer('body', 'Body', '正文', ['body', 'answer', 'content', 'text', 'reply', '正文', '答案', '内容', '回复']),
    field('title_zh', 'text', 'Title (Chinese)', '中文标题', ['title zh', 'title_zh', 'chinese title', '中文标题']),
    field('title_en', 'text', 'Title (English)', '英文标题', ['title en', 'title_en', 'english title', '英文标题']),
    answer('body_zh', 'Body (Chinese)', '中文正文', ['body zh', 'body_zh', 'answer zh', 'chinese body', '中文正文', '中文答案']),
    answer('body_en', 'Body (English)', '英文正文', ['body en', 'body_en', 'answer en', 'english body', '英文正文', '英文答案']),
    field('tags', 'text', 'Tags', '标签', ['tags', 'keywords', 'labels', '标签', '关键词']),
    field('intent', 'text', 'Intent', '意图', ['intent', 'category', 'topic', '意图', '分类', '类别']),
  ],
  oneOf: ['body', 'body_zh', 'body_en'],
  readSource: readKbSource,
  acceptsFolder: true,
  plan(mapped, now) {
    const c = (n: string): string => (mapped.includes(n) ? `s.${n}` : 'NULL');
    // A row without a language (no lang column, or a blank cell) is in the language its text is written in: Chinese
    // when its title or body holds a CJK character, else English. Without this its title and body were dropped.
    const text = `COALESCE(${c('title')}, '') || COALESCE(${c('body')}, '')`;
    const inferred = `CASE WHEN ${text} GLOB '*[\u4e00-\u9fff]*' THEN 'zh' ELSE 'en' END`;
    const lang = mapped.includes('lang') ? `COALESCE(s.lang, ${inferred})` : inferred;
    const byLang = (l: 'zh' | 'en', generic: string, wide: string): string => `COALESCE(${c(wide)}, CASE WHEN ${lang} = '${l}' THEN ${c(generic)} END)`;
    // The stage normalised: one row per stage row with its channel ('' = the article) and both languages' text.
    const norm = `SELECT s.rowid AS rid, s.slug, COALESCE(NULLIF(LOWER(TRIM(${c('channel')})), 'default'), '') AS ch,
        ${byLang('zh', 'title', 'title_zh')} AS tz, ${byLang('en', 'title', 'title_en')} AS te,
        ${byLang('zh', 'body', 'body_zh')} AS bz, ${byLang('en', 'body', 'body_en')} AS be,
        ${c('tags')} AS tg, ${c('intent')} AS it
      FROM ${STAGE} s`;
    const stageColumns = stageColumnsFor(this, mapped);
    const tagsAt = stageColumns.findIndex((x) => x.name === 'tags');
    return {
      stageColumns,
      // Tags arrive as "a, b" (or 、，;); stored as a JSON list.
      onRow: (row) => {
        if (tagsAt >= 0 && typeof row[tagsAt] === 'string') row[tagsAt] = JSON.stringify((row[tagsAt] as string).split(/[,，、;；]/).map((t) => t.trim()).filter(Boolean));
      },
      prepare: [`CREATE TEMP TABLE kb_norm AS ${norm}`],
      extraTables: ['temp.kb_norm'],
      classify: `SELECT CASE WHEN a.id IS NULL THEN 'insert'
          WHEN n.ch = '' AND (n.tz IS NOT NULL AND n.tz IS NOT a.title_zh OR n.te IS NOT NULL AND n.te IS NOT a.title_en
            OR n.bz IS NOT NULL AND n.bz IS NOT a.body_zh OR n.be IS NOT NULL AND n.be IS NOT a.body_en OR n.it IS NOT NULL AND n.it IS NOT a.intent) THEN 'update'
          WHEN n.ch <> '' AND (n.bz IS NOT NULL AND n.bz IS NOT (SELECT body FROM kb_variants v WHERE v.article_id = a.id AND v.lang = 'zh' AND v.channel = n.ch)
            OR n.be IS NOT NULL AND n.be IS NOT (SELECT body FROM kb_variants v WHERE v.article_id = a.id AND v.lang = 'en' AND v.channel = n.ch)) THEN 'update'
          ELSE 'unchanged' END AS action, s.*
        FROM ${STAGE} s JOIN temp.kb_norm n ON n.rid = s.rowid LEFT JOIN kb_articles a ON a.slug = s.slug`,
      merge: [
        `INSERT INTO kb_articles (slug, title_zh, title_en, body_zh, body_en, tags, intent, updated_at)
          SELECT k.slug, MAX(k.tz), MAX(k.te), MAX(CASE WHEN k.ch = '' THEN k.bz END), MAX(CASE WHEN k.ch = '' THEN k.be END),
            COALESCE((SELECT json_group_array(DISTINCT j.value) FROM temp.kb_norm n2, json_each(n2.tg) j WHERE n2.slug = k.slug), '[]'), MAX(k.it), @now
          FROM temp.kb_norm k GROUP BY k.slug
          ON CONFLICT (slug) DO UPDATE SET title_zh = COALESCE(excluded.title_zh, title_zh), title_en = COALESCE(excluded.title_en, title_en),
            body_zh = COALESCE(excluded.body_zh, body_zh), body_en = COALESCE(excluded.body_en, body_en),
            intent = COALESCE(excluded.intent, intent), tags = CASE WHEN excluded.tags = '[]' THEN tags ELSE excluded.tags END, updated_at = excluded.updated_at
          WHERE excluded.title_zh IS NOT NULL AND excluded.title_zh IS NOT title_zh OR excluded.title_en IS NOT NULL AND excluded.title_en IS NOT title_en
            OR excluded.body_zh IS NOT NULL AND excluded.body_zh IS NOT body_zh OR excluded.body_en IS NOT NULL AND excluded.body_en IS NOT body_en
            OR excluded.intent IS NOT NULL AND excluded.intent IS NOT intent OR excluded.tags <> '[]' AND excluded.tags IS NOT tags`,
        `INSERT INTO kb_variants (article_id, lang, channel, body)
          SELECT a.id, x.lang, x.ch, x.body
          FROM (SELECT slug, ch, 'zh' AS lang, bz AS body FROM temp.kb_norm UNION ALL SELECT slug, ch, 'en', be FROM temp.kb_norm) x
            JOIN kb_articles a ON a.slug = x.slug
          WHERE x.ch <> '' AND x.body IS NOT NULL
          ON CONFLICT (article_id, lang, channel) DO UPDATE SET body = excluded.body WHERE body IS NOT excluded.body`,
      ],
      targetTable: 'kb_articles',
      params: { now },
    };
  },
};
