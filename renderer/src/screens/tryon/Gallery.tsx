/** The try-on gallery: saved previews, chosen for export at a listing size on white or the original background. */
import { useState, type ReactNode } from 'react';
import { Alert, Button, Checkbox, Group, Image, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, downloadUrl, isDesktop } from '../../api/client';
import { productTitle, useFormat } from '../../format';
import { errorMsg } from '../../i18n/error-msg';
import { useMsg, type Msg } from '../../i18n/msg';

/** The gallery section. */
export function TryOnGallery(): ReactNode {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const gallery = useQuery({ queryKey: ['tryon.gallery'], queryFn: () => call('tryon.gallery', { limit: 60 }) });
  const [chosen, setChosen] = useState<number[]>([]);
  const [size, setSize] = useState<'1000' | '800'>('1000');
  const [background, setBackground] = useState<'original' | 'white'>('original');
  const [format, setFormat] = useState<'jpeg' | 'png'>('jpeg');
  const [files, setFiles] = useState<string[]>([]);
  // Kept as a message: it follows a language switch.
  const [error, setError] = useState<Msg | null>(null);
  const render = useMsg();
  const [busy, setBusy] = useState(false);
  const items = gallery.data?.items ?? [];
  const exportNow = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const r = await call('tryon.export', { ids: chosen, size: size === '800' ? 800 : 1000, background, format });
      setFiles(r.files);
    } catch (e) {
      setError(errorMsg(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="xs" data-testid="tryon-gallery" data-count={items.length}>
      <Title order={2} size="h5">{t('tryon.gallery')}</Title>
      {items.length === 0 ? <Text size="sm" c="dimmed">{t('tryon.galleryEmpty')}</Text> : null}
      {/* Square cells whatever the photo's shape, so a tall preview never reaches over the caption of the one below. */}
      <SimpleGrid cols={{ base: 2, xl: 3 }} spacing="xs" verticalSpacing="xs">
        {items.map((g) => {
          // Previews of one product on several photos differ by photo and time: the caption names all three.
          const title = productTitle(i18n.language, g.title_zh, g.title_en, g.sku);
          const made = t('tryon.galleryMade', { photo: g.photo_name, when: f.dateTime(g.created_at) });
          return (
            <Stack key={g.id} gap={2} miw={0} data-testid="tryon-gallery-cell">
              <div style={{ aspectRatio: '1 / 1', width: '100%', overflow: 'hidden', borderRadius: 4, background: 'var(--mantine-color-gray-1)' }}>
                {g.thumb ? <Image src={g.thumb} alt={`${title} · ${made}`} title={`${title} (${g.sku}) · ${made}`} w="100%" h="100%" fit="contain" /> : null}
              </div>
              <Checkbox
                size="xs"
                label={<Text size="xs" lineClamp={2} title={`${title} (${g.sku})`} data-testid="tryon-gallery-title">{title}</Text>}
                styles={{ body: { minWidth: 0 }, labelWrapper: { minWidth: 0 } }}
                checked={chosen.includes(g.id)}
                onChange={(e) => setChosen(e.currentTarget.checked ? [...chosen, g.id] : chosen.filter((id) => id !== g.id))}
                data-testid={`tryon-gallery-item-${g.id}`}
              />
              {/* Two lines: a narrow cell cut 'portrait.jpg · 2026年…' short, the time lost. */}
              <Stack gap={0}>
                <Text size="xs" c="dimmed" truncate title={g.photo_name} data-testid="tryon-gallery-photo">{g.photo_name}</Text>
                <Text size="xs" c="dimmed" data-testid="tryon-gallery-when">{f.dateTime(g.created_at)}</Text>
              </Stack>
            </Stack>
          );
        })}
      </SimpleGrid>
      <Group gap="xs" wrap="wrap">
        <Select size="xs" w={120} aria-label={t('tryon.size')} value={size} onChange={(v) => setSize(v === '800' ? '800' : '1000')} data={[{ value: '1000', label: '1000×1000' }, { value: '800', label: '800×800' }]} />
        <Select size="xs" w={180} aria-label={t('tryon.background')} value={background} onChange={(v) => setBackground(v === 'white' ? 'white' : 'original')} data={[{ value: 'original', label: t('tryon.bgOriginal') }, { value: 'white', label: t('tryon.bgWhite') }]} />
        <Select size="xs" w={100} aria-label={t('tryon.format')} value={format} onChange={(v) => setFormat(v === 'png' ? 'png' : 'jpeg')} data={[{ value: 'jpeg', label: 'JPEG' }, { value: 'png', label: 'PNG' }]} />
        <Button size="xs" disabled={!chosen.length} loading={busy} onClick={() => void exportNow()} data-testid="tryon-export">
          {t('tryon.export', { n: chosen.length })}
        </Button>
      </Group>
      {error ? <Alert color="red" data-testid="tryon-export-error">{render(error)}</Alert> : null}
      {files.length ? (
        <Stack gap={2} data-testid="tryon-exported">
          <Text size="xs">{t('tryon.exported', { n: files.length, count: files.length })}</Text>
          {files.map((f) => (isDesktop() ? <Text key={f} size="xs" c="dimmed">{f}</Text> : <a key={f} href={downloadUrl(f)} download style={{ fontSize: 12 }}>{f.split(/[\\/]/).pop()}</a>))}
        </Stack>
      ) : null}
    </Stack>
  );
}
