/** Chat analytics: response and resolution times, volume by intent and channel, sentiment trend, complaint products, response times before/after suggestions. */
import type { ReactNode } from 'react';
import { BarChart, LineChart } from '@mantine/charts';
import { Group, Paper, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { useCodeLabel } from '../../codes';
import { QueryState } from '../../components/QueryState';
import { productTitle, useFormat } from '../../format';
import { useReadySignal } from '../../components/ready';

// Every chart here counts conversations or messages: whole-number ticks (a bare 2.25 conversations read as a bug).
const COUNT_AXIS = { allowDecimals: false };

function Stat({ label, value, testId }: { label: string; value: string; testId: string }): ReactNode {
  return (
    <Paper withBorder p="xs" data-testid={testId}>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="lg" fw={600} style={{ whiteSpace: 'nowrap' }}>{value}</Text>
    </Paper>
  );
}

/** The analytics panel. */
export function ChatAnalytics(): ReactNode {
  const { t, i18n } = useTranslation();
  const label = useCodeLabel();
  const f = useFormat();
  const q = useQuery({ queryKey: ['chats', 'analytics'], queryFn: () => call('chats.analytics', {}) });
  // Every tab of Chats says when its content is in (the screen reopens on the tab last used, not always the list).
  useReadySignal(q.isSuccess, 'chats');
  if (q.error) return <QueryState error={q.error} onRetry={() => void q.refetch()} />;
  const a = q.data;
  if (!a) return null;
  const dur = (s: number | null): string => (s === null ? '—' : s < 60 ? t('chats.secs', { n: Math.round(s) }) : s < 3600 ? t('chats.mins', { n: f.num(s / 60, 1) }) : t('chats.hours', { n: f.num(s / 3600, 1) }));
  const bucket = (up: number | null, i: number): string => (up === null ? t('chats.bucketOver', { d: dur(a.responseBuckets[i - 1]?.upToS ?? 0) }) : t('chats.bucketUpTo', { d: dur(up) }));
  return (
    <div data-testid="chats-analytics">
      <SimpleGrid cols={{ base: 2, md: 4 }} mb="sm">
        <Stat label={t('chats.conversations')} value={f.num(a.conversations, 0)} testId="stat-conversations" />
        <Stat label={t('chats.firstResponse')} value={dur(a.firstResponse.medianS)} testId="stat-first" />
        <Stat label={t('chats.nextResponse')} value={dur(a.nextResponse.medianS)} testId="stat-next" />
        <Stat label={t('chats.resolution')} value={dur(a.resolution.medianS)} testId="stat-resolution" />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Paper withBorder p="sm">
          <Title order={2} size="h6" mb="xs">{t('chats.byIntent')}</Title>
          <BarChart h={200} yAxisProps={COUNT_AXIS} data={a.byIntent.map((x) => ({ name: x.intent === 'unanalysed' ? t('chats.unanalysed') : label('intent', x.intent), n: x.n }))} dataKey="name" series={[{ name: 'n', label: t('chats.conversations'), color: 'indigo.6' }]} />
        </Paper>
        <Paper withBorder p="sm">
          <Title order={2} size="h6" mb="xs">{t('chats.byChannel')}</Title>
          <BarChart h={200} yAxisProps={COUNT_AXIS} data={a.byChannel.map((x) => ({ name: label('channel', x.channel), n: x.n }))} dataKey="name" series={[{ name: 'n', label: t('chats.conversations'), color: 'teal.6' }]} />
        </Paper>
        <Paper withBorder p="sm">
          <Title order={2} size="h6" mb="xs">{t('chats.sentimentTrend')}</Title>
          {a.sentimentTrend.length ? (
            <LineChart h={200} yAxisProps={COUNT_AXIS} curveType="linear" data={a.sentimentTrend} dataKey="day" withLegend legendProps={{ verticalAlign: 'top' }} series={[{ name: 'positive', label: t('chats.positive'), color: 'teal.6' }, { name: 'negative', label: t('chats.negative'), color: 'red.6' }]} />
          ) : (
            <Text size="sm" c="dimmed">{t('chats.notAnalysed')}</Text>
          )}
        </Paper>
        <Paper withBorder p="sm">
          <Title order={2} size="h6" mb="xs">{t('chats.responseTimes')}</Title>
          <BarChart h={200} yAxisProps={COUNT_AXIS} data={a.responseBuckets.map((b, i) => ({ name: bucket(b.upToS, i), before: b.before, after: b.after }))} dataKey="name" withLegend legendProps={{ verticalAlign: 'top' }} series={[{ name: 'before', label: t('chats.beforeSuggestions'), color: 'gray.6' }, { name: 'after', label: t('chats.afterSuggestions'), color: 'blue.6' }]} />
        </Paper>
      </SimpleGrid>
      <Paper withBorder p="sm" mt="sm">
        <Title order={2} size="h6" mb="xs">{t('chats.complaintProducts')}</Title>
        {a.complaintProducts.length ? (
          <Table data-testid="complaint-products">
            <Table.Tbody>
              {a.complaintProducts.map((p) => (
                <Table.Tr key={p.productId}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{p.sku}</Table.Td>
                  <Table.Td>{productTitle(i18n.language, p.titleZh, p.titleEn, p.sku)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{t('chats.complaintCount', { n: p.conversations, count: p.conversations })}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Group><Text size="sm" c="dimmed">{t('chats.noComplaints')}</Text></Group>
        )}
      </Paper>
    </div>
  );
}
