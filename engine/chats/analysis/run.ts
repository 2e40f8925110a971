/** Runs sentiment, emotion, intent, slots and dialogue state over the store's conversations and stores the results. */
import type Database from 'better-sqlite3';
import { loadIntents } from '../../../models/text/intents';
import { loadShopSentiment } from '../models';
import { clearLanguage, detectLanguage } from '../../../models/text/lang';
import type { Lang } from '../../i18n';
import { activeTextModel, type ActiveTextModel } from '../store-models';
import { extractSlots, isSlotAnswer, withoutProducts, type Catalogue, type Slots } from './slots';
import { isFiller, trackState, type Turn } from './state';
import { smallTalkKind } from '../suggest/smalltalk';

/** Options of an analysis run. */
export interface AnalyseOptions {
  sentimentDir?: string;
  intentsDir?: string;
  /** Only these conversations (by id); all when absent. */
  conversationIds?: number[];
  now?: string;
  /** Language of a warning about the store's own models. */
  lang?: Lang;
  progress?: (done: number, total: number, phase: string) => void;
  checkCancelled?: () => void;
}

/** What a run did. */
export interface AnalyseResult {
  conversations: number;
  messages: number;
  unsupported: number;
  byIntent: Record<string, number>;
  byEmotion: Record<string, number>;
  msPerMessage: number;
  /** Which sentiment and intent models were used: the store's own (`<store>.models/text-*`) or the shipped ones. */
  models: { sentiment: ActiveTextModel; intents: ActiveTextModel };
}

/** The store's catalogue as the slot patterns need it. */
export function loadCatalogue(db: Database.Database): Catalogue {
  const products = db.prepare('SELECT id, sku, title_zh AS zh, title_en AS en FROM products').all() as Catalogue['products'];
  const orderNos = new Set(db.prepare('SELECT order_no FROM orders').pluck().all() as string[]);
  return { products, orderNos };
}

interface MsgRow {
  id: number;
  seq: number;
  sender: Turn['sender'];
  ts: string;
  text: string;
  order_ref: string | null;
}

/** Analyses conversations in batches; each batch is written in one short transaction. */
export async function analyseConversations(db: Database.Database, o: AnalyseOptions = {}): Promise<AnalyseResult> {
  const models = {
    sentiment: o.sentimentDir ? { task: 'sentiment' as const, source: 'store' as const, dir: o.sentimentDir } : await activeTextModel(db.name, 'sentiment', o.lang),
    intents: o.intentsDir ? { task: 'intents' as const, source: 'store' as const, dir: o.intentsDir } : await activeTextModel(db.name, 'intents', o.lang),
  };
  const sentiment = await loadShopSentiment(models.sentiment.dir);
  const intents = await loadIntents(models.intents.dir);
  try {
    const now = o.now ?? new Date().toISOString();
    const cat = loadCatalogue(db);
    const ids = o.conversationIds ?? (db.prepare('SELECT id FROM conversations ORDER BY id').pluck().all() as number[]);
    const msgsOf = db.prepare('SELECT id, seq, sender, ts, text, order_ref FROM messages WHERE conversation_id = ? ORDER BY ts, seq');
    const putMsg = db.prepare(`INSERT INTO message_analysis (message_id, lang, polarity, positive, emotion, intent, intent_conf, slots, analysed_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO UPDATE SET lang = excluded.lang, polarity = excluded.polarity,
      positive = excluded.positive, emotion = excluded.emotion, intent = excluded.intent, intent_conf = excluded.intent_conf, slots = excluded.slots, analysed_at = excluded.analysed_at`);
    const putState = db.prepare(`INSERT INTO dialogue_state (conversation_id, intent, emotion, lang, slots, missing, waiting_since, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (conversation_id) DO UPDATE SET intent = excluded.intent, emotion = excluded.emotion,
      lang = excluded.lang, slots = excluded.slots, missing = excluded.missing, waiting_since = excluded.waiting_since, updated_at = excluded.updated_at`);
    const putConv = db.prepare(`UPDATE conversations SET language = COALESCE(?, language), status = CASE WHEN ? THEN 'open' ELSE 'closed' END WHERE id = ?`);
    const res: AnalyseResult = { conversations: 0, messages: 0, unsupported: 0, byIntent: {}, byEmotion: {}, msPerMessage: 0, models };
    const t0 = performance.now();
    const BATCH = 100;
    for (let b = 0; b < ids.length; b += BATCH) {
      o.checkCancelled?.();
      const batch = ids.slice(b, b + BATCH).map((id) => ({ id, msgs: msgsOf.all(id) as MsgRow[] }));
      const customer = batch.flatMap((c) => c.msgs.filter((m) => m.sender === 'customer'));
      const texts = customer.map((m) => m.text);
      const senti = sentiment.analyse(texts);
      // The intent is read from the message without the products it names (slots.ts withoutProducts).
      const intent = intents.classify(texts.map((t) => withoutProducts(t, cat)));
      const byId = new Map(customer.map((m, i) => [m.id, { s: senti[i], it: intent[i] }]));
      db.transaction(() => {
        for (const c of batch) {
          const turns: Turn[] = c.msgs.map((m) => {
            const a = byId.get(m.id);
            const slots: Slots = extractSlots(m.text, cat);
            if (m.order_ref && !slots.order_no) slots.order_no = m.order_ref;
            const lang = a ? a.s.lang : detectLanguage(m.text);
            const supported = lang === 'zh' || lang === 'en';
            if (a) {
              if (!supported) res.unsupported++;
              // Small talk ("hello", "谢谢") is no request: the model's guess for it would become the conversation's topic.
              const it = supported && !smallTalkKind(m.text) ? a.it.intent : null;
              if (it) res.byIntent[it] = (res.byIntent[it] ?? 0) + 1;
              if (a.s.emotion) res.byEmotion[a.s.emotion] = (res.byEmotion[a.s.emotion] ?? 0) + 1;
              putMsg.run(m.id, lang, a.s.polarity, a.s.positive, a.s.emotion, it, supported ? a.it.confidence : null, JSON.stringify(slots), now);
              return { seq: m.seq, sender: m.sender, ts: m.ts, intent: it, confidence: supported ? a.it.confidence : null, emotion: a.s.emotion, lang, slots, filler: isFiller(m.text), slotAnswer: isSlotAnswer(m.text, slots), clearLang: clearLanguage(m.text) };
            }
            putMsg.run(m.id, lang, null, null, null, null, null, JSON.stringify(slots), now);
            return { seq: m.seq, sender: m.sender, ts: m.ts, intent: null, confidence: null, emotion: null, lang, slots };
          });
          const st = trackState(turns);
          putState.run(c.id, st.intent, st.emotion, st.lang, JSON.stringify(st.slots), JSON.stringify(st.missing), st.waitingSince, now);
          putConv.run(st.lang, st.waitingSince ? 1 : 0, c.id);
          res.messages += c.msgs.length;
          res.conversations++;
        }
      })();
      o.progress?.(Math.min(ids.length, b + BATCH), ids.length, 'analysing');
      // Let progress reach the client between batches.
      await new Promise((r) => setImmediate(r));
    }
    res.msPerMessage = res.messages ? (performance.now() - t0) / res.messages : 0;
    return res;
  } finally {
    sentiment.dispose();
    intents.dispose();
  }
}
