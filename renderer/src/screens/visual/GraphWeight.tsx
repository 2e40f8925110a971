/** The weight of the co-view / co-purchase graph when searching by a product: change it for this search or save it. */
import { useState, type ReactNode } from 'react';
import { Button, Group, Progress, Slider, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { followJob } from '../../api/jobs';
import { errorMsg, payloadMsg } from '../../i18n/error-msg';
import { useMsg, type Msg } from '../../i18n/msg';
import { graphTunedNote } from '../../i18n/counts';
import { useFormat } from '../../format';

/** What `images.graphWeight.tune` answers (the fields the screen shows). */
interface TuneResult {
  weight: number;
  reason: 'helps' | 'no_clear_gain' | 'too_little_history';
  anchors: number;
  window: { from: string; to: string };
}

/**
 * A slider (0-1) that re-runs the search on release, a button that stores the weight as the store's default, and one
 * that measures the weights on the store's own last 30 days of orders and stores the one that clearly helps (or 0).
 */
export function GraphWeight({ value, onChange }: { value: number; onChange: (w: number) => void }): ReactNode {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const [draft, setDraft] = useState(value);
  const [saved, setSaved] = useState(false);
  const [tuning, setTuning] = useState(false);
  const [tuned, setTuned] = useState<TuneResult | null>(null);
  const [error, setError] = useState<Msg | null>(null);
  const render = useMsg();
  const [pct, setPct] = useState<number | null>(null);
  const tune = async (): Promise<void> => {
    setTuning(true);
    setError(null);
    setPct(0);
    // The job words its failure in the language it was started in; kept as a message, the line follows a switch.
    const startedIn = i18n.language === 'zh' ? 'zh' : 'en';
    try {
      const job = await call('images.graphWeight.tune', {});
      const done = await followJob(job.jobId, (p) => setPct(p.total ? (100 * p.done) / p.total : 0));
      if (done.status !== 'succeeded') setError(done.error ? payloadMsg(done.error, startedIn) : { code: 'runStatus', value: done.status });
      else {
        const res = done.result as TuneResult;
        setTuned(res);
        setDraft(res.weight);
        setSaved(true);
        onChange(res.weight);
      }
    } catch (e) {
      setError(errorMsg(e));
    } finally {
      setTuning(false);
      setPct(null);
    }
  };
  return (
    <Stack gap={6} maw={480} data-testid="visual-graph-weight">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm">{t('visual.graphWeight')}</Text>
        <Text size="sm" fw={500} style={{ whiteSpace: 'nowrap' }} data-testid="visual-graph-weight-value">
          {f.num(draft, 2)}
        </Text>
      </Group>
      <Slider
        min={0}
        max={1}
        step={0.05}
        value={draft}
        label={(v) => f.num(v, 2)}
        onChange={(v) => {
          setDraft(v);
          setSaved(false);
        }}
        onChangeEnd={onChange}
        thumbLabel={t('visual.graphWeight')}
      />
      <Text size="xs" c="dimmed">
        {t('visual.graphWeightHint')}
      </Text>
      <Group gap="xs" wrap="wrap">
        <Button size="xs" variant="default" loading={tuning} onClick={() => void tune()} data-testid="visual-graph-tune">
          {t('visual.graphTune')}
        </Button>
        <Button
          size="xs"
          variant="light"
          onClick={() => void call('images.graphWeight', { weight: draft }).then(() => setSaved(true))}
          data-testid="visual-graph-save"
        >
          {saved ? t('visual.graphSaved') : t('visual.graphSave')}
        </Button>
      </Group>
      {pct !== null && <Progress value={pct} size="sm" data-testid="visual-graph-tune-progress" />}
      {tuned && (
        <Text size="xs" data-testid="visual-graph-tuned">
          {render(graphTunedNote(tuned.reason, { weight: f.num(tuned.weight, 2), anchors: tuned.anchors, anchorsText: f.num(tuned.anchors), from: f.date(tuned.window.from) }))}
        </Text>
      )}
      {error && (
        <Text size="xs" c="red" data-testid="visual-graph-tune-error">
          {render(error)}
        </Text>
      )}
    </Stack>
  );
}
