/** Dashboard: KPIs of a chosen period against the previous one, the sales trend, movers and stock alerts. */
import { useState, type ReactNode } from 'react';
import { Alert, Group, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { QueryState } from '../components/QueryState';
import { useReadySignal } from '../components/ready';
import { useFormat } from '../format';
import { Kpis } from './dashboard/Kpis';
import { Trend } from './dashboard/Trend';
import { Alerts, Movers } from './dashboard/Lists';

const PERIODS = [7, 28, 90, 365] as const;

/** The dashboard screen. */
export function DashboardScreen(): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const [days, setDays] = useState<number>(() => Number(localStorage.getItem('desk.dashboardDays') ?? 28));
  const q = useQuery({ queryKey: ['dashboard.summary', days], queryFn: () => call('dashboard.summary', { days }), placeholderData: keepPreviousData });
  // Ready only once the data on screen is current (not a cached answer being refetched for a new store).
  useReadySignal(q.isSuccess && !q.isPlaceholderData && !q.isFetching, 'dashboard');
  const pick = (v: string): void => {
    localStorage.setItem('desk.dashboardDays', v);
    setDays(Number(v));
  };
  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="nowrap">
        <Title order={1} size="h3">
          {t('nav.dashboard')}
        </Title>
        <Group gap="sm" wrap="nowrap">
          {q.data && !q.data.empty && (
            <Text size="sm" c="dimmed" data-testid="period-label">
              {t('dashboard.periodRange', { from: f.date(q.data.period.from), to: f.date(q.data.period.to) })}
            </Text>
          )}
          <SegmentedControl
            size="xs"
            value={String(days)}
            onChange={pick}
            aria-label={t('dashboard.period')}
            data-testid="period"
            data={PERIODS.map((d) => ({ value: String(d), label: t('dashboard.lastDays', { days: d }) }))}
          />
        </Group>
      </Group>
      {!q.data ? (
        <QueryState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.empty ? (
        <Alert color="blue" title={t('dashboard.emptyTitle')} data-testid="dashboard-empty">
          {t('dashboard.emptyBody')}
        </Alert>
      ) : (
        <>
          <Kpis summary={q.data} />
          <Trend trend={q.data.trend} />
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
            <Movers summary={q.data} />
            <Alerts summary={q.data} />
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}
