/** The ranked list both recommendation panels show: rank, title, the reason in the UI language, and an optional tag. */
import type { ReactNode } from 'react';
import { Table, Text } from '@mantine/core';

/** One recommended product as the panels list it. */
export interface RecRow {
  rank: number;
  sku: string;
  title: string;
  reason: string;
}

/** A striped table of recommendations; `tag` adds a narrow last column (e.g. a long-tail badge). */
export function RecRows<T extends RecRow>({ rows, testid, rowTestid, tag }: { rows: T[]; testid: string; rowTestid?: string; tag?: (r: T) => ReactNode }): ReactNode {
  return (
    <Table striped data-testid={testid}>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.sku} data-testid={rowTestid}>
            <Table.Td w={32}>{r.rank}</Table.Td>
            <Table.Td>
              <Text size="sm" fw={500}>
                {r.title}
              </Text>
              <Text size="xs" c="dimmed">
                {r.reason}
              </Text>
            </Table.Td>
            {tag && (
              <Table.Td w={112} style={{ whiteSpace: 'nowrap' }}>
                {tag(r)}
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
