/**
 * Zendesk ticket export as JSON: the account data export's newline-delimited JSON (one ticket per line, each with its
 * `comments`), or a `{ "tickets": [...] }` / array document. Fields used (Zendesk Tickets and Ticket Comments API):
 * ticket id, subject, requester_id, via.channel, created_at; comment author_id, plain_body or body, created_at.
 * The requester's comments are the customer's; any other author is an agent.
 */

import { JsonSyntaxError, parseJsonAt } from '../../io/json-error';

/** One message of a ticket, with the file line of its ticket, or a problem found there (`json`: the line is not valid JSON). */
export type TicketRow =
  | { line: number; kind: 'message'; conversation: string; ts: string; sender: string; channel: string; text: string; customer: string; subject: string }
  | { line: number; kind: 'problem'; key: string; params: Record<string, unknown>; value: string; column: string; json?: JsonSyntaxError };

interface Comment {
  author_id?: number | string | null;
  body?: string;
  plain_body?: string;
  html_body?: string;
  created_at?: string | null;
}

interface Ticket {
  id?: number | string;
  subject?: string;
  requester_id?: number | string;
  created_at?: string;
  via?: { channel?: string };
  comments?: Comment[];
}

/** True when the start of a file looks like a Zendesk ticket export. */
export function looksLikeZendesk(head: string): boolean {
  return /"requester_id"\s*:/.test(head) && /"comments"\s*:|"tickets"\s*:/.test(head);
}

type Parsed = { line: number; value: unknown; error: JsonSyntaxError | null };

/** The tickets with their lines. A JSON document that is not valid throws a JsonSyntaxError; a JSON Lines line that is not is a Parsed with `error`. */
function objectsWithLines(text: string): Parsed[] {
  const body = text.replace(/^\ufeff/, '');
  const trimmed = body.trimStart();
  if (trimmed.startsWith('[') || (trimmed.startsWith('{') && /^\{\s*"tickets"/.test(trimmed))) {
    // One JSON document: tickets get the line where their `"id"` first appears after the previous ticket's.
    const doc = parseJsonAt(body) as Ticket[] | { tickets: Ticket[] };
    const list = Array.isArray(doc) ? doc : doc.tickets;
    let from = 0;
    return list.map((t) => {
      const at = text.indexOf(`"id"`, from);
      from = at < 0 ? from : at + 4;
      return { line: at < 0 ? 1 : text.slice(0, at).split('\n').length, value: t, error: null };
    });
  }
  return text.split(/\r?\n/).flatMap((l, i): Parsed[] => {
    if (!l.trim()) return [];
    try {
      return [{ line: i + 1, value: parseJsonAt(l, i + 1), error: null }];
    } catch (e) {
      if (e instanceof JsonSyntaxError) return [{ line: i + 1, value: null, error: e }];
      throw e;
    }
  });
}

/** The messages (and problems) of a Zendesk export. */
export function parseZendesk(text: string): TicketRow[] {
  const out: TicketRow[] = [];
  for (const { line, value, error } of objectsWithLines(text)) {
    if (error !== null) {
      out.push({ line, kind: 'problem', key: '', params: {}, value: '', column: 'ticket', json: error });
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      out.push({ line, kind: 'problem', key: 'json_not_object', params: {}, value: '', column: 'ticket' });
      continue;
    }
    const t = value as Ticket;
    const id = String(t.id ?? '');
    const comments = Array.isArray(t.comments) ? t.comments : [];
    if (!comments.length) {
      out.push({ line, kind: 'problem', key: 'no_messages', params: { id }, value: id, column: 'comments' });
      continue;
    }
    for (const c of comments) {
      const text2 = (c.plain_body ?? c.body ?? c.html_body ?? '').toString();
      const author = c.author_id === null || c.author_id === undefined ? '' : String(c.author_id);
      const sender = !author ? '' : author === String(t.requester_id ?? '') ? 'customer' : 'agent';
      if (!sender) {
        out.push({ line, kind: 'problem', key: 'unknown_sender', params: { sender: author }, value: author, column: 'author_id' });
        continue;
      }
      out.push({ line, kind: 'message', conversation: `zendesk:${id}`, ts: c.created_at ?? '', sender, channel: t.via?.channel ?? 'email', text: text2, customer: String(t.requester_id ?? ''), subject: t.subject ?? '' });
    }
  }
  return out;
}
