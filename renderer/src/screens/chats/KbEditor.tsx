/** The knowledge-base editor: one article's titles and answers in both languages, its intent, and its channel wordings. */
import { useState, type ReactNode } from 'react';
import { Button, Group, Paper, Popover, Select, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, DeskError } from '../../api/client';
import { useCodeLabel } from '../../codes';
import { QueryState } from '../../components/QueryState';
import { notify, notifyError } from '../../components/notify';
import { literal, msg } from '../../i18n/msg';
import { useReadySignal } from '../../components/ready';

type Article = Awaited<ReturnType<typeof call<'kb.list'>>>[number];
type Variant = Article['variants'][number];

const INTENTS = ['order_status', 'shipping', 'return_refund', 'exchange_size', 'product_question', 'discount_price', 'payment', 'complaint', 'other'];
const CHANNELS = ['marketplace', 'wechat', 'email', 'whatsapp', 'taobao', 'jd', 'web'];
const EMPTY: Article = { id: 0, slug: '', titleZh: null, titleEn: null, bodyZh: null, bodyEn: null, intent: null, tags: [], variants: [], updatedAt: '' };

/**
 * The fields an engine refusal names ('slug', 'bodyEn', 'variants.2.body') with what to show under each: a conflict or
 * an unknown placeholder comes worded whole; a schema issue ("may hold only letters ...") gets the field's label in front.
 */
