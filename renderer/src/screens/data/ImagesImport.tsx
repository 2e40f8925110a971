/**
 * Product photos on the Data screen: drop a folder, a .zip or photos (or pick them), matched to products by file name
 * or a sku,file CSV. In the browser a folder or loose photos are zipped in the page (stored, no compression) and
 * uploaded as one file; the desktop app hands the engine the folder or .zip the user picked.
 */
import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { Alert, Button, Checkbox, Group, Paper, Progress, ScrollArea, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { callLoose, isDesktop, pickFileNative, pickFolderNative, uploadFile, type JobEvent } from '../../api/client';
import { followJob, type FinishedJob } from '../../api/jobs';
import { useFormat } from '../../format';
import { storedZip, type ZipInput } from '../../lib/storedZip';
import { errorMsg, payloadMsg } from '../../i18n/error-msg';
import { msg, useMsg, type Msg } from '../../i18n/msg';

/** Files the import can use: photos and a mapping CSV. */
const USABLE = /\.(jpe?g|png|webp|gif|tiff?|avif|heic|heif|csv)$/i;

/** Largest set of loose files zipped in the page (the upload limit is 512 MB). */
const MAX_ZIP_BYTES = 500 * 1024 * 1024;

interface Outcome {
  files: number;
  inserted: number;
  unchanged: number;
  rejected: number;
  rejects: { file: string; reason: string }[];
  /** Files whose photo another product already has: this file's product did not get it. */
  shared: { file: string; sku: string; ownerSku: string }[];
}

function readOutcome(v: unknown): Outcome {
  const o = (v && typeof v === 'object' ? v : {}) as Record<string, unknown>;
  const n = (k: string): number => (typeof o[k] === 'number' ? (o[k] as number) : 0);
  const list = Array.isArray(o.rejects) ? o.rejects : [];
  return {
    files: n('files'),
    inserted: n('inserted'),
    unchanged: n('unchanged'),
    rejected: n('rejected'),
    rejects: list.map((r) => {
      const ro = (r && typeof r === 'object' ? r : {}) as Record<string, unknown>;
      return { file: String(ro.file ?? ''), reason: String(ro.reason ?? '') };
    }),
    shared: (Array.isArray(o.shared) ? o.shared : []).map((r) => {
      const ro = (r && typeof r === 'object' ? r : {}) as Record<string, unknown>;
      return { file: String(ro.file ?? ''), sku: String(ro.sku ?? ''), ownerSku: String(ro.ownerSku ?? '') };
    }),
  };
}

function rejectsOf(job: FinishedJob): { file: string; reason: string }[] {
  const d = job.error?.details as Record<string, unknown> | undefined;
  return d && Array.isArray(d.rejects) ? readOutcome({ rejects: d.rejects }).rejects : [];
}

/** The entries of a dropped folder (readEntries answers in batches, 100 in Chromium, until it returns none). */
async function children(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const out: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
    if (!batch.length) return out;
    out.push(...batch);
  }
}

/** Every file under a dropped entry (folders walked), with its path inside the drop. */
async function walk(entry: FileSystemEntry, prefix: string, out: ZipInput[]): Promise<void> {
  if (entry.name.startsWith('.') || entry.name === '__MACOSX') return;
  if (entry.isFile) {
    const file = await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej));
    out.push({ name: prefix + entry.name, blob: file });
    return;
  }
  for (const e of await children(entry as FileSystemDirectoryEntry)) await walk(e, `${prefix}${entry.name}/`, out);
}

