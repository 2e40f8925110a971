/** Chat analytics: response and resolution times, volume by intent and channel, sentiment trend, complaint products, response times before/after suggestions. */
import type Database from 'better-sqlite3';

/** Upper bounds (seconds) of the response-time histogram buckets; the last bucket is open. */
export const RESPONSE_BUCKETS = [30, 60, 120, 300, 900, 3600] as const;

/** Everything the analytics panel shows. */
export interface ChatAnalytics {
  conversations: number;
  firstResponse: { medianS: number | null; p90S: number | null; n: number };
  nextResponse: { medianS: number | null; p90S: number | null; n: number };
  resolution: { medianS: number | null; n: number };
  byIntent: { intent: string; n: number }[];
  byChannel: { channel: string; n: number }[];
  sentimentTrend: { day: string; messages: number; positive: number; negative: number; avgPositive: number | null }[];
  complaintProducts: { sku: string; titleZh: string | null; titleEn: string | null; productId: number; conversations: number }[];
  responseBuckets: { upToS: number | null; before: number; after: number }[];
  suggestionsUsedSince: string | null;
}

function quantile(xs: number[], q: number): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))];
}

const secs = (a: string, b: string): number => (Date.parse(b.endsWith('Z') ? b : `${b}Z`) - Date.parse(a.endsWith('Z') ? a : `${a}Z`)) / 1000;

/** Computes the analytics over all conversations (or those since `from`). */
export function chatAnalytics(db: Database.Database, o: { from?: string } = {}): ChatAnalytics {
  const from = o.from ?? '0000';
  const msgs = db.prepare(`SELECT m.conversation_id AS c, m.sender, m.ts FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.started_at >= ? ORDER BY m.conversation_id, m.ts, m.seq`).all(from) as { c: number; sender: string; ts: string }[];
  const firstUse = db.prepare('SELECT MIN(used_at) FROM suggestion_uses').pluck().get() as string | null;
  const first: number[] = [];
  const next: number[] = [];
  const resolution: number[] = [];
  const buckets = [...RESPONSE_BUCKETS, null].map((upToS) => ({ upToS, before: 0, after: 0 }));
  let conv = -1;
  let waiting: string | null = null;
  let answered = false;
  let start = '';
  let last = '';
  const closed = new Set(db.prepare(`SELECT id FROM conversations WHERE status = 'closed'`).pluck().all() as number[]);
  const flush = (): void => {
    if (conv >= 0 && closed.has(conv) && start && last) resolution.push(secs(start, last));
  };
  for (const m of msgs) {
    if (m.c !== conv) {
      flush();
      conv = m.c;
      waiting = null;
      answered = false;
      start = m.ts;
    }
    last = m.ts;
    if (m.sender === 'customer') {
      waiting ??= m.ts;
      continue;
    }
    if (waiting) {
      const s = Math.max(0, secs(waiting, m.ts));
      (answered ? next : first).push(s);
      if (m.sender === 'agent') {
        const b = buckets.find((x) => x.upToS === null || s <= x.upToS) as (typeof buckets)[number];
        if (firstUse && m.ts >= firstUse) b.after++;
        else b.before++;
      }
      answered = true;
      waiting = null;
    }
  }
  flush();
  const count = db.prepare('SELECT COUNT(*) FROM conversations WHERE started_at >= ?').pluck().get(from) as number;
  const byIntent = db.prepare(`SELECT COALESCE(d.intent, 'unanalysed') AS intent, COUNT(*) AS n FROM conversations c LEFT JOIN dialogue_state d ON d.conversation_id = c.id WHERE c.started_at >= ? GROUP BY 1 ORDER BY n DESC`).all(from) as { intent: string; n: number }[];
  const byChannel = db.prepare(`SELECT channel, COUNT(*) AS n FROM conversations WHERE started_at >= ? GROUP BY channel ORDER BY n DESC`).all(from) as { channel: string; n: number }[];
  const sentimentTrend = db.prepare(`SELECT substr(m.ts, 1, 10) AS day, COUNT(*) AS messages, SUM(a.polarity = 'positive') AS positive, SUM(a.polarity = 'negative') AS negative, AVG(a.positive) AS avgPositive
      FROM messages m JOIN message_analysis a ON a.message_id = m.id JOIN conversations c ON c.id = m.conversation_id
      WHERE m.sender = 'customer' AND a.polarity IS NOT NULL AND c.started_at >= ? GROUP BY day ORDER BY day`).all(from) as ChatAnalytics['sentimentTrend'];
  // A complaint is a conversation whose intent is a complaint or whose customer was angry or disappointed; the product comes from its state.
  const complaintProducts = db.prepare(`SELECT p.sku, p.title_zh AS titleZh, p.title_en AS titleEn, p.id AS productId, COUNT(*) AS conversations
      FROM dialogue_state d JOIN conversations c ON c.id = d.conversation_id JOIN products p ON p.sku = json_extract(d.slots, '$.product.value')
      WHERE (d.intent = 'complaint' OR d.emotion IN ('angry', 'disappointed')) AND c.started_at >= ?
      GROUP BY p.id ORDER BY conversations DESC, p.sku LIMIT 10`).all(from) as ChatAnalytics['complaintProducts'];
  return {
    conversations: count,
    firstResponse: { medianS: quantile(first, 0.5), p90S: quantile(first, 0.9), n: first.length },
    nextResponse: { medianS: quantile(next, 0.5), p90S: quantile(next, 0.9), n: next.length },
    resolution: { medianS: quantile(resolution, 0.5), n: resolution.length },
    byIntent,
    byChannel,
    sentimentTrend,
    complaintProducts,
    responseBuckets: buckets,
    suggestionsUsedSince: firstUse,
  };
}
