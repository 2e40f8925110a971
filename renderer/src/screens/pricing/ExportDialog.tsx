/** The Export dialog: marketplace format, encoding, column mapping, which rows (changed since the last export there, price changed since a date), then what was written and held back. */
import { useEffect, useState, type ReactNode } from 'react';
import { Button, Checkbox, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { DateInput, DatesProvider } from '@mantine/dates';
import { useMutation, useQuery } from '@tanstack/react-query';
import 'dayjs/locale/zh-cn';
import { useTranslation } from 'react-i18next';
import type { OpInput } from '../../../../engine/api/ops/index';
import { call } from '../../api/client';
import { notifyError } from '../../components/notify';
import { ExportResult } from './ExportResult';
import { MappingEditor } from './MappingEditor';
import { msg } from '../../i18n/msg';

type Input = OpInput<'export.run'>;
type Format = Input['format'];
type Encoding = NonNullable<Input['encoding']>;

const ENCODINGS: Encoding[] = ['utf8', 'utf8-bom', 'gb18030'];

/** Export dialog. */
export function ExportDialog({ opened, onClose }: { opened: boolean; onClose: () => void }): ReactNode {
  const { t, i18n } = useTranslation();
  const zh = i18n.language === 'zh';
  const formats = useQuery({ queryKey: ['export.formats'], queryFn: () => call('export.formats', {}), enabled: opened });
  const mappings = useQuery({ queryKey: ['export.mappings.list'], queryFn: () => call('export.mappings.list', {}), enabled: opened });
  const [format, setFormat] = useState<Format | null>(null);
  const [encoding, setEncoding] = useState<Encoding>('utf8');
  const [mapping, setMapping] = useState<string | null>('p:other');
  const [onlyChanged, setOnlyChanged] = useState(true);
  const [since, setSince] = useState('');
  const [shopifyLegacy, setShopifyLegacy] = useState(false);
  const [amazonMinMax, setAmazonMinMax] = useState(false);
  const [ebay, setEbay] = useState({ site: 'US', country: 'US', currency: 'USD' });
  const [editing, setEditing] = useState(false);
  const mapped = format === 'csv' || format === 'xlsx';
  // The form a result was written with: a result shows only while the form still describes that file. Closed and
  // reopened, or with another format, mapping or row choice, the dialog kept the earlier result under the new form.
  const formKey = (only: boolean): string => JSON.stringify([format, encoding, mapping, only, since, shopifyLegacy, amazonMinMax, ebay]);
  const [ranWith, setRanWith] = useState<string | null>(null);
  const form = formKey(onlyChanged);
  // Changed back, the form would match again: the result stays cleared (it would read as a new run).
  useEffect(() => {
    if (ranWith !== null && ranWith !== form) setRanWith(null);
  }, [ranWith, form]);
  const run = useMutation({
    // `all`: the result's "Write all products" (nothing had changed): the same file without "only changed".
    mutationFn: (all: boolean) => {
      const input: Input = { format: format as Format, encoding, onlyChanged: onlyChanged && !all, since: since || null, options: {} };
      if (mapped && mapping?.startsWith('m:')) input.mappingId = Number(mapping.slice(2));
      if (mapped && mapping?.startsWith('p:')) input.preset = mapping.slice(2);
      if (format === 'shopify') input.options = { shopifyLegacy };
      if (format === 'amazon') input.options = { amazonMinMax };
      if (format === 'ebay') input.options = { ebaySiteId: ebay.site, ebayCountry: ebay.country, ebayCurrency: ebay.currency };
      return call('export.run', input);
    },
    onError: (e) => notifyError(msg('priceExport.failed'), e),
  });
  const { reset } = run;
  useEffect(() => {
    if (!opened) return;
    reset();
    setRanWith(null);
  }, [opened, reset]);
  const pickFormat = (v: Format | null): void => {
    setFormat(v);
    // The mapping already picked (Other, at first) brings its encoding too when the file becomes a CSV.
    const m = (mappings.data ?? []).find((x) => key(x) === mapping);
    if (m && v === 'csv') setEncoding(m.encoding);
  };
  const pickMapping = (v: string | null): void => {
    setMapping(v);
    // A preset or saved mapping remembers the encoding its marketplace reads (Taobao: GB18030).
    const m = (mappings.data ?? []).find((x) => key(x) === v);
    if (m && format === 'csv') setEncoding(m.encoding);
  };
  const key = (m: { id: number | null; preset: string | null }): string => (m.id !== null ? `m:${m.id}` : `p:${m.preset}`);
  // A built-in preset is named in the UI's language ("其他平台（预设）"); a saved mapping by the name the merchant gave it.
  const mappingLabel = (m: { name: string; preset: string | null; builtIn: boolean }): string =>
    m.builtIn && m.preset && i18n.exists(`priceExport.preset.${m.preset}`) ? t(`priceExport.preset.${m.preset}`) : m.name;
  const current = (mappings.data ?? []).find((m) => key(m) === mapping);
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={t('priceExport.title')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      data-testid="pricing-export-dialog"
    >
      <Stack gap="sm">
        <Select
          label={t('priceExport.format')}
          placeholder={t('priceExport.formatPick')}
          data={(formats.data?.formats ?? []).map((x) => ({ value: x.id, label: zh ? x.name_zh : x.name_en }))}
          value={format}
          onChange={(v) => pickFormat(v as Format | null)}
          allowDeselect={false}
          data-testid="export-format"
        />
        {mapped && (
          <Select
            label={t('priceExport.mapping')}
            description={t('priceExport.mappingHint')}
            data={(mappings.data ?? []).filter((m) => m.builtIn || m.format === format).map((m) => ({ value: key(m), label: mappingLabel(m) }))}
            value={mapping}
            onChange={pickMapping}
            allowDeselect={false}
            data-testid="export-mapping"
          />
        )}
        {mapped && (
          <Button variant="subtle" size="compact-sm" w="fit-content" onClick={() => setEditing((e) => !e)} data-testid="export-mapping-edit">
            {t('priceExport.mappingEdit')}
          </Button>
        )}
        {mapped && editing && formats.data && (
          <MappingEditor
            key={mapping ?? ''}
            start={current}
            format={format}
            fields={formats.data.fields}
            encoding={encoding}
            onSaved={(id) => {
              setMapping(`m:${id}`);
              setEditing(false);
            }}
          />
        )}
        {format !== 'xlsx' && (
          <Select
            label={t('priceExport.encoding')}
            data={ENCODINGS.map((e) => ({ value: e, label: t(`priceExport.enc.${e}`) }))}
            value={encoding}
            onChange={(v) => setEncoding((v as Encoding | null) ?? 'utf8')}
            allowDeselect={false}
            data-testid="export-encoding"
          />
        )}
        {format === 'shopify' && <Checkbox label={t('priceExport.shopifyLegacy')} checked={shopifyLegacy} onChange={(e) => setShopifyLegacy(e.currentTarget.checked)} />}
        {format === 'amazon' && <Checkbox label={t('priceExport.amazonMinMax')} checked={amazonMinMax} onChange={(e) => setAmazonMinMax(e.currentTarget.checked)} />}
        {format === 'ebay' && (
          <Group grow gap="xs">
            <TextInput label={t('priceExport.ebaySite')} value={ebay.site} onChange={(e) => setEbay({ ...ebay, site: e.currentTarget.value })} />
            <TextInput label={t('priceExport.ebayCountry')} value={ebay.country} onChange={(e) => setEbay({ ...ebay, country: e.currentTarget.value.toUpperCase() })} />
            <TextInput label={t('priceExport.ebayCurrency')} value={ebay.currency} onChange={(e) => setEbay({ ...ebay, currency: e.currentTarget.value.toUpperCase() })} />
          </Group>
        )}
        <Checkbox
          label={t('priceExport.onlyChanged')}
          description={t('priceExport.onlyChangedHint')}
          checked={onlyChanged}
          onChange={(e) => setOnlyChanged(e.currentTarget.checked)}
          data-testid="export-only-changed"
        />
        {/* Mantine's date field, not the browser's: Chromium formats <input type="date"> by the system locale
            ("mm/dd/yyyy" in a Chinese UI); this one shows YYYY-MM-DD and a calendar in the app's language. */}
        <DatesProvider settings={{ locale: zh ? 'zh-cn' : 'en', firstDayOfWeek: 1 }}>
          <DateInput
            styles={{ input: { maxWidth: 220 } }}
            label={t('priceExport.since')}
            description={t('priceExport.sinceHint')}
            placeholder="YYYY-MM-DD"
            valueFormat="YYYY-MM-DD"
            monthLabelFormat={zh ? 'YYYY年M月' : 'MMMM YYYY'}
            clearable
            popoverProps={{ withinPortal: true }}
            value={since || null}
            onChange={(v) => setSince(v ?? '')}
            data-testid="export-since"
          />
        </DatesProvider>
        <Text size="xs" c="dimmed">
          {t('priceExport.guardNote')}
        </Text>
        <Button
          disabled={!format}
          loading={run.isPending}
          onClick={() => {
            setRanWith(form);
            run.mutate(false);
          }}
          data-testid="export-run"
        >
          {t('priceExport.run')}
        </Button>
        {run.data && ranWith === form && (
          <ExportResult
            result={run.data}
            since={since}
            onWriteAll={() => {
              setOnlyChanged(false);
              setRanWith(formKey(false));
              run.mutate(true);
            }}
          />
        )}
      </Stack>
    </Modal>
  );
}
