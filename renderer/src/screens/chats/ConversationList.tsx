/** The conversation list: search (any language), filters by intent, emotion, channel and status, badges and waiting time. */
import { useEffect, useMemo, type ReactNode } from 'react';
import { Button, Group, Select, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { useCodeLabel } from '../../codes';
import { useFormat } from '../../format';
import { useKept } from '../../components/kept';
import { QueryState } from '../../components/QueryState';
import { useReadySignal } from '../../components/ready';
import { EmotionBadge, IntentBadge } from './badges';

const INTENTS = ['order_status', 'shipping', 'return_refund', 'exchange_size', 'product_question', 'discount_price', 'payment', 'complaint', 'other'];
const PAGE = 200;
const EMOTIONS = ['angry', 'anxious', 'disappointed', 'confused', 'satisfied', 'neutral'];

/** Minutes since an ISO time, relative to the newest message in the store (the engine's `asOf`: the data may be historical). */
function waited(since: string | null, now: string | null): number | null {
  if (!since || !now) return null;
  return Math.max(0, (Date.parse(now) - Date.parse(since)) / 60000);
}

/** The list; clicking a row selects the conversation. */
export function ConversationList({ selected, onSelect, onTotal }: { selected: number | null; onSelect: (id: number) => void; onTotal?: (n: number) => void }): ReactNode {
  const { t } = useTranslation();
  const label = useCodeLabel();
  const f = useFormat();
  // The search and filters are kept across visits to other screens.
  const [search, setSearch] = useKept('chats.search', '');
  const [intent, setIntent] = useKept<string | null>('chats.intent', null);
  const [emotion, setEmotion] = useKept<string | null>('chats.emotion', null);
  const [channel, setChannel] = useKept<string | null>('chats.channel', null);
  const [status, setStatus] = useKept<string | null>('chats.status', null);
  // Pages of 200, newest first, with "Show more" under them: the list used to stop at the first 200 whatever the count.
  const q = useInfiniteQuery({
    queryKey: ['chats', 'list', search, intent, emotion, channel, status],
    initialPageParam: 0,
    queryFn: ({ pageParam }) =>
      call('chats.list', { search: search || undefined, intent: intent ?? undefined, emotion: emotion ?? undefined, channel: channel ?? undefined, status: (status as 'open' | 'closed' | null) ?? undefined, limit: PAGE, offset: pageParam }),
    getNextPageParam: (last, pages) => {
      const shown = pages.reduce((n, p) => n + p.rows.length, 0);
      return last.rows.length > 0 && shown < last.total ? shown : undefined;
    },
  });
  useReadySignal(q.isSuccess, 'chats');
  const first = q.data?.pages[0];
  const total = first?.total;
  useEffect(() => {
    if (total !== undefined) onTotal?.(total);
  }, [total, onTotal]);
  const rows = useMemo(() => q.data?.pages.flatMap((p) => p.rows) ?? [], [q.data]);
  // One reference for the whole store, from the engine: the newest of the rows shown made a filtered row wait "0 min".
  const asOf = first?.asOf ?? null;
  const channels = first?.channels ?? [];
  // Minutes under an hour, hours under two days, then days ("142 d", not "3412 h").
  const waitText = (min: number | null): string =>
    min === null ? '' : min < 60 ? t('chats.waitMin', { n: Math.round(min) }) : min < 48 * 60 ? t('chats.waitHours', { n: Math.round(min / 60) }) : t('chats.waitDays', { n: Math.round(min / 1440) });
  return (
    <div className="desk-chatlist">
      <Group gap="xs" mb="xs" wrap="wrap">
        <TextInput placeholder={t('chats.search')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={200} data-testid="chats-search" aria-label={t('chats.search')} />
        <Select placeholder={t('chats.allIntents')} aria-label={t('chats.intent')} data={INTENTS.map((v) => ({ value: v, label: label('intent', v) }))} value={intent} onChange={setIntent} clearable w={150} data-testid="chats-filter-intent" />
        <Select placeholder={t('chats.allEmotions')} aria-label={t('chats.emotion')} data={EMOTIONS.map((v) => ({ value: v, label: label('emotion', v) }))} value={emotion} onChange={setEmotion} clearable w={130} data-testid="chats-filter-emotion" />
        <Select placeholder={t('chats.allChannels')} aria-label={t('chats.channel')} data={channels.map((v) => ({ value: v, label: label('channel', v) }))} value={channel} onChange={setChannel} clearable w={130} data-testid="chats-filter-channel" />
        <Select placeholder={t('chats.allStatuses')} aria-label={t('chats.status')} data={['open', 'closed'].map((v) => ({ value: v, label: label('chatStatus', v) }))} value={status} onChange={setStatus} clearable w={120} data-testid="chats-filter-status" />
      </Group>
      {q.error ? (
        <QueryState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <>
          <Text size="xs" c="dimmed" mb={4} data-testid="chats-count">
            {t('chats.count', { n: f.num(total ?? 0), count: total ?? 0 })}
          </Text>
          {/* No filter and no conversation: a new shop, told where transcripts come from. */}
          {q.isSuccess && total === 0 && !search && !intent && !emotion && !channel && !status && (
            <Text size="sm" c="dimmed" mb="xs" data-testid="chats-none-yet">
              {t('chats.noneYet')}
            </Text>
          )}
          <Table highlightOnHover striped data-testid="chats-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('chats.conversation')}</Table.Th>
                <Table.Th className="desk-chatlist-channel">{t('chats.channel')}</Table.Th>
                <Table.Th className="desk-chatlist-badges">{t('chats.badges')}</Table.Th>
                <Table.Th className="desk-chatlist-wait">{t('chats.waiting')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id} onClick={() => onSelect(r.id)} style={{ cursor: 'pointer' }} bg={r.id === selected ? 'var(--mantine-color-blue-light)' : undefined} data-testid="chats-row" data-conv={r.id} data-ext={r.externalId}>
                  <Table.Td>
                    {/* A button, so the keyboard reaches every conversation (Tab) and opens it (Enter or Space): the
                        row's click alone left keyboard users no way in. */}
                    <UnstyledButton
                      onClick={(e) => {
                        e.stopPropagation();
                        onSelect(r.id);
                      }}
                      aria-pressed={r.id === selected}
                      className="desk-chatlist-open"
                      data-testid="chats-open"
                    >
                      <Text size="sm" fw={500} truncate>{r.subject || r.externalId}</Text>
                      <Text size="xs" c="dimmed" truncate>
                        {/* In a narrow list the channel has no column of its own: it leads the last message's line. */}
                        <span className="desk-chatlist-channel-inline">{label('channel', r.channel)} · </span>
                        {r.lastText}
                      </Text>
                    </UnstyledButton>
                  </Table.Td>
                  <Table.Td className="desk-chatlist-channel">{label('channel', r.channel)}</Table.Td>
                  <Table.Td className="desk-chatlist-badges">
                    <Group gap={4} wrap="wrap">
                      <IntentBadge intent={r.intent} />
                      <EmotionBadge emotion={r.emotion} />
                    </Group>
                  </Table.Td>
                  <Table.Td className="desk-chatlist-wait" data-testid="chats-waiting">{r.status === 'open' ? waitText(waited(r.waitingSince, asOf)) : label('chatStatus', r.status)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {q.hasNextPage && total !== undefined && (
            <Button variant="default" size="xs" mt="xs" onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage} data-testid="chats-more">
              {t('chats.showMore', { n: f.num(Math.min(PAGE, total - rows.length)), shown: f.num(rows.length), total: f.num(total) })}
            </Button>
          )}
        </>
      )}
    </div>
  );
}
