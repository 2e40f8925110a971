/** Import wizard: kind, file, preview, column mapping, run with progress, then counts or the validation report. */
import { useState, type ReactNode } from 'react';
import { Alert, Button, FileInput, Group, Paper, Progress, ScrollArea, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { usePhaseText } from '../../api/phase';
import { RejectsTable } from './RejectsTable';
import { call, callLoose, isDesktop, pickFileNative, uploadFile, type JobEvent } from '../../api/client';
import { useLangQuery } from '../../api/langQuery';
import { followJob, type FinishedJob } from '../../api/jobs';
import { useFormat } from '../../format';
import { errorMsg, payloadMsg } from '../../i18n/error-msg';
import { useMsg, type Msg } from '../../i18n/msg';
import { readCounts, readCurrencyDefault, readKinds, readPreview, readRejects, type Preview } from './importTypes';

const IGNORE = '__ignore__';

/** The import wizard. */
export function ImportWizard(): ReactNode {
  const { t, i18n } = useTranslation();
  const render = useMsg();
  const phaseText = usePhaseText();
  const f = useFormat();
  const qc = useQueryClient();
  // Labels come in the UI language: one answer per language (the other's stays while it loads).
  const kindsQ = useLangQuery({ queryKey: ['import.kinds'], queryFn: async () => readKinds(await callLoose<unknown>('import.kinds', {}), i18n.language) });
  const [kind, setKind] = useState<string | null>(null);
  const [file, setFile] = useState<{ name: string; path: string } | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  // After the engine said the file looks like another kind, Import again sends every column's field: the user has
  // checked them, and a mapping given is the engine's sign to import the file as the kind picked.
  const [mapAll, setMapAll] = useState(false);
  // Where the file's dates could be day/month or month/day, the merchant says which (day/month unless told).
  const [dateOrder, setDateOrder] = useState<'dmy' | 'mdy'>('dmy');
  const [progress, setProgress] = useState<JobEvent | null>(null);
  // The running import's job, so it can be cancelled (a 50 MB file takes a minute; its write is rolled back whole).
  const [jobId, setJobId] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [outcome, setOutcome] = useState<FinishedJob | null>(null);
  // The language the import was started in: its failure is worded in it (see payloadMsg).
  const [outcomeLang, setOutcomeLang] = useState<'en' | 'zh'>('en');
  // Kept as a message, so a refusal follows a language switch.
  const [error, setError] = useState<Msg | null>(null);
  const [busy, setBusy] = useState(false);
  const kindDef = kindsQ.data?.find((k) => k.name === kind) ?? null;

  const loadPreview = async (k: string, path: string): Promise<void> => {
    setError(null);
    setPreview(null);
    setOutcome(null);
    try {
      const p = readPreview(await callLoose<unknown>('import.preview', { kind: k, path }));
      setPreview(p);
      setMapAll(false);
      setDateOrder('dmy');
      setMapping(Object.fromEntries(p.headers.map((h) => [h, p.mapping[h] ?? IGNORE])));
    } catch (e) {
      setError(errorMsg(e));
    }
  };

  const chooseBrowserFile = async (picked: File | null): Promise<void> => {
    if (!picked || !kind) return;
    setBusy(true);
    try {
      const path = await uploadFile(picked);
      setFile({ name: picked.name, path });
      await loadPreview(kind, path);
    } catch (e) {
      setError(errorMsg(e));
    } finally {
      setBusy(false);
    }
  };

  const chooseNativeFile = async (): Promise<void> => {
    if (!kind) return;
    const path = await pickFileNative(['csv', 'tsv', 'txt', 'xlsx', 'json', 'jsonl', 'ndjson', 'md']);
    if (!path) return;
    setFile({ name: path.split(/[\\/]/).pop() ?? path, path });
    await loadPreview(kind, path);
  };

  const run = async (): Promise<void> => {
    if (!kind || !file || !preview) return;
    setBusy(true);
    setError(null);
    setOutcome(null);
    setOutcomeLang(i18n.language === 'zh' ? 'zh' : 'en');
    // Only the columns the user changed are sent: detection stays the engine's job.
    const map = Object.fromEntries(Object.entries(mapping).filter(([col, field]) => field !== IGNORE && (mapAll || preview.mapping[col] !== field)));
    try {
      const dates = preview.ambiguousDates.length ? { dateFormat: dateOrder } : {};
      const job = await callLoose<{ jobId: string }>('import.run', { kind, path: file.path, ...(Object.keys(map).length ? { map } : {}), ...dates });
      setJobId(job.jobId);
      const done = await followJob(job.jobId, setProgress);
      setOutcome(done);
      if ((done.error?.details as { looksLike?: unknown } | undefined)?.looksLike) setMapAll(true);
      if (done.status === 'succeeded') await qc.invalidateQueries();
      // A failed or cancelled import is in the history too: fetched now, not shown stale when the tab opens.
      else await qc.invalidateQueries({ queryKey: ['import.history'], refetchType: 'all' });
    } catch (e) {
      setError(errorMsg(e));
    } finally {
      setBusy(false);
      setProgress(null);
      setJobId(null);
      setCancelling(false);
    }
  };

  const cancel = async (): Promise<void> => {
    if (!jobId) return;
    setCancelling(true);
    try {
      await call('jobs.cancel', { jobId });
    } catch (e) {
      setError(errorMsg(e));
      setCancelling(false);
    }
  };

  const rejects = outcome ? readRejects(outcome.status === 'succeeded' ? outcome.result : outcome.error) : [];
  const counts = outcome?.status === 'succeeded' ? readCounts(outcome.result) : null;
  const currencyDefault = outcome?.status === 'succeeded' ? readCurrencyDefault(outcome.result) : null;
  const pct = progress && progress.total > 0 ? (progress.done / progress.total) * 100 : 0;
  const fieldOptions = [{ value: IGNORE, label: t('data.ignoreColumn') }, ...(kindDef?.fields ?? []).map((x) => ({ value: x.name, label: x.required ? `${x.label} *` : x.label }))];

  return (
    <Stack gap="sm">
      <Group align="flex-end" gap="sm">
        <Select
          label={t('data.kind')}
          placeholder={t('data.kindPlaceholder')}
          data={(kindsQ.data ?? []).map((k) => ({ value: k.name, label: k.label }))}
          value={kind}
          onChange={(v) => {
            setKind(v);
            setFile(null);
            setPreview(null);
            setOutcome(null);
          }}
          w={240}
          data-testid="import-kind"
          error={kindsQ.error ? render(errorMsg(kindsQ.error)) : undefined}
        />
        {isDesktop() ? (
          <Button disabled={!kind || busy} onClick={() => void chooseNativeFile()}>
            {t('data.chooseFile')}
          </Button>
        ) : (
          <FileInput
            label={t('data.file')}
            placeholder={t('data.chooseFile')}
            accept=".csv,.tsv,.txt,.xlsx,.json,.jsonl,.ndjson,.md"
            disabled={!kind || busy}
            onChange={(fl) => void chooseBrowserFile(fl)}
            w={300}
            clearable={false}
            data-testid="import-file"
          />
        )}
        {file && isDesktop() && (
          <Text size="sm" c="dimmed" data-testid="import-file-name">
            {file.name}
          </Text>
        )}
      </Group>
      {error && (
        <Alert color="red" title={t('data.importFailed')} data-testid="import-error">
          {render(error)}
        </Alert>
      )}
      {preview && (
        <Paper withBorder p="sm">
          <Title order={2} size="h6" mb={4}>
            {t('data.previewTitle')}
          </Title>
          <Text size="xs" c="dimmed" mb="xs">
            {t('data.mappingHelp')}
          </Text>
          <ScrollArea type="auto">
            <Table fz="xs" verticalSpacing={4} withColumnBorders data-testid="import-preview">
              <Table.Thead>
                <Table.Tr>
                  {preview.headers.map((h) => (
                    <Table.Th key={h} miw={150}>
                      <Text size="xs" fw={700} truncate title={h}>
                        {h}
                      </Text>
                      <Select
                        size="xs"
                        mt={4}
                        aria-label={t('data.mapColumn', { column: h })}
                        data={fieldOptions}
                        value={mapping[h] ?? IGNORE}
                        onChange={(v) => setMapping((m) => ({ ...m, [h]: v ?? IGNORE }))}
                        allowDeselect={false}
                        data-testid={`map-${h}`}
                      />
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.rows.slice(0, 8).map((r, i) => (
                  <Table.Tr key={i}>
                    {preview.headers.map((h, j) => (
                      <Table.Td key={h}>{r[j] ?? ''}</Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
          {preview.ambiguousDates.length > 0 && (
            <Group mt="sm" gap="sm" data-testid="import-date-order">
              <Text size="sm">{t('data.dateOrderQuestion', { columns: preview.ambiguousDates.join(', '), example: preview.dateExample })}</Text>
              <SegmentedControl
                size="xs"
                value={dateOrder}
                onChange={(v) => setDateOrder(v === 'mdy' ? 'mdy' : 'dmy')}
                data={[
                  { value: 'dmy', label: t('data.dateOrderDmy') },
                  { value: 'mdy', label: t('data.dateOrderMdy') },
                ]}
              />
            </Group>
          )}
          <Group mt="sm">
            <Button onClick={() => void run()} disabled={busy} data-testid="import-run">
              {t('data.runImport')}
            </Button>
          </Group>
        </Paper>
      )}
      {progress && (
        <Stack gap={4} data-testid="import-progress">
          <Progress value={pct} animated aria-label={t('data.importing')} />
          <Group gap="sm" justify="space-between" wrap="nowrap">
            <Text size="xs" c="dimmed">
              {t('data.importing')} {phaseText(progress) ?? ''} {f.num(pct)}%
            </Text>
            {jobId && (
              <Button size="compact-xs" variant="subtle" color="red" loading={cancelling} onClick={() => void cancel()} data-testid="import-cancel">
                {t('common.cancel')}
              </Button>
            )}
          </Group>
        </Stack>
      )}
      {counts && (
        <SimpleGrid cols={5} spacing="xs" data-testid="import-result">
          {(['rowsTotal', 'inserted', 'updated', 'unchanged', 'rejected'] as const).map((k) => (
            <Paper key={k} withBorder p="xs">
              <Text size="xs" c="dimmed">
                {t(`data.count.${k}`)}
              </Text>
              <Text fw={700} className="desk-num" data-testid={`import-${k}`}>
                {f.num(counts[k])}
              </Text>
            </Paper>
          ))}
        </SimpleGrid>
      )}
      {counts && counts.rowsTotal === 0 && file && (
        <Alert color="yellow" title={t('data.nothingImported')} data-testid="import-no-rows">
          {t('data.noRowsBelowHeader', { file: file.name })}
        </Alert>
      )}
      {counts && counts.duplicates > 0 && (
        <Text size="sm" fw={500} data-testid="import-duplicates">
          {t('data.duplicates', { count: counts.duplicates, n: f.num(counts.duplicates) })}
        </Text>
      )}
      {currencyDefault && file && (
        <Text size="sm" fw={500} data-testid="import-currency-default">
          {currencyDefault.storeCurrencies.length
            ? t('data.currencyDefaultMixed', { file: file.name, currency: currencyDefault.currency, currencies: currencyDefault.storeCurrencies.join(', ') })
            : t('data.currencyDefaultNone', { file: file.name, currency: currencyDefault.currency })}
        </Text>
      )}
      {outcome && outcome.status !== 'succeeded' && (
        <Alert color={outcome.status === 'cancelled' ? 'gray' : 'red'} title={t('data.nothingImported')} data-testid="import-failed">
          {outcome.status === 'cancelled' ? t('data.importCancelled') : render(outcome.error ? payloadMsg(outcome.error, outcomeLang) : { code: 'runStatus', value: outcome.status })}
        </Alert>
      )}
      {rejects.length > 0 && (
        <Paper withBorder p="sm">
          <Title order={2} size="h6" mb="xs">
            {t('data.rejectsTitle', { n: f.num(rejects.length), count: rejects.length })}
          </Title>
          <RejectsTable rows={rejects.slice(0, 200)} testId="import-rejects" rowTestId="reject-row" striped />
        </Paper>
      )}
    </Stack>
  );
}
