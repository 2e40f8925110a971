/**
 * Training of the pricing agents: starts by itself when agents are missing; this banner shows any running training (also
 * one started with Train agents) with its progress and a cancel button, a resume button after a cancel, and says how it ended.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { IconPlayerPlay, IconPlayerStop, IconRobot } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { usePhaseText } from '../../api/phase';
import { call, type JobEvent } from '../../api/client';
import { followJob } from '../../api/jobs';
import { notify, notifyError } from '../../components/notify';
import { payloadMsg } from '../../i18n/error-msg';
import { msg, useMsg } from '../../i18n/msg';
import { stoppedMessage, trainingMessage } from './training-text';
import type { OpResult } from '../../../../engine/api/ops/index';

const minutes = (s: number): number => Math.max(1, Math.round(s / 60));

/** How often the banner re-reads the training status while a training runs. */
const TRAINING_POLL_MS = 5000;

/**
 * The store's training status, shared by the banner and the Train agents button. autoStart: the first look at the screen
 * starts (or resumes) training when agents are missing. While training runs, the status is read again every few seconds
 * so "N of M categories trained" follows the categories as they are saved (a cancelled or failed job is never restarted
 * by these reads: see training-status.ts).
 */
export function useTrainingStatus(): UseQueryResult<OpResult<'pricing.training'>> {
  return useQuery({
    queryKey: ['pricing.training'],
    queryFn: () => call('pricing.training', { autoStart: true }),
    staleTime: Infinity,
    refetchInterval: (q) => (q.state.data?.state === 'training' ? TRAINING_POLL_MS : false),
  });
}

/** Training status of the store's pricing agents; opening the screen starts training when agents are missing. */
export function TrainingBanner(): ReactNode {
  const { t } = useTranslation();
  const say = useMsg();
  const phaseText = usePhaseText();
  const qc = useQueryClient();
  const [live, setLive] = useState<JobEvent | null>(null);
  // The job the user asked to cancel: its end is reported. A job cancelled because the user started another is not.
  const cancelAsked = useRef<string | null>(null);
  const [stopping, setStopping] = useState<string | null>(null);
  const status = useTrainingStatus();
  const jobId = status.data?.state === 'training' ? status.data.job?.jobId ?? null : null;
  useEffect(() => {
    if (!jobId) return;
    // Leaving the screen stops the follow (and its long poll); the training goes on and is followed again on return.
    const open = new AbortController();
    void followJob(jobId, setLive, open.signal)
      .then((j) => {
        setLive(null);
        setStopping(null);
        // How it ended, also where the banner then has nothing to show (every category already had an agent).
        if (j.status === 'succeeded') notify({ color: 'green', title: msg('pricing.train_succeeded'), message: null });
        else if (j.status === 'failed') notify({ color: 'red', title: msg('pricing.train_failed'), message: j.error ? payloadMsg(j.error, null) : null });
        else if (j.status === 'cancelled' && cancelAsked.current === jobId) notify({ color: 'blue', title: msg('pricing.train_cancelled'), message: msg('pricing.agents.cancelledNote') });
        void qc.invalidateQueries({ queryKey: ['pricing.training'] });
      })
      .catch(() => undefined);
    return () => open.abort();
  }, [jobId, qc]);
  const refresh = (): void => void qc.invalidateQueries({ queryKey: ['pricing.training'] });
  const cancel = useMutation({
    mutationFn: (id: string) => {
      cancelAsked.current = id;
      setStopping(id);
      return call('jobs.cancel', { jobId: id });
    },
    onError: (e) => {
      setStopping(null);
      notifyError(msg('pricing.trainFailed'), e);
    },
  });
  const resume = useMutation({ mutationFn: () => call('pricing.train', { resume: true }), onSuccess: refresh, onError: (e) => notifyError(msg('pricing.trainFailed'), e) });
  const s = status.data;
  if (!s || s.state === 'trained') return null;
  if (s.state === 'no_history') {
    return (
      <Alert color="gray" icon={<IconRobot size={18} />} data-testid="pricing-training" data-state={s.state}>
        {t('pricing.agents.noHistory')}
      </Alert>
    );
  }
  if (s.state === 'training') {
    const pct = live?.total ? (100 * live.done) / live.total : 0;
    const eta = live?.etaSeconds ?? s.estimatedSeconds;
    return (
      <Alert color="blue" icon={<IconRobot size={18} />} data-testid="pricing-training" data-state={s.state} title={t('pricing.agents.trainingTitle')}>
        <Stack gap={4}>
          <Text size="sm">{say(trainingMessage(s, minutes(eta)))}</Text>
          <Group gap="xs" wrap="nowrap">
            <Progress value={pct} animated style={{ flex: 1 }} data-testid="pricing-auto-progress" aria-label={t('pricing.training')} />
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{phaseText(live) ?? ''}</Text>
            <Button size="compact-xs" variant="subtle" color="gray" leftSection={<IconPlayerStop size={14} />} loading={cancel.isPending || (!!jobId && stopping === jobId)} onClick={() => jobId && cancel.mutate(jobId)} data-testid="pricing-train-cancel">
              {t('pricing.agents.cancel')}
            </Button>
          </Group>
        </Stack>
      </Alert>
    );
  }
  return (
    <Alert color={s.state === 'failed' ? 'red' : 'yellow'} icon={<IconRobot size={18} />} data-testid="pricing-training" data-state={s.state} title={t('pricing.agents.notTrainedTitle')}>
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Text size="sm">
          {say(stoppedMessage(s, minutes(s.estimatedSeconds)))}
        </Text>
        <Button size="xs" leftSection={<IconPlayerPlay size={14} />} loading={resume.isPending} onClick={() => resume.mutate()} data-testid="pricing-train-resume" style={{ flexShrink: 0 }}>
          {t(s.state === 'cancelled' ? 'pricing.agents.resume' : 'pricing.agents.start')}
        </Button>
      </Group>
    </Alert>
  );
}
