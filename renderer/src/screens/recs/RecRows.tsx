/** The ranked lists the recommendation panels show: rank, title, the reason in the UI language, and an optional tag. */
import type { ReactNode } from 'react';
import { Badge, Paper, Table, Text, Title } from '@mantine/core';

/** One recommended product as the panels list it. */
export interface RecRow {
  rank: number;
  sku: string;
  title: string;
  reason: string;
}

/** The small badge a row's `tag` shows (long tail, in the cart). */
export function RowTag({ color, children }: { color: string; children: ReactNode }): ReactNode {
  return (
    <Badge size="sm" variant="light" color={color}>
      {children}
    </Badge>
  );
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
              {/* The SKU beside the title: a shop's variants often share a title ('Ceramide Hydrating Face Cream Gold 50g'
                  twice in one list, or recommended beside the one bought), and only the SKU tells them apart. */}
              <Text size="sm" fw={500}>
                {r.title}{' '}
                <Text span size="xs" c="dimmed" fw={400} style={{ whiteSpace: 'nowrap' }} data-testid="rec-sku">
                  {r.sku}
                </Text>
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

/** A titled card around RecRows; `empty` (when given) is said while the list has no rows. */
export function RecList<T extends RecRow>({ title, rows, testid, rowTestid, tag, empty, emptyTestid, mt }: { title: string; rows: T[]; testid: string; rowTestid?: string; tag?: (r: T) => ReactNode; empty?: string; emptyTestid?: string; mt?: string }): ReactNode {
  return (
    <Paper withBorder p="sm" mt={mt}>
      <Title order={2} size="h6" mb="xs">
        {title}
      </Title>
      {rows.length === 0 && empty && (
        <Text size="sm" c="dimmed" data-testid={emptyTestid}>
          {empty}
        </Text>
      )}
      <RecRows rows={rows} testid={testid} rowTestid={rowTestid} tag={tag} />
    </Paper>
  );
}
