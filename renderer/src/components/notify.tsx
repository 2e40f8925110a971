/** A small notification stack (errors and confirmations) above the screen's content: in the flow, so it never covers a chart or a table. */
import { useSyncExternalStore, type ReactNode } from 'react';
import { Box, Notification, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DeskError, downloadUrl, isDesktop } from '../api/client';
import { errorMsg } from '../i18n/error-msg';
import { literal, useMsg, type Msg } from '../i18n/msg';
import { currentNotes, dismiss as dismissNote, notify, subscribeNotes } from './notes';

export { dismiss, notify } from './notes';

/** The message of anything thrown, with the engine's code when it has one. */
export function errorText(e: unknown): string {
  if (e instanceof DeskError) return e.message;
  return e instanceof Error ? e.message : String(e);
}

/** Shows an error from a call as a red notification; title and message follow the UI language (see errorMsg). */
export function notifyError(title: Msg, e: unknown): void {
  notify({ color: 'red', title, message: errorMsg(e) });
}

/** Renders the notification stack; place it at the top of the content area (it floats under the header, over the page). */
export function Notifications(): ReactNode {
  const { t } = useTranslation();
  const render = useMsg();
  const list = useSyncExternalStore(subscribeNotes, currentNotes);
  // A sticky strip of no height with the stack hung from it: notes float over the page instead of pushing it down.
  return (
    <Box pos="sticky" top="calc(var(--app-shell-header-height, 0px) + 8px)" h={0} style={{ zIndex: 150, overflow: 'visible' }}>
      <Stack gap="xs" align="flex-end" pos="absolute" top={0} right={0} w={440} maw="100%" data-testid="notifications">
        {list.map((n) => (
          <Notification key={n.id} w="100%" color={n.color} title={render(n.title)} onClose={() => dismissNote(n.id)} closeButtonProps={{ 'aria-label': t('common.close') }} data-testid={`note-${n.color}`} withBorder>
            {n.message ? render(n.message) : null}
          </Notification>
        ))}
      </Stack>
    </Box>
  );
}

/**
 * Confirms a file the engine wrote. In the desktop app the file is on this machine: its full path is shown. In the
 * browser it is on the engine's side: it is handed over as a download and only its name is shown.
 */
export function notifyExported(title: Msg, path: string): void {
  const desktop = isDesktop();
  notify({ color: 'green', title, message: literal(desktop ? path : (path.split(/[\\/]/).pop() ?? path)) });
  if (desktop) return;
  const a = document.createElement('a');
  a.href = downloadUrl(path);
  a.download = '';
  a.click();
}
