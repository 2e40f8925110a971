/** The image index's state and a button that builds or refreshes it (a job with progress). */
import { useState, type ReactNode } from 'react';
import { Button, Group, Progress, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { followJob } from '../../api/jobs';
import { errorText } from '../../components/notify';
import { literal, msg as message, useMsg, type Msg } from '../../i18n/msg';

/** Build-index button with a progress bar; calls `onBuilt` when the job succeeds. */
export function IndexBar({ onBuilt }: { onBuilt: () => void }): ReactNode {
  const { t } = useTranslation();
  const [pct, setPct] = useState<number | null>(null);
  const render = useMsg();
  // Kept as a message, not text, so it follows a language switch.
  const [msg, setMsg] = useState<Msg | null>(null);
  const build = async (): Promise<void> => {
    setMsg(null);
    setPct(0);
    try {
      const job = await call('images.index', {});
      const done = await followJob(job.jobId, (p) => setPct(p.total ? (100 * p.done) / p.total : 0));
      if (done.status !== 'succeeded') setMsg(done.error ? literal(done.error.message) : { code: 'runStatus', value: done.status });
      else {
        const r = done.result as { vectors: number };
        setMsg(message('visual.indexed', { count: r.vectors }));
        onBuilt();
      }
    } catch (e) {
      setMsg(literal(errorText(e)));
    } finally {
      setPct(null);
    }
  };
  return (
    <Group gap="sm" wrap="nowrap">
      <Button size="xs" variant="light" onClick={() => void build()} loading={pct !== null} data-testid="visual-build-index">
        {t('visual.buildIndex')}
      </Button>
      {pct !== null && <Progress value={pct} w={160} data-testid="visual-index-progress" />}
      {msg && (
        <Text size="sm" c="dimmed" data-testid="visual-index-msg">
          {render(msg)}
        </Text>
      )}
    </Group>
  );
}
