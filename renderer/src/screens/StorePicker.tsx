/** Store picker: recent stores, a new empty store, the demo store; first run opens the demo store by itself. */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Center, Group, Progress, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { usePhaseText } from '../api/phase';
import { call, callLoose, DeskError, type JobEvent } from '../api/client';
import { followJob, jobFailure } from '../api/jobs';
import { notifyError } from '../components/notify';
import { LangSwitch } from '../components/LangSwitch';
import { errorMsg } from '../i18n/error-msg';
import { useFormat } from '../format';
import { useReadySignal } from '../components/ready';
import { msg, useMsg, type Msg } from '../i18n/msg';
import { etaMsg } from '../components/eta';

interface DemoJob {
  jobId: string;
  params?: { path?: string } | null;
  result?: { path?: string } | null;
}

/** Demo size from the page address (`?demoSkus=60&demoDays=400`), for quick test and bench runs. */
function demoParams(): { skus?: number; days?: number } {
  const q = new URLSearchParams(window.location.search);
  const n = (k: string): number | undefined => (q.get(k) && Number.isFinite(Number(q.get(k))) ? Number(q.get(k)) : undefined);
  return { skus: n('demoSkus'), days: n('demoDays') };
}

function fileName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

/** The folder a store file is in: two recent stores may share a file name ("shop.db"), never a whole path. */
function folderOf(p: string): string {
  return p.slice(0, Math.max(0, p.length - fileName(p).length - 1));
}

/** The store picker; `firstRun` when no store is open. */
export function StorePicker({ firstRun, onOpened, onCancel }: { firstRun: boolean; onOpened: () => void; onCancel?: () => void }): ReactNode {
  const { t, i18n } = useTranslation();
  const phaseText = usePhaseText();
  const say = useMsg();
  const f = useFormat();
  const qc = useQueryClient();
  const recent = useQuery({ queryKey: ['store.recent'], queryFn: () => call('store.recent', {}) });
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<JobEvent | null>(null);
  // Kept as a message, so it follows a language switch (the picker has its own switch: no header shows before a store).
  const [demoError, setDemoError] = useState<Msg | null>(null);
  const started = useRef(false);
  useReadySignal(false, 'store-picker');

  const opened = async (): Promise<void> => {
    await qc.invalidateQueries();
    onOpened();
  };

  const open = async (path: string): Promise<void> => {
    setBusy(true);
    try {
      await call('store.open', { path });
      await opened();
    } catch (e) {
      notifyError(msg('store.openFailed'), e);
    } finally {
      setBusy(false);
    }
  };

  const create = async (): Promise<void> => {
    const file = name.trim().endsWith('.db') ? name.trim() : `${name.trim()}.db`;
    setBusy(true);
    try {
      await call('store.create', { path: file });
      await opened();
    } catch (e) {
      notifyError(msg('store.createFailed'), e);
    } finally {
      setBusy(false);
    }
  };

  const demo = async (): Promise<void> => {
    setBusy(true);
    setDemoError(null);
    const startedIn = i18n.language === 'zh' ? 'zh' : 'en';
    setProgress({ jobId: '', kind: 'demo.generate', status: 'queued', done: 0, total: 1, phase: null, etaSeconds: null });
    try {
      let job: DemoJob;
      try {
        job = await callLoose<DemoJob>('demo.create', demoParams());
      } catch (e) {
        // The demo store already exists: open it instead of building it again.
        const existing = e instanceof DeskError && e.code === 'conflict' ? (e.details as { path?: string } | undefined)?.path : undefined;
        if (!existing) throw e;
        await call('store.open', { path: existing });
        await opened();
        return;
      }
      const done = await followJob(job.jobId, setProgress);
      if (done.status !== 'succeeded') throw jobFailure(done, startedIn);
      const cur = await call('store.current', {});
      const path = (done.result as DemoJob['result'])?.path ?? job.params?.path;
      if (!cur.path && path) await call('store.open', { path });
      await opened();
    } catch (e) {
      setDemoError(errorMsg(e));
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };

  const recentList = recent.data ?? [];
  // Only a path that still holds a store can be opened; a deleted or replaced one is shown as such, without a button.
  const openable = recentList.filter((r) => r.state === 'store');
  useEffect(() => {
    if (firstRun && recent.isSuccess && openable.length === 0 && !started.current) {
      started.current = true;
      void demo();
    }
  });

  const pct = progress && progress.total > 0 ? Math.min(100, (progress.done / progress.total) * 100) : 0;
  const eta = etaMsg(progress?.etaSeconds);
  return (
    <Center mih="100vh" p="md">
      <Card withBorder shadow="sm" w={640} padding="lg">
        <Stack gap="md">
          <Group justify="space-between" wrap="nowrap">
            <Title order={1} size="h3">
              {t('app.name')}
            </Title>
            <LangSwitch />
          </Group>
          <Text size="sm" c="dimmed">
            {t('store.pickerIntro')}
          </Text>
          {progress && (
            <Stack gap={4} data-testid="demo-progress">
              <Text size="sm">{t('store.demoBuilding')}</Text>
              <Progress value={pct} animated aria-label={t('store.demoBuilding')} />
              <Text size="xs" c="dimmed">
                {phaseText(progress) ?? ''} {f.num(pct)}%{eta ? ` · ${say(eta)}` : ''}
              </Text>
            </Stack>
          )}
          {demoError && (
            <Alert color="red" title={t('store.demoFailed')} data-testid="demo-error">
              {say(demoError)}
            </Alert>
          )}
          <Title order={2} size="h5">
            {t('store.recent')}
          </Title>
          {recentList.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('store.noRecent')}
            </Text>
          ) : (
            <Table striped highlightOnHover data-testid="recent-stores">
              <Table.Tbody>
                {recentList.map((r) => (
                  <Table.Tr key={r.path} data-state={r.state}>
                    <Table.Td title={r.path} c={r.state === 'store' ? undefined : 'dimmed'}>
                      <Text inherit>
                        {fileName(r.path)}
                      </Text>
                      <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }} data-testid="recent-store-folder">
                        {folderOf(r.path)}
                      </Text>
                    </Table.Td>
                    <Table.Td c="dimmed">{f.date(r.openedAt)}</Table.Td>
                    <Table.Td ta="right">
                      {r.state === 'store' ? (
                        <Button
                          size="compact-sm"
                          variant="light"
                          disabled={busy}
                          onClick={() => void open(r.path)}
                          aria-label={t('store.openNamed', { name: fileName(r.path), folder: folderOf(r.path) })}
                        >
                          {t('store.open')}
                        </Button>
                      ) : (
                        <Text size="sm" c="dimmed">
                          {t(r.state === 'missing' ? 'store.missing' : 'store.notAStore')}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Group align="flex-end" gap="xs">
            <TextInput
              label={t('store.newName')}
              placeholder="my-shop"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              style={{ flex: 1 }}
              data-testid="new-store-name"
            />
            <Button disabled={busy || !name.trim()} onClick={() => void create()} data-testid="create-store">
              {t('store.create')}
            </Button>
          </Group>
          <Group justify="space-between">
            <Button variant="light" disabled={busy} onClick={() => void demo()} data-testid="open-demo">
              {t('store.openDemo')}
            </Button>
            {onCancel && (
              <Button variant="subtle" onClick={onCancel}>
                {t('common.cancel')}
              </Button>
            )}
          </Group>
        </Stack>
      </Card>
    </Center>
  );
}
