/** The recommendations table: select rows, approve, reject or edit them (one or in bulk), apply approved prices. */
import { useState, type ReactNode } from 'react';
import { ActionIcon, Badge, Button, Checkbox, Group, NumberInput, Paper, Popover, ScrollArea, Table, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconPencil, IconX } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../../../engine/api/ops/index';
import { call } from '../../api/client';
import { notify, notifyError } from '../../components/notify';
import { useFormat } from '../../format';
import { literal, msg } from '../../i18n/msg';

type Rec = OpResult<'pricing.recommendations'>[number];

const STATUS_COLOR: Record<string, string> = { pending: 'blue', approved: 'green', edited: 'teal', rejected: 'gray', applied: 'violet', held: 'orange' };

/** Recommendations with their explanation and actions. */
export function RecTable({ rows, loading, selected, onSelect, onChanged }: { rows: Rec[]; loading: boolean; selected: string | null; onSelect: (sku: string) => void; onChanged: () => void }): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const [picked, setPicked] = useState<Set<number>>(new Set());
  const [edits, setEdits] = useState<Record<number, number | string>>({});
  const decide = useMutation({
    mutationFn: (v: { ids: number[]; action: 'approve' | 'reject' | 'edit'; price?: number }) => call('pricing.decide', v),
    onSuccess: () => {
      setPicked(new Set());
      onChanged();
    },
    onError: (e) => notifyError(msg('pricing.decideFailed'), e),
  });
  const apply = useMutation({
    mutationFn: () => call('pricing.apply', {}),
    onSuccess: (r) => {
      // Worded by the screen, not the engine, so it follows a later switch of the UI language. A price the guardrails
      // moved (a typed 10.00 applied as 50.26) or held is named with the engine's reason: the title alone said
      // "Applied 1 price; 0 held back" for a price nobody approved.
      const why = r.details.filter((d) => d.reasons.length).map((d) => literal(`${d.sku}: ${d.reasons.join(' ')}`));
      const message = why.length > 5 ? { list: [...why.slice(0, 5), msg('pricing.appliedMore', { count: why.length - 5 })], sep: ' ' } : why.length ? { list: why, sep: ' ' } : null;
      notify({ color: r.held || why.length ? 'blue' : 'green', title: msg('pricing.appliedNote', { count: r.applied, held: r.held }), message });
      onChanged();
      // Applied prices are the products' prices now: the price curve, our price history and product lists follow.
      for (const key of ['pricing.curve', 'pricing.competitors', 'products.list']) void qc.invalidateQueries({ queryKey: [key] });
    },
    onError: (e) => notifyError(msg('pricing.applyFailed'), e),
  });
  const ids = [...picked];
  const toggle = (id: number): void => setPicked((s) => {
    const n = new Set(s);
    if (n.has(id)) n.delete(id);
    else n.add(id);
    return n;
  });
  const held = (r: Rec): string => (r.heldReasons.length ? t('pricing.heldBecause', { why: r.heldReasons.join(' ') }) : '');
  const actionable = (r: Rec): boolean => ['pending', 'approved', 'edited', 'held'].includes(r.status);
  return (
    // The table's own width (not the window's) picks the compact layout: see .desk-recs in app.css.
    <Paper withBorder p="sm" className="desk-recs">
      <Group justify="space-between" mb="xs">
        <Text size="sm" c="dimmed" data-testid="pricing-count" data-count={rows.length}>
          {loading ? t('common.loading') : rows.length ? t('pricing.count', { n: rows.length, count: rows.length }) : t('pricing.empty')}
        </Text>
        <Group gap="xs">
          <Button size="xs" variant="light" color="green" disabled={!ids.length} onClick={() => decide.mutate({ ids, action: 'approve' })} data-testid="bulk-approve">
            {t('pricing.approveN', { n: ids.length })}
          </Button>
          <Button size="xs" variant="light" color="gray" disabled={!ids.length} onClick={() => decide.mutate({ ids, action: 'reject' })} data-testid="bulk-reject">
            {t('pricing.rejectN', { n: ids.length })}
          </Button>
          <Button size="xs" onClick={() => apply.mutate()} loading={apply.isPending} disabled={!rows.some((r) => r.status === 'approved' || r.status === 'edited')} data-testid="pricing-apply">
            {t('pricing.apply')}
          </Button>
        </Group>
      </Group>
      <ScrollArea h="clamp(300px, calc(100vh - 420px), 560px)">
        <Table striped highlightOnHover stickyHeader data-testid="pricing-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>
                <Checkbox aria-label={t('pricing.selectAll')} checked={rows.length > 0 && rows.filter(actionable).every((r) => picked.has(r.id))} onChange={(e) => setPicked(e.currentTarget.checked ? new Set(rows.filter(actionable).map((r) => r.id)) : new Set())} />
              </Table.Th>
              <Table.Th>{t('pricing.col.sku')}</Table.Th>
              <Table.Th ta="right">{t('pricing.col.current')}</Table.Th>
              <Table.Th ta="right">{t('pricing.col.recommended')}</Table.Th>
              {/* Kept on one line: "Δ units / 7 d" otherwise wraps its last letter. */}
              <Table.Th ta="right" className="desk-rec-units" style={{ whiteSpace: 'nowrap' }}>{t('pricing.col.units')}</Table.Th>
              <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>{t('pricing.col.margin')}</Table.Th>
              <Table.Th>{t('pricing.col.reason')}</Table.Th>
              <Table.Th miw={96} className="desk-sticky-end">{t('pricing.col.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.id} data-testid="pricing-row" data-sku={r.sku} data-selected={r.sku === selected || undefined} bg={r.sku === selected ? 'var(--mantine-color-blue-light)' : undefined} onClick={() => onSelect(r.sku)} style={{ cursor: 'pointer' }}>
                <Table.Td onClick={(e) => e.stopPropagation()}>
                  <Checkbox aria-label={r.sku} disabled={!actionable(r)} checked={picked.has(r.id)} onChange={() => toggle(r.id)} />
                </Table.Td>
                <Table.Td className="desk-rec-sku">
                  <Text size="sm" style={{ whiteSpace: 'nowrap' }}>{r.sku}</Text>
                  <Text size="xs" c="dimmed" truncate title={r.title ?? undefined}>{r.title}</Text>
                </Table.Td>
                <Table.Td ta="right" data-testid="pricing-current" data-price={r.priceNow}>
                  {f.price(r.priceNow, r.currency)}
                  {/* Once applied (or changed elsewhere), the price the recommendation started from is kept in sight. */}
                  {Math.abs(r.priceNow - r.currentPrice) >= 0.005 && <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{t('pricing.was', { price: f.price(r.currentPrice, r.currency) })}</Text>}
                </Table.Td>
                <Table.Td ta="right">
                  {r.recommendedPrice === null ? '—' : f.price(r.recommendedPrice, r.currency)}
                  {r.changePct !== null && Math.abs(r.changePct) > 0.05 && <Text size="xs" c={r.changePct > 0 ? 'teal' : 'red'}>{`${f.signed(r.changePct, 1)}%`}</Text>}
                  {/* The price the merchant set is what Apply will ask for: it stays in sight until then. */}
                  {r.status === 'edited' && r.finalPrice !== null && <Text size="xs" c="blue" style={{ whiteSpace: 'nowrap' }} data-testid="pricing-final" data-price={r.finalPrice}>{t('pricing.yourPrice', { price: f.price(r.finalPrice, r.currency) })}</Text>}
                </Table.Td>
                <Table.Td ta="right" className="desk-rec-units" data-testid="pricing-units">{f.fixed(r.expected.units, 1)}</Table.Td>
                <Table.Td ta="right">
                  <Tooltip label={t('pricing.interval', { lo: f.money(r.interval.margin?.[0], r.currency), hi: f.money(r.interval.margin?.[1], r.currency), days: r.interval.days ?? 7 })}>
                    <span>{f.money(r.expected.margin, r.currency)}</span>
                  </Tooltip>
                  {/* Where the units column is left out (a narrow table), its value stays in sight under the margin. */}
                  <Text size="xs" c="dimmed" className="desk-rec-units-inline" data-testid="pricing-units-inline" style={{ whiteSpace: 'nowrap' }}>{t('pricing.unitsInline', { units: f.fixed(r.expected.units, 1) })}</Text>
                </Table.Td>
                <Table.Td className="desk-rec-why">
                  {/* Two lines at most (three in a narrow table), so the table shows many rows; the whole explanation is on hover. */}
                  {/* A held row says first why Apply held it (it showed only the recommendation's reason). */}
                  <Tooltip label={[held(r), r.reason, ...r.guardrails, r.policyLabel].filter(Boolean).join('\n')} multiline w={420} style={{ whiteSpace: 'pre-line' }} openDelay={200}>
                    <div>
                      {r.heldReasons.length > 0 && <Text size="xs" c="orange.9" fw={500} lineClamp={2} data-testid="pricing-held-reason">{held(r)}</Text>}
                      <Text size="xs" lineClamp={r.guardrails.length || r.heldReasons.length ? 1 : 2} className="desk-rec-reason" data-testid="pricing-reason" data-full={r.reason}>{r.reason}</Text>
                      {r.guardrails.length > 0 && <Text size="xs" c="orange.9" lineClamp={1}>{r.guardrails.join(' · ')}</Text>}
                      {r.policyLabel && <Text size="xs" c="dimmed" lineClamp={1} data-testid="pricing-policy" data-source={r.source ?? ''} data-clamped={r.clamped}>{r.policyLabel}</Text>}
                    </div>
                  </Tooltip>
                </Table.Td>
                {/*
                  The status with the row's actions under it, in one column kept in view at the right edge: side by side
                  they pushed Reject out of a 1280-pixel window, and in a narrower one the other columns scroll under it.
                */}
                <Table.Td className="desk-sticky-end" style={{ whiteSpace: 'nowrap' }}>
                  <Badge color={STATUS_COLOR[r.status] ?? 'gray'} variant="light" data-testid="pricing-status" styles={{ root: { maxWidth: 'none', overflow: 'visible', flexShrink: 0 }, label: { overflow: 'visible', textOverflow: 'clip' } }}>{t(`pricing.status.${r.status}`)}</Badge>
                  {actionable(r) && (
                    <Group gap={4} wrap="nowrap" mt={4} onClick={(e) => e.stopPropagation()}>
                      {/* An approved row shows its state in the badge; approving it again would do nothing. */}
                      {/* Icons named by their tooltips and labels, as the price edit is: the row stays narrow enough for a 1024-pixel window. */}
                      {r.status !== 'approved' && (
                        <Tooltip label={t('pricing.approve')}>
                          <ActionIcon size="sm" variant="subtle" color="green" disabled={r.recommendedPrice === null} aria-label={t('pricing.approve')} onClick={() => decide.mutate({ ids: [r.id], action: 'approve' })} data-testid="pricing-approve">
                            <IconCheck size={16} />
                          </ActionIcon>
                        </Tooltip>
                      )}
                      <Tooltip label={t('pricing.reject')}>
                        <ActionIcon size="sm" variant="subtle" color="gray" aria-label={t('pricing.reject')} onClick={() => decide.mutate({ ids: [r.id], action: 'reject' })} data-testid="pricing-reject">
                          <IconX size={16} />
                        </ActionIcon>
                      </Tooltip>
                      {/* The price box opens on demand. */}
                      <Popover position="bottom-end" withArrow shadow="md" trapFocus>
                        <Popover.Target>
                          <Tooltip label={t('pricing.editOpen')}>
                            <ActionIcon size="sm" variant="subtle" aria-label={t('pricing.editOpen')} data-testid="pricing-edit-open">
                              <IconPencil size={14} />
                            </ActionIcon>
                          </Tooltip>
                        </Popover.Target>
                        <Popover.Dropdown>
                          <Group gap={4} wrap="nowrap">
                            <NumberInput size="xs" w={110} min={0} decimalScale={2} aria-label={t('pricing.editPrice')} placeholder={t('pricing.editPrice')} value={edits[r.id] ?? ''} onChange={(v) => setEdits((e) => ({ ...e, [r.id]: v }))} />
                            <Button size="compact-sm" disabled={!(Number(edits[r.id]) > 0)} onClick={() => decide.mutate({ ids: [r.id], action: 'edit', price: Number(edits[r.id]) })}>{t('pricing.edit')}</Button>
                          </Group>
                        </Popover.Dropdown>
                      </Popover>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Paper>
  );
}
