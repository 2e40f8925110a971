// Chat and knowledge-base imports (issue 13): WhatsApp (iOS and Android), Zendesk JSON, mapped CSV/JSON, GBK, KB CSV and
// Markdown folders; bad files fail whole naming file and line, or with --skip-invalid keep the good rows and list the rest.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bench, rejection, type Bench } from './import-helpers';

const F = join(__dirname, 'fixtures', 'chats');
let b: Bench;
beforeEach(() => {
  b = bench();
});
afterEach(() => b.cleanup());

type Row = Record<string, unknown>;
const all = (sql: string, ...p: unknown[]): Row[] => b.store.db.prepare(sql).all(...p) as Row[];
const chats = (path: string, extra: Record<string, unknown> = {}) => b.imp({ kind: 'chats', path, ...extra });

describe('conversation exports', () => {
  it('WhatsApp iOS export: the contact is the customer, continuation lines join their message, emoji survive', async () => {
    const r = await chats(join(F, 'WhatsApp Chat with Li Wei.txt'));
    // The shop's attached photo ("<attached: …PHOTO….jpg>") holds no words: it is not a message.
    expect([r.format, r.inserted, r.rejected]).toEqual(['whatsapp', 4, 0]);
    expect(all('SELECT external_id, channel FROM conversations')).toEqual([{ external_id: 'whatsapp:Li Wei', channel: 'whatsapp' }]);
    const msgs = all('SELECT seq, sender, ts, text FROM messages ORDER BY seq');
    expect(msgs.map((m) => m.sender)).toEqual(['customer', 'agent', 'customer', 'customer']);
    expect(msgs[0].ts).toBe('2026-11-03T09:14:05');
    expect(msgs[2].text).toBe('好的，我比较着急，周五要用\n第二行：能不能顺丰？');
    expect(msgs[3].text).toBe('收到，谢谢！👍');
  });

  it("WhatsApp's placeholders are not imported as anyone's words: left-out media, deleted messages, the encryption notice", async () => {
    // They were stored as the customer's text and analysed ("<Media omitted>" read as an English message).
    const ios = [
      '[01/12/2026, 09:00:00] Li Wei: \u200eMessages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.',
      '[01/12/2026, 09:00:05] Li Wei: 你好，这件衣服破了',
      '[01/12/2026, 09:00:06] Li Wei: \u200eimage omitted',
      '[01/12/2026, 09:00:07] Li Wei: \u200e<附件：图片>',
      '[01/12/2026, 09:00:08] Li Wei: \u200e<attached: 00000013-PHOTO-2026-12-01-09-00-08.jpg>',
      '这是第二张照片，能退吗？',
      '[01/12/2026, 09:00:09] Li Wei: 此消息已删除',
      '[01/12/2026, 09:00:10] Li Wei: \u200eThis message was deleted.',
      '[01/12/2026, 09:01:00] Desk Shop: 您好，可以退 <This message was edited>',
      '[01/12/2026, 09:01:30] Desk Shop: 你删除了此消息',
    ];
    const android = [
      '12/1/26, 9:00 AM - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.',
      '12/1/26, 9:00 AM - Anna Smith: <Media omitted>',
      '12/1/26, 9:01 AM - Anna Smith: the zip is broken',
      '12/1/26, 9:02 AM - Desk Shop: You deleted this message',
      '12/1/26, 9:03 AM - Anna Smith: This message was deleted',
      '12/1/26, 9:04 AM - Desk Shop: Sorry! A new one is on its way',
    ];
    const r1 = await chats(b.file('WhatsApp Chat with Li Wei.txt', ios.join('\n') + '\n'));
    const r2 = await chats(b.file('WhatsApp Chat with Anna Smith.txt', android.join('\n') + '\n'));
    expect([r1.inserted, r1.rejected, r2.inserted, r2.rejected]).toEqual([3, 0, 2, 0]);
    expect(all('SELECT c.external_id AS c, m.sender, m.text FROM messages m JOIN conversations c ON c.id = m.conversation_id ORDER BY c.external_id, m.seq')).toEqual([
      { c: 'whatsapp:Anna Smith', sender: 'customer', text: 'the zip is broken' },
      { c: 'whatsapp:Anna Smith', sender: 'agent', text: 'Sorry! A new one is on its way' },
      { c: 'whatsapp:Li Wei', sender: 'customer', text: '你好，这件衣服破了' },
      { c: 'whatsapp:Li Wei', sender: 'customer', text: '这是第二张照片，能退吗？' },
      { c: 'whatsapp:Li Wei', sender: 'agent', text: '您好，可以退' },
    ]);
  });

  it('WhatsApp Android export: system notices are skipped, 12-hour times and month-first dates are read', async () => {
    const r = await chats(join(F, 'WhatsApp Chat with Anna Smith.txt'));
    expect(r.inserted).toBe(4);
    expect(all('SELECT sender, ts FROM messages ORDER BY seq')).toEqual([
      { sender: 'customer', ts: '2026-11-03T21:05:00' },
      { sender: 'customer', ts: '2026-11-03T21:06:00' },
      { sender: 'agent', ts: '2026-11-03T21:12:00' },
      { sender: 'customer', ts: '2026-11-13T10:01:00' },
    ]);
  });

  it('Zendesk ticket export: requester comments are the customer, the ticket channel is kept, a second import changes nothing', async () => {
    const path = join(F, 'zendesk-tickets.json');
    const r = await chats(path);
    expect([r.format, r.inserted]).toEqual(['zendesk', 4]);
    expect(all('SELECT external_id, channel, subject FROM conversations ORDER BY external_id')).toEqual([
      { external_id: 'zendesk:1001', channel: 'email', subject: 'Where is my parcel?' },
      { external_id: 'zendesk:1002', channel: 'web', subject: '退款' },
    ]);
    expect(all("SELECT m.sender FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.external_id = 'zendesk:1002' ORDER BY seq").map((x) => x.sender)).toEqual(['customer', 'agent']);
    const again = await chats(path);
    expect([again.inserted, again.unchanged, b.count('messages')]).toEqual([0, 4, 4]);
  });

  it('Zendesk bad file: an empty ticket fails the whole import naming file and line; --skip-invalid keeps the good ticket and lists the rest', async () => {
    const path = join(F, 'zendesk-bad.json');
    const e = await rejection(chats(path));
    expect(e.message).toContain('zendesk-bad.json row 2');
    expect(e.message).toContain('2002 has no messages');
    expect(b.count('messages')).toBe(0);
    const rejectsPath = join(b.dir, 'rejects.csv');
    const r = await chats(path, { skipInvalid: true, rejectsPath });
    expect([r.inserted, r.rejected]).toEqual([1, 3]);
    expect(r.rejects.map((x) => [x.row, x.column])).toEqual([[2, 'comments'], [3, 'author_id'], [4, 'time']]);
    expect(r.rejects[1].reason).toContain('unknown sender');
    expect(r.rejects[2].reason).toBe('a value is required');
    expect(existsSync(rejectsPath)).toBe(true);
  });

  it('mapped CSV with Chinese headers and sender names; the order column is kept; the same file in GBK imports the same text', async () => {
    const text = readFileSync(join(F, 'chats-generic.csv'), 'utf8');
    const r = await chats(b.file('c.csv', text));
    expect(r.inserted).toBe(4);
    expect(all("SELECT sender, order_ref FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.external_id = 'T1' ORDER BY seq")).toEqual([
      { sender: 'customer', order_ref: 'DM2026110300012' }, { sender: 'agent', order_ref: null }, { sender: 'customer', order_ref: null },
    ]);
    expect(all("SELECT text FROM messages WHERE text LIKE '%lamp%'")[0].text).toBe('The lamp "Nordic" — is it still in stock? 🙏');
    const b2 = bench();
    try {
      const gbkText = text.replace(' 🙏', '').replace('—', '-');
      const r2 = await b2.imp({ kind: 'chats', path: b2.file('gbk.csv', iconv.encode(gbkText, 'gbk')) });
      expect([r2.encoding, r2.inserted]).toEqual(['gb18030', 4]);
      expect(b2.store.db.prepare("SELECT text FROM messages WHERE seq = 1 AND text LIKE '在吗%'").pluck().get()).toBe('在吗？我想问下订单什么时候发货');
    } finally {
      b2.cleanup();
    }
  });

  it("Android's notices with ': ' in a subject or a contact's name are skipped, not read as a made-up sender's message", async () => {
    // 'Desk Shop changed the subject to "Order' was a sender (and, first in a file without the contact's name, the customer).
    const android = [
      '12/1/26, 9:00 AM - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.',
      '12/1/26, 9:00 AM - Desk Shop created group "Order: 1042"',
      '12/1/26, 9:00 AM - Desk Shop added Anna Smith',
      '12/1/26, 9:01 AM - Anna Smith: hi, the zip is broken',
      '12/1/26, 9:02 AM - Desk Shop changed the subject from "Order: 1042" to "Order: 1042 (return)"',
      '12/1/26, 9:02 AM - Desk Shop changed the subject to “退货: 1042”',
      '12/1/26, 9:03 AM - Desk Shop: Sorry! Send it back: we pay the postage',
      '12/1/26, 9:04 AM - Your security code with Shop: Li changed. Tap to learn more.',
      "12/1/26, 9:04 AM - Shop: Li's security code changed. Tap to learn more.",
      '12/1/26, 9:05 AM - Desk Shop added Shop: Li',
      '12/1/26, 9:06 AM - Shop: Li left',
      '12/1/26, 9:07 AM - Anna Smith: ok I left',
    ];
    const expected = [
      { sender: 'customer', text: 'hi, the zip is broken' },
      { sender: 'agent', text: 'Sorry! Send it back: we pay the postage' },
      { sender: 'customer', text: 'ok I left' },
    ];
    const msgs = () => all('SELECT m.sender, m.text FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.external_id = ? ORDER BY m.seq', 'whatsapp:Anna Smith');
    const r1 = await chats(b.file('WhatsApp Chat with Anna Smith.txt', android.join('\n') + '\n'));
    expect([r1.inserted, r1.rejected]).toEqual([3, 0]);
    expect(msgs()).toEqual(expected);
    // Without the contact's name in the file name the first sender is the customer: Anna, not a notice.
    b.store.db.exec('DELETE FROM messages; DELETE FROM conversations');
    const r2 = await chats(b.file('chat.txt', android.join('\n') + '\n'));
    expect([r2.inserted, r2.rejected]).toEqual([3, 0]);
    expect(msgs()).toEqual(expected);
  });

  it('Qianniu and JD customer-service exports: their Chinese headers (发送人, 发言人, 买家昵称, 咨询ID, …) are recognised', async () => {
    // 发送人 was not a sender column: the import said "no column found for required field sender".
    const qianniu = ['会话ID,发送时间,发送人,接收人,消息内容,买家昵称,订单号', 'Q1,2026-12-01 10:00:00,买家,客服小王,在吗？订单什么时候发货,tb_lily,DM2026120100001', 'Q1,2026-12-01 10:01:00,客服,tb_lily,亲，今天发出,tb_lily,'];
    const jd = ['咨询ID,咨询时间,发言人,消息,顾客昵称,接待客服', 'J1,2026-12-01 11:00:00,顾客,可以换大一码吗,jd_ming,客服A', 'J1,2026-12-01 11:02:00,客服,可以的，请申请换货,jd_ming,客服A'];
    const r1 = await chats(b.file('qianniu.csv', qianniu.join('\n') + '\n'));
    const r2 = await chats(b.file('jd.csv', jd.join('\n') + '\n'));
    expect([r1.inserted, r1.rejected, r2.inserted, r2.rejected]).toEqual([2, 0, 2, 0]);
    expect(all('SELECT c.external_id AS c, m.sender, m.order_ref FROM messages m JOIN conversations c ON c.id = m.conversation_id ORDER BY c.external_id, m.seq')).toEqual([
      { c: 'J1', sender: 'customer', order_ref: null }, { c: 'J1', sender: 'agent', order_ref: null },
      { c: 'Q1', sender: 'customer', order_ref: 'DM2026120100001' }, { c: 'Q1', sender: 'agent', order_ref: null },
    ]);
  });

  it('Qianniu and JD exports whose sender column holds nicknames: the buyer is the customer, the shop\'s names the agent; unplaceable names are refused in both languages', async () => {
    // Every row was refused: "must be one of customer, agent, bot".
    const qianniu = [
      '会话ID,发送时间,发送人,消息内容,买家昵称',
      'Q7,2026-12-02 20:11:05,tb_lily,在吗？我的订单还没发货,tb_lily',
      'Q7,2026-12-02 20:11:20,店小蜜,您好，我是智能助手店小蜜,tb_lily',
      'Q7,2026-12-02 20:12:01,客服小王,亲，仓库今天发出哦,tb_lily',
      'Q7,2026-12-02 20:12:40,TB_Lily,好的谢谢,tb_lily',
      'Q7,2026-12-02 20:13:00,lily旗舰店:阿杰,不客气，有问题随时找我们,tb_lily',
      'Q7,2026-12-02 20:13:30,客服,祝您生活愉快,tb_lily',
    ];
    const jd = ['咨询ID,咨询时间,发言人,消息,用户账号', 'J7,2026-12-02 11:00:00,jd_ming88,可以换大一码吗,jd_ming88', 'J7,2026-12-02 11:01:00,官方客服,可以的，请申请换货,jd_ming88', 'J7,2026-12-02 11:02:00,customer,好的,jd_ming88'];
    const r1 = await chats(b.file('千牛聊天记录.csv', qianniu.join('\n') + '\n'));
    const r2 = await chats(b.file('jd-chats.csv', jd.join('\n') + '\n'));
    expect([r1.inserted, r1.rejected, r2.inserted, r2.rejected]).toEqual([6, 0, 3, 0]);
    const senders = (c: string) => all('SELECT m.sender FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.external_id = ? ORDER BY m.seq', c).map((m) => m.sender);
    expect(senders('Q7')).toEqual(['customer', 'bot', 'agent', 'customer', 'agent', 'agent']);
    expect(senders('J7')).toEqual(['customer', 'agent', 'customer']);
    // No customer column to compare with, or a blank customer cell: refused naming file, row and column, nothing written.
    const noCustomer = b.file('no-buyer.csv', ['会话ID,发送时间,发送人,消息内容', 'N1,2026-12-02 20:11:05,客服小王,亲，在的', 'N1,2026-12-02 20:11:20,tb_lily,什么时候发货'].join('\n') + '\n');
    expect((await rejection(chats(noCustomer))).message).toMatch(/^no-buyer\.csv row 3, column 发送人: cannot tell whether this sender is the customer, an agent or a bot: .*no customer column.*Map the column of the buyer's nickname \(买家昵称\) to Customer.* \(value 'tb_lily'\)/);
    expect((await rejection(b.imp({ kind: 'chats', path: noCustomer }, 'zh'))).message).toMatch(/^no-buyer\.csv 第 3 行，列“发送人”：无法判断该发送方是客户、客服还是机器人：.*没有可供对照的客户列.*（值“tb_lily”）/);
    const blank = b.file('blank-buyer.csv', ['会话ID,发送时间,发送人,消息内容,买家昵称', 'N2,2026-12-02 20:11:05,tb_lily,在吗,'].join('\n') + '\n');
    expect((await rejection(chats(blank))).message).toMatch(/^blank-buyer\.csv row 2, column 发送人: cannot tell .*this row's customer cell is blank/);
    expect((await rejection(b.imp({ kind: 'chats', path: blank }, 'zh'))).message).toMatch(/^blank-buyer\.csv 第 2 行，列“发送人”：无法判断.*本行的客户为空/);
    expect(b.count('conversations')).toBe(2);
  });

  it('bad CSV: a duplicated message fails the import with its line; --skip-invalid also reports the unknown sender and the missing time', async () => {
    const path = join(F, 'chats-bad.csv');
    const e = await rejection(chats(path, {}));
    expect(e.message).toMatch(/chats-bad\.csv row 5.*duplicated message \(same as row 2\)/);
    expect(b.count('conversations')).toBe(0);
    const r = await chats(path, { skipInvalid: true, rejectsPath: join(b.dir, 'r.csv') });
    expect([r.inserted, r.rejected]).toEqual([1, 3]);
    expect(r.rejects.map((x) => `${x.row}:${x.column}`).sort()).toEqual(['3:sender', '4:time', '5:*']);
  });

  it('generic JSON with nested conversations: an empty conversation is reported with its line', async () => {
    const e = await rejection(chats(join(F, 'chats-nested.json')));
    expect(e.message).toContain('chats-nested.json row 11');
    const r = await chats(join(F, 'chats-nested.json'), { skipInvalid: true, rejectsPath: join(b.dir, 'r.csv') });
    expect([r.format, r.inserted, r.rejected]).toEqual(['json', 2, 1]);
  });

  it('generic JSON without a message is said as such, and a null text rejects its row by name (not "no column found")', async () => {
    for (const body of ['[]', '{"conversations":[{"id":"J1","messages":[]}]}']) {
      const e = await rejection(chats(b.file('empty.json', body)));
      expect(e.message).toMatch(/^empty\.json holds no messages: give an array of message objects/);
    }
    const nulls = b.file('nulls.json', '[\n{"time":"2026-01-01T10:00:00","sender":"customer","text":null,"conversation":"c1"},\n{"time":"2026-01-01T10:01:00","sender":"agent","text":"hi","conversation":"c1"}\n]');
    expect((await rejection(chats(nulls))).message).toMatch(/^nulls\.json row 2, column text: a value is required/);
  });

  it('a WhatsApp date that does not exist is quoted as the file writes it, with its line, in both languages', async () => {
    // It was quoted as its converted form ('2026-02-31T09:00:00'), which is nowhere in the file.
    const path = b.file('WhatsApp Chat with Bob.txt', '[30/01/2026, 09:00:00] Bob: hi\n[31/02/2026, 09:00:00] Bob: where is it?\n[01/03/2026, 09:01:00] Shop: on its way\n');
    expect((await rejection(chats(path))).message).toBe("WhatsApp Chat with Bob.txt row 2, column time: '31/02/2026, 09:00:00' is not a real date and time (this file writes its dates as DD/MM/YYYY)");
    expect((await rejection(b.imp({ kind: 'chats', path }, 'zh'))).message).toBe('WhatsApp Chat with Bob.txt 第 2 行，列“time”：“31/02/2026, 09:00:00”不是真实存在的日期时间（该文件的日期写作 DD/MM/YYYY）');
    expect(b.count('messages')).toBe(0);
    const android = b.file('WhatsApp Chat with Ann.txt', '1/13/26, 9:00 PM - Ann: hi\n2/30/26, 9:05 PM - Ann: hello?\n');
    const r = await chats(android, { skipInvalid: true, rejectsPath: join(b.dir, 'r.csv') });
    expect([r.inserted, r.rejected]).toEqual([1, 1]);
    expect(r.rejects.map((x) => [x.row, x.column, x.value])).toEqual([[2, 'time', '2/30/26, 9:05 PM']]);
    expect(r.rejects[0].reason).toContain('MM/DD/YYYY');
  });

  it('a 10,000-character message imports whole; one over the 65,536-character limit is reported, not cut', async () => {
    const long = 'x'.repeat(10_000);
    const tooLong = 'y'.repeat(70_000);
    const txt = `[01/12/2026, 10:00:00] Bob: ${long}\n[01/12/2026, 10:01:00] Shop: ok\n[01/12/2026, 10:02:00] Bob: ${tooLong}\n`;
    const path = b.file('WhatsApp Chat with Bob.txt', txt);
    const e = await rejection(chats(path));
    expect(e.message).toContain('row 3');
    const r = await chats(path, { skipInvalid: true, rejectsPath: join(b.dir, 'r.csv') });
    expect([r.inserted, r.rejected]).toEqual([2, 1]);
    expect((all("SELECT length(text) AS n FROM messages WHERE sender = 'customer'")[0].n)).toBe(10_000);
  });
});

describe('a conversations file read by what it holds', () => {
  it('a Zendesk export saved as .txt or .csv, a WhatsApp export saved as .csv or .json and JSON Lines in a .txt import as their format', async () => {
    // These went to the table reader: the Zendesk document's first line became column names and the import said the
    // file had no rows (0 imported, exit 0); the WhatsApp chat's first message was listed as the missing columns.
    const zendesk = readFileSync(join(F, 'zendesk-tickets.json'), 'utf8');
    for (const name of ['tickets.txt', 'tickets.csv']) {
      const r = await chats(b.file(name, zendesk));
      expect([name, r.format, r.inserted + r.unchanged, r.rejected]).toEqual([name, 'zendesk', 4, 0]);
    }
    expect(all('SELECT external_id FROM conversations ORDER BY external_id').map((c) => c.external_id)).toEqual(['zendesk:1001', 'zendesk:1002']);
    const wa = readFileSync(join(F, 'WhatsApp Chat with Li Wei.txt'), 'utf8');
    for (const name of ['chat.csv', 'chat.json']) {
      const r = await chats(b.file(name, wa));
      expect([name, r.format, r.inserted + r.unchanged, r.rejected]).toEqual([name, 'whatsapp', 4, 0]);
    }
    expect(all("SELECT text FROM messages WHERE text LIKE '%👍'").map((m) => m.text)).toEqual(['收到，谢谢！👍']);
    const lines = ['{"conversation":"J9","time":"2026-12-01T09:00:00","sender":"customer","text":"hi, where is my order?"}', '{"conversation":"J9","time":"2026-12-01T09:01:00","sender":"agent","text":"Let me check"}'];
    const r = await chats(b.file('messages.txt', lines.join('\n') + '\n'));
    expect([r.format, r.inserted]).toEqual(['json', 2]);
    expect(all("SELECT m.text FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.external_id = 'J9' ORDER BY seq").map((m) => m.text)).toEqual(['hi, where is my order?', 'Let me check']);
  });

  it('a 0-byte export is said to be empty, naming it, in both languages; nothing is written', async () => {
    for (const name of ['chats.csv', 'WhatsApp Chat with Li Wei.txt', 'tickets.json']) {
      const path = b.file(name, '');
      expect((await rejection(chats(path))).message).toBe(`${name} is empty (0 bytes): there is nothing in it to read`);
      expect((await rejection(b.imp({ kind: 'chats', path }, 'zh'))).message).toBe(`${name} 是空文件（0 字节），没有可读取的内容`);
    }
    expect(b.count('messages')).toBe(0);
  });
});

describe('knowledge base', () => {
  it('CSV: one row per language, channel rows become variants, tags become a list; re-import changes nothing', async () => {
    const path = join(F, 'kb.csv');
    const r = await b.imp({ kind: 'kb', path });
    expect(r.rejected).toBe(0);
    expect(all('SELECT slug, title_zh, title_en, intent, tags FROM kb_articles ORDER BY slug')).toEqual([
      { slug: 'order-status', title_zh: '订单状态查询', title_en: 'Order status', intent: 'order_status', tags: '["订单","发货","order","shipping"]' },
      { slug: 'returns', title_zh: '退货政策', title_en: 'Return policy', intent: 'return_refund', tags: '["退货","退款","return","refund"]' },
      { slug: 'stock', title_zh: '库存与补货', title_en: 'Stock and restock', intent: 'product_question', tags: '["库存","补货","stock","restock"]' },
    ]);
    expect(all('SELECT a.slug, v.lang, v.channel FROM kb_variants v JOIN kb_articles a ON a.id = v.article_id ORDER BY 1, 2, 3')).toEqual([
      { slug: 'order-status', lang: 'zh', channel: 'wechat' },
      { slug: 'returns', lang: 'en', channel: 'email' },
    ]);
    const again = await b.imp({ kind: 'kb', path });
    expect([again.inserted, again.updated]).toEqual([0, 0]);
  });

  it('Markdown folder: SLUG.LANG.md articles with front matter or a heading, SLUG.LANG.CHANNEL.md variants', async () => {
    const r = await b.imp({ kind: 'kb', path: join(F, 'kb-md') });
    expect([r.format, r.rejected]).toEqual(['markdown', 0]);
    expect(all('SELECT slug, title_zh, title_en, intent FROM kb_articles')).toEqual([{ slug: 'size-guide', title_zh: '尺码建议', title_en: 'Size guide', intent: 'exchange_size' }]);
    expect(all('SELECT lang, channel, body FROM kb_variants')).toEqual([{ lang: 'en', channel: 'whatsapp', body: "Hi! 👕 Check the size chart; if it doesn't fit, swap it free within 7 days." }]);
  });

  it('a Markdown file with an unclosed front matter is reported by name', async () => {
    const dir = join(b.dir, 'kb');
    b.file('kb-placeholder', '');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(dir);
    writeFileSync(join(dir, 'broken.en.md'), '---\ntitle: x\nno end');
    const e = await rejection(b.imp({ kind: 'kb', path: dir }));
    expect(e.message).toContain('broken.en.md');
    expect(b.count('kb_articles')).toBe(0);
  });
});

describe('WhatsApp file names', () => {
  it('a WhatsApp export uploaded through the app keeps its customer when the upload made the name\'s letters safe', async () => {
    // The upload stores "WhatsApp Chat with José García.txt" as "…-WhatsApp_Chat_with_Jos__Garc_a.txt": the contact
    // "Jos  Garc a" matched no sender, so every message was stored as the shop's and the customer had none.
    const { safeUploadName, storedUploadName } = await import('../../engine/fs/upload-name');
    const chats3 = [['José García', 'Hola, ¿dónde está mi pedido?'], ['Иван Петров', 'Где мой заказ?'], ['Anna 🌸', 'where is my order?']];
    for (const [name, question] of chats3) {
      const text = `[01/12/2026, 09:00:00] ${name}: ${question}\n[01/12/2026, 09:01:00] Shop: Let me check\n[01/12/2026, 09:02:00] ${name}: thanks\n`;
      const r = await chats(b.file(storedUploadName(safeUploadName(`WhatsApp Chat with ${name}.txt`)), text));
      expect([name, r.format, r.inserted]).toEqual([name, 'whatsapp', 3]);
      const rows = all("SELECT m.sender FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.external_id = ? ORDER BY m.seq", `whatsapp:${name}`);
      expect([name, rows.map((m) => m.sender)]).toEqual([name, ['customer', 'agent', 'customer']]);
    }
    expect(b.count('conversations')).toBe(3);
  });

  it('the contact is read from the export name, also after a browser upload made its spaces safe', async () => {
    const { contactFromFileName } = await import('../../engine/chats/import/whatsapp');
    expect(contactFromFileName('/x/WhatsApp Chat with Li Wei.txt')).toBe('Li Wei');
    expect(contactFromFileName('/up/1764650000000-ab12cd-WhatsApp_Chat_with_Li_Wei.txt')).toBe('Li Wei');
    expect(contactFromFileName('/x/chat.txt')).toBeNull();
  });
});
