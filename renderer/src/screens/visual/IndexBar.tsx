/** The image index's state (photos, how many are searchable, when built) and a button that builds or updates it (a job with progress and cancel). */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button, Group, Progress, Text } from '@mantine/core';
import { IconPlayerStop } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../../../engine/api/ops/index';
import { call, isAborted, type JobEvent } from '../../api/client';
import { followJob, runningJob } from '../../api/jobs';
import { useFormat } from '../../format';
import { errorMsg, payloadMsg } from '../../i18n/error-msg';
import { msg as message, useMsg, type Msg } from '../../i18n/msg';
import { indexProgressText } from './indexProgress';

/** What the index holds, for the screen: the status op's answer. */
export type IndexStatus = OpResult<'images.status'>;

/** The status query, shared by the bar and the search panel (one request). */
export function useIndexStatus(): ReturnType<typeof useQuery<IndexStatus>> {
  return useQuery({ queryKey: ['images.status'], queryFn: () => call('images.status', {}) });
}

/** The status line: no photos, none indexed, some new since the last build, or all searchable. */
function StatusLine({ s }: { s: IndexStatus }): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const text =
    s.images === 0
      ? t('visual.statusNoPhotos')
      : s.indexed === 0
        ? t('visual.statusNone', { count: s.images, images: f.num(s.images) })
        : s.missing > 0
          ? t('visual.statusMissing', { count: s.missing, missing: f.num(s.missing), indexed: f.num(s.indexed), images: f.num(s.images) })
          : t('visual.statusReady', { count: s.images, images: f.num(s.images), date: f.date(s.builtAt) });
  return (
    <Text size="sm" c={s.images > 0 && s.missing > 0 ? undefined : 'dimmed'} fw={s.images > 0 && s.missing > 0 ? 500 : undefined} data-testid="visual-index-status">
      {text}
    </Text>
  );
}

type IndexProgress = Pick<JobEvent, 'phase' | 'phases' | 'done' | 'total' | 'etaSeconds'>;
const STARTING: IndexProgress = { phase: null, phases: null, done: 0, total: 0, etaSeconds: null };

/**
 * Build-index button with a progress bar, its phase, count and time left, a Cancel while it builds, and the index's
 * state; calls `onBuilt` when the job succeeds. A cancelled build leaves the index as it was (the engine writes the
 * new vectors in one go at the end), and the bar says so.
 */
export function IndexBar({ onBuilt }: { onBuilt: () => void }): ReactNode {
  const { t, i18n } = useTranslation();
  const [progress, setProgress] = useState<IndexProgress | null>(null);
  const pct = progress ? (progress.total ? (100 * progress.done) / progress.total : 0) : null;
  const render = useMsg();
  const status = useIndexStatus();
  const client = useQueryClient();
  // Kept as a message, not text, so it follows a language switch.
  const [msg, setMsg] = useState<Msg | null>(null);
  // Aborted when the screen closes: its follow (and long poll) stops; the build goes on and is picked up again on return.
  const open = useRef<AbortController | null>(null);
  // The running build's job (what Cancel stops), and whether its cancel was asked for (the button then waits).
  const [jobId, setJobId] = useState<string | null>(null);
  const [stopping, setStopping] = useState(false);
  const build = async (existing?: string): Promise<void> => {
    const signal = open.current?.signal;
    if (!signal || signal.aborted) return;
    setMsg(null);
    setProgress(STARTING);
    // The language the build's failure is worded in: this window's when it starts the build, not known for one picked up.
    const startedIn = existing ? null : i18n.language === 'zh' ? 'zh' : 'en';
    try {
      const id = existing ?? (await call('images.index', {})).jobId;
      setJobId(id);
      const done = await followJob(id, (p) => setProgress(p), signal);
      // A success shows in the status line below; a failure or a cancel is said here.
      if (done.status === 'cancelled') setMsg(message('visual.indexCancelled'));
      else if (done.status !== 'succeeded') setMsg(done.error ? payloadMsg(done.error, startedIn) : { code: 'runStatus', value: done.status });
      else onBuilt();
    } catch (e) {
      if (isAborted(e)) return;
      setMsg(errorMsg(e));
    } finally {
      setJobId(null);
      setStopping(false);
      setProgress(null);
      void client.invalidateQueries({ queryKey: ['images.status'] });
    }
  };
  // A build started before the screen was left is followed again (its progress bar), not offered anew.
  useEffect(() => {
    const c = new AbortController();
    open.current = c;
    void runningJob('images.index').then((id) => (id ? build(id) : undefined)).catch(() => undefined);
    return () => c.abort();
    // Once, when the screen opens.
  }, []);
  const cancel = (): void => {
    if (!jobId) return;
    setStopping(true);
    call('jobs.cancel', { jobId }).catch((e: unknown) => {
      setStopping(false);
      setMsg(errorMsg(e));
    });
  };
  const s = status.data;
  const label = s && s.indexed > 0 ? (s.missing > 0 ? t('visual.updateIndex', { count: s.missing }) : t('visual.refreshIndex')) : t('visual.buildIndex');
  return (
    <Group gap="sm" wrap="wrap">
      <Button size="xs" variant={s && s.images > 0 && s.missing > 0 ? 'filled' : 'light'} onClick={() => void build()} loading={pct !== null} disabled={s?.images === 0} data-testid="visual-build-index">
        {label}
      </Button>
      {progress && pct !== null && (
        <>
          <Progress value={pct} w={160} data-testid="visual-index-progress" />
          <Text size="sm" c="dimmed" data-testid="visual-index-progress-text">
            {indexProgressText(progress, t, i18n.language === 'zh' ? 'zh' : 'en')}
          </Text>
          <Button size="compact-xs" variant="subtle" color="gray" leftSection={<IconPlayerStop size={14} />} loading={stopping} disabled={!jobId} onClick={cancel} data-testid="visual-index-cancel">
            {t('visual.indexCancel')}
          </Button>
        </>
      )}
      {s && pct === null && <StatusLine s={s} />}
      {msg && (
        <Text size="sm" c={'key' in msg && msg.key === 'visual.indexCancelled' ? 'dimmed' : 'red.8'} data-testid="visual-index-msg">
          {render(msg)}
        </Text>
      )}
    </Group>
  );
}
