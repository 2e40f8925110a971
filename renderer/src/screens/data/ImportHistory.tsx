/** Past imports of this store, newest first: when (day and time), what, which file, how it ended, and why. */
import { Fragment, useState, type ReactNode } from 'react';
import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../../../engine/api/ops/index';
import { call } from '../../api/client';
import { QueryState } from '../../components/QueryState';
import { useFormat } from '../../format';
import { useCodeLabel } from '../../codes';
import { readRejects, type RejectRow } from './importTypes';
import { RejectsTable } from './RejectsTable';
import { payloadMsg, type ErrorLike } from '../../i18n/error-msg';
import { useMsg, type Msg } from '../../i18n/msg';

type Run = OpResult<'import.history'>[number];

/** The stored reason a run failed, if any, as a message: both languages where the engine kept both. */
function errorOf(r: Run): Msg | null {
  const rep = r.report && typeof r.report === 'object' ? (r.report as { error?: Partial<ErrorLike> }) : null;
  const e = rep?.error;
  if (typeof e?.message !== 'string') return null;
  // Who ran it, and in which language, is not known: a one-language reason is shown as it was worded.
  return payloadMsg({ code: typeof e.code === 'string' ? e.code : 'user_error', message: e.message, ...(e.texts ? { texts: e.texts } : {}) }, null);
}

/** Why a run failed and the rows it turned away (the first 100 are kept with the run), under its row. */
function RunDetails({ run, error, rejects }: { run: Run; error: Msg | null; rejects: RejectRow[] }): ReactNode {
  const { t } = useTranslation();
  const render = useMsg();
  const f = useFormat();
  return (
    <Stack gap={4} py={4} data-testid="history-details">
      {error && (
        <Text size="sm" c="red.9" data-testid="history-error">
          {render(error)}
        </Text>
      )}
      {rejects.length > 0 && (
        <>
          <Text size="sm" fw={600}>
            {t('data.rejectsTitle', { n: f.num(run.rejected || rejects.length), count: run.rejected || rejects.length })}
            {run.rejected > rejects.length ? ` · ${t('data.rejectsFirst', { n: f.num(rejects.length) })}` : ''}
          </Text>
          <RejectsTable rows={rejects} testId="history-rejects" rowTestId="history-reject-row" />
        </>
      )}
    </Stack>
  );
}

/** The import history table. */
export function ImportHistory(): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const label = useCodeLabel();
  const q = useQuery({ queryKey: ['import.history'], queryFn: () => call('import.history', {}) });
  const [open, setOpen] = useState<number | null>(null);
  if (!q.data) return <QueryState error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data.length) {
    return (
      <Text size="sm" c="dimmed" data-testid="history-empty">
        {t('data.noHistory')}
      </Text>
    );
  }
  return (
    <Table fz="sm" verticalSpacing={4} data-testid="import-history">
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
          <Table.Th>
            <span className="sr-only">{t('data.details')}</span>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {q.data.map((r) => {
          const error = errorOf(r);
          const rejects = readRejects(r.report);
          const why = error !== null || rejects.length > 0;
          const shown = open === r.id;
          return (
            <Fragment key={r.id}>
              <Table.Tr data-testid="history-row" data-run={r.id}>
                {/* Day and time: several imports of one day are told apart. */}
                <Table.Td style={{ whiteSpace: 'nowrap' }} data-testid="history-when">
                  {f.dateTime(r.startedAt)}
                </Table.Td>
                <Table.Td>{label('importKind', r.kind)}</Table.Td>
                <Table.Td style={{ wordBreak: 'break-all' }} title={r.file}>
                  {r.name}
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Badge size="sm" variant="outline" color={r.status === 'succeeded' ? 'teal.9' : r.status === 'failed' ? 'red.9' : 'gray.7'} style={{ flexShrink: 0 }}>
                      {label('runStatus', r.status)}
                    </Badge>
                    {/* A dry run (desk import --dry-run) only checked the file: nothing was written, whatever its counts. */}
                    {r.dryRun && (
                      <Badge size="sm" variant="outline" color="gray.7" style={{ flexShrink: 0 }} title={t('data.dryRunHelp')} data-testid="history-dry-run">
                        {t('data.dryRun')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td ta="right" className="desk-num">{f.num(r.rowsTotal)}</Table.Td>
                <Table.Td ta="right" className="desk-num">{f.num(r.inserted)}</Table.Td>
                <Table.Td ta="right" className="desk-num">{f.num(r.updated)}</Table.Td>
                <Table.Td ta="right" className="desk-num">{f.num(r.rejected)}</Table.Td>
                <Table.Td ta="right">
                  {why && (
                    <Button size="compact-xs" variant="subtle" aria-expanded={shown} onClick={() => setOpen(shown ? null : r.id)} data-testid="history-why">
                      {shown ? t('data.hideDetails') : t('data.details')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
              {shown && (
                <Table.Tr>
                  <Table.Td colSpan={9}>
                    <RunDetails run={r} error={error} rejects={rejects} />
                  </Table.Td>
                </Table.Tr>
              )}
            </Fragment>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
