/**
 * WhatsApp chat export (.txt), both published line formats:
 *   iOS:     "[31/12/2020, 23:59:59] Name: text"   (optionally "[12/31/20, 11:59:59 PM]")
 *   Android: "31/12/2020, 23:59 - Name: text"      (optionally "12/31/20, 11:59 PM - ")
 * A line that does not start a message continues the previous one (multi-line messages); lines without "Name: " after
 * the time are system notices ("Messages and calls are end-to-end encrypted") and are skipped, as are Android's
 * notices with ': ' in a quoted subject or a contact's name ("Anna changed the subject to "Order: 1""). WhatsApp's own
 * placeholders are marked (`placeholder`), not read as words: a notice written under a name (iOS writes the encryption
 * notice under the contact's), a photo or file the export left out ("<Media omitted>", "image omitted", "<附件：图片>")
 * and a deleted message ("This message was deleted", "此消息已删除"). The export is named
 * "WhatsApp Chat with CONTACT.txt": CONTACT is the customer, every other sender is the shop; without that name the
 * first sender is taken as the customer.
 */
import { basename } from 'node:path';
import { safeUploadName } from '../../fs/upload-name';

/** One message found in the export, with the file line it starts on. */
export interface WaMessage {
  line: number;
  /** The date and time as the file writes them ("31/12/2020, 23:59:59"), quoted when they are not a real date. */
  stamp: string;
  date: [number, number, number];
  time: string;
  author: string;
  text: string;
  /** Set when the message is one of WhatsApp's placeholders, not the sender's words (its text is then meaningless). */
  placeholder?: WaPlaceholder;
}

/** What a placeholder stands for: a notice of WhatsApp's, a photo or file left out of the export, a deleted message. */
export type WaPlaceholder = 'system' | 'media' | 'deleted';

// WhatsApp's notices written under a sender's name (iOS), in English and Chinese.
const SYSTEM_TEXTS = [
  /^messages and calls are end-to-end encrypted\b/i,
  /^消息和通话(?:已|均已|已进行|都已)?(?:经过)?端到端加密/u,
  /^(?:missed (?:voice|video|group voice|group video) call|waiting for this message\b)/i,
  /^(?:未接(?:语音|视频)通话|正在等待此消息)/u,
];
// A photo, video, voice note, sticker or file the export holds no words of (with or without the media attached).
const MEDIA_LINES = [
  /^<media omitted>$/i,
  /^(?:image|photo|video|audio|sticker|gif|document|contact card) omitted$/i,
  /^<attached: [^>]+>$/i,
  /^\S[^<>]*\.[A-Za-z0-9]{2,5} \(file attached\)$/i,
  /^<(?:附件|已附加)[:：][^>]*>$/u,
  /^<?(?:省略(?:的)?(?:影音|媒体|媒體)(?:内容|內容|文件|檔案)?|(?:媒体|媒體|影音|图片|圖片|照片|视频|影片|音频|语音|贴图|文件|文档|GIF)(?:内容|文件)?已(?:省略|忽略))>?$/u,
];
const DELETED_TEXTS = [/^(?:this message was deleted|you deleted this message)\.?$/i, /^(?:此消息已(?:被)?删除|(?:你|您)删除了此消息|此訊息已刪除|你已刪除此訊息)[。.]?$/u];
// Appended by newer exports to an edited message; not the sender's words.
const EDITED = /\s*<(?:this message was edited|此消息已编辑|已编辑)>$/iu;

/**
 * Marks WhatsApp's placeholders. A file sent with a caption keeps the caption as its text (the file's line dropped):
 * "IMG-….jpg (file attached)" then "is this the right one?" is the customer's question.
 */
function classify(msg: WaMessage): WaMessage {
  const text = msg.text.replace(EDITED, '');
  const [first, ...rest] = text.split('\n');
  const head = first.replace(/\u200e/g, '').trim();
  if (SYSTEM_TEXTS.some((r) => r.test(head))) return { ...msg, text, placeholder: 'system' };
  if (!rest.length && DELETED_TEXTS.some((r) => r.test(head))) return { ...msg, text, placeholder: 'deleted' };
  if (MEDIA_LINES.some((r) => r.test(head))) {
    const caption = rest.join('\n').trim();
    return caption ? { ...msg, text: caption } : { ...msg, text, placeholder: 'media' };
  }
  return { ...msg, text };
}

