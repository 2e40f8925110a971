/** Browsing events (views, carts, purchases, searches) keyed by session, time, kind and product. */
import { STAGE, stageColumnsFor } from '../plan';
import type { KindDef } from '../types';
import { field, skuRef } from './fields';

const VALUE_COLS = ['customer', 'query', 'channel'] as const;

/** The browsing-events import kind. */
export const browsingEventsKind: KindDef = {
  name: 'browsing-events',
  label: { en: 'Browsing events', zh: '浏览行为' },
  fields: [
    field('session_id', 'text', 'Session', '会话', ['session', 'session id', 'visit id', '会话', '会话id', '访问id'], { required: true, identifier: true }),
    field('ts', 'timestamp', 'Time', '时间', ['time', 'timestamp', 'ts', 'date', 'event time', 'datetime', '时间', '时间戳', '日期', '发生时间'], { required: true }),
    field('kind', 'enum', 'Event', '行为', ['event', 'kind', 'event type', 'action', 'type', '行为', '事件', '行为类型', '类型'], {
      required: true,
      values: ['view', 'cart', 'purchase', 'search'],
      aliases: {
        pageview: 'view', pv: 'view', click: 'view', 浏览: 'view', 查看: 'view', 点击: 'view', addtocart: 'cart', add: 'cart', 加购: 'cart',
        加入购物车: 'cart', 购物车: 'cart', buy: 'purchase', order: 'purchase', 购买: 'purchase', 下单: 'purchase', 成交: 'purchase', 搜索: 'search',
      },
    }),
    skuRef(false),
    field('customer', 'text', 'Customer', '客户', ['customer', 'customer id', 'user', 'user id', 'visitor', 'member id', '客户', '用户', '用户id', '访客', '会员id'], { identifier: true }),
    field('query', 'text', 'Search text', '搜索词', ['query', 'search', 'search term', 'keyword', '搜索词', '关键词']),
    field('channel', 'text', 'Channel', '渠道', ['channel', 'source', 'platform', 'device', '渠道', '来源', '平台']),
  ],
  plan(mapped, now) {
    const cols: [string, string][] = VALUE_COLS.filter((c) => mapped.includes(c)).map((c) =>
      c === 'customer' ? ['customer_id', '(SELECT id FROM customers WHERE external_id = s.customer)'] : [c, `s.${c}`],
    );
    const sku = mapped.includes('sku') ? 's.sku' : 'NULL';
    // product_id may be NULL (searches), which a UNIQUE constraint never matches: compare with IS instead of ON CONFLICT.
    const match = `t.session_id = s.session_id AND t.ts = s.ts AND t.kind = s.kind AND t.product_id IS ${sku}`;
    const differs = cols.length ? cols.map(([c, e]) => `t.${c} IS NOT ${e}`).join(' OR ') : '0';
    return {
      stageColumns: stageColumnsFor(this, mapped),
      prepare: mapped.includes('customer')
        ? [`INSERT OR IGNORE INTO customers (external_id, created_at) SELECT DISTINCT customer, @now FROM ${STAGE} WHERE customer IS NOT NULL`]
        : [],
      classify: `SELECT CASE WHEN t.id IS NULL THEN 'insert' WHEN ${differs} THEN 'update' ELSE 'unchanged' END AS action, s.*
        FROM ${STAGE} s LEFT JOIN browsing_events t ON ${match}`,
      merge: [
        ...(cols.length
          ? [`UPDATE browsing_events AS t SET ${cols.map(([c, e]) => `${c} = ${e}`).join(', ')} FROM ${STAGE} s WHERE ${match} AND (${differs})`]
          : []),
        // The same event twice in one file is one event (the first row wins), not a constraint error.
        `INSERT INTO browsing_events (session_id, ts, kind, product_id${cols.map(([c]) => `, ${c}`).join('')})
          SELECT s.session_id, s.ts, s.kind, ${sku}${cols.map(([, e]) => `, ${e}`).join('')} FROM ${STAGE} s
          WHERE NOT EXISTS (SELECT 1 FROM browsing_events t WHERE ${match})
          ON CONFLICT (session_id, ts, kind, product_id) DO NOTHING`,
      ],
      targetTable: 'browsing_events',
      params: { now },
    };
  },
};
