/** Reading conversations for the Chats screen and the CLI: the list with badges and filters, one conversation with its state. */
import type Database from 'better-sqlite3';
import { holds, searchParams } from '../db/queries/text-search';
import { EngineError } from '../errors';
import { tr, type Lang } from '../i18n';
import { analyseConversations } from './analysis/run';
import { chatMessages } from './messages';
import { rankSuggestions, type Suggestion } from './suggest/suggest';
import { smallTalkKind, smallTalkReply, type SmallTalkKind } from './suggest/smalltalk';
import { orderCheck, type OrderCheck } from './suggest/ordercheck';

/** One row of the conversation list. */
export interface ConversationRow {
  id: number;
  externalId: string;
  channel: string;
  status: string;
  language: string | null;
  subject: string | null;
  startedAt: string;
  lastAt: string;
  messages: number;
  intent: string | null;
  emotion: string | null;
  waitingSince: string | null;
  lastText: string;
}

/** Filters of the conversation list. */
export interface ListFilter {
  search?: string;
  intent?: string;
  emotion?: string;
  channel?: string;
  status?: string;
  limit?: number;
  offset?: number;
}

/** Conversations, newest activity first; `search` matches message text, subject and id (any language). */
export function listConversations(db: Database.Database, f: ListFilter): { total: number; rows: ConversationRow[]; asOf: string | null; channels: string[] } {
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  if (f.search?.trim()) {
    where.push(`(${holds('c.external_id', 'q')} OR ${holds('c.subject', 'q')} OR EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND ${holds('m.text', 'q')}))`);
    Object.assign(params, searchParams('q', f.search.trim()));
  }
  for (const [key, col] of [['intent', 'd.intent'], ['emotion', 'd.emotion'], ['channel', 'c.channel'], ['status', 'c.status']] as const) {
    const v = f[key];
    if (!v) continue;
    where.push(`${col} = @${key}`);
    params[key] = v;
  }
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = db.prepare(`SELECT COUNT(*) FROM conversations c LEFT JOIN dialogue_state d ON d.conversation_id = c.id ${w}`).pluck().get(params) as number;
  const rows = db.prepare(`SELECT c.id, c.external_id AS externalId, c.channel, c.status, c.language, c.subject, c.started_at AS startedAt,
      (SELECT MAX(ts) FROM messages m WHERE m.conversation_id = c.id) AS lastAt,
      (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id) AS messages,
      d.intent, d.emotion, d.waiting_since AS waitingSince,
      (SELECT text FROM messages m WHERE m.conversation_id = c.id ORDER BY ts DESC, seq DESC LIMIT 1) AS lastText
    FROM conversations c LEFT JOIN dialogue_state d ON d.conversation_id = c.id ${w}
    ORDER BY lastAt DESC, c.id DESC LIMIT @limit OFFSET @offset`).all({ ...params, limit: f.limit ?? 100, offset: f.offset ?? 0 }) as ConversationRow[];
  // What "waiting" is measured against: the newest message in the whole store, whatever the filter. Transcripts are
  // imported after the fact (an export of last month's chats), so today's date would make every open chat wait for
  // weeks; the newest message is the moment the export was taken, the nearest thing to "now" the data knows, and for a
  // shop importing every day it is today. One reference for the store, so a search never changes a row's waiting time.
  const asOf = (db.prepare('SELECT MAX(ts) FROM messages').pluck().get() as string | null) ?? null;
  // Every channel of the store, whatever the filter: the channel menu offers them all, not only those of the rows shown
  // (picking Taobao left Taobao as the only choice).
  const channels = db.prepare('SELECT DISTINCT channel FROM conversations ORDER BY channel').pluck().all() as string[];
  return { total, rows: rows.map((r) => ({ ...r, lastAt: r.lastAt ?? r.startedAt, lastText: (r.lastText ?? '').slice(0, 200) })), asOf, channels };
}

/** A message with its analysis. */
export interface MessageView {
  id: number;
  seq: number;
  sender: string;
  ts: string;
  text: string;
  lang: string | null;
  polarity: string | null;
  emotion: string | null;
  intent: string | null;
  slots: Record<string, string>;
}

/** The stored dialogue state of a conversation. */
export interface StateView {
  intent: string | null;
  emotion: string | null;
  lang: string | null;
  slots: Record<string, { value: string; seq: number }>;
  missing: string[];
  waitingSince: string | null;
}

/** Resolves a conversation by numeric id or external id; a user error when absent. */
export function conversationId(db: Database.Database, id: number | string, lang: Lang): number {
  const row = (typeof id === 'number' ? db.prepare('SELECT id FROM conversations WHERE id = ?').get(id) : db.prepare('SELECT id FROM conversations WHERE external_id = ? OR CAST(id AS TEXT) = ?').get(id, id)) as { id: number } | undefined;
  if (!row) throw new EngineError('not_found', tr(chatMessages, lang, 'no_conversation', { id }), { id });
  return row.id;
}

