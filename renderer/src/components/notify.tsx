/** A small notification stack (errors and confirmations) above the screen's content: in the flow, so it never covers a chart or a table. */
import { useSyncExternalStore, type ReactNode } from 'react';
import { Notification, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DeskError } from '../api/client';
import { literal, useMsg, type Msg } from '../i18n/msg';
import { currentNotes, dismiss as dismissNote, notify, subscribeNotes } from './notes';

export { dismiss, notify } from './notes';

/** The message of anything thrown, with the engine's code when it has one. */
export function errorText(e: unknown): string {
  if (e instanceof DeskError) return e.message;
  return e instanceof Error ? e.message : String(e);
}

/** Shows an error from a call as a red notification (the title follows the UI language; the engine's message is kept as worded). */
export function notifyError(title: Msg, e: unknown): void {
  notify({ color: 'red', title, message: literal(errorText(e)) });
}

/** Renders the notification stack; place it at the top of the content area (it sticks under the header when the page scrolls). */
export function Notifications(): ReactNode {
  const { t } = useTranslation();
  const render = useMsg();
  const list = useSyncExternalStore(subscribeNotes, currentNotes);
  return (
    <Stack gap="xs" align="flex-end" pos="sticky" top="calc(var(--app-shell-header-height, 0px) + 8px)" mb={list.length ? 'sm' : 0} style={{ zIndex: 150 }} data-testid="notifications">
      {list.map((n) => (
        <Notification key={n.id} w={440} maw="100%" color={n.color} title={render(n.title)} onClose={() => dismissNote(n.id)} closeButtonProps={{ 'aria-label': t('common.close') }} data-testid={`note-${n.color}`}>
          {n.message ? render(n.message) : null}
        </Notification>
      ))}
    </Stack>
  );
}