function fieldErrors(e: unknown, fieldLabel: (field: string, reason: string) => string): Record<string, string> | null {
  if (!(e instanceof DeskError)) return null;
  const issues = (e.details as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return null;
  const out: Record<string, string> = {};
  for (const i of issues as { field?: unknown; message?: unknown }[]) {
    if (typeof i.field !== 'string' || typeof i.message !== 'string') continue;
    // A variant's channel or body is marked on its wording's text box.
    const field = i.field.replace(/^(variants\.\d+)\..*$/, '$1.body');
    out[field] ??= e.code === 'bad_request' ? fieldLabel(i.field, i.message) : i.message;
  }
  return Object.keys(out).length ? out : null;
}

function Form({ start, onSaved, onDeleted }: { start: Article; onSaved: (a: Article) => void; onDeleted: () => void }): ReactNode {
  const { t, i18n } = useTranslation();
  const label = useCodeLabel();
  const [a, setA] = useState<Article>(start);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState(false);
  const set = (patch: Partial<Article>): void => setA((x) => ({ ...x, ...patch }));
  const setVariant = (i: number, patch: Partial<Variant>): void => set({ variants: a.variants.map((v, k) => (k === i ? { ...v, ...patch } : v)) });
  const isNew = a.id === 0;
  const fieldLabel = (field: string, reason: string): string => {
    const names: Record<string, string> = { slug: t('chats.kbSlug'), titleZh: t('chats.kbTitleZh'), titleEn: t('chats.kbTitleEn'), bodyZh: t('chats.kbBodyZh'), bodyEn: t('chats.kbBodyEn') };
    return t('chats.kbFieldIssue', { field: names[field] ?? t('chats.kbVariants'), reason });
  };
  const save = useMutation({
    mutationFn: () => {
      const variants = a.variants.filter((v) => v.body.trim());
      // Without an id the engine creates the article and refuses an id already in use; with it, this article is edited.
      return call('kb.save', { ...(isNew ? {} : { id: a.id }), slug: a.slug, titleZh: a.titleZh, titleEn: a.titleEn, bodyZh: a.bodyZh, bodyEn: a.bodyEn, intent: a.intent, tags: a.tags, variants });
    },
    onSuccess: (r) => {
      setErrors({});
      notify({ color: 'green', title: msg('chats.kbSaved'), message: literal(a.slug) });
      onSaved({ ...a, id: r.id, slug: a.slug.trim(), variants: a.variants.filter((v) => v.body.trim()) });
    },
    onError: (e) => {
      // What the form can point at stays in the form, next to the input the merchant typed (which is kept).
      const marked = fieldErrors(e, fieldLabel);
      setErrors(marked ?? {});
      if (!marked) notifyError(msg('chats.failed'), e);
    },
  });
  const remove = useMutation({
    mutationFn: () => call('kb.delete', { slug: a.slug }),
    onSuccess: () => {
      setConfirming(false);
      notify({ color: 'green', title: msg('chats.kbDeleted'), message: literal(a.slug) });
      onDeleted();
    },
    onError: (e) => {
      setConfirming(false);
      notifyError(msg('chats.failed'), e);
    },
  });
  const title = (i18n.language === 'zh' ? start.titleZh ?? start.titleEn : start.titleEn ?? start.titleZh) || start.slug;
  return (
    <Paper withBorder p="sm" data-testid="kb-form">
      <Stack gap="xs">
        <Group grow align="flex-start">
          <TextInput label={t('chats.kbSlug')} value={a.slug} onChange={(e) => set({ slug: e.currentTarget.value })} disabled={!isNew} error={errors.slug} data-testid="kb-slug" />
          <Select label={t('chats.intent')} data={INTENTS.map((v) => ({ value: v, label: label('intent', v) }))} value={a.intent} onChange={(v) => set({ intent: v })} clearable />
        </Group>
        <Group grow>
          <TextInput label={t('chats.kbTitleZh')} value={a.titleZh ?? ''} onChange={(e) => set({ titleZh: e.currentTarget.value || null })} />
          <TextInput label={t('chats.kbTitleEn')} value={a.titleEn ?? ''} onChange={(e) => set({ titleEn: e.currentTarget.value || null })} />
        </Group>
        <Group grow align="flex-start">
          <Textarea label={t('chats.kbBodyZh')} value={a.bodyZh ?? ''} onChange={(e) => set({ bodyZh: e.currentTarget.value || null })} autosize minRows={3} error={errors.bodyZh} data-testid="kb-body-zh" />
          <Textarea label={t('chats.kbBodyEn')} value={a.bodyEn ?? ''} onChange={(e) => set({ bodyEn: e.currentTarget.value || null })} autosize minRows={3} error={errors.bodyEn} data-testid="kb-body-en" />
        </Group>
        <Text size="xs" c="dimmed">{t('chats.kbPlaceholders')}</Text>
        <Text size="sm" fw={600}>{t('chats.kbVariants')}</Text>
        {a.variants.map((v, i) => (
          <Group key={i} align="flex-start" wrap="nowrap">
            <Select w={140} aria-label={t('chats.channel')} data={CHANNELS.map((c) => ({ value: c, label: label('channel', c) }))} value={v.channel} onChange={(c) => c && setVariant(i, { channel: c })} />
            <Select w={100} aria-label={t('chats.language')} data={[{ value: 'zh', label: label('lang', 'zh') }, { value: 'en', label: label('lang', 'en') }]} value={v.lang} onChange={(l) => l && setVariant(i, { lang: l as 'zh' | 'en' })} />
            <Textarea style={{ flex: 1 }} aria-label={t('chats.reply')} value={v.body} onChange={(e) => setVariant(i, { body: e.currentTarget.value })} autosize minRows={2} error={errors[`variants.${i}.body`]} />
            <Button variant="subtle" color="red" onClick={() => set({ variants: a.variants.filter((_, k) => k !== i) })}>{t('chats.remove')}</Button>
          </Group>
        ))}
        {Object.keys(errors).length > 0 && (
          <Text size="sm" c="red" data-testid="kb-not-saved">
            {t('chats.kbNotSaved')}
          </Text>
        )}
        <Group justify="space-between">
          <Button variant="light" onClick={() => set({ variants: [...a.variants, { lang: 'zh', channel: 'wechat', body: '' }] })} data-testid="kb-add-variant">{t('chats.kbAddVariant')}</Button>
          {/* ml auto: when the row wraps at 1024 pixels, delete and save stay at the right. */}
          <Group gap="xs" ml="auto">
            {!isNew && (
              <Popover opened={confirming} onChange={setConfirming} position="top-end" withArrow shadow="md" trapFocus>
                <Popover.Target>
                  <Button variant="subtle" color="red" onClick={() => setConfirming((o) => !o)} data-testid="kb-delete">{t('chats.kbDelete')}</Button>
                </Popover.Target>
                <Popover.Dropdown maw={320} data-testid="kb-delete-confirm">
                  <Text size="sm" mb="xs">{t('chats.kbDeleteConfirm', { title, count: start.variants.length, n: start.variants.length })}</Text>
                  <Group justify="flex-end" gap="xs">
                    <Button size="xs" variant="default" onClick={() => setConfirming(false)}>{t('common.cancel')}</Button>
                    <Button size="xs" color="red" onClick={() => remove.mutate()} loading={remove.isPending} data-testid="kb-delete-yes">{t('chats.kbDeleteYes')}</Button>
                  </Group>
                </Popover.Dropdown>
              </Popover>
            )}
            <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!a.slug.trim()} data-testid="kb-save">{t('chats.kbSave')}</Button>
          </Group>
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
  // Every tab of Chats says when its content is in (the screen reopens on the tab last used, not always the list).
  useReadySignal(q.isSuccess, 'chats');
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
        {/* Two columns that fit beside the form at 1024 pixels: the title with its intent under it, and the wordings. */}
        <Table highlightOnHover data-testid="kb-list" style={{ tableLayout: 'fixed', width: '100%' }}>
          <Table.Tbody>
            {(q.data ?? []).map((a) => (
              <Table.Tr key={a.id} onClick={() => setEditing(a)} style={{ cursor: 'pointer' }} bg={a.id === editing?.id ? 'var(--mantine-color-blue-light)' : undefined}>
                <Table.Td>
                  <Text size="sm" truncate>{title(a)}</Text>
                  {a.intent && <Text size="xs" c="dimmed" truncate>{label('intent', a.intent)}</Text>}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap', width: 104, textAlign: 'right' }}>{t('chats.kbVariantCount', { n: a.variants.length, count: a.variants.length })}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      <div style={{ flex: '1 1 60%', minWidth: 0 }}>
        {editing && (
          <Form
            key={`${editing.id}:${editing.updatedAt}`}
            start={editing}
            onSaved={(saved) => {
              // A new article becomes the one being edited: saving it again edits it instead of meeting its own id.
              if (saved.id !== editing.id) setEditing(saved);
              void qc.invalidateQueries({ queryKey: ['chats'] });
            }}
            onDeleted={() => {
              // The deleted article leaves the list as the form closes, not when the refetch comes back.
              const gone = editing.id;
              qc.setQueryData<Article[]>(['chats', 'kb'], (list) => list?.filter((x) => x.id !== gone));
              setEditing(null);
              void qc.invalidateQueries({ queryKey: ['chats'] });
            }}
          />
        )}
      </div>
    </Group>
  );
}
