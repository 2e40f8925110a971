/** The Export dialog: pick a marketplace format and encoding, write the price list (guardrail-breaking rows are held back). */
import { useState, type ReactNode } from 'react';
import { Button, Checkbox, Modal, Select, Stack, Text } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { OpInput } from '../../../../engine/api/ops/index';
import { call } from '../../api/client';
import { notifyError } from '../../components/notify';

type Format = OpInput<'export.run'>['format'];
type Encoding = NonNullable<OpInput<'export.run'>['encoding']>;

/** Export dialog. */
export function ExportDialog({ opened, onClose }: { opened: boolean; onClose: () => void }): ReactNode {
  const { t, i18n } = useTranslation();
  const formats = useQuery({ queryKey: ['export.formats'], queryFn: () => call('export.formats', {}), enabled: opened });
  const [format, setFormat] = useState<string | null>(null);
  const [encoding, setEncoding] = useState<string>('utf8');
  const [onlyChanged, setOnlyChanged] = useState(true);
  const run = useMutation({
    mutationFn: () => call('export.run', { format: format as Format, encoding: encoding as Encoding, onlyChanged }),
    onError: (e) => notifyError(t('pricing.exportFailed'), e),
  });
  const result = run.data as { path?: string; rowsWritten?: number; rowsHeld?: number } | undefined;
  return (
    <Modal opened={opened} onClose={onClose} title={t('pricing.exportTitle')} data-testid="pricing-export-dialog">
      <Stack gap="sm">
        <Select
          label={t('pricing.exportFormat')}
          data={(formats.data?.formats ?? []).map((x) => ({ value: x.id, label: i18n.language === 'zh' ? x.name_zh : x.name_en }))}
          value={format}
          onChange={setFormat}
          data-testid="export-format"
        />
        <Select label={t('pricing.exportEncoding')} data={[...(formats.data?.encodings ?? ['utf8'])]} value={encoding} onChange={(v) => setEncoding(v ?? 'utf8')} />
        <Checkbox label={t('pricing.exportOnlyChanged')} checked={onlyChanged} onChange={(e) => setOnlyChanged(e.currentTarget.checked)} />
        <Button disabled={!format} loading={run.isPending} onClick={() => run.mutate()} data-testid="export-run">
          {t('pricing.exportRun')}
        </Button>
        {result && (
          <Text size="sm" data-testid="export-result">
            {t('pricing.exportDone', { path: result.path ?? '', written: result.rowsWritten ?? 0, held: result.rowsHeld ?? 0 })}
          </Text>
        )}
      </Stack>
    </Modal>
  );
}
