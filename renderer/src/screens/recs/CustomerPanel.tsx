/**
 * Per customer: history on the left, recommendations with reasons on the right with what they viewed and have not bought
 * yet below, and the tail control with its measured effect.
 */
import type { ReactNode } from 'react';
import { Grid, Group, Paper, Slider, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { useLangQuery } from '../../api/langQuery';
import { EnginePicker } from '../../components/EnginePicker';
import { QueryState } from '../../components/QueryState';
import { useKept } from '../../components/kept';
import { useFormat } from '../../format';
import { accuracyChange } from './change';
import { customerSearchKey, searchCustomers } from './pickers';
import { RecList, RowTag } from './RecRows';

/** One measured step of the tail control (validation item). */
export interface TailStep {
  gamma: number;
  ndcg: number;
  tailShare: number;
}

function nearest(steps: TailStep[], g: number): TailStep | undefined {
  return [...steps].sort((a, b) => Math.abs(a.gamma - g) - Math.abs(b.gamma - g))[0];
}

/** The customer view of the Recommendations screen. */
export function CustomerPanel({ runId, tail, onTail, tailEffect, tailForm }: { runId: string; tail: number; onTail: (g: number) => void; tailEffect: TailStep[]; tailForm: 'discount' | 'lift' | 'personal' | 'prob' }): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const [picked, setPicked] = useKept<string | null>('recs.customer', null);
  // The first page of the picker's searches (one request): its first customer is shown until another is picked.
  const customers = useQuery({ queryKey: [...customerSearchKey(runId), ''], queryFn: () => searchCustomers('') });
  const customer = picked ?? customers.data?.options[0]?.value ?? null;
  const recs = useLangQuery({
    queryKey: ['recs', 'customer', runId, customer, tail],
    queryFn: () => call('recs.forCustomer', { customer: customer as string, k: 10, tail }),
    enabled: customer !== null,
  });
  // The customer's label as the picker lists it, from the engine's answer: a customer kept from an earlier visit is
  // named, not shown by id, when the picker's first page does not hold them.
  const c = recs.data && !recs.isPlaceholderData && recs.data.customer.externalId === customer ? recs.data.customer : null;
  const shown = c ? [c.name, c.email, c.externalId].filter(Boolean).join(' · ') : null;
  const base = tailEffect.find((s) => s.gamma === 0);
  const here = nearest(tailEffect, tail);
  // A new shop: no customer has an event yet, so there is nobody to pick and nothing to list.
  if (customers.isSuccess && customers.data.total === 0) {
    return (
      <Paper withBorder p="sm" data-testid="recs-no-customers">
        <Text size="sm">{t('recs.noCustomersYet')}</Text>
      </Paper>
    );
  }
  return (
    <Stack gap="sm">
      <Group align="flex-end" wrap="wrap">
        <EnginePicker
          label={t('recs.customer')}
          w={360}
          queryKey={customerSearchKey(runId)}
          search={searchCustomers}
          value={customer}
          valueLabel={shown}
          onChange={(v) => v && setPicked(v)}
          nothingFound={t('recs.noCustomers')}
          nothingListed={(n) => t('recs.noListYet', { count: n, n: f.num(n) })}
          testid="recs-customer"
        />
        <Stack gap={4} w={320}>
          <Text size="sm" fw={500}>
            {t('recs.tailControl')}
          </Text>
          {/* thumbLabel names the thumb, which carries role="slider" (Mantine gives it aria-label="" otherwise). */}
          <Slider min={0} max={tailForm === 'discount' ? 1 : 2} step={0.1} value={tail} onChange={onTail} label={(v) => f.num(v, 1)} thumbLabel={t('recs.tailControl')} data-testid="recs-tail" />
          <Text size="xs" c="dimmed" data-testid="recs-tail-form">
            {t('recs.tailUsing', { form: t(`recs.tailForm.${tailForm}`) })}
          </Text>
        </Stack>
        {here && base && (
          <Text size="sm" c="dimmed" data-testid="recs-tail-effect">
            {/* The slider moves by 0.1 but the effect is measured at fewer settings above 1 (1.25, 1.5, 2): between them
                the figures are the nearest setting's, and say so. */}
            {t(Math.abs(here.gamma - tail) < 1e-9 ? 'recs.tailEffect' : 'recs.tailEffectNearest', { gamma: f.num(here.gamma, 2), share: f.fixed(100 * here.tailShare, 1), base: f.fixed(100 * base.tailShare, 1), change: accuracyChange(f, base.ndcg, here.ndcg) })}
          </Text>
        )}
      </Group>
      {recs.error ? <QueryState error={recs.error} onRetry={() => void recs.refetch()} /> : null}
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Paper withBorder p="sm">
            <Title order={2} size="h6" mb="xs">
              {t('recs.history')}
            </Title>
            <Table striped data-testid="recs-history">
              <Table.Tbody>
                {(recs.data?.history ?? []).map((h, i) => (
                  <Table.Tr key={`${h.ts}-${h.sku}-${i}`}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{f.date(h.ts.slice(0, 10))}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{t(`recs.event.${h.kind}`)}</Table.Td>
                    <Table.Td>
                      {h.title}{' '}
                      <Text span size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }} data-testid="rec-sku">
                        {h.sku}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <RecList
            title={t('recs.forCustomer')}
            rows={recs.data?.items ?? []}
            testid="recs-items"
            rowTestid="recs-item"
            tag={(r) => r.longTail && <RowTag color="grape">{t('recs.longTail')}</RowTag>}
          />
          <RecList
            mt="sm"
            title={t('recs.revisit')}
            rows={recs.data?.revisit ?? []}
            testid="recs-revisit"
            rowTestid="recs-revisit-item"
            empty={recs.data ? t('recs.revisitNone') : undefined}
            emptyTestid="recs-revisit-none"
            tag={(r) => r.carted && <RowTag color="orange">{t('recs.inCart')}</RowTag>}
          />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
