/** What the store holds for areas whose features are still to come: counts and latest rows, never estimates. */
import type Database from 'better-sqlite3';

/** The areas with an overview. */
export const AREAS = ['pricing', 'recommendations', 'visual', 'chats', 'tryon'] as const;
/** One area. */
export type Area = (typeof AREAS)[number];

/** A small table of latest rows; column ids are translated by the UI. */
export interface AreaTable {
  id: string;
  columns: string[];
  rows: (string | number | null)[][];
}

/** An area's overview. */
export interface AreaOverview {
  area: Area;
  counts: Record<string, number>;
  tables: AreaTable[];
  images: { id: number; productId: number | null; sku: string | null; titleZh: string | null; titleEn: string | null }[];
}

function count(db: Database.Database, sql: string): number {
  return (db.prepare(sql).get() as { n: number }).n;
}

function table(db: Database.Database, id: string, sql: string, limit: number): AreaTable {
  const stmt = db.prepare(sql);
  const columns = stmt.columns().map((c) => c.name);
  return { id, columns, rows: stmt.raw().all(limit) as (string | number | null)[][] };
}

/** Categories whose products a customer can try on. */
const WEARABLE = JSON.stringify(['apparel', 'eyewear', 'jewellery']);

function images(db: Database.Database, limit: number, categories?: string): AreaOverview['images'] {
  return db
    .prepare(
      `SELECT i.id, i.product_id AS productId, p.sku, p.title_zh AS titleZh, p.title_en AS titleEn
         FROM images i LEFT JOIN products p ON p.id = i.product_id
        WHERE (@categories IS NULL OR p.category IN (SELECT value FROM json_each(@categories)))
        ORDER BY i.id LIMIT @limit`,
    )
    .all({ limit, categories: categories ?? null }) as AreaOverview['images'];
}

/** Counts and latest rows of one area; product titles in `lang` where the product has one. */
export function areaOverview(db: Database.Database, area: Area, limit: number, lang: 'en' | 'zh' = 'en'): AreaOverview {
  const title = lang === 'zh' ? 'coalesce(p.title_zh, p.title_en)' : 'coalesce(p.title_en, p.title_zh)';
  switch (area) {
    case 'pricing':
      return {
        area,
        counts: {
          competitorPrices: count(db, 'SELECT count(*) AS n FROM competitor_prices'),
          priceHistory: count(db, 'SELECT count(*) AS n FROM price_history'),
          promotions: count(db, 'SELECT count(*) AS n FROM promotions'),
        },
        tables: [
          table(db, 'competitorPrices', `SELECT p.sku, c.competitor, c.date, c.price, p.price AS ourPrice FROM competitor_prices c
             JOIN products p ON p.id = c.product_id ORDER BY c.date DESC, p.sku LIMIT ?`, limit),
          table(db, 'priceHistory', `SELECT p.sku, h.effective_at AS effectiveAt, h.price, h.source FROM price_history h
             JOIN products p ON p.id = h.product_id ORDER BY h.effective_at DESC, p.sku LIMIT ?`, limit),
        ],
        images: [],
      };
    case 'recommendations':
      return {
        area,
        counts: {
          browsingEvents: count(db, 'SELECT count(*) AS n FROM browsing_events'),
          sessions: count(db, 'SELECT count(DISTINCT session_id) AS n FROM browsing_events'),
          customers: count(db, 'SELECT count(*) AS n FROM customers'),
        },
        tables: [
          table(db, 'topViewed', `SELECT p.sku, ${title} AS title,
               sum(e.kind = 'view') AS views, sum(e.kind = 'cart') AS carts, sum(e.kind = 'purchase') AS purchases
             FROM browsing_events e JOIN products p ON p.id = e.product_id
            GROUP BY p.id ORDER BY views DESC, p.sku LIMIT ?`, limit),
        ],
        images: [],
      };
    case 'visual':
      return {
        area,
        counts: {
          images: count(db, 'SELECT count(*) AS n FROM images'),
          productsWithImages: count(db, 'SELECT count(DISTINCT product_id) AS n FROM images WHERE product_id IS NOT NULL'),
          products: count(db, 'SELECT count(*) AS n FROM products'),
        },
        tables: [],
        images: images(db, limit),
      };
    case 'chats':
      return {
        area,
        counts: {
          conversations: count(db, 'SELECT count(*) AS n FROM conversations'),
          messages: count(db, 'SELECT count(*) AS n FROM messages'),
          kbArticles: count(db, 'SELECT count(*) AS n FROM kb_articles'),
        },
        tables: [
          table(db, 'latestConversations', `SELECT c.started_at AS startedAt, c.channel, c.subject, c.status,
               (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id) AS messageCount
             FROM conversations c ORDER BY c.started_at DESC LIMIT ?`, limit),
        ],
        images: [],
      };
    case 'tryon':
      return {
        area,
        counts: {
          images: count(db, 'SELECT count(*) AS n FROM images'),
          wearableImages: (db.prepare('SELECT count(*) AS n FROM images i JOIN products p ON p.id = i.product_id WHERE p.category IN (SELECT value FROM json_each(?))').get(WEARABLE) as { n: number }).n,
        },
        tables: [],
        images: images(db, limit, WEARABLE),
      };
  }
}
