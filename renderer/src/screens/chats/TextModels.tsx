/**
 * The store's own text models: which sentiment and intent models the analysis uses (shipped or the store's own, with the
 * held-out score training saved), training on a labelled file or adapting the sentiment model to unlabelled texts as a job
 * with progress and cancel, "Use this model", "Back to the shipped model", then an offer to re-analyse.
 */
import { useState, type ReactNode } from 'react';
import { Alert, Button, FileInput, Group, Paper, Progress, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { usePhaseText } from '../../api/phase';
import { useLangQuery } from '../../api/langQuery';
import { call, isDesktop, pickFileNative, uploadFile, type JobEvent } from '../../api/client';
import { followJob } from '../../api/jobs';
import { QueryState } from '../../components/QueryState';
import { notify, notifyError } from '../../components/notify';
import { errorMsg, payloadMsg } from '../../i18n/error-msg';
import { useFormat } from '../../format';
import { ColumnSelect, useFileColumns } from './ColumnPick';
import { msg, useMsg, type Msg } from '../../i18n/msg';
import { adaptedTexts, adaptedTo, heldOutScore } from '../../i18n/counts';
import { useReadySignal } from '../../components/ready';

type Task = 'sentiment' | 'intents';
type Active = Awaited<ReturnType<typeof call<'text.models'>>>['sentiment'];

/** What a 'text.train' job returns when it trained on labels. */
interface Trained {
  task: Task;
  out: string;
  labels: string[];
  trainRows: number;
  heldOut: { accuracy: number; macroF1: number; n: number };
}

/** What a 'text.train' job returns when it adapted the sentiment model to unlabelled texts. */
interface Adapted {
  task: 'sentiment';
  out: string;
  texts: number;
  supported: number;
  selfLabelled: number;
  positiveShare: { before: number; after: number };
}

const FILE_TYPES = ['csv', 'tsv', 'txt', 'xlsx'];

/** A file chosen for the engine to read: a native dialog in the desktop app, an upload in the browser. */
function FilePick({ value, onChange, disabled, testid }: { value: { name: string; path: string } | null; onChange: (f: { name: string; path: string } | null) => void; disabled: boolean; testid: string }): ReactNode {
  const { t } = useTranslation();
  const render = useMsg();
  // Kept as a message: an upload's refusal follows a language switch.
  const [error, setError] = useState<Msg | null>(null);
  if (isDesktop()) {
    return (
      <Group gap="xs" align="flex-end">
        <Button
          variant="default"
          disabled={disabled}
          onClick={() =>
            void pickFileNative(FILE_TYPES).then((path) => path && onChange({ name: path.split(/[\\/]/).pop() ?? path, path }))
          }
          data-testid={testid}
        >
          {t('chats.models.chooseFile')}
        </Button>
        {value && <Text size="sm" c="dimmed">{value.name}</Text>}
      </Group>
    );
  }
  return (
    <FileInput
      label={t('chats.models.file')}
      placeholder={t('chats.models.chooseFile')}
      accept={FILE_TYPES.map((x) => `.${x}`).join(',')}
      disabled={disabled}
      clearable={false}
      w={260}
      error={error ? render(error) : null}
      onChange={(picked) => {
        setError(null);
        if (!picked) return onChange(null);
        // The file picked before is let go at once: until this one is uploaded, nothing can run on the old one.
        onChange(null);
        uploadFile(picked).then((path) => onChange({ name: picked.name, path }), (e: unknown) => setError(errorMsg(e)));
      }}
      data-testid={testid}
    />
  );
}

/** A 'text.train' job followed to its end, with its progress and a cancel. */
function useTrainJob<R>(): {
  run: (input: Parameters<typeof call<'text.train'>>[1]) => Promise<void>;
  cancel: () => void;
  progress: JobEvent | null;
  busy: boolean;
  result: R | null;
  error: Msg | null;
  cancelled: boolean;
  reset: () => void;
} {
  const { i18n } = useTranslation();
  const [progress, setProgress] = useState<JobEvent | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [result, setResult] = useState<R | null>(null);
  const [error, setError] = useState<Msg | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const run = async (input: Parameters<typeof call<'text.train'>>[1]): Promise<void> => {
    setResult(null);
    setError(null);
    setCancelled(false);
    // The job words its failure in the language it was started in; kept as a message, the line follows a switch.
    const startedIn = i18n.language === 'zh' ? 'zh' : 'en';
    try {
      const job = await call('text.train', input);
      setJobId(job.jobId);
      const done = await followJob(job.jobId, setProgress);
      if (done.status === 'succeeded') setResult(done.result as R);
      else if (done.status === 'cancelled') setCancelled(true);
      else setError(done.error ? payloadMsg(done.error, startedIn) : { code: 'runStatus', value: done.status });
    } catch (e) {
      setError(errorMsg(e));
    } finally {
      setJobId(null);
      setProgress(null);
    }
  };
  return {
    run,
    cancel: () => {
      if (jobId) void call('jobs.cancel', { jobId }).catch((e: unknown) => notifyError(msg('chats.failed'), e));
    },
    progress: jobId ? (progress ?? { jobId, kind: 'text.train', status: 'running', done: 0, total: 0, phase: '', etaSeconds: null }) : null,
    busy: jobId !== null,
    result,
    error,
    cancelled,
    reset: () => {
      setResult(null);
      setError(null);
      setCancelled(false);
    },
  };
}

/** A training job's progress with its cancel while it runs, then a note when it was cancelled or failed. */
function JobStatus({ job, failedTitle, testid }: { job: ReturnType<typeof useTrainJob>; failedTitle: string; testid: string }): ReactNode {
  const { t } = useTranslation();
  const render = useMsg();
  const phaseText = usePhaseText();
  const p = job.progress;
  return (
    <>
      {p && (
        <Group gap="xs" wrap="nowrap">
          <Progress value={p.total ? (100 * p.done) / p.total : 0} animated style={{ flex: 1 }} aria-label={t('chats.models.training')} data-testid={`${testid}-progress`} />
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {phaseText(p)}
          </Text>
          <Button size="compact-xs" variant="subtle" color="red" onClick={job.cancel} data-testid={`${testid}-cancel`}>
            {t('chats.models.cancel')}
          </Button>
        </Group>
      )}
      {job.cancelled && (
        <Alert color="gray" data-testid={`${testid}-cancelled`}>
          {t('chats.models.cancelled')}
        </Alert>
      )}
      {job.error && (
        <Alert color="red" title={failedTitle} data-testid={`${testid}-error`}>
          {render(job.error)}
        </Alert>
      )}
    </>
  );
}

/** The Models tab of the Chats screen. */
export function TextModels({ onReanalyse, reanalysing }: { onReanalyse: () => void; reanalysing: boolean }): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const render = useMsg();
  const qc = useQueryClient();
  // The warning about a damaged copy is worded by the engine in the UI language: one entry per language. Read again each
  // time the tab opens: the CLI (desk chats analyze --intent-model) may have changed the store's models meanwhile. Never
  // fresh: after a language switch the other language's entry may be older than a change made since (a damaged copy).
  const models = useLangQuery({ queryKey: ['text.models'], queryFn: () => call('text.models', {}), refetchOnMount: 'always', staleTime: 0 });
  // Every tab of Chats says when its content is in (the screen reopens on the tab last used, not always the list).
  useReadySignal(models.isSuccess, 'chats');
  const [switched, setSwitched] = useState(false);
  const use = useMutation({
    mutationFn: (v: { task: Task; dir: string | null }) => call('text.useModel', v),
    onSuccess: (r) => {
      notify({ color: 'green', title: msg('chats.models.switched'), message: { list: [msg(`chats.models.task.${r.task}`), msg(r.source === 'store' ? 'chats.models.own' : 'chats.models.shipped')], sep: ' · ' } });
      setSwitched(true);
      void qc.invalidateQueries({ queryKey: ['text.models'] });
    },
    onError: (e) => notifyError(msg('chats.failed'), e),
  });

  const [task, setTask] = useState<Task>('intents');
  const [file, setFile] = useState<{ name: string; path: string } | null>(null);
  const cols = useFileColumns(file?.path ?? null);
  const train = useTrainJob<Trained>();

  const [adaptFile, setAdaptFile] = useState<{ name: string; path: string } | null>(null);
  const adaptCols = useFileColumns(adaptFile?.path ?? null);
  const adapt = useTrainJob<Adapted>();

  const score = (h: { accuracy: number; macroF1: number; n: number }): string => render(heldOutScore({ accuracy: f.pct(100 * h.accuracy, 1), macroF1: f.pct(100 * h.macroF1, 1), n: h.n }));

  const row = (m: Active): ReactNode => (
    <Table.Tr key={m.task} data-testid={`models-active-${m.task}`} data-source={m.source}>
      <Table.Td w={120}>{t(`chats.models.task.${m.task}`)}</Table.Td>
      <Table.Td>
        <Stack gap={2}>
          <Text size="sm" fw={500}>
            {t(m.source === 'store' ? 'chats.models.own' : 'chats.models.shipped')}
          </Text>
          {m.heldOut && <Text size="xs" c="dimmed">{score(m.heldOut)}</Text>}
          {m.adaptedTo && <Text size="xs" c="dimmed">{render(adaptedTo(m.adaptedTo.texts))}</Text>}
          {m.warning && (
            <Text size="xs" c="red.8" data-testid={`models-warning-${m.task}`}>
              {m.warning}
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td style={{ textAlign: 'right' }}>
        {/* A damaged copy is not used, but it is still there: going back removes it. */}
        {(m.source === 'store' || m.warning) && (
          <Button size="compact-sm" variant="default" loading={use.isPending} onClick={() => use.mutate({ task: m.task, dir: null })} data-testid={`models-shipped-${m.task}`}>
            {t('chats.models.backToShipped')}
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );

  return (
    <Stack gap="md" data-testid="chats-models">
      <Paper withBorder p="sm">
        <Title order={2} size="h5" mb="xs">
          {t('chats.models.inUse')}
        </Title>
        {models.data ? (
          <Table>
            <Table.Tbody>{[row(models.data.sentiment), row(models.data.intents)]}</Table.Tbody>
          </Table>
        ) : (
          <QueryState error={models.error} onRetry={() => void models.refetch()} />
        )}
        {switched && (
          <Alert color="blue" mt="sm" data-testid="models-reanalyse-offer">
            <Group justify="space-between" wrap="nowrap">
              <Text size="sm">{t('chats.models.reanalyseHint')}</Text>
              <Button size="compact-sm" loading={reanalysing} onClick={() => { setSwitched(false); onReanalyse(); }} data-testid="models-reanalyse">
                {t('chats.models.reanalyse')}
              </Button>
            </Group>
          </Alert>
        )}
      </Paper>

      <Paper withBorder p="sm" data-testid="models-train">
        <Title order={2} size="h5">
          {t('chats.models.trainTitle')}
        </Title>
        <Text size="xs" c="dimmed" mb="xs">
          {t('chats.models.trainHint')}
        </Text>
        <Stack gap="xs">
          <SegmentedControl
            value={task}
            onChange={(v) => {
              setTask(v as Task);
              train.reset();
            }}
            data={[
              { value: 'intents', label: t('chats.models.task.intents') },
              { value: 'sentiment', label: t('chats.models.task.sentiment') },
            ]}
            disabled={train.busy}
            w="fit-content"
            data-testid="models-train-task"
          />
          <Group align="flex-end" gap="sm">
            <FilePick value={file} onChange={setFile} disabled={train.busy} testid="models-train-file" />
            <ColumnSelect label={t('chats.models.textColumn')} cols={cols} value={cols.text} onChange={cols.setText} disabled={train.busy} testid="models-train-text" error={cols.error} />
            <ColumnSelect label={t('chats.models.labelColumn')} cols={cols} value={cols.label} onChange={cols.setLabel} disabled={train.busy} testid="models-train-label" />
            <Button
              disabled={!file || !cols.text || !cols.label || cols.text === cols.label}
              loading={train.busy}
              onClick={() => file && cols.text && cols.label && void train.run({ task, csv: file.path, text: cols.text, label: cols.label })}
              data-testid="models-train-run"
            >
              {t('chats.models.train')}
            </Button>
          </Group>
          <JobStatus job={train} failedTitle={t('chats.models.trainFailed')} testid="models-train" />
          {train.result && (
            <Alert color="green" title={t('chats.models.trained', { task: t(`chats.models.task.${train.result.task}`) })} data-testid="models-train-result">
              <Group justify="space-between" wrap="nowrap" align="flex-end">
                <Stack gap={2}>
                  <Text size="sm" data-testid="models-train-score">{score(train.result.heldOut)}</Text>
                  <Text size="xs" c="dimmed">
                    {t('chats.models.trainedOn', { n: train.result.trainRows, count: train.result.trainRows, labels: train.result.labels.join(', ') })}
                  </Text>
                </Stack>
                <Button size="compact-sm" loading={use.isPending} onClick={() => train.result && use.mutate({ task: train.result.task, dir: train.result.out })} data-testid="models-train-use">
                  {t('chats.models.useThis')}
                </Button>
              </Group>
            </Alert>
          )}
        </Stack>
      </Paper>

      <Paper withBorder p="sm" data-testid="models-adapt">
        <Title order={2} size="h5">
          {t('chats.models.adaptTitle')}
        </Title>
        <Text size="xs" c="dimmed" mb="xs">
          {t('chats.models.adaptHint')}
        </Text>
        <Stack gap="xs">
          <Group align="flex-end" gap="sm">
            <FilePick value={adaptFile} onChange={setAdaptFile} disabled={adapt.busy} testid="models-adapt-file" />
            <ColumnSelect label={t('chats.models.textColumn')} cols={adaptCols} value={adaptCols.text} onChange={adaptCols.setText} disabled={adapt.busy} testid="models-adapt-text" error={adaptCols.error} />
            <Button
              disabled={!adaptFile || !adaptCols.text}
              loading={adapt.busy}
              onClick={() => adaptFile && adaptCols.text && void adapt.run({ task: 'sentiment', adapt: true, csv: adaptFile.path, text: adaptCols.text })}
              data-testid="models-adapt-run"
            >
              {t('chats.models.adapt')}
            </Button>
          </Group>
          <JobStatus job={adapt} failedTitle={t('chats.models.adaptFailed')} testid="models-adapt" />
          {adapt.result && (
            <Alert color="green" title={t('chats.models.adapted')} data-testid="models-adapt-result">
              <Group justify="space-between" wrap="nowrap" align="flex-end">
                <Stack gap={2}>
                  <Text size="sm">{render(adaptedTexts(adapt.result))}</Text>
                  <Text size="sm">
                    {t('chats.models.positiveShare', { before: f.pct(100 * adapt.result.positiveShare.before, 1), after: f.pct(100 * adapt.result.positiveShare.after, 1) })}
                  </Text>
                </Stack>
                <Button size="compact-sm" loading={use.isPending} onClick={() => adapt.result && use.mutate({ task: 'sentiment', dir: adapt.result.out })} data-testid="models-adapt-use">
                  {t('chats.models.useThis')}
                </Button>
              </Group>
            </Alert>
          )}
        </Stack>
      </Paper>
    </Stack>
  );
}
