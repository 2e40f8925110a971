/** Try-on: pick a model photo and a product, preview it worn (nudge, before / after), batch over photos, gallery, export. */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Alert, Button, FileButton, Grid, Group, Image, Loader, NumberInput, Progress, SimpleGrid, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { OpInput, OpResult } from '../../../engine/api/ops/index';
import { call, isDesktop, pickFileNative, uploadFile } from '../api/client';
import { followJob } from '../api/jobs';
import { useCodeLabel } from '../codes';
import { EnginePicker, type PickerPage } from '../components/EnginePicker';
import { useReadySignal } from '../components/ready';
import { useFormat } from '../format';
import { TryOnAnchors } from './tryon/Anchors';
import { TryOnGallery } from './tryon/Gallery';
import { TryOnPreview, type Adjust } from './tryon/Preview';
import { errorMsg } from '../i18n/error-msg';
import { msg, useMsg, type Msg } from '../i18n/msg';
import { tryonBatchLabel } from '../i18n/counts';

const NO_ADJUST: Adjust = { dx: 0, dy: 0, scale: 1, rotateDeg: 0 };

type TryonProduct = OpResult<'tryon.products'>['products'][number];
type Texts = { en: string; zh: string };

// Whether a preview or a batch has run in this window: the first one waits seconds for the body and face models.
let modelsWarm = false;
/** The store setting that records that this store's first preview was made, so the "(first time only)" notice is said once per store, not per window. */
const MODELS_NOTICE_SETTING = 'tryon.modelsNoticeShown';