/** One conversation: its row, messages with analysis, and state (null until analysed). */
export function getConversation(db: Database.Database, id: number): { conversation: ConversationRow; messages: MessageView[]; state: StateView | null } {
  const conversation = listConversationsById(db, id);
  const messages = (db.prepare(`SELECT m.id, m.seq, m.sender, m.ts, m.text, a.lang, a.polarity, a.emotion, a.intent, a.slots
      FROM messages m LEFT JOIN message_analysis a ON a.message_id = m.id WHERE m.conversation_id = ? ORDER BY m.ts, m.seq`).all(id) as (Omit<MessageView, 'slots'> & { slots: string | null })[])
    .map((m) => ({ ...m, slots: JSON.parse(m.slots ?? '{}') as Record<string, string> }));
  const s = db.prepare('SELECT intent, emotion, lang, slots, missing, waiting_since FROM dialogue_state WHERE conversation_id = ?').get(id) as
    | { intent: string | null; emotion: string | null; lang: string | null; slots: string; missing: string; waiting_since: string | null }
    | undefined;
  const state = s ? { intent: s.intent, emotion: s.emotion, lang: s.lang, slots: JSON.parse(s.slots) as StateView['slots'], missing: JSON.parse(s.missing) as string[], waitingSince: s.waiting_since } : null;
  return { conversation, messages, state };
}

function listConversationsById(db: Database.Database, id: number): ConversationRow {
  const r = db.prepare(`SELECT c.id, c.external_id AS externalId, c.channel, c.status, c.language, c.subject, c.started_at AS startedAt,
      COALESCE((SELECT MAX(ts) FROM messages m WHERE m.conversation_id = c.id), c.started_at) AS lastAt,
      (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id) AS messages, d.intent, d.emotion, d.waiting_since AS waitingSince, '' AS lastText
    FROM conversations c LEFT JOIN dialogue_state d ON d.conversation_id = c.id WHERE c.id = ?`).get(id) as ConversationRow;
  return r;
}

/** Suggested replies of a conversation; `smallTalk` is set (and no article suggested) when the customer's unanswered messages are only small talk. */
export interface ConversationSuggestions {
  conversationId: number;
  externalId: string;
  state: StateView;
  suggestions: Suggestion[];
  smallTalk: { kind: SmallTalkKind; reply: string | null } | null;
  /** An order-status question about an order the store does not have (or no number): a reply asking for the number. */
  orderCheck: OrderCheck | null;
  ms: number;
}

/** Suggested replies for a conversation (analysing it first when it has no state yet). */
export async function suggestForConversation(db: Database.Database, id: number, o: { limit?: number; lang?: 'zh' | 'en' } = {}): Promise<ConversationSuggestions> {
  let view = getConversation(db, id);
  if (!view.state) {
    await analyseConversations(db, { conversationIds: [id] });
    view = getConversation(db, id);
  }
  const t0 = performance.now();
  const state = view.state as StateView;
  const lang = o.lang ?? (state.lang === 'zh' || state.lang === 'en' ? state.lang : view.conversation.language === 'zh' ? 'zh' : 'en');
  // The customer's messages since the shop last wrote: when they are all small talk ("thanks", "在吗"), the answer is a
  // polite line, not an article, even if an earlier question was about an order.
  const lastShop = view.messages.map((m) => m.sender !== 'customer').lastIndexOf(true);
  const unanswered = view.messages.slice(lastShop + 1).filter((m) => m.sender === 'customer');
  const kinds = unanswered.map((m) => smallTalkKind(m.text));
  if (unanswered.length && kinds.every((k) => k !== null)) {
    const kind = kinds[kinds.length - 1] as SmallTalkKind;
    return { conversationId: id, externalId: view.conversation.externalId, state, suggestions: [], smallTalk: { kind, reply: smallTalkReply(kind, lang) }, orderCheck: null, ms: performance.now() - t0 };
  }
  const customer = view.messages.filter((m) => m.sender === 'customer' && smallTalkKind(m.text) === null).slice(-3);
  const suggestions = rankSuggestions(db, {
    query: customer.map((m) => m.text).join('\n'),
    intent: state.intent,
    slots: { order_no: state.slots.order_no?.value, product: state.slots.product?.value },
    lang,
    channel: view.conversation.channel,
    limit: o.limit,
  });
  // "Where is my order …?" about an order the store does not have: no article can give its status, so the first thing
  // to say is to ask for (or check) the number; a coupon article sharing the word "order" was offered instead.
  const check = orderCheck(db, state.intent, state.slots.order_no?.value ?? null, lang);
  return { conversationId: id, externalId: view.conversation.externalId, state, suggestions, smallTalk: null, orderCheck: check, ms: performance.now() - t0 };
}
