/** Backup of the whole store (then a download link in the browser) and restore from a backup file. */
import { useState, type ReactNode } from 'react';
import { Alert, Anchor, Button, FileInput, Group, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, downloadUrl, isDesktop, pickFileNative, saveFileNative, uploadFile } from '../../api/client';
import { errorText, notify } from '../../components/notify';
import { useFormat } from '../../format';
import { msg } from '../../i18n/msg';

/** Backup and restore panel. */
export function BackupRestore(): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const [backup, setBackup] = useState<{ path: string; sizeBytes: number } | null>(null);
  const [restoreFile, setRestoreFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const doBackup = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const target = isDesktop() ? await saveFileNative('merchant-desk-backup.db') : null;
      if (isDesktop() && !target) return;
      setBackup(await call('store.backup', target ? { path: target } : {}));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const doRestore = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const path = isDesktop() ? await pickFileNative(['db']) : restoreFile ? await uploadFile(restoreFile) : null;
      if (!path) return;
      await call('store.restore', { path });
      await qc.invalidateQueries();
      notify({ color: 'green', title: msg('data.restored'), message: msg('data.restoredBody') });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="md" maw={720}>
      <Stack gap="xs">
        <Title order={2} size="h6">
          {t('data.backupTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('data.backupHelp')}
        </Text>
        <Group>
          <Button onClick={() => void doBackup()} loading={busy} data-testid="backup-run">
            {t('data.backupNow')}
          </Button>
        </Group>
        {backup && (
          <Alert color="teal" data-testid="backup-done">
            <Text size="sm">{t('data.backupDone', { size: f.bytes(backup.sizeBytes) })}</Text>
            {isDesktop() ? (
              <Text size="xs" c="dimmed">
                {backup.path}
              </Text>
            ) : (
              <Anchor href={downloadUrl(backup.path)} size="sm" data-testid="backup-download">
                {t('data.download')}
              </Anchor>
            )}
          </Alert>
        )}
      </Stack>
      <Stack gap="xs">
        <Title order={2} size="h6">
          {t('data.restoreTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('data.restoreHelp')}
        </Text>
        <Group align="flex-end">
          {!isDesktop() && (
            <FileInput label={t('data.backupFile')} placeholder={t('data.chooseFile')} accept=".db" value={restoreFile} onChange={setRestoreFile} w={300} data-testid="restore-file" />
          )}
          <Button color="orange" variant="light" onClick={() => void doRestore()} disabled={busy || (!isDesktop() && !restoreFile)} data-testid="restore-run">
            {t('data.restoreNow')}
          </Button>
        </Group>
      </Stack>
      {error && (
        <Alert color="red" title={t('errors.callFailed')} data-testid="backup-error">
          {error}
        </Alert>
      )}
    </Stack>
  );
}