/** The try-on screen. */
export function TryOnScreen(): ReactNode {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const label = useCodeLabel();
  const qc = useQueryClient();
  const photos = useQuery({ queryKey: ['tryon.photos'], queryFn: () => call('tryon.photos', {}) });
  // Kept in the store, not the window: a restart or a new window no longer says "(first time only)" again.
  const notice = useQuery({ queryKey: ['settings.get', MODELS_NOTICE_SETTING], queryFn: () => call('settings.get', { keys: [MODELS_NOTICE_SETTING] }) });
  const noticeShown = modelsWarm || notice.data?.[MODELS_NOTICE_SETTING] === true;
  // Called once the first preview or batch of this store is over: its models loaded while the notice was on screen.
  const markModelsWarm = (): void => {
    modelsWarm = true;
    if (notice.data?.[MODELS_NOTICE_SETTING] === true) return;
    void call('settings.set', { key: MODELS_NOTICE_SETTING, value: true })
      .then(() => qc.invalidateQueries({ queryKey: ['settings.get', MODELS_NOTICE_SETTING] }))
      // Not recorded (the store went read-only): the notice is said again next time, nothing else changes.
      .catch(() => undefined);
  };
  const [photoId, setPhotoId] = useState<number | null>(null);
  const [sku, setSku] = useState<string | null>(null);
  const [person, setPerson] = useState<number | ''>('');
  const [adjust, setAdjust] = useState<Adjust>(NO_ADJUST);
  const [result, setResult] = useState<OpResult<'tryon.render'> | null>(null);
  // What the preview shown was made from: saving and nudging it go on with that photo, product and person, not with
  // whatever is picked since (picking another photo does not redraw the preview).
  const [shownInput, setShownInput] = useState<OpInput<'tryon.render'> | null>(null);
  // What went wrong last, under a title that says which step failed (a photo not added is no preview not made).
  // A preview's refusal keeps the request and the language it was worded in: a language switch asks again for it.
  // Kept as a message (errorMsg): a refusal the engine gave in both languages follows a switch without asking again, and
  // one with a single text is worded by its code in the other language.
  const [error, setError] = useState<{ title: 'cannot' | 'photoNotAdded'; text: Msg; render?: { input: OpInput<'tryon.render'>; lang: string } } | null>(null);
  const [busy, setBusy] = useState(false);
  // The name of the photo being added: sending and checking a large photo takes seconds.
  const [adding, setAdding] = useState<string | null>(null);
  // The outcome line is kept as a message, so it follows a language switch.
  const [batch, setBatch] = useState<{ jobId: string; pct: number; text: Msg | null } | null>(null);
  // Previews a batch could not make, each naming its photo (apart from a single preview's error above).
  // Each line in both languages, as the engine gives them, so they follow a language switch.
  const [batchFailures, setBatchFailures] = useState<{ count: number; lines: Texts[] } | null>(null);
  const inLang = (x: Texts): string => (i18n.language === 'zh' ? x.zh : x.en);
  const renderMsg = useMsg();
  useReadySignal(photos.isSuccess && !notice.isPending && !busy, 'tryon');

  const photoList = photos.data?.photos ?? [];
  // The products the searches listed, so the chosen one is named in the language of the moment, not of its search.
  const listed = useRef(new Map<string, TryonProduct>());
  const productLabel = useCallback(
    (p: TryonProduct): string => `${p.sku} · ${label('tryonType', p.type)} · ${(i18n.language === 'zh' ? p.titleZh : p.titleEn) ?? ''}`,
    [label, i18n.language],
  );
  // The engine searches (SKU, both titles), so every product that can be tried on is reachable.
  const searchProducts = useMemo(
    () =>
      async (q: string): Promise<PickerPage> => {
        const r = await call('tryon.products', { q: q || undefined, limit: 50 });
        for (const p of r.products) listed.current.set(p.sku, p);
        return { options: r.products.map((p) => ({ value: p.sku, label: productLabel(p) })), total: r.total };
      },
    [productLabel],
  );
  const chosen = sku ? listed.current.get(sku) : undefined;
  const picked = photoList.find((p) => p.id === photoId);
  // A preview belongs to the photo, product and person it was made from: picking another one clears it (and a refusal
  // of it), so the screen shows the new pick ready for Try on instead of the old preview under the new choice.
  const clearShown = (): void => {
    setResult(null);
    setShownInput(null);
    setAdjust(NO_ADJUST);
    setError((e) => (e?.render ? null : e));
  };
  const pickPhoto = (id: number): void => {
    if (id !== photoId) clearShown();
    setPhotoId(id);
  };
  const pickSku = (s: string | null): void => {
    if (s !== sku) clearShown();
    setSku(s);
  };
  const pickPerson = (p: number | ''): void => {
    if (p !== person) clearShown();
    setPerson(p);
  };
  useEffect(() => {
    if (photoId === null && photoList.length) setPhotoId(photoList[0].id);
  }, [photoId, photoList]);

  const request = async (input: OpInput<'tryon.render'>, a: Adjust): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const r = await call('tryon.render', input);
      setResult(r);
      setShownInput(input);
      setAdjust(a);
      if (input.save) await qc.invalidateQueries({ queryKey: ['tryon.gallery'] });
    } catch (e) {
      setResult(null);
      setError({ title: 'cannot', text: errorMsg(e), render: { input: { ...input, save: false }, lang: i18n.language } });
    } finally {
      markModelsWarm();
      setBusy(false);
    }
  };
  const render = async (a: Adjust): Promise<void> => {
    if (photoId === null || !sku) return;
    await request({ photo: { photoId }, sku, person: person === '' ? undefined : person, adjust: a, save: false }, a);
  };
  // The engine words a refusal in the language it was asked in: after a switch it is asked again, so the message is
  // not left in the other language under a translated title (only a language switch asks again).
  useEffect(() => {
    if (!error?.render || error.render.lang === i18n.language || busy) return;
    void request(error.render.input, (error.render.input.adjust as Adjust | undefined) ?? NO_ADJUST);
  }, [i18n.language]);

  const addPhoto = async (file: File | null): Promise<void> => {
    // A new photo answers the last failure: its message must not stay beside the photo that was added.
    setError(null);
    try {
      if (file) setAdding(file.name);
      const path = isDesktop() ? await pickFileNative(['jpg', 'jpeg', 'png', 'webp']) : file ? await uploadFile(file) : null;
      if (!path) return;
      setAdding(file?.name ?? path.split(/[\\/]/).pop() ?? path);
      // An upload is stored under another name: keep the one the user knows.
      const r = await call('tryon.photos.add', { path, ...(file ? { name: file.name } : {}) });
      await qc.invalidateQueries({ queryKey: ['tryon.photos'] });
      pickPhoto(r.photoId);
    } catch (e) {
      setError({ title: 'photoNotAdded', text: errorMsg(e) });
    } finally {
      setAdding(null);
    }
  };

  const runBatch = async (): Promise<void> => {
    if (!sku || !photoList.length) return;
    setError(null);
    setBatchFailures(null);
    try {
      const job = await call('tryon.batch', { photoIds: photoList.map((p) => p.id), skus: [sku] });
      setBatch({ jobId: job.jobId, pct: 0, text: null });
      const done = await followJob(job.jobId, (p) => setBatch({ jobId: job.jobId, pct: p.total ? (100 * p.done) / p.total : 0, text: null }));
      const r = done.result as { made: number; failures: { message: string; messages?: Texts }[] } | null;
      markModelsWarm();
      setBatch({ jobId: job.jobId, pct: 100, text: done.status === 'succeeded' && r ? msg('tryon.batchDone', { made: r.made, count: r.made, failed: r.failures.length }) : msg(`tryon.batch_${done.status}`) });
      // A photo or product that cannot be used is said once, however many previews it stopped.
      if (r?.failures.length) {
        const lines = new Map<string, Texts>();
        for (const x of r.failures) lines.set(x.messages?.en ?? x.message, x.messages ?? { en: x.message, zh: x.message });
        setBatchFailures({ count: r.failures.length, lines: [...lines.values()] });
      }
      await qc.invalidateQueries({ queryKey: ['tryon.gallery'] });
    } catch (e) {
      setError({ title: 'cannot', text: errorMsg(e) });
      setBatch(null);
    }
  };

  return (
    <Stack gap="sm">
      <Title order={1} size="h3">{t('nav.tryon')}</Title>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="xs">
            <Text size="sm" fw={600}>{t('tryon.photo')}</Text>
            <SimpleGrid cols={3} spacing={6} data-testid="tryon-photos" data-count={photoList.length}>
              {photoList.map((p) => (
                <UnstyledButton key={p.id} onClick={() => pickPhoto(p.id)} aria-pressed={p.id === photoId} aria-label={p.name} title={p.name} data-testid={`tryon-photo-${p.id}`}
                  style={{ outline: p.id === photoId ? '3px solid var(--mantine-color-blue-6)' : 'none', borderRadius: 4 }}>
                  {p.thumb ? <Image src={p.thumb} alt={p.name} h={80} fit="cover" radius="sm" /> : <Text size="xs">{p.name}</Text>}
                </UnstyledButton>
              ))}
            </SimpleGrid>
            {photoList.length === 0 ? <Text size="xs" c="dimmed">{t('tryon.noPhotos')}</Text> : null}
            {isDesktop() ? (
              <Button size="xs" variant="light" onClick={() => void addPhoto(null)} loading={adding !== null}>{t('tryon.addPhoto')}</Button>
            ) : (
              <FileButton accept="image/jpeg,image/png,image/webp" onChange={(f) => void addPhoto(f)}>
                {(props) => <Button size="xs" variant="light" data-testid="tryon-upload" loading={adding !== null} {...props}>{t('tryon.addPhoto')}</Button>}
              </FileButton>
            )}
            {adding !== null ? <Text size="xs" c="dimmed" data-testid="tryon-adding">{t('tryon.adding', { name: adding })}</Text> : null}
            <EnginePicker label={t('tryon.product')} placeholder={t('tryon.pickProduct')} queryKey={['tryon.products', i18n.language]} search={searchProducts} value={sku} valueLabel={chosen ? productLabel(chosen) : null} onChange={pickSku} testid="tryon-product" nothingFound={t('tryon.noProducts')} />
            {sku ? <TryOnAnchors sku={sku} onReset={clearShown} /> : null}
            <NumberInput label={t('tryon.person')} description={t('tryon.personHint')} min={0} max={20} value={person} onChange={(v) => pickPerson(typeof v === 'number' ? v : '')} data-testid="tryon-person" />
            <Group gap="xs">
              <Button onClick={() => void render(NO_ADJUST)} disabled={photoId === null || !sku} loading={busy} data-testid="tryon-run">{t('tryon.run')}</Button>
              <Button variant="light" onClick={() => shownInput && void request({ ...shownInput, adjust, save: true }, adjust)} disabled={!result || !shownInput || busy} data-testid="tryon-save">{t('tryon.save')}</Button>
            </Group>
            <Button variant="default" size="xs" onClick={() => void runBatch()} disabled={!sku || !photoList.length || (batch !== null && batch.pct < 100)} data-testid="tryon-batch">
              {renderMsg(tryonBatchLabel(photoList.length))}
            </Button>
            {batch ? (
              <Stack gap={2} data-testid="tryon-batch-progress" data-pct={Math.round(batch.pct)}>
                <Progress value={batch.pct} size="sm" />
                {batch.pct < 100 ? <Button size="compact-xs" variant="subtle" color="red" onClick={() => void call('jobs.cancel', { jobId: batch.jobId })}>{t('tryon.cancel')}</Button> : null}
                {batch.text ? <Text size="xs">{renderMsg(batch.text)}</Text> : null}
              </Stack>
            ) : null}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          {error ? <Alert color="orange" title={t(`tryon.${error.title}`)} data-testid="tryon-error" style={{ whiteSpace: 'pre-line' }}>{renderMsg(error.text)}</Alert> : null}
          {batchFailures ? (
            <Alert color="orange" title={t('tryon.batchFailures', { count: batchFailures.count })} data-testid="tryon-batch-failures" mb="xs">
              <Stack gap={4}>
                {batchFailures.lines.map((l) => <Text key={l.en} size="sm" data-testid="tryon-batch-failure">{inLang(l)}</Text>)}
              </Stack>
            </Alert>
          ) : null}
          {busy && !result ? (
            // The first preview loads the models for seconds: say so where the preview will appear, not only on the button.
            <Group gap="xs" mb="xs" data-testid="tryon-loading" wrap="nowrap">
              <Loader size="sm" />
              <Text size="sm">{noticeShown ? t('tryon.rendering') : t('tryon.loadingModels')}</Text>
            </Group>
          ) : null}
          {result?.preview && result.original ? (
            <Stack gap={4} data-testid="tryon-result" data-type={result.type} data-person={result.person}>
              <TryOnPreview key={`${result.sku}-${JSON.stringify(shownInput?.photo)}`} after={result.preview} before={result.original} photoWidth={result.photo.width} adjust={adjust}
                onAdjust={(a) => shownInput && void request({ ...shownInput, adjust: a, save: false }, a)} busy={busy} />
              <Text size="xs" c="dimmed" data-testid="tryon-summary">
                {t('tryon.summary', { type: label('tryonType', result.type), person: result.person, people: result.people, seconds: f.num(result.ms.total / 1000, 1) })}
              </Text>
            </Stack>
          ) : !error && picked ? (
            <Stack gap={4} data-testid="tryon-picked" data-photo={picked.name}>
              <Text size="sm" c="dimmed">{sku ? t('tryon.ready', { photo: picked.name }) : t('tryon.readyNoProduct', { photo: picked.name })}</Text>
              {picked.thumb ? <Image src={picked.thumb} alt={picked.name} maw={320} fit="contain" radius="sm" style={{ opacity: busy ? 0.6 : 1 }} /> : null}
            </Stack>
          ) : !error ? (
            <Text size="sm" c="dimmed">{t('tryon.intro')}</Text>
          ) : null}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <TryOnGallery />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
