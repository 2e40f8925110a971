/** A small notification stack (errors and confirmations) above the screen's content: in the flow, so it never covers a chart or a table. */
import { useSyncExternalStore, type ReactNode } from 'react';
import { Notification, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DeskError } from '../api/client';

interface Note {
  id: number;
  color: 'red' | 'green' | 'blue';
  title: string;
  message: string;
}

let notes: Note[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function emit(): void {
  for (const l of listeners) l();
}

/** Shows a notification; errors stay until closed, others for a few seconds. */
export function notify(n: Omit<Note, 'id'>): void {
  const id = nextId++;
  notes = [...notes, { ...n, id }].slice(-4);
  emit();
  if (n.color !== 'red') setTimeout(() => dismiss(id), 5000);
}

/** Removes a notification. */
export function dismiss(id: number): void {
  notes = notes.filter((x) => x.id !== id);
  emit();
}

/** The message of anything thrown, with the engine's code when it has one. */
export function errorText(e: unknown): string {
  if (e instanceof DeskError) return e.message;
  return e instanceof Error ? e.message : String(e);
}

/** Shows an error from a call as a red notification. */
export function notifyError(title: string, e: unknown): void {
  notify({ color: 'red', title, message: errorText(e) });
}

/** Renders the notification stack; place it at the top of the content area (it sticks under the header when the page scrolls). */
export function Notifications(): ReactNode {
  const { t } = useTranslation();
  const list = useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    () => notes,
  );
  return (
    <Stack gap="xs" align="flex-end" pos="sticky" top="calc(var(--app-shell-header-height, 0px) + 8px)" mb={list.length ? 'sm' : 0} style={{ zIndex: 150 }} data-testid="notifications">
      {list.map((n) => (
        <Notification key={n.id} w={440} maw="100%" color={n.color} title={n.title} onClose={() => dismiss(n.id)} closeButtonProps={{ 'aria-label': t('common.close') }} data-testid={`note-${n.color}`}>
          {n.message}
        </Notification>
      ))}
    </Stack>
  );
}
