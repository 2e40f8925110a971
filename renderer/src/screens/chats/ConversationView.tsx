/** One conversation: messages with their analysis, the state panel (what the customer wants, what is missing) and suggested replies to edit and copy. */
import { useEffect, useState, type ReactNode } from 'react';
import { Badge, Button, Group, Paper, ScrollArea, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { useCodeLabel } from '../../codes';
import { useFormat } from '../../format';
import { QueryState } from '../../components/QueryState';
import { notify } from '../../components/notify';
import { EmotionBadge, IntentBadge } from './badges';
import { literal, msg } from '../../i18n/msg';

type SuggestionView = Awaited<ReturnType<typeof call<'chats.suggest'>>>['suggestions'][number];
type SmallTalkView = NonNullable<Awaited<ReturnType<typeof call<'chats.suggest'>>>['smallTalk']>;

type OrderCheckView = NonNullable<Awaited<ReturnType<typeof call<'chats.suggest'>>>['orderCheck']>;

/** A ready line to edit and copy, under a note saying why it is offered instead of an article. */
function CannedReply({ note, reply, testid }: { note: string; reply: string | null; testid: string }): ReactNode {
  const { t } = useTranslation();
  const [text, setText] = useState(reply ?? '');
  useEffect(() => setText(reply ?? ''), [reply]);
  return (
    <Paper withBorder p="xs" data-testid={testid}>
      <Text size="sm" c="dimmed" mb={reply ? 4 : 0}>{note}</Text>
      {reply !== null && (
        <Group align="flex-end" wrap="nowrap" gap="xs">
          <Textarea value={text} onChange={(e) => setText(e.currentTarget.value)} autosize minRows={1} maxRows={4} aria-label={t('chats.reply')} data-testid={`${testid}-reply`} style={{ flex: 1 }} />
          <Button size="xs" onClick={() => void navigator.clipboard?.writeText(text).catch(() => undefined)} style={{ flexShrink: 0 }}>
            {t('chats.copy')}
          </Button>
        </Group>
      )}
    </Paper>
  );
}

/** Small talk ("hello", "谢谢") needs no article: say so, and offer the polite line (if any) to edit and copy. */
function SmallTalk({ s }: { s: SmallTalkView }): ReactNode {
  const { t } = useTranslation();
  return <CannedReply note={t('chats.smallTalk', { kind: t(`chats.smallTalkKind.${s.kind}`) })} reply={s.reply} testid="small-talk" />;
}

/** An order-status question about an order the store does not have (or no number): offer to ask for the number. */
function OrderCheck({ c }: { c: OrderCheckView }): ReactNode {
  const { t } = useTranslation();
  return <CannedReply note={t(`chats.orderCheck.${c.kind}`, { order: c.order ?? '' })} reply={c.reply} testid="order-check" />;
}

function Reply({ conversation, s }: { conversation: number; s: SuggestionView }): ReactNode {
  const { t } = useTranslation();
  const label = useCodeLabel();
  const [text, setText] = useState(s.text);
  useEffect(() => setText(s.text), [s.text]);
  const use = useMutation({
    mutationFn: async () => {
      await navigator.clipboard?.writeText(text).catch(() => undefined);
      return call('chats.useSuggestion', { conversation, slug: s.slug, edited: text !== s.text });
    },
    onSuccess: () => notify({ color: 'green', title: msg('chats.copied'), message: literal(s.title) }),
  });
  return (
    <Paper withBorder p="xs" data-testid="suggestion">
      <Group justify="space-between" mb={4} wrap="nowrap">
        <Text size="sm" fw={600} truncate>{s.title}</Text>
        {/* The channel whose wording this is, by its name ("WeChat", "微信"), not its stored code ("wechat"). */}
        <Badge variant="light" style={{ flexShrink: 0 }} data-testid="suggestion-channel">{s.variant === 'default' ? t('chats.variantDefault') : label('channel', s.variant)}</Badge>
      </Group>
      <Textarea value={text} onChange={(e) => setText(e.currentTarget.value)} autosize minRows={2} maxRows={8} aria-label={t('chats.reply')} data-testid="suggestion-text" />
      <Group justify="space-between" mt={4} wrap="nowrap">
        <Text size="xs" c="dimmed" data-testid="suggestion-facts">
          {t('chats.article', { slug: s.slug })}
          {s.facts.length ? ` · ${t('chats.facts')}: ${s.facts.map((f) => t(`chats.fact.${f.name}`)).join(t('common.listSep'))}` : ''}
        </Text>
        <Button size="xs" onClick={() => use.mutate()} data-testid="suggestion-copy" style={{ flexShrink: 0 }}>
          {t('chats.copy')}
        </Button>
      </Group>
    </Paper>
  );
}

/** The conversation view. */
export function ConversationView({ id }: { id: number }): ReactNode {
  const { t } = useTranslation();
  const label = useCodeLabel();
  // Message times in the reader's date and time format, as everywhere else in the app (they showed "2026-09-09 12:31").
  const f = useFormat();
  const conv = useQuery({ queryKey: ['chats', 'get', id], queryFn: () => call('chats.get', { conversation: id }) });
  const sugg = useQuery({ queryKey: ['chats', 'suggest', id], queryFn: () => call('chats.suggest', { conversation: id, limit: 3 }) });
  if (conv.error) return <QueryState error={conv.error} onRetry={() => void conv.refetch()} />;
  const state = sugg.data?.state ?? conv.data?.state ?? null;
  return (
    <Stack gap="xs" data-testid="chat-view">
      <Paper withBorder p="xs" data-testid="chat-state">
        <Title order={2} size="h6" mb={4}>{t('chats.state')}</Title>
        {state ? (
          <Stack gap={2}>
            <Group gap={4}>
              {/* The label's colon is the language's own: "Wants:", "诉求：" (it was ":" in Chinese too). */}
              <Text size="sm" data-testid="chat-wants">{t('chats.labelOnly', { label: t('chats.wants') })}</Text>
              <IntentBadge intent={state.intent} />
              <EmotionBadge emotion={state.emotion} />
              {state.lang && <Badge variant="dot" style={{ flexShrink: 0 }}>{label('lang', state.lang)}</Badge>}
            </Group>
            <Text size="sm" data-testid="chat-slots">
              {t('chats.labelValue', { label: t('chats.slots'), value: Object.entries(state.slots).map(([k, v]) => `${t(`chats.slot.${k}`)} ${k === 'colour' ? label('colour', v.value) : v.value}`).join(t('common.listSep')) || '—' })}
            </Text>
            <Text size="sm" c={state.missing.length ? 'orange.8' : 'dimmed'} data-testid="chat-missing">
              {t('chats.labelValue', { label: t('chats.missing'), value: state.missing.map((k) => t(`chats.slot.${k}`)).join(t('common.listSep')) || t('chats.nothingMissing') })}
            </Text>
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">{t('chats.notAnalysed')}</Text>
        )}
      </Paper>
      <ScrollArea.Autosize mah={260}>
        <Stack gap={4}>
          {(conv.data?.messages ?? []).map((m) => (
            <Paper key={m.id} p={6} bg={m.sender === 'customer' ? 'gray.0' : 'blue.0'} ml={m.sender === 'customer' ? 0 : 40} mr={m.sender === 'customer' ? 40 : 0}>
              <Group gap={4} justify="space-between" wrap="nowrap">
                <Text size="xs" c="dimmed">{t(`chats.sender.${m.sender}`)} · <span data-testid="chat-message-time">{f.dateTime(m.ts)}</span></Text>
                <Group gap={4} wrap="nowrap">
                  {m.lang === 'unsupported' && <Badge size="xs" color="gray" style={{ flexShrink: 0 }}>{label('lang', 'unsupported')}</Badge>}
                  <EmotionBadge emotion={m.emotion} />
                </Group>
              </Group>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{m.text}</Text>
            </Paper>
          ))}
        </Stack>
      </ScrollArea.Autosize>
      <Title order={2} size="h6">{t('chats.suggestions')}</Title>
      {sugg.error ? <QueryState error={sugg.error} onRetry={() => void sugg.refetch()} /> : null}
      {sugg.data?.smallTalk && <SmallTalk s={sugg.data.smallTalk} />}
      {sugg.data?.orderCheck && <OrderCheck c={sugg.data.orderCheck} />}
      {sugg.data && !sugg.data.smallTalk && !sugg.data.orderCheck && !sugg.data.suggestions.length && <Text size="sm" c="dimmed">{t('chats.noSuggestions')}</Text>}
      {sugg.data?.suggestions.map((s) => <Reply key={s.slug} conversation={id} s={s} />)}
    </Stack>
  );
}
