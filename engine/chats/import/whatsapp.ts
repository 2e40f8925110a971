/**
 * WhatsApp chat export (.txt), both published line formats:
 *   iOS:     "[31/12/2020, 23:59:59] Name: text"   (optionally "[12/31/20, 11:59:59 PM]")
 *   Android: "31/12/2020, 23:59 - Name: text"      (optionally "12/31/20, 11:59 PM - ")
 * A line that does not start a message continues the previous one (multi-line messages); lines without "Name: " after
 * the time are system notices ("Messages and calls are end-to-end encrypted") and are skipped. The export is named
 * "WhatsApp Chat with CONTACT.txt": CONTACT is the customer, every other sender is the shop; without that name the
 * first sender is taken as the customer.
 */
import { basename } from 'node:path';
import { safeUploadName } from '../../fs/upload-name';

/** One message found in the export, with the file line it starts on. */
export interface WaMessage {
  line: number;
  date: [number, number, number];
  time: string;
  author: string;
  text: string;
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

/** Splits the export into messages (system notices dropped, continuation lines joined). */
export function parseWhatsApp(text: string): WaMessage[] {
  const out: WaMessage[] = [];
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const m = IOS.exec(raw) ?? ANDROID.exec(raw);
    if (!m) {
      if (out.length && raw.length) out[out.length - 1].text += `\n${raw}`;
      return;
    }
    const rest = m[6];
    const colon = rest.indexOf(': ');
    if (colon <= 0) return;
    const time = to24h(m[4].replace(/\./g, ':'), m[5]);
    out.push({ line: i + 1, date: [Number(m[1]), Number(m[2]), Number(m[3])], time, author: rest.slice(0, colon).replace(/^\u200e/, '').trim(), text: rest.slice(colon + 2).replace(/\u200e/g, '') });
  });
  return out;
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

/** Chooses day/month order for the whole file (a first number over 12 means day first; a second over 12 means month first). */
export function isoDates(msgs: readonly WaMessage[]): string[] {
  const dayFirst = msgs.some((x) => x.date[0] > 12 && x.date[0] <= 31) || !msgs.some((x) => x.date[1] > 12);
  return msgs.map(({ date: [a, b, c], time }) => {
    if (a > 31) return `${a}-${pad(b)}-${pad(c)}T${time}`;
    const [d, mo] = dayFirst ? [a, b] : [b, a];
    const y = c < 100 ? 2000 + c : c;
    return `${y}-${pad(mo)}-${pad(d)}T${time}`;
  });
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
