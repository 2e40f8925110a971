/** Backup of the whole store (then a download link in the browser) and restore from a backup file. */
import { useState, type ReactNode } from 'react';
import { Alert, Anchor, Button, FileInput, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, downloadUrl, isDesktop, pickFileNative, saveFileNative, uploadFile } from '../../api/client';
import { notify } from '../../components/notify';
import { useFormat } from '../../format';
import { useKept } from '../../components/kept';
import { errorMsg } from '../../i18n/error-msg';
import { msg, useMsg, type Msg } from '../../i18n/msg';
import { StoreCheckLine, useStoreHealth } from '../../components/StoreHealth';

/** Backup and restore panel. */
export function BackupRestore(): ReactNode {
  const { t } = useTranslation();
  const render = useMsg();
  const f = useFormat();
  const qc = useQueryClient();
  // The backup just written (and its download link) is still there after a visit to another screen.
  const [backup, setBackup] = useKept<{ path: string; sizeBytes: number; damaged: boolean } | null>('data.backup', null);
  /** Waiting for the user to confirm a backup of a store the check found damaged. */
  const [askDamaged, setAskDamaged] = useState(false);
  const [restoreFile, setRestoreFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  // Kept as a message, so it follows a language switch; `uploaded` is the internal name of an uploaded backup, shown
  // as the file the user chose (`name`).
  const [error, setError] = useState<{ m: Msg; uploaded?: string; name?: string } | null>(null);

  const doBackup = async (): Promise<void> => {
    setAskDamaged(false);
    setBusy(true);
    setError(null);
    try {
      const target = isDesktop() ? await saveFileNative(damaged ? 'merchant-desk-backup-damaged.db' : 'merchant-desk-backup.db') : null;
      if (isDesktop() && !target) return;
      setBackup(await call('store.backup', target ? { path: target } : {}));
    } catch (e) {
      setError({ m: errorMsg(e) });
    } finally {
      setBusy(false);
    }
  };

  /** The file a restore would read, once picked, waiting for the user to confirm the replacement. */
  const [pending, setPending] = useState<{ path: string | null; name: string } | null>(null);
  const current = useQuery({ queryKey: ['store.current'], queryFn: () => call('store.current', {}) });
  const fileName = (p: string): string => p.split(/[\\/]/).pop() ?? p;
  // The latest check found the store damaged: a backup copies the damage, so it is asked for, not just taken.
  const { health } = useStoreHealth(current.data?.path ?? null);
  const damaged = health !== null && !health.check?.ok;

  const askRestore = async (): Promise<void> => {
    setError(null);
    if (isDesktop()) {
      const path = await pickFileNative(['db']);
      if (path) setPending({ path, name: fileName(path) });
    } else if (restoreFile) {
      setPending({ path: null, name: restoreFile.name });
    }
  };

  const doRestore = async (): Promise<void> => {
    if (!pending) return;
    const { name } = pending;
    setPending(null);
    setBusy(true);
    let uploaded: string | null = null;
    try {
      const path = pending.path ?? (restoreFile ? (uploaded = await uploadFile(restoreFile)) : null);
      if (!path) return;
      const r = await call('store.restore', { path });
      await qc.invalidateQueries();
      notify({ color: 'green', title: msg('data.restored'), message: msg('data.restoredBodyKept', { kept: fileName(r.previousKeptAt) }) });
    } catch (e) {
      // An uploaded backup is stored under an internal name: the message names the file the user chose.
      setError({ m: errorMsg(e), ...(uploaded ? { uploaded, name } : {}) });
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
        <StoreCheckLine storePath={current.data?.path ?? null} />
        <Group>
          <Button onClick={() => (damaged ? setAskDamaged(true) : void doBackup())} loading={busy} color={damaged ? 'red' : undefined} variant={damaged ? 'light' : undefined} data-testid="backup-run">
            {t('data.backupNow')}
          </Button>
        </Group>
        {backup && (
          <Alert color={backup.damaged ? 'orange' : 'teal'} data-testid="backup-done">
            <Text size="sm">{backup.damaged ? t('data.backupDamagedDone', { size: f.bytes(backup.sizeBytes), file: fileName(backup.path) }) : t('data.backupDone', { size: f.bytes(backup.sizeBytes) })}</Text>
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
          <Button color="orange" variant="light" onClick={() => void askRestore()} disabled={busy || (!isDesktop() && !restoreFile)} data-testid="restore-run">
            {t('data.restoreNow')}
          </Button>
        </Group>
      </Stack>
      <Modal opened={askDamaged} onClose={() => setAskDamaged(false)} title={t('data.backupDamagedTitle')} data-testid="backup-damaged-confirm">
        <Stack gap="md">
          <Text size="sm">{t('data.backupDamagedBody', { file: fileName(current.data?.path ?? '') })}</Text>
          <Text size="sm">{t('data.backupDamagedHint')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAskDamaged(false)} data-testid="backup-damaged-cancel">
              {t('common.cancel')}
            </Button>
            <Button color="red" onClick={() => void doBackup()} data-testid="backup-damaged-run">
              {t('data.backupDamagedConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal opened={pending !== null} onClose={() => setPending(null)} title={t('data.restoreConfirmTitle')} data-testid="restore-confirm">
        <Stack gap="md">
          <Text size="sm">{t('data.restoreConfirmBody', { store: fileName(current.data?.path ?? ''), file: pending?.name ?? '' })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setPending(null)} data-testid="restore-cancel">
              {t('common.cancel')}
            </Button>
            <Button color="orange" onClick={() => void doRestore()} data-testid="restore-confirm-run">
              {t('data.restoreConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      {error && (
        <Alert color="red" title={t('errors.callFailed')} data-testid="backup-error">
          {error.uploaded && error.name ? render(error.m).split(error.uploaded).join(error.name) : render(error.m)}
        </Alert>
      )}
    </Stack>
  );
}