const IOS = /^\u200e?\[(\d{1,4})[./-](\d{1,2})[./-](\d{1,4}),?\s+(\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)(?:\s*([AaPp]\.?\s?[Mm]\.?))?\]\s(.*)$/u;
const ANDROID = /^\u200e?(\d{1,4})[./-](\d{1,2})[./-](\d{1,4}),?\s+(\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)(?:\s*([AaPp]\.?\s?[Mm]\.?))?\s[-–]\s(.*)$/u;

/** True when the text looks like a WhatsApp export (a message line within its first lines). */
export function looksLikeWhatsApp(head: string): boolean {
  return head.split(/\r?\n/).slice(0, 20).some((l) => IOS.test(l) || ANDROID.test(l));
}

/**
 * True when the text's first non-blank line is a WhatsApp message or notice line: how an export saved under another
 * extension (.csv, .json) is told from a table, whose first line is its column names, or from JSON.
 */
export function startsLikeWhatsApp(head: string): boolean {
  const first = head.replace(/^\ufeff/, '').split(/\r?\n/).find((l) => l.trim()) ?? '';
  return IOS.test(first) || ANDROID.test(first);
}

/** The contact named by the export's file name, or null. */
export function contactFromFileName(file: string): string | null {
  // Uploads through the browser arrive as "<time>-<id>-WhatsApp_Chat_with_Li_Wei.txt" (spaces made safe).
  const m = /(?:^|-)WhatsApp[ _]Chat[ _](?:with|-)[ _](.+?)(?:[ _]\(\d+\))?\.txt$/iu.exec(basename(file));
  return m ? m[1].replace(/_/g, ' ').trim() : null;
}

/** A name as it survives an upload's file name: unsafe characters as spaces, runs of spaces as one, any case. */
function asInUploadName(name: string): string {
  return safeUploadName(name).replace(/[_\s]+/g, ' ').trim().toLowerCase();
}

/**
 * The customer among the export's senders: the one the file name names, also when an upload through the app made that
 * name's accented or non-Latin letters safe ("WhatsApp_Chat_with_Jos__Garc_a.txt" for José García: every message
 * used to be stored as the shop's, the customer had none); else, as without such a name, the first sender.
 */
export function customerOf(fromFileName: string | null, msgs: readonly WaMessage[]): string {
  const authors = [...new Set(msgs.map((m) => m.author))];
  if (fromFileName === null) return authors[0];
  if (authors.includes(fromFileName)) return fromFileName;
  const wanted = asInUploadName(fromFileName);
  return authors.find((a) => [a.normalize('NFC'), a.normalize('NFD')].some((f) => asInUploadName(f) === wanted)) ?? authors[0];
}

