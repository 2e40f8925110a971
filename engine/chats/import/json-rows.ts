/** Generic JSON conversations: an array or JSON Lines of flat message objects, or `{ conversations: [{ id, channel, ..., messages: [...] }] }`. */
import { JsonSyntaxError, parseJsonAt } from '../../io/json-error';

/** One flat record with the file line it starts on, or the line of a JSON Lines file that is not valid JSON. */
export interface JsonRecord {
  line: number;
  fields: Record<string, string>;
  error?: JsonSyntaxError;
}

function flat(o: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) {
    // null is a blank value (a required field then rejects its row by name); nested objects are not fields.
    if (v === null) out[k] = '';
    if (v === null || v === undefined || typeof v === 'object') continue;
    out[k] = String(v);
  }
  return out;
}

/** Lines where each object directly inside the top-level array (or `messages` arrays) starts, in order. */
function objectStartLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let inStr = false;
  let esc = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    if (inStr) {
      if (esc) esc = false;
      else if (ch === '\\') esc = true;
      else if (ch === '"') inStr = false;
      continue;
    }
    if (ch === '"') inStr = true;
    else if (ch === '{') lines.push(line);
  }
  return lines;
}

/**
 * Message records of a generic JSON file (conversation-level fields copied onto each message). A JSON document that is
 * not valid throws a JsonSyntaxError (its line and column); a JSON Lines line that is not is a record with `error`, so
 * the import can reject that line alone.
 */
export function parseJsonConversations(text: string): JsonRecord[] {
  const body = text.replace(/^\ufeff/, '');
  const trimmed = body.trimStart();
  if (!trimmed.startsWith('[') && !trimmed.startsWith('{"conversations"') && !/^\{\s*"conversations"/.test(trimmed)) {
    return body.split(/\r?\n/).flatMap((l, i): JsonRecord[] => {
      if (!l.trim()) return [];
      try {
        return [{ line: i + 1, fields: flat(parseJsonAt(l, i + 1) as Record<string, unknown>) }];
      } catch (e) {
        if (e instanceof JsonSyntaxError) return [{ line: i + 1, fields: {}, error: e }];
        throw e;
      }
    });
  }
  const doc = parseJsonAt(body);
  const starts = objectStartLines(body);
  let k = 0;
  const next = (): number => starts[k++] ?? 1;
  if (Array.isArray(doc)) return doc.map((o) => ({ line: next(), fields: flat(o as Record<string, unknown>) }));
  next();
  const out: JsonRecord[] = [];
  for (const c of (doc as { conversations: Record<string, unknown>[] }).conversations ?? []) {
    const convLine = next();
    const head = flat(c);
    if (head.id !== undefined && head.conversation === undefined) head.conversation = head.id;
    delete head.id;
    const msgs = Array.isArray(c.messages) ? (c.messages as Record<string, unknown>[]) : [];
    if (!msgs.length) out.push({ line: convLine, fields: { ...head, __empty: '1' } });
    for (const m of msgs) out.push({ line: next(), fields: { ...head, ...flat(m) } });
  }
  return out;
}
