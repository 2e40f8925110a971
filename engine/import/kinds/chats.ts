/**
 * Customer-service conversations: one row per message (mapped CSV/TSV/XLSX, generic JSON) or a WhatsApp / Zendesk
 * export read by engine/chats/import/source.ts. Conversations are keyed by their id; a message already stored (same
 * conversation, time, sender and text) is unchanged, so importing the same export twice changes nothing.
 */
import { readChatSource } from '../../chats/import/source';
import { tr, type Lang } from '../../i18n';
import { importMessages } from '../messages';
import { STAGE, stageColumnsFor } from '../plan';
import type { Cell, KindDef } from '../types';
import { field } from './fields';

const SENDER_ALIASES: Record<string, string> = {
  customer: 'customer', buyer: 'customer', user: 'customer', client: 'customer', visitor: 'customer', requester: 'customer', end_user: 'customer', enduser: 'customer',
  '买家': 'customer', '顾客': 'customer', '客户': 'customer', '用户': 'customer', '访客': 'customer',
  agent: 'agent', staff: 'agent', seller: 'agent', support: 'agent', merchant: 'agent', shop: 'agent', admin: 'agent', '客服': 'agent', '卖家': 'agent', '商家': 'agent', '人工': 'agent', '人工客服': 'agent',
  bot: 'bot', robot: 'bot', auto: 'bot', chatbot: 'bot', '机器人': 'bot', '自动回复': 'bot', '智能客服': 'bot', '店小蜜': 'bot',
};

// Qianniu and Taobao write the shop's side as a person: '店小二', '官方客服', '客服小王', '客服-小李'.
const AGENT_NAME = /^(?:店小二|官方客服|客服)/u;

/**
 * Who wrote a message whose sender cell names a person, not a role (Qianniu and JD exports write nicknames such as
 * 'tb_lily' or '客服小王'): the customer when it is the row's customer, else the shop's agent; refused when the row
 * gives no customer to compare it with and the name is no agent's.
 */
export function inferSender(sender: string, cellOf: (field: string) => string | null, lang: Lang): { value: Cell } | { reason: string } {
  const customer = cellOf('customer');
  if (customer && customer.toLowerCase() === sender.toLowerCase()) return { value: 'customer' };
  if (AGENT_NAME.test(sender) || customer) return { value: 'agent' };
  return { reason: tr(importMessages, lang, customer === null ? 'sender_unknown_no_customer' : 'sender_unknown_blank_customer') };
}

/** The chats import kind. */
export const chatsKind: KindDef = {
  name: 'chats',
  label: { en: 'Conversations', zh: '客服会话' },
  fields: [
    field('conversation', 'text', 'Conversation', '会话', ['conversation', 'conversation id', 'chat id', 'chat', 'thread', 'thread id', 'ticket', 'ticket id', 'session', 'session id', '会话', '会话id', '会话编号', '会话号', '对话id', '对话编号', '聊天id', '聊天编号', '咨询id', '咨询编号', '咨询单号', '工单号'], { required: true, identifier: true }),
    field('time', 'timestamp', 'Time', '时间', ['time', 'timestamp', 'sent at', 'created at', 'datetime', 'date', '时间', '发送时间', '消息时间', '聊天时间', '咨询时间', '回复时间', '日期'], { required: true }),
    field('sender', 'enum', 'Sender', '发送方', ['sender', 'role', 'from', 'author', 'author role', 'speaker', 'sender role', 'sender type', '发送方', '发送者', '发送人', '发件人', '发言人', '发言者', '说话人', '发送方角色', '发送者角色', '发送人角色', '身份', '角色'], { required: true, values: ['customer', 'agent', 'bot'], aliases: SENDER_ALIASES, infer: inferSender }),
    field('channel', 'text', 'Channel', '渠道', ['channel', 'platform', 'source', 'via', '渠道', '平台', '来源'], { default: 'web' }),
    field('text', 'text', 'Message', '消息', ['text', 'message', 'body', 'content', 'msg', '内容', '消息', '消息内容', '消息文本', '聊天内容', '对话内容', '回复内容', '发送内容', '聊天记录'], { required: true }),
    field('customer', 'text', 'Customer', '客户', ['customer', 'customer id', 'buyer', 'buyer id', 'user id', 'requester', 'customer name', 'buyer nick', '客户', '客户id', '客户昵称', '买家', '买家id', '买家昵称', '买家账号', '买家旺旺', '旺旺', '顾客', '顾客昵称', '顾客账号', '用户id', '用户账号', '用户昵称'], { identifier: true }),
    field('order_no', 'text', 'Order number', '订单号', ['order', 'order no', 'order number', 'order id', '订单号', '订单编号'], { identifier: true }),
    field('subject', 'text', 'Subject', '主题', ['subject', 'title', 'topic', '主题', '标题']),
  ],
  readSource: readChatSource,
  plan(mapped, now) {
    const col = (n: string, fallback = 'NULL'): string => (mapped.includes(n) ? `s.${n}` : fallback);
    const same = `m.conversation_id = c.id AND m.ts = s.time AND m.sender = s.sender AND m.text = s.text`;
    return {
      stageColumns: stageColumnsFor(this, mapped),
      prepare: [],
      classify: `SELECT CASE WHEN m.id IS NULL THEN 'insert' ELSE 'unchanged' END AS action, s.*
        FROM ${STAGE} s LEFT JOIN conversations c ON c.external_id = s.conversation LEFT JOIN messages m ON ${same}`,
      merge: [
        `INSERT INTO conversations (external_id, channel, customer_id, subject, status, started_at)
          SELECT g.conversation, g.channel, (SELECT id FROM customers WHERE external_id = g.customer), g.subject, 'open', g.started
          FROM (SELECT s.conversation, MIN(${col('channel', "'web'")}) AS channel, MIN(${col('customer')}) AS customer, MIN(${col('subject')}) AS subject, MIN(s.time) AS started
                FROM ${STAGE} s GROUP BY s.conversation) g WHERE true
          ON CONFLICT (external_id) DO UPDATE SET started_at = excluded.started_at WHERE excluded.started_at < started_at`,
        `INSERT INTO messages (conversation_id, seq, sender, ts, text, order_ref)
          SELECT c.id, COALESCE((SELECT MAX(seq) FROM messages x WHERE x.conversation_id = c.id), 0)
                   + ROW_NUMBER() OVER (PARTITION BY c.id ORDER BY s.time, s.rowid),
                 s.sender, s.time, s.text, ${col('order_no')}
          FROM ${STAGE} s JOIN conversations c ON c.external_id = s.conversation
          WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE ${same})`,
      ],
      targetTable: 'messages',
      params: { now },
    };
  },
};
