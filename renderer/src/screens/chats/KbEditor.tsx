/** The knowledge-base editor: one article's titles and answers in both languages, its intent, and its channel wordings. */
import { useState, type ReactNode } from 'react';
import { Button, Group, Paper, Select, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { useCodeLabel } from '../../codes';
import { QueryState } from '../../components/QueryState';
import { notify, notifyError } from '../../components/notify';
import { literal, msg } from '../../i18n/msg';

type Article = Awaited<ReturnType<typeof call<'kb.list'>>>[number];
type Variant = Article['variants'][number];

const INTENTS = ['order_status', 'shipping', 'return_refund', 'exchange_size', 'product_question', 'discount_price', 'payment', 'complaint', 'other'];
const CHANNELS = ['marketplace', 'wechat', 'email', 'whatsapp', 'taobao', 'jd', 'web'];
const EMPTY: Article = { id: 0, slug: '', titleZh: null, titleEn: null, bodyZh: null, bodyEn: null, intent: null, tags: [], variants: [], updatedAt: '' };

function Form({ start, onSaved }: { start: Article; onSaved: () => void }): ReactNode {
  const { t } = useTranslation();
  const label = useCodeLabel();
  const [a, setA] = useState<Article>(start);
  const set = (patch: Partial<Article>): void => setA((x) => ({ ...x, ...patch }));
  const setVariant = (i: number, patch: Partial<Variant>): void => set({ variants: a.variants.map((v, k) => (k === i ? { ...v, ...patch } : v)) });
  const save = useMutation({
    mutationFn: () => call('kb.save', { slug: a.slug, titleZh: a.titleZh, titleEn: a.titleEn, bodyZh: a.bodyZh, bodyEn: a.bodyEn, intent: a.intent, tags: a.tags, variants: a.variants.filter((v) => v.body.trim()) }),
    onSuccess: () => {
      notify({ color: 'green', title: msg('chats.kbSaved'), message: literal(a.slug) });
      onSaved();
    },
    onError: (e) => notifyError(msg('chats.failed'), e),
  });
  return (
    <Paper withBorder p="sm" data-testid="kb-form">
      <Stack gap="xs">
        <Group grow>
          <TextInput label={t('chats.kbSlug')} value={a.slug} onChange={(e) => set({ slug: e.currentTarget.value })} disabled={a.id !== 0} data-testid="kb-slug" />
          <Select label={t('chats.intent')} data={INTENTS.map((v) => ({ value: v, label: label('intent', v) }))} value={a.intent} onChange={(v) => set({ intent: v })} clearable />
        </Group>
        <Group grow>
          <TextInput label={t('chats.kbTitleZh')} value={a.titleZh ?? ''} onChange={(e) => set({ titleZh: e.currentTarget.value || null })} />
          <TextInput label={t('chats.kbTitleEn')} value={a.titleEn ?? ''} onChange={(e) => set({ titleEn: e.currentTarget.value || null })} />
        </Group>
        <Group grow align="flex-start">
          <Textarea label={t('chats.kbBodyZh')} value={a.bodyZh ?? ''} onChange={(e) => set({ bodyZh: e.currentTarget.value || null })} autosize minRows={3} />
          <Textarea label={t('chats.kbBodyEn')} value={a.bodyEn ?? ''} onChange={(e) => set({ bodyEn: e.currentTarget.value || null })} autosize minRows={3} data-testid="kb-body-en" />
        </Group>
        <Text size="xs" c="dimmed">{t('chats.kbPlaceholders')}</Text>
        <Text size="sm" fw={600}>{t('chats.kbVariants')}</Text>
        {a.variants.map((v, i) => (
          <Group key={i} align="flex-start" wrap="nowrap">
            <Select w={140} aria-label={t('chats.channel')} data={CHANNELS.map((c) => ({ value: c, label: label('channel', c) }))} value={v.channel} onChange={(c) => c && setVariant(i, { channel: c })} />
            <Select w={100} aria-label={t('chats.language')} data={[{ value: 'zh', label: label('lang', 'zh') }, { value: 'en', label: label('lang', 'en') }]} value={v.lang} onChange={(l) => l && setVariant(i, { lang: l as 'zh' | 'en' })} />
            <Textarea style={{ flex: 1 }} aria-label={t('chats.reply')} value={v.body} onChange={(e) => setVariant(i, { body: e.currentTarget.value })} autosize minRows={2} />
            <Button variant="subtle" color="red" onClick={() => set({ variants: a.variants.filter((_, k) => k !== i) })}>{t('chats.remove')}</Button>
          </Group>
        ))}
        <Group justify="space-between">
          <Button variant="light" onClick={() => set({ variants: [...a.variants, { lang: 'zh', channel: 'wechat', body: '' }] })} data-testid="kb-add-variant">{t('chats.kbAddVariant')}</Button>
          <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!a.slug.trim()} data-testid="kb-save">{t('chats.kbSave')}</Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** The KB editor. */
export function KbEditor(): ReactNode {
  const { t, i18n } = useTranslation();
  const label = useCodeLabel();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['chats', 'kb'], queryFn: () => call('kb.list', {}) });
  const [editing, setEditing] = useState<Article | null>(null);
  if (q.error) return <QueryState error={q.error} onRetry={() => void q.refetch()} />;
  const title = (a: Article): string => (i18n.language === 'zh' ? a.titleZh ?? a.titleEn : a.titleEn ?? a.titleZh) ?? a.slug;
  return (
    <Group align="flex-start" wrap="nowrap" gap="md">
      <div style={{ flex: '1 1 40%', minWidth: 0 }}>
        <Group justify="space-between" mb="xs">
          <Text size="sm" c="dimmed" data-testid="kb-count">{t('chats.kbCount', { n: q.data?.length ?? 0, count: q.data?.length ?? 0 })}</Text>
          <Button size="xs" onClick={() => setEditing({ ...EMPTY })} data-testid="kb-new">{t('chats.kbNew')}</Button>
        </Group>
        <Table highlightOnHover data-testid="kb-list">
          <Table.Tbody>
            {(q.data ?? []).map((a) => (
              <Table.Tr key={a.id} onClick={() => setEditing(a)} style={{ cursor: 'pointer' }}>
                <Table.Td style={{ maxWidth: 240 }}><Text size="sm" truncate>{title(a)}</Text></Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{a.intent ? label('intent', a.intent) : ''}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{t('chats.kbVariantCount', { n: a.variants.length, count: a.variants.length })}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      <div style={{ flex: '1 1 60%', minWidth: 0 }}>
        {editing && <Form key={`${editing.id}:${editing.updatedAt}`} start={editing} onSaved={() => void qc.invalidateQueries({ queryKey: ['chats'] })} />}
      </div>
    </Group>
  );
}
