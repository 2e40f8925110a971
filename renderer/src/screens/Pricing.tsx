/** Pricing: recommendations to approve, reject or edit (with their reasons), price curves, competitor history, simulated comparison, export. */
import { useState, type ReactNode } from 'react';
import { Button, Grid, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { IconFileExport, IconRobot, IconSparkles } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { usePhaseText } from '../api/phase';
import { call, type JobEvent } from '../api/client';
import { followJob } from '../api/jobs';
import { QueryState } from '../components/QueryState';
import { notify, notifyError } from '../components/notify';
import { useReadySignal } from '../components/ready';
import { CompetitorChart, CurveChart } from './pricing/Charts';
import { ExportDialog } from './pricing/ExportDialog';
import { RecTable } from './pricing/RecTable';
import { Simulation } from './pricing/Simulation';
import { TrainingBanner } from './pricing/TrainingBanner';
import { literal, msg } from '../i18n/msg';

/** The Pricing screen. */
export function PricingScreen(): ReactNode {
  const { t, i18n } = useTranslation();
  const phaseText = usePhaseText();
  const qc = useQueryClient();
  const [sku, setSku] = useState<string | null>(null);
  const [exportOpen, setExportOpen] = useState(false);
  const [train, setTrain] = useState<JobEvent | null>(null);
  // Reasons and guardrail notes come translated by the engine: the language is part of the key.
  const recs = useQuery({ queryKey: ['pricing.recommendations', i18n.language], queryFn: () => call('pricing.recommendations', { limit: 2000 }) });
  useReadySignal(recs.isSuccess, 'pricing');
  const refresh = (): void => void qc.invalidateQueries({ queryKey: ['pricing.recommendations'] });
  const recommend = useMutation({
    mutationFn: () => call('pricing.recommend', {}),
    onSuccess: (r) => {
      refresh();
      notify({ color: 'green', title: msg('pricing.recommended', { n: r.count, count: r.count }), message: r.missingAgents.length ? msg('pricing.missingAgents', { list: { list: r.missingAgents.map((c) => ({ code: 'category', value: c })) } }) : null });
    },
    onError: (e) => notifyError(msg('pricing.recommendFailed'), e),
  });
  const trainAgents = useMutation({
    mutationFn: async () => {
      const job = await call('pricing.train', {});
      return followJob(job.jobId, setTrain);
    },
    onSuccess: (j) => notify({ color: j.status === 'succeeded' ? 'green' : 'red', title: msg(`pricing.train_${j.status}`), message: j.error ? literal(j.error.message) : null }),
    onError: (e) => notifyError(msg('pricing.trainFailed'), e),
    onSettled: () => {
      setTrain(null);
      void qc.invalidateQueries({ queryKey: ['pricing.training'] });
    },
  });
  const selected = sku ?? recs.data?.[0]?.sku ?? null;
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={1} size="h3">
          {t('nav.pricing')}
        </Title>
        <Group gap="xs">
          <Button variant="default" leftSection={<IconRobot size={16} />} loading={trainAgents.isPending} onClick={() => trainAgents.mutate()} data-testid="pricing-train">
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
      {train && (
        <Stack gap={2} data-testid="pricing-train-progress">
          <Text size="xs" c="dimmed">
            {phaseText(train) ?? t('pricing.training')}
          </Text>
          <Progress value={train.total ? (100 * train.done) / train.total : 0} animated />
        </Stack>
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
