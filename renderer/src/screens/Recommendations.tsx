/** Recommendations: per-customer lists with reasons, per-product similar and bought-together lists, model comparison, tail control, export. */
import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Button, Group, Progress, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconFileExport, IconRobot } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { usePhaseText } from '../api/phase';
import { call, isAborted, type JobEvent } from '../api/client';
import { useLangQuery } from '../api/langQuery';
import { announceJobEnd, followJob, runningJob } from '../api/jobs';
import { QueryState } from '../components/QueryState';
import { notify, notifyError } from '../components/notify';
import { useReadySignal } from '../components/ready';
import { useKept } from '../components/kept';
import { CustomerPanel } from './recs/CustomerPanel';
import { ModelComparison } from './recs/ModelComparison';
import { ProductPanel } from './recs/ProductPanel';
import { ExportProgress, useExportJob } from './recs/ExportJob';
import { customerSearchKey, searchCustomers } from './recs/pickers';
import { payloadMsg } from '../i18n/error-msg';
import { msg, useMsg } from '../i18n/msg';
import { etaMsg } from '../components/eta';

/** The Recommendations screen. */
export function RecommendationsScreen(): ReactNode {
  const { t } = useTranslation();
  const phaseText = usePhaseText();
  const say = useMsg();
  const qc = useQueryClient();
  const [train, setTrain] = useState<JobEvent | null>(null);
  // Kept while the app is open (useKept): a merchant who leaves for Inventory comes back to the same tab and boost, and
  // the export buttons keep writing the lists at the boost shown.
  const [tail, setTail] = useKept('recs.tail', 0);
  const [tab, setTab] = useKept('recs.tab', 'customers');
  // Checked again each time the screen opens: models may have been trained from the command line or another window.
  // One answer per language (the fallback note comes translated); the last status stays while the other language's
  // loads, or the tabs below would unmount on the first switch and reopen on the first customer and tab.
  const status = useLangQuery({ queryKey: ['recs.status'], queryFn: () => call('recs.status', {}), refetchOnMount: 'always' });
  useReadySignal(status.isSuccess && !status.isPlaceholderData, 'recommendations');
  // The training this screen shows: started here, or found running when the screen opens (followed again, with
  // progress and cancel, rather than forgotten).
  const [jobId, setJobId] = useState<string | null>(null);
  useEffect(() => {
    void runningJob('recs.train').then((id) => id && setJobId(id)).catch(() => undefined);
  }, []);
  useEffect(() => {
    if (!jobId) return;
    // How it ended is said once, also when the screen was left meanwhile.
    announceJobEnd(
      jobId,
      (j) => {
        void qc.invalidateQueries({ queryKey: ['recs'] });
        void qc.invalidateQueries({ queryKey: ['recs.status'] });
        // The engine's "cancelled" is worded in the language the training started in; the title says it all.
        if (j.status === 'cancelled') notify({ color: 'blue', title: msg('recs.train_cancelled'), message: null });
        else notify({ color: j.status === 'succeeded' ? 'green' : 'red', title: msg(`recs.train_${j.status}`), message: j.error ? payloadMsg(j.error, null) : null });
      },
      (e) => notifyError(msg('recs.trainFailed'), e),
    );
    // The progress is followed while the screen is open: leaving it closes the follow (and its connection).
    const open = new AbortController();
    void followJob(jobId, setTrain, open.signal).then(
      () => {
        setTrain(null);
        setJobId(null);
      },
      (e: unknown) => {
        if (isAborted(e)) return;
        setTrain(null);
        setJobId(null);
      },
    );
    return () => open.abort();
  }, [jobId, qc]);
  const starting = useMutation({
    mutationFn: () => call('recs.train.start', {}),
    onSuccess: (r) => setJobId(r.jobId),
    onError: (e) => notifyError(msg('recs.trainFailed'), e),
  });
  const cancel = useMutation({ mutationFn: (id: string) => call('jobs.cancel', { jobId: id }) });
  // An export is a job followed with a bar (customers read, then rows written): the demo's 49,110 rows take seconds.
  const exporting = useExportJob(tail);
  const exportBusy = exporting.jobId !== null || exporting.starting;
  const s = status.data;
  const eta = etaMsg(train?.etaSeconds);
  // The same query as the Customers tab (one request): with nobody to recommend to, export would write an empty file.
  const customers = useQuery({ queryKey: [...customerSearchKey(s?.runId), ''], queryFn: () => searchCustomers(''), enabled: !!s });
  const nothingToExport = !s || (customers.isSuccess && customers.data.total === 0);
  return (
    <Stack gap="sm" data-testid="recs-screen">
      <Group justify="space-between">
        <Title order={1} size="h3">
          {t('nav.recommendations')}
        </Title>
        <Group gap="xs">
          <Button variant={s ? 'default' : 'filled'} leftSection={<IconRobot size={16} />} loading={starting.isPending || jobId !== null} onClick={() => starting.mutate()} data-testid="recs-train">
            {t('recs.train')}
          </Button>
          <Button variant="default" leftSection={<IconFileExport size={16} />} disabled={nothingToExport || (exportBusy && exporting.list !== 'recommended')} loading={exportBusy && exporting.list === 'recommended'} onClick={() => exporting.start('recommended')} data-testid="recs-export">
            {t('recs.export')}
          </Button>
          <Button variant="default" leftSection={<IconFileExport size={16} />} disabled={nothingToExport || (exportBusy && exporting.list !== 'revisit')} loading={exportBusy && exporting.list === 'revisit'} onClick={() => exporting.start('revisit')} data-testid="recs-export-revisit">
            {t('recs.exportRevisit')}
          </Button>
        </Group>
      </Group>
      {exporting.jobId && <ExportProgress event={exporting.event} onCancel={exporting.cancel} cancelling={exporting.cancelling} />}
      {/* Shown as soon as the job is known (cancel included), before its first progress event. */}
      {jobId && (
        <Stack gap={2} data-testid="recs-train-progress">
          <Text size="xs" c="dimmed">
            {phaseText(train) ?? t('recs.training')}
          </Text>
          <Group gap="xs" wrap="nowrap">
            <Progress value={train?.total ? (100 * train.done) / train.total : 0} animated style={{ flex: 1 }} />
            {train?.etaSeconds && eta ? (
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }} data-testid="recs-train-eta">
                {say(eta)}
              </Text>
            ) : null}
            <Button size="compact-xs" variant="subtle" color="gray" loading={cancel.isPending} onClick={() => cancel.mutate(jobId)} data-testid="recs-train-cancel">
              {t('common.cancel')}
            </Button>
          </Group>
        </Stack>
      )}
      {status.error ? <QueryState error={status.error} onRetry={() => void status.refetch()} /> : null}
      {status.isSuccess && !s && (
        <Alert color="blue" data-testid="recs-empty">
          {t('recs.empty')}
        </Alert>
      )}
      {s?.fallbackMessage && (
        <Alert color="yellow" data-testid="recs-fallback">
          {s.fallbackMessage}
        </Alert>
      )}
      {s && (
        <Tabs value={tab} onChange={(v) => v && setTab(v)} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="customers" data-testid="recs-tab-customers">
              {t('recs.tabCustomers')}
            </Tabs.Tab>
            <Tabs.Tab value="products" data-testid="recs-tab-products">
              {t('recs.tabProducts')}
            </Tabs.Tab>
            <Tabs.Tab value="models" data-testid="recs-tab-models">
              {t('recs.tabModels')}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="customers" pt="sm">
            <CustomerPanel runId={s.runId} tail={tail} onTail={setTail} tailEffect={s.metrics.tailEffect} tailForm={s.metrics.tailForm ?? 'discount'} />
          </Tabs.Panel>
          <Tabs.Panel value="products" pt="sm">
            <ProductPanel runId={s.runId} />
          </Tabs.Panel>
          <Tabs.Panel value="models" pt="sm">
            <ModelComparison metrics={s.metrics} createdAt={s.createdAt} />
          </Tabs.Panel>
        </Tabs>
      )}
    </Stack>
  );
}
