/** Writes the demo's chat transcripts (conversations + messages) and knowledge-base articles. */
import type Database from 'better-sqlite3';
import type { DemoCustomer } from './customers';
import { timestamp } from './dates';
import type { DemoOrder } from './orders';
import type { DemoProduct } from './products';
import { Rng } from './rng';
import { CHAT_SCRIPTS, KB_ARTICLES } from './chat-scripts';

/** Writes `count` conversations about recent orders and the KB; returns the number of messages. */
export function writeChats(db: Database.Database, seed: number, products: DemoProduct[], customers: DemoCustomer[], recent: DemoOrder[], first: number, days: number, count: number): number {
  const rng = Rng.forPhase(seed, 'chats');
  const updated = timestamp(first + days - 1, 0);
  const insKb = db.prepare('INSERT INTO kb_articles (slug, title_zh, title_en, body_zh, body_en, tags, intent, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  for (const a of KB_ARTICLES) insKb.run(a.slug, a.titleZh, a.titleEn, a.bodyZh, a.bodyEn, JSON.stringify(a.tags), a.intent, updated);
  if (!recent.length) return 0;
  const insConv = db.prepare('INSERT INTO conversations (id, external_id, channel, customer_id, language, subject, status, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const insMsg = db.prepare('INSERT INTO messages (conversation_id, seq, sender, ts, text) VALUES (?, ?, ?, ?, ?)');
  const picked = Array.from({ length: count }, () => recent[rng.int(recent.length)]).sort((a, b) => a.day - b.day || a.sec - b.sec);
  let messages = 0;
  picked.forEach((o, k) => {
    const id = k + 1;
    const zh = customers[o.customer - 1].zh;
    const p = products[o.products[0]];
    const script = p.cat.code === 'apparel' && rng.chance(0.5) ? CHAT_SCRIPTS[1] : rng.pick(CHAT_SCRIPTS.filter((s) => s.topic !== 'size'));
    const day = Math.min(days - 1, o.day + rng.int(5));
    const lang = zh ? 'zh' : 'en';
    const fill = (t: string): string =>
      t
        .replace(/\{order\}/g, o.orderNo)
        .replace(/\{title\}/g, zh ? `「${p.titleZh}」` : `"${p.titleEn}"`)
        .replace(/\{size\}/g, p.size ?? 'M')
        .replace(/\{days\}/g, String(5 + rng.int(6)))
        .replace(/\{track\}/g, String(1e11 + rng.int(9e11)));
    let sec = 9 * 3600 + rng.int(12 * 3600);
    const status = day >= days - 2 && rng.chance(0.5) ? 'open' : 'closed';
    insConv.run(id, `CV${String(id).padStart(5, '0')}`, o.channel, o.customer, lang, script.subject[lang], status, timestamp(first + day, sec));
    script.lines.forEach((line, seq) => {
      insMsg.run(id, seq + 1, line.sender, timestamp(first + day, sec), fill(line[lang]));
      sec += 20 + rng.int(280);
      messages++;
    });
  });
  return messages;
}