/** The product-photos panel. */
export function ImagesImport(): ReactNode {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);
  // Kept as messages, not text, so a stage line or an error follows a language switch.
  const [stage, setStage] = useState<{ label: Msg; pct: number | null } | null>(null);
  const render = useMsg();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [failed, setFailed] = useState<{ message: Msg; rejects: { file: string; reason: string }[] } | null>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const filesInput = useRef<HTMLInputElement>(null);

  const importPath = async (path: string): Promise<void> => {
    // The job words its failure in the language it was started in (see payloadMsg).
    const startedIn = i18n.language === 'zh' ? 'zh' : 'en';
    const job = await callLoose<{ jobId: string }>('images.import', { path, skipInvalid });
    const done = await followJob(job.jobId, (p: JobEvent) => setStage({ label: msg('data.photos.importing'), pct: p.total > 0 ? (p.done / p.total) * 100 : null }));
    if (done.status === 'succeeded') {
      setOutcome(readOutcome(done.result));
      await qc.invalidateQueries();
    } else setFailed({ message: done.error ? payloadMsg(done.error, startedIn) : msg('data.photos.failed'), rejects: rejectsOf(done) });
  };

  const run = async (work: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setOutcome(null);
    setFailed(null);
    try {
      await work();
    } catch (e) {
      setFailed({ message: errorMsg(e), rejects: [] });
    } finally {
      setBusy(false);
      setStage(null);
    }
  };

  /** Browser: one .zip goes up as it is; anything else is zipped here first. */
  const uploadFiles = (files: ZipInput[]): Promise<void> =>
    run(async () => {
      const zips = files.filter((x) => /\.zip$/i.test(x.name));
      if (zips.length === 1 && files.length === 1) {
        setStage({ label: msg('data.photos.uploading'), pct: null });
        const file = zips[0].blob instanceof File ? zips[0].blob : new File([zips[0].blob], zips[0].name);
        return importPath(await uploadFile(file));
      }
      const usable = files.filter((x) => USABLE.test(x.name));
      if (!usable.length) throw new Error(t('data.photos.noneUsable', { n: files.length, count: files.length }));
      const bytes = usable.reduce((a, x) => a + x.blob.size, 0);
      if (bytes > MAX_ZIP_BYTES) throw new Error(t('data.photos.tooLarge', { size: f.bytes(bytes) }));
      const zip = await storedZip(usable, (d, n) => setStage({ label: msg('data.photos.packing', { done: d, total: n }), pct: (d / n) * 100 }));
      setStage({ label: msg('data.photos.uploading'), pct: null });
      return importPath(await uploadFile(new File([zip], 'photos.zip', { type: 'application/zip' })));
    });

  const onDrop = (e: DragEvent<HTMLDivElement>): void => {
    e.preventDefault();
    setOver(false);
    if (busy) return;
    const entries = [...e.dataTransfer.items].map((it) => it.webkitGetAsEntry()).filter((x): x is FileSystemEntry => x !== null);
    void (async () => {
      const files: ZipInput[] = [];
      // A single dropped folder: its files go in at the top of the archive.
      const top = entries.length === 1 && entries[0].isDirectory ? await children(entries[0] as FileSystemDirectoryEntry) : entries;
      for (const x of top) await walk(x, '', files);
      await uploadFiles(files);
    })();
  };

  const fromInput = (input: HTMLInputElement): void => {
    const list = input.files;
    // Cleared so that picking the same files again fires a change.
    const picked = list ? [...list] : [];
    input.value = '';
    if (!picked.length) return;
    // webkitRelativePath is "folder/sub/file.jpg" for a picked folder: drop the top folder's name.
    const files = picked.map((x) => ({ name: (x.webkitRelativePath || x.name).split('/').slice(x.webkitRelativePath ? 1 : 0).join('/'), blob: x as Blob }));
    void uploadFiles(files.filter((x) => !x.name.split('/').some((part) => part.startsWith('.') || part === '__MACOSX')));
  };

  const desktopPick = (folder: boolean): Promise<void> =>
    run(async () => {
      const path = folder ? await pickFolderNative() : await pickFileNative(['zip']);
      if (path) await importPath(path);
    });

  const shown = outcome?.rejects ?? failed?.rejects ?? [];
  return (
    <Paper withBorder p="sm" data-testid="photos-import">
      <Stack gap="xs">
        <Title order={2} size="h5">
          {t('data.photos.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('data.photos.help')}
        </Text>
        {isDesktop() ? (
          <Group gap="sm">
            <Button disabled={busy} onClick={() => void desktopPick(true)} data-testid="photos-folder">
              {t('data.photos.chooseFolder')}
            </Button>
            <Button variant="light" disabled={busy} onClick={() => void desktopPick(false)} data-testid="photos-zip">
              {t('data.photos.chooseZip')}
            </Button>
          </Group>
        ) : (
          <div
            role="region"
            aria-label={t('data.photos.dropHere')}
            data-testid="photos-drop"
            onDragOver={(e) => {
              e.preventDefault();
              setOver(true);
            }}
            onDragLeave={() => setOver(false)}
            onDrop={onDrop}
            style={{
              border: `2px dashed ${over ? 'var(--mantine-color-blue-6)' : 'var(--mantine-color-gray-4)'}`,
              borderRadius: 8,
              padding: 20,
              textAlign: 'center',
              background: over ? 'var(--mantine-color-blue-0)' : undefined,
            }}
          >
            <Text size="sm" mb="xs">
              {t('data.photos.dropHere')}
            </Text>
            <Group gap="sm" justify="center">
              <Button size="xs" disabled={busy} onClick={() => folderInput.current?.click()} data-testid="photos-folder">
                {t('data.photos.chooseFolder')}
              </Button>
              <Button size="xs" variant="light" disabled={busy} onClick={() => filesInput.current?.click()} data-testid="photos-files">
                {t('data.photos.chooseFiles')}
              </Button>
            </Group>
            <input
              ref={folderInput}
              type="file"
              hidden
              multiple
              webkitdirectory=""
              onChange={(e) => fromInput(e.currentTarget)}
              data-testid="photos-folder-input"
            />
            <input
              ref={filesInput}
              type="file"
              hidden
              multiple
              accept=".zip,.jpg,.jpeg,.png,.webp,.gif,.tif,.tiff,.avif,.heic,.heif,.csv"
              onChange={(e) => fromInput(e.currentTarget)}
              data-testid="photos-files-input"
            />
          </div>
        )}
        <Checkbox label={t('data.photos.skipInvalid')} checked={skipInvalid} onChange={(e) => setSkipInvalid(e.currentTarget.checked)} disabled={busy} data-testid="photos-skip" />
        {stage && (
          <Stack gap={4} data-testid="photos-progress">
            <Text size="xs">{render(stage.label)}</Text>
            <Progress value={stage.pct ?? 100} animated={stage.pct === null} />
          </Stack>
        )}
        {failed && (
          <Alert color="red" title={t('data.photos.failed')} data-testid="photos-error">
            {render(failed.message)}
          </Alert>
        )}
        {outcome && (
          <SimpleGrid cols={4} data-testid="photos-counts">
            {(['files', 'inserted', 'unchanged', 'rejected'] as const).map((k) => (
              <Stack gap={0} key={k}>
                <Text size="xs" c="dimmed">
                  {t(`data.photos.count.${k}`)}
                </Text>
                <Text fw={600} data-testid={`photos-count-${k}`}>
                  {f.num(outcome[k], 0)}
                </Text>
              </Stack>
            ))}
          </SimpleGrid>
        )}
        {outcome?.shared.slice(0, 20).map((x) => (
          <Text key={x.file} size="sm" fw={500} data-testid="photos-shared">
            {t('data.photos.shared', { file: x.file, owner: x.ownerSku, sku: x.sku })}
          </Text>
        ))}
        {shown.length > 0 && (
          <ScrollArea.Autosize mah={240}>
            <Table striped withTableBorder data-testid="photos-rejects">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('data.photos.file')}</Table.Th>
                  <Table.Th>{t('data.reason')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.slice(0, 200).map((r, i) => (
                  <Table.Tr key={`${r.file}-${i}`}>
                    <Table.Td>{r.file}</Table.Td>
                    <Table.Td>{r.reason}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        )}
      </Stack>
    </Paper>
  );
}
