/** What an export did: rows written (with a download link in the browser) and the rows the guardrails held back, with reasons in the UI language. */
import type { ReactNode } from 'react';
import { Alert, Anchor, Button, Group, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../../../engine/api/ops/index';
import { downloadUrl, isDesktop } from '../../api/client';
import { useFormat } from '../../format';

type Result = OpResult<'export.run'>;

/** The outcome of one export. */
export function ExportResult({ result, since, onWriteAll }: { result: Result; since: string; onWriteAll: () => void }): ReactNode {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const zh = i18n.language === 'zh';
  // Not every hold is a guardrail's (no eBay ItemID, a price in another currency, no price): each kind by its reason.
  const kinds = (['guardrails', 'no_item_id', 'currency_mismatch', 'no_price'] as const).map((k) => ({ k, n: result.held.filter((h) => (h.kind ?? 'guardrails') === k).length })).filter((x) => x.n > 0);
  const heldTitle =
    kinds.length === 1 && kinds[0].k === 'guardrails'
      ? t('priceExport.heldTitle', { count: result.rowsHeld })
      : t('priceExport.heldTitleKinds', { count: result.rowsHeld, why: kinds.map((x) => t(`priceExport.heldKind.${x.k}`, { count: x.n })).join(zh ? '，' : ', ') });
  return (
    <Stack gap="xs" data-testid="export-result" data-run={result.runId} data-written={result.rowsWritten} data-held={result.rowsHeld}>
      {result.empty ? (
        // No row to send: the file has its header alone, and why. Nothing changed since the last export (or, the first time, from the shop's
        // own prices) is the usual case: the merchant can send every product as it is in one click.
        <Alert color="blue" p="xs" data-testid="export-empty" data-code={result.empty.code}>
          <Text size="sm">{t(`priceExport.empty.${result.empty.code}`, { count: result.unchanged, since, held: result.rowsHeld })}</Text>
          {result.unchanged > 0 && (
            <Button size="compact-sm" variant="light" mt="xs" onClick={onWriteAll} data-testid="export-write-all">
              {t('priceExport.writeAll', { count: result.unchanged })}
            </Button>
          )}
        </Alert>
      ) : (
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {t('priceExport.done', { written: result.rowsWritten, count: result.rowsWritten, path: result.path })}
        </Text>
      )}
      {/* A file with the header alone is nothing to upload: no link to it. */}
      {!isDesktop() && ((result.written && !result.empty) || result.heldPath) && (
        <Group gap="md">
          {result.written && !result.empty && (
            <Anchor href={downloadUrl(result.path)} size="sm" data-testid="export-download">
              {t('priceExport.download')}
            </Anchor>
          )}
          {result.heldPath && (
            <Anchor href={downloadUrl(result.heldPath)} size="sm" data-testid="export-held-download">
              {t('priceExport.heldReport')}
            </Anchor>
          )}
        </Group>
      )}
      {result.rowsHeld === 0 ? (
        <Text size="sm" c="dimmed">
          {t('priceExport.heldNone')}
        </Text>
      ) : (
        <Alert color="orange" p="xs" title={heldTitle} data-testid="export-held-title">
          <ScrollArea.Autosize mah={260}>
            <Table fz="xs" verticalSpacing={4} layout="fixed" data-testid="export-held">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w="24%">{t('priceExport.col.sku')}</Table.Th>
                  <Table.Th w="15%" ta="right">{t('priceExport.col.proposed')}</Table.Th>
                  <Table.Th w="15%" ta="right">{t('priceExport.col.live')}</Table.Th>
                  <Table.Th>{t('priceExport.col.reason')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {result.held.map((h) => (
                  <Table.Tr key={h.sku} data-testid="export-held-row" data-sku={h.sku}>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>
                      <Text fz="xs" fw={500}>{h.sku}</Text>
                      <Text fz="xs" c="dimmed" lineClamp={1} title={h.title}>{h.title}</Text>
                    </Table.Td>
                    <Table.Td ta="right">{f.price(h.proposedPrice, h.currency)}</Table.Td>
                    <Table.Td ta="right">{f.price(h.livePrice, h.currency)}</Table.Td>
                    <Table.Td data-testid="export-held-reason">{h.reasons.map((r) => (zh ? r.message_zh : r.message_en)).join(' ')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        </Alert>
      )}
    </Stack>
  );
}
