/** The Recommendations screen's exports: run as a job, followed with a progress bar (customers read, then rows written). */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { call, isAborted, type JobEvent } from '../../api/client';
import { announceJobEnd, followJob, runningJob } from '../../api/jobs';
import { usePhaseText } from '../../api/phase';
import { notify, notifyError, notifyExported } from '../../components/notify';
import { recsExportedNote } from '../../i18n/counts';
import { payloadMsg } from '../../i18n/error-msg';
import { msg } from '../../i18n/msg';

/** Which list an export writes. */
export type ExportList = 'recommended' | 'revisit';

/** The export being run (started here, or found running when the screen opens), its latest progress, how to start one and how to stop it. */
export function useExportJob(tail: number): { list: ExportList | null; jobId: string | null; event: JobEvent | null; starting: boolean; start: (list: ExportList) => void; cancel: () => void; cancelling: boolean } {
  const [job, setJob] = useState<{ jobId: string; list: ExportList | null } | null>(null);
  const [event, setEvent] = useState<JobEvent | null>(null);
  const [starting, setStarting] = useState<ExportList | null>(null);
  const [cancelling, setCancelling] = useState(false);
  useEffect(() => {
    void runningJob('recs.export').then((id) => id && setJob((j) => j ?? { jobId: id, list: null })).catch(() => undefined);
  }, []);
  const jobId = job?.jobId ?? null;
  useEffect(() => {
    if (!jobId) return;
    // Said once when it ends, also when the screen was left meanwhile: the file's name, or why none was written.
    announceJobEnd(
      jobId,
      (j) => {
        const r = j.result as { path: string; list: ExportList; rows: number; customers: number } | null;
        if (j.status === 'succeeded' && r) notifyExported(recsExportedNote(r), r.path);
        // The engine removes what was written so far: the destination holds no part of a file.
        else if (j.status === 'cancelled') notify({ color: 'blue', title: msg('recs.exportCancelled'), message: null });
        else notify({ color: 'red', title: msg('recs.exportFailed'), message: j.error ? payloadMsg(j.error, null) : null });
      },
      (e) => notifyError(msg('recs.exportFailed'), e),
    );
    const open = new AbortController();
    const end = (): void => {
      setEvent(null);
      setJob(null);
      setCancelling(false);
    };
    void followJob(jobId, setEvent, open.signal).then(end, (e: unknown) => {
      if (!isAborted(e)) end();
    });
    return () => open.abort();
  }, [jobId]);
  const start = useCallback(
    (list: ExportList) => {
      setStarting(list);
      // Headed in the reader's words ('Customer ID', '顾客编号'): the file is opened in a spreadsheet. The CLI and the op
      // keep the field names by default (customer_id …), which other tools map.
      call('recs.export.start', { format: 'csv', k: 10, tail, list, headers: 'human' }).then(
        (r) => setJob({ jobId: r.jobId, list }),
        (e: unknown) => notifyError(msg('recs.exportFailed'), e),
      ).finally(() => setStarting(null));
    },
    [tail],
  );
  const cancel = useCallback(() => {
    if (!jobId) return;
    setCancelling(true);
    call('jobs.cancel', { jobId }).catch((e: unknown) => {
      setCancelling(false);
      notifyError(msg('recs.exportFailed'), e);
    });
  }, [jobId]);
  return { list: job?.list ?? starting, jobId, event, starting: starting !== null, start, cancel, cancelling };
}

/** The export's bar: its phase in the UI's language ('writing the file · 12,000 of 49,110 rows') over the bar, and Cancel. */
export function ExportProgress({ event, onCancel, cancelling }: { event: JobEvent | null; onCancel: () => void; cancelling: boolean }): ReactNode {
  const { t } = useTranslation();
  const phaseText = usePhaseText();
  return (
    <Stack gap={2} data-testid="recs-export-progress">
      <Text size="xs" c="dimmed" data-testid="recs-export-phase">
        {phaseText(event) ?? t('recs.exporting')}
      </Text>
      <Group gap="xs" wrap="nowrap">
        <Progress value={event?.total ? (100 * event.done) / event.total : 0} animated style={{ flex: 1 }} aria-label={t('recs.exporting')} />
        <Button size="compact-xs" variant="subtle" color="gray" loading={cancelling} onClick={onCancel} data-testid="recs-export-cancel">
          {t('common.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}
