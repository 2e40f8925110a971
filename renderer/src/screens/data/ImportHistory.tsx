/** Past imports of this store, newest first. */
import type { ReactNode } from 'react';
import { Badge, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { callLoose } from '../../api/client';
import { QueryState } from '../../components/QueryState';
import { useFormat } from '../../format';
import { useCodeLabel } from '../../codes';

interface HistoryRow {
  id: string;
  kind: string;
  file: string;
  status: string;
  rowsTotal: number;
  inserted: number;
  updated: number;
  rejected: number;
  at: string | null;
}

function readHistory(v: unknown): HistoryRow[] {
  const o = v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  const list = Array.isArray(v) ? v : Array.isArray(o.runs) ? o.runs : Array.isArray(o.rows) ? o.rows : [];
  return list.map((r: unknown, i: number) => {
    const x = (r && typeof r === 'object' ? r : {}) as Record<string, unknown>;
    const pick = (...keys: string[]): unknown => keys.map((k) => x[k]).find((val) => val !== undefined && val !== null);
    const num = (...keys: string[]): number => Number(pick(...keys) ?? 0);
    return {
      id: String(pick('id', 'runId') ?? i),
      kind: String(pick('kind') ?? ''),
      file: String(pick('name', 'file') ?? '').split(/[\\/]/).pop() ?? '',
      status: String(pick('status') ?? ''),
      rowsTotal: num('rowsTotal', 'rows_total'),
      inserted: num('inserted'),
      updated: num('updated'),
      rejected: num('rejected'),
      at: (pick('startedAt', 'started_at', 'finishedAt') as string | undefined) ?? null,
    };
  });
}

/** The import history table. */
export function ImportHistory(): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const label = useCodeLabel();
  const q = useQuery({ queryKey: ['import.history'], queryFn: async () => readHistory(await callLoose<unknown>('import.history', {})) });
  if (!q.data) return <QueryState error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data.length) {
    return (
      <Text size="sm" c="dimmed" data-testid="history-empty">
        {t('data.noHistory')}
      </Text>
    );
  }
  return (
    <Table fz="sm" verticalSpacing={4} striped data-testid="import-history">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('data.when')}</Table.Th>
          <Table.Th>{t('data.kind')}</Table.Th>
          <Table.Th>{t('data.file')}</Table.Th>
          <Table.Th>{t('data.status')}</Table.Th>
          <Table.Th ta="right">{t('data.count.rowsTotal')}</Table.Th>
          <Table.Th ta="right">{t('data.count.inserted')}</Table.Th>
          <Table.Th ta="right">{t('data.count.updated')}</Table.Th>
          <Table.Th ta="right">{t('data.count.rejected')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {q.data.map((r) => (
          <Table.Tr key={r.id}>
            <Table.Td>{f.date(r.at)}</Table.Td>
            <Table.Td>{label('importKind', r.kind)}</Table.Td>
            <Table.Td>{r.file}</Table.Td>
            <Table.Td>
              <Badge size="sm" variant="outline" color={r.status === 'succeeded' || r.status === 'done' ? 'teal.9' : r.status === 'failed' ? 'red.9' : 'gray.7'}>
                {label('runStatus', r.status)}
              </Badge>
            </Table.Td>
            <Table.Td ta="right" className="desk-num">{f.num(r.rowsTotal)}</Table.Td>
            <Table.Td ta="right" className="desk-num">{f.num(r.inserted)}</Table.Td>
            <Table.Td ta="right" className="desk-num">{f.num(r.updated)}</Table.Td>
            <Table.Td ta="right" className="desk-num">{f.num(r.rejected)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
