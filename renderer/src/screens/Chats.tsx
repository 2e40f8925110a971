/** Chats: conversations with emotion and intent badges, the dialogue state and suggested replies, the knowledge base, analytics, the store's own text models. */
import { useState, type ReactNode } from 'react';
import { Button, Group, Paper, Progress, Stack, Tabs, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { followJob, jobFailure } from '../api/jobs';
import { useKept } from '../components/kept';
import { notify, notifyError } from '../components/notify';
import { ChatAnalytics } from './chats/Analytics';
import { ConversationList } from './chats/ConversationList';
import { ConversationView } from './chats/ConversationView';
import { KbEditor } from './chats/KbEditor';
import { TextModels } from './chats/TextModels';
import { msg } from '../i18n/msg';

/** The Chats screen. */
export function ChatsScreen(): ReactNode {
  const { t } = useTranslation();
  const qc = useQueryClient();
  // The open tab and conversation are kept across visits to other screens.
  const [tab, setTab] = useKept('chats.tab', 'conversations');
  const [selected, setSelected] = useKept<number | null>('chats.selected', null);
  const [total, setTotal] = useState(0);
  const [progress, setProgress] = useState<number | null>(null);
  const analyze = useMutation({
    mutationFn: async () => {
      const job = await call('chats.analyze', {});
      setProgress(0);
      const done = await followJob(job.jobId, (p) => setProgress(p.total ? (100 * p.done) / p.total : 0));
      if (done.status !== 'succeeded') throw jobFailure(done);
      return done.result as { conversations: number };
    },
    onSuccess: (r) => {
      notify({ color: 'green', title: msg('chats.analyzed'), message: msg('chats.analyzedCount', { n: r.conversations, count: r.conversations }) });
      void qc.invalidateQueries({ queryKey: ['chats'] });
    },
    onError: (e) => notifyError(msg('chats.failed'), e),
    onSettled: () => setProgress(null),
  });
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={1} size="h3">
          {t('nav.chats')}
        </Title>
        <Button onClick={() => analyze.mutate()} loading={analyze.isPending} data-testid="chats-analyze">
          {t('chats.analyze')}
        </Button>
      </Group>
      {progress !== null && <Progress value={progress} aria-label={t('chats.analyze')} data-testid="chats-progress" />}
      <Tabs value={tab} onChange={(v) => v && setTab(v)} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="conversations" data-testid="chats-tab-conversations">{t('chats.tabConversations')}</Tabs.Tab>
          <Tabs.Tab value="kb" data-testid="chats-tab-kb">{t('chats.tabKb')}</Tabs.Tab>
          <Tabs.Tab value="analytics" data-testid="chats-tab-analytics">{t('chats.tabAnalytics')}</Tabs.Tab>
          <Tabs.Tab value="models" data-testid="chats-tab-models">{t('chats.tabModels')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="conversations" pt="sm">
          <Group align="flex-start" gap="md" wrap="nowrap">
            <div style={{ flex: '1 1 50%', minWidth: 0 }}>
              <ConversationList selected={selected} onSelect={setSelected} onTotal={setTotal} />
            </div>
            {/* The open conversation stays in view beside a long list: clicking a row far down opens it where the eye is,
                not at the top of the page out of sight; a conversation taller than the window scrolls in its own panel. */}
            <div className="desk-chatpanel" data-testid="chat-panel">
              {selected !== null ? (
                <ConversationView id={selected} />
              ) : total > 0 && (
                <Paper withBorder p="lg" style={{ borderStyle: 'dashed' }} data-testid="chats-pick">
                  <Text c="dimmed" size="sm">
                    {t('chats.pickConversation')}
                  </Text>
                </Paper>
              )}
            </div>
          </Group>
        </Tabs.Panel>
        <Tabs.Panel value="kb" pt="sm">
          <KbEditor />
        </Tabs.Panel>
        <Tabs.Panel value="analytics" pt="sm">
          <ChatAnalytics />
        </Tabs.Panel>
        <Tabs.Panel value="models" pt="sm">
          <TextModels onReanalyse={() => analyze.mutate()} reanalysing={analyze.isPending} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
