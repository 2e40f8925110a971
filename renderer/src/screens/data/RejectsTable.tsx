/** The rows an import turned away (row, column, value, reason): under the wizard's result and a past run's details. */
import type { ReactNode } from 'react';
import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format';
import type { RejectRow } from './importTypes';

export function RejectsTable({ rows, testId, rowTestId, striped = false }: { rows: RejectRow[]; testId: string; rowTestId: string; striped?: boolean }): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Table fz="sm" verticalSpacing={striped ? 4 : 2} striped={striped} withTableBorder={!striped} data-testid={testId}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('data.row')}</Table.Th>
          <Table.Th>{t('data.column')}</Table.Th>
          <Table.Th>{t('data.value')}</Table.Th>
          <Table.Th>{t('data.reason')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((x, i) => (
          <Table.Tr key={i} data-testid={rowTestId}>
            <Table.Td className="desk-num">{f.num(x.row)}</Table.Td>
            <Table.Td>{x.column}</Table.Td>
            <Table.Td style={{ wordBreak: 'break-word' }}>{x.value}</Table.Td>
            <Table.Td>{x.reason}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
