/** The store check the app runs once after a store opens: a lasting alert when the store is damaged, a line when sound. */
import type { ReactNode } from 'react';
import { Alert, Anchor, Button, Code, Group, List, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { StoreCheck } from '../../../engine/db/integrity';
import { call, DeskError, isAborted } from '../api/client';
import { followJob } from '../api/jobs';
import { errorMsg, payloadMsg } from '../i18n/error-msg';
import { useMsg, type Msg } from '../i18n/msg';

/** What the check said: its result, or that the store could not even be checked because SQLite found it damaged. */
export type StoreHealth = { check: StoreCheck; refused: null } | { check: null; refused: Msg };

/** Tells the Data screen which tab to show (the store alert opens Backup and restore). */
export const DATA_TAB_EVENT = 'desk:data-tab';
/** The tab asked for before the Data screen opened, taken once by it. */
export const DATA_TAB_KEY = 'desk.data.tab';

/**
 * The check of the open store (engine op store.check: one job per opening, so a reload or another window asks for the
 * same one). Followed in the background; a restore refreshes every query, which checks the restored store.
 */
export function useStoreHealth(storePath: string | null): { health: StoreHealth | null; checking: boolean } {
  const q = useQuery({
    queryKey: ['store.check', storePath],
    enabled: storePath !== null,
    staleTime: Infinity,
    retry: false,
    queryFn: async ({ signal }): Promise<StoreHealth | null> => {
      try {
        const job = await call('store.check', {});
        const done = await followJob(job.jobId, () => undefined, signal);
        if (done.status === 'succeeded') return { check: done.result as StoreCheck, refused: null };
        // The job's own store connection could not read the store: that is damage too.
        // Kept as a message (the engine's two texts): the details follow a language switch. The job may be another
        // window's, so the language of a one-text refusal is not known.
        if (done.error?.code === 'bad_store') return { check: null, refused: payloadMsg(done.error, null) };
        return null;
      } catch (e) {
        if (e instanceof DeskError && e.code === 'bad_store') return { check: null, refused: errorMsg(e) };
        if (isAborted(e)) throw e;
        return null; // a check that could not run says nothing about the store
      }
    },
  });
  return { health: q.data ?? null, checking: q.isFetching };
}

function openBackupRestore(): void {
  sessionStorage.setItem(DATA_TAB_KEY, 'backup');
  window.dispatchEvent(new CustomEvent('desk:navigate', { detail: 'data' }));
  window.dispatchEvent(new CustomEvent(DATA_TAB_EVENT, { detail: 'backup' }));
}

const fileName = (p: string): string => p.split(/[\\/]/).pop() ?? p;

/** The alert shown above every screen while the open store is damaged; nothing when it is sound or not checked yet. */
export function StoreDamagedAlert({ storePath }: { storePath: string }): ReactNode {
  const { t } = useTranslation();
  const render = useMsg();
  const { health } = useStoreHealth(storePath);
  if (!health || health.check?.ok) return null;
  const lines = health.check ? health.check.problems : [render(health.refused)];
  const backups = health.check?.backups ?? [];
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={20} />} title={t('storeCheck.damagedTitle', { file: fileName(storePath) })} mb="md" role="alert" data-testid="store-damaged">
      <Stack gap="xs">
        <Text size="sm">{t('storeCheck.damagedBody', { path: storePath })}</Text>
        <Text size="sm" fw={600}>
          {t('storeCheck.damagedRisk')}
        </Text>
        <Text size="sm">{t('storeCheck.damagedTodo')}</Text>
        {backups.length > 0 && (
          <Stack gap={2}>
            <Text size="sm">{t('storeCheck.backupsFound', { count: backups.length })}</Text>
            <List size="xs" spacing={0} data-testid="store-damaged-backups">
              {backups.slice(0, 3).map((b) => (
                <List.Item key={b}>
                  <Code>{b}</Code>
                </List.Item>
              ))}
            </List>
          </Stack>
        )}
        <Group gap="md" align="flex-start">
          <Button size="xs" color="red" onClick={openBackupRestore} data-testid="store-damaged-restore">
            {t('storeCheck.openRestore')}
          </Button>
          <details>
            <summary>
              <Anchor component="span" size="xs">
                {t('storeCheck.details')}
              </Anchor>
            </summary>
            <Code block mt={4} data-testid="store-damaged-details">
              {lines.join('\n')}
            </Code>
          </details>
        </Group>
      </Stack>
    </Alert>
  );
}

/** One line for Backup and restore: when the store was last checked and what was found (nothing while it runs). */
export function StoreCheckLine({ storePath }: { storePath: string | null }): ReactNode {
  const { t, i18n } = useTranslation();
  const { health, checking } = useStoreHealth(storePath);
  if (checking && !health) {
    return (
      <Text size="sm" c="dimmed" data-testid="store-check-line">
        {t('storeCheck.checking')}
      </Text>
    );
  }
  if (!health) return null;
  if (!health.check) {
    return (
      <Text size="sm" c="red" data-testid="store-check-line">
        {t('storeCheck.lineDamaged')}
      </Text>
    );
  }
  const when = new Intl.DateTimeFormat(i18n.language === 'zh' ? 'zh-CN' : 'en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(health.check.checkedAt));
  return (
    <Text size="sm" c={health.check.ok ? 'dimmed' : 'red'} data-testid="store-check-line">
      {t(health.check.ok ? 'storeCheck.lineSound' : 'storeCheck.lineDamaged', { when })}
    </Text>
  );
}
