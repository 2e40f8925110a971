/** Search by photo (drop, paste or pick) or by product; shows the photo with boxes and the similar products. */
import { useCallback, useEffect, useRef, type ReactNode } from 'react';
import { Alert, Button, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../../../engine/api/ops/index';
import { call, DeskError, isDesktop, pickFileNative, uploadFile } from '../../api/client';
import { useKept } from '../../components/kept';
import { errorText } from '../../components/notify';
import { ProductPicker } from '../../components/ProductPicker';
import { useReadySignal } from '../../components/ready';
import { GraphWeight } from './GraphWeight';
import { IndexBar, useIndexStatus } from './IndexBar';
import { PhotoBoxes } from './PhotoBoxes';
import { Results } from './Results';

type Result = OpResult<'images.search'>;
type Rect = Result['crop'];
/** A photo (with the user's own file name: an upload is stored under another) or a product. */
type Source = { kind: 'file'; path: string; name?: string; preview: string | null } | { kind: 'product'; productId: number; sku: string };
/** A refusal as the engine worded it: in the language asked, and in both where the engine gave both (a photo it cannot use). */
type Refusal = { text: string; texts?: { en: string; zh: string } };

const refusal = (e: unknown): Refusal => ({ text: errorText(e), ...(e instanceof DeskError && e.texts ? { texts: e.texts } : {}) });

// Searches started in this window (the panel unmounts between visits; a search outlives it).
let searches = 0;

/** The search panel. */
export function SearchPanel(): ReactNode {
  const { t, i18n } = useTranslation();
  // The photo or product searched, its results and an error are kept across visits to other screens: a match opened in
  // Inventory and the way back find the search as it was (the photo's object URL lives as long as the page).
  const [source, setSource] = useKept<Source | null>('visual.source', null);
  const [result, setResult] = useKept<Result | null>('visual.result', null);
  // A search in flight is kept too: leaving the screen and coming back shows it running, then its result.
  const [busy, setBusy] = useKept('visual.busy', false);
  // A refusal keeps both languages where the engine gave both, so it reads in the UI language and follows a switch.
  const [error, setError] = useKept<Refusal | null>('visual.error', null);
  const fileInput = useRef<HTMLInputElement>(null);
  const status = useIndexStatus();
  // Nothing to search until some photo is indexed: the bar above says so and offers the build.
  const noIndex = status.data !== undefined && status.data.indexed === 0;
  useReadySignal(status.isSuccess && !busy, 'visual');

  const search = useCallback(async (src: Source, box?: Rect, graphWeight?: number): Promise<void> => {
    // Only the latest search answers: one started before it and slower must not replace its result.
    const mine = ++searches;
    setBusy(true);
    setError(null);
    try {
      const input = src.kind === 'file'
        ? { path: src.path, k: 12, ...(src.name ? { name: src.name } : {}), ...(box ? { box } : {}) }
        : { productId: src.productId, k: 12, ...(graphWeight === undefined ? {} : { graphWeight }) };
      const r = await call('images.search', input);
      if (mine === searches) setResult(r);
    } catch (e) {
      if (mine !== searches) return;
      setError(refusal(e));
      setResult(null);
    } finally {
      if (mine === searches) setBusy(false);
    }
  }, [setBusy, setError, setResult]);

  const useFile = useCallback(async (file: File): Promise<void> => {
    setError(null);
    try {
      const path = await uploadFile(file);
      const src: Source = { kind: 'file', path, name: file.name, preview: URL.createObjectURL(file) };
      setSource(src);
      await search(src);
    } catch (e) {
      setError(refusal(e));
    }
  }, [search, setError, setSource]);

  useEffect(() => {
    const onPaste = (e: ClipboardEvent): void => {
      const file = [...(e.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
      if (file) void useFile(file);
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [useFile]);

  const pick = async (): Promise<void> => {
    if (!isDesktop()) return fileInput.current?.click();
    const path = await pickFileNative(['jpg', 'jpeg', 'png', 'webp', 'avif', 'heic']);
    if (!path) return;
    const src: Source = { kind: 'file', path, preview: null };
    setSource(src);
    await search(src);
  };

  return (
    <Stack gap="md">
      <IndexBar onBuilt={() => source && void search(source)} />
      <Group align="flex-start" gap="md" wrap="wrap">
        <Paper
          withBorder
          p="md"
          w={360}
          maw="100%"
          style={{ borderStyle: 'dashed', textAlign: 'center' }}
          onDragOver={(e) => e.preventDefault()}
          onDrop={(e) => {
            e.preventDefault();
            const file = [...e.dataTransfer.files].find((f) => f.type.startsWith('image/'));
            if (file && !noIndex) void useFile(file);
          }}
          data-testid="visual-drop"
        >
          <Stack gap="xs" align="center">
            <Text size="sm">{t('visual.drop')}</Text>
            <Button size="xs" onClick={() => void pick()} disabled={noIndex} data-testid="visual-pick">
              {t('visual.pick')}
            </Button>
            <input
              ref={fileInput}
              type="file"
              accept="image/*"
              hidden
              data-testid="visual-file"
              onChange={(e) => {
                const file = e.currentTarget.files?.[0];
                if (file) void useFile(file);
                e.currentTarget.value = '';
              }}
            />
            {/* The engine searches every product with a photo as the user types (not a list capped in the browser). */}
            <ProductPicker
              w="100%"
              withImage
              disabled={noIndex}
              placeholder={t('visual.byProduct')}
              value={source?.kind === 'product' ? source.sku : null}
              onPick={(p) => {
                if (!p) {
                  // Cleared: forget the product's results (a photo search is not the picker's to clear).
                  if (source?.kind === 'product') {
                    setSource(null);
                    setResult(null);
                  }
                  return;
                }
                const src: Source = { kind: 'product', productId: p.id, sku: p.sku };
                setSource(src);
                void search(src);
              }}
              testId="visual-product"
            />
          </Stack>
        </Paper>
        {result && source?.kind === 'file' && <PhotoBoxes src={source.preview} result={result} onPick={(box) => void search(source, box)} />}
      </Group>
      {result && source?.kind === 'product' && (
        <GraphWeight key={source.productId} value={result.graphWeight} onChange={(w) => void search(source, undefined, w)} />
      )}
      {busy && (
        <Group gap="xs" data-testid="visual-busy">
          <Loader size="sm" />
          <Text size="sm" c="dimmed">
            {t('visual.searching')}
          </Text>
        </Group>
      )}
      {error && (
        <Alert color="red" data-testid="visual-error">
          {error.texts ? (i18n.language === 'zh' ? error.texts.zh : error.texts.en) : error.text}
        </Alert>
      )}
      {/* Weak matches looked like real ones (fruit in a fashion store: twelve products about as alike as a real photo's best match). */}
      {result && !busy && result.matches.length > 0 && result.closeMatch === false && (
        <Alert color="yellow" variant="light" data-testid="visual-no-close-match">
          {t('visual.noCloseMatch')}
        </Alert>
      )}
      {result && !busy && (result.matches.length ? <Results matches={result.matches} /> : <Text c="dimmed">{t('visual.noMatches')}</Text>)}
      {!result && !busy && !error && (
        <Text size="sm" c="dimmed">
          {t('visual.hint')}
        </Text>
      )}
    </Stack>
  );
}
