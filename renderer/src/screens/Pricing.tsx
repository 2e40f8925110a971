/** Pricing: recommendations to approve, reject or edit (with their reasons), price curves, competitor history, simulated comparison, export. */
import { useState, type ReactNode } from 'react';
import { Alert, Button, Grid, Group, Stack, Title } from '@mantine/core';
import { IconAlertTriangle, IconFileExport, IconRobot, IconSparkles } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { useLangQuery } from '../api/langQuery';
import { QueryState } from '../components/QueryState';
import { notify, notifyError } from '../components/notify';
import { useReadySignal } from '../components/ready';
import { CompetitorChart, CurveChart } from './pricing/Charts';
import { ExportDialog } from './pricing/ExportDialog';
import { RecTable } from './pricing/RecTable';
import { Simulation } from './pricing/Simulation';
import { TrainingBanner, useTrainingStatus } from './pricing/TrainingBanner';
import { damagedAgentsAlert, damagedCategories, recommendedNote } from './pricing/recommend-text';
import { msg, useMsg } from '../i18n/msg';

/** The Pricing screen. */
export function PricingScreen(): ReactNode {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [sku, setSku] = useState<string | null>(null);
  const [exportOpen, setExportOpen] = useState(false);
  // Categories whose saved agent the last recommendation found damaged and ignored (their SKUs got one-step prices).
  const [damaged, setDamaged] = useState<string[]>([]);
  const render = useMsg();
  // Reasons and guardrail notes come translated by the engine: one answer per language (the other's stays while it loads).
  const recs = useLangQuery({ queryKey: ['pricing.recommendations'], queryFn: () => call('pricing.recommendations', { limit: 2000 }) });
  useReadySignal(recs.isSuccess && !recs.isPlaceholderData, 'pricing');
  const refresh = (): void => void qc.invalidateQueries({ queryKey: ['pricing.recommendations'] });
  const recommend = useMutation({
    mutationFn: () => call('pricing.recommend', {}),
    onSuccess: (r) => {
      refresh();
      notify({ color: 'green', ...recommendedNote(r) });
      setDamaged(damagedCategories(r));
    },
    onError: (e) => notifyError(msg('pricing.recommendFailed'), e),
  });
  // The training banner shows the started job with its progress and a cancel button, and says how it ended.
  const training = useTrainingStatus();
  const trainAgents = useMutation({
    mutationFn: () => call('pricing.train', {}),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['pricing.training'] }),
    onError: (e) => notifyError(msg('pricing.trainFailed'), e),
  });
  // A training the user started runs to its end or its cancel before another can start; one the app started by
  // itself gives way to the user's (pricing.train stops it).
  const userTraining = training.data?.state === 'training' && (training.data.job?.params as { auto?: boolean } | null)?.auto !== true;
  const selected = sku ?? recs.data?.[0]?.sku ?? null;
  const damagedAlert = damaged.length ? damagedAgentsAlert(damaged) : null;
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={1} size="h3">
          {t('nav.pricing')}
        </Title>
        <Group gap="xs">
          <Button variant="default" leftSection={<IconRobot size={16} />} loading={trainAgents.isPending} disabled={userTraining} onClick={() => trainAgents.mutate()} data-testid="pricing-train">
            {t('pricing.train')}
          </Button>
          <Button leftSection={<IconSparkles size={16} />} loading={recommend.isPending} onClick={() => recommend.mutate()} data-testid="pricing-recommend">
            {t('pricing.recommend')}
          </Button>
          <Button variant="default" leftSection={<IconFileExport size={16} />} onClick={() => setExportOpen(true)} data-testid="pricing-export">
            {t('pricing.export')}
          </Button>
        </Group>
      </Group>
      <TrainingBanner />
      {damagedAlert && (
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} title={render(damagedAlert.title)} withCloseButton closeButtonLabel={t('common.close')} onClose={() => setDamaged([])} data-testid="pricing-damaged">
          {render(damagedAlert.body)}
        </Alert>
      )}
      {recs.error ? <QueryState error={recs.error} onRetry={() => void recs.refetch()} /> : null}
      <RecTable rows={recs.data ?? []} loading={recs.isLoading} selected={selected} onSelect={setSku} onChanged={refresh} />
      {selected && (
        <Grid>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <CurveChart sku={selected} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <CompetitorChart sku={selected} />
          </Grid.Col>
        </Grid>
      )}
      <Simulation />
      <ExportDialog opened={exportOpen} onClose={() => setExportOpen(false)} />
    </Stack>
  );
}
