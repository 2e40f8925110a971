/** The notification list behind the notification stack: each note keeps its title and body as messages, not text. */
import type { Msg } from '../i18n/msg';

/** One notification; title and message are rendered each time they are drawn, so they follow a language switch. */
export interface Note {
  id: number;
  color: 'red' | 'green' | 'blue';
  title: Msg;
  message: Msg | null;
}

let notes: readonly Note[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function emit(): void {
  for (const l of listeners) l();
}

/** Shows a notification; errors stay until closed, others for a few seconds. Returns its id. */
export function notify(n: Omit<Note, 'id'>): number {
  const id = nextId++;
  notes = [...notes, { ...n, id }].slice(-4);
  emit();
  if (n.color !== 'red') setTimeout(() => dismiss(id), 5000);
  return id;
}

/** Removes a notification. */
export function dismiss(id: number): void {
  notes = notes.filter((x) => x.id !== id);
  emit();
}

/** The notifications shown now (a new array after each change, for useSyncExternalStore). */
export function currentNotes(): readonly Note[] {
  return notes;
}

/** Calls `cb` after each change; returns the unsubscribe function. */
export function subscribeNotes(cb: () => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}