// Android writes WhatsApp's notices after the time with no sender ("Anna added Bob"); one that quotes a group subject
// or names a contact with ': ' in it ("Anna changed the subject to "Order: 1"", "Shop: Li left") read as a message
// from a made-up sender ('Anna changed the subject to "Order'). In English and Chinese.
const ANDROID_NOTICES = [
  /^.+? (?:changed the subject|changed the group name)(?: from ["“].*["”])? to ["“].*["”]$/su,
  /^.+? created (?:group|community) ["“].*["”]$/su,
  /^.+? (?:added|removed) .+$/su,
  /^.+? (?:left|joined using this group's invite link|joined from the community)$/u,
  /^.+? (?:changed (?:this group's icon|the group description|this group's settings|their phone number\b.*|to \+?[\d\s()-]+)|deleted this group's icon|is now an admin|(?:turned on|turned off|updated) disappearing messages\b.*)$/su,
  /^(?:Your security code with .+ changed|.+'s security code changed)\.(?: Tap (?:to learn more|for more info)\.)?$/u,
  /^You were added\b.*$/u,
  /^.+?(?:将(?:群组)?主题(?:从“.*”)?(?:更改|修改)为“.*”|创建了群组“.*”|添加了.+|移除了.+|已?退出(?:了群组)?|离开了群组?|通过此群组的邀请链接加入了群组|已更换新号码.*)$/su,
  /^(?:你与 ?.+ ?的安全码已更改|.+ ?的安全码已更改).*$/su,
];

/** True when the first ': ' of an Android line is inside a quotation ('… changed the subject to "Order: 1"'). */
function colonQuoted(rest: string, colon: number): boolean {
  const before = rest.slice(0, colon);
  const straight = before.split('"').length - 1;
  return straight % 2 === 1 || before.split('“').length > before.split('”').length;
}

/**
 * Splits the export into messages (system notices dropped, continuation lines joined, placeholders marked); `contact`
 * is the customer the file name names, whose lines are never taken for notices.
 */
export function parseWhatsApp(text: string, contact: string | null = null): WaMessage[] {
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  const starts = lines.map((raw) => {
    const ios = IOS.exec(raw);
    const m = ios ?? ANDROID.exec(raw);
    if (!m) return null;
    const colon = m[6].indexOf(': ');
    const notice = !ios && colon > 0 && (colonQuoted(m[6], colon) ? 'sure' : ANDROID_NOTICES.some((r) => r.test(m[6])) ? 'maybe' : null);
    return { m, colon, notice, author: colon > 0 ? m[6].slice(0, colon).replace(/^\u200e/, '').trim() : '' };
  });
  // "Anna: I left" is Anna's message, "Shop: Li left" a notice: a line that reads as a notice is one unless its sender
  // writes other lines that do not.
  const authors = new Set(starts.flatMap((x) => (x && x.colon > 0 && !x.notice ? [asInUploadName(x.author)] : [])));
  if (contact !== null) authors.add(asInUploadName(contact));
  const out: WaMessage[] = [];
  lines.forEach((raw, i) => {
    const start = starts[i];
    if (!start) {
      if (out.length && raw.length) out[out.length - 1].text += `\n${raw}`;
      return;
    }
    const { m, colon } = start;
    const rest = m[6];
    if (colon <= 0 || start.notice === 'sure' || (start.notice === 'maybe' && !authors.has(asInUploadName(start.author)))) return;
    const time = to24h(m[4].replace(/\./g, ':'), m[5]);
    const stamp = raw.slice(0, raw.length - rest.length).replace(/^\u200e?\[?/, '').replace(/\]?\s*(?:[-–]\s*)?$/, '').trim();
    out.push({ line: i + 1, stamp, date: [Number(m[1]), Number(m[2]), Number(m[3])], time, author: start.author, text: rest.slice(colon + 2).replace(/\u200e/g, '') });
  });
  return out.map(classify);
}

function to24h(time: string, ampm: string | undefined): string {
  const [h, m, s = '00'] = time.split(':');
  let hour = Number(h);
  if (ampm) {
    const pm = /p/i.test(ampm);
    if (pm && hour < 12) hour += 12;
    if (!pm && hour === 12) hour = 0;
  }
  return `${String(hour).padStart(2, '0')}:${m}:${s}`;
}

/** A message's date and time in ISO form, or null when they are no real date (31/02, month 13, 25:00). */
export interface WaTime {
  iso: string | null;
  /** How the message's date was read: 'DD/MM/YYYY', 'MM/DD/YYYY' or 'YYYY/MM/DD'. */
  pattern: string;
}

/** Chooses day/month order for the whole file (a first number over 12 means day first; a second over 12 means month first). */
export function isoDates(msgs: readonly WaMessage[]): WaTime[] {
  const dayFirst = msgs.some((x) => x.date[0] > 12 && x.date[0] <= 31) || !msgs.some((x) => x.date[1] > 12);
  return msgs.map(({ date: [a, b, c], time }) => {
    if (a > 31) return { iso: real(a, b, c, time), pattern: 'YYYY/MM/DD' };
    const [d, mo] = dayFirst ? [a, b] : [b, a];
    const y = c < 100 ? 2000 + c : c;
    return { iso: real(y, mo, d, time), pattern: dayFirst ? 'DD/MM/YYYY' : 'MM/DD/YYYY' };
  });
}

/** The ISO date and time when the day exists in that month and year and the time on a clock, else null. */
function real(y: number, mo: number, d: number, time: string): string | null {
  const [h, mi, s] = time.split(':').map(Number);
  const day = new Date(Date.UTC(y, mo - 1, d));
  const ok = day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
  return ok ? `${y}-${pad(mo)}-${pad(d)}T${time}` : null;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
