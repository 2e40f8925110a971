/** Edits a csv/xlsx column mapping (target column name <- field) and saves it under a name for later exports. */
import { useState, type ReactNode } from 'react';
import { ActionIcon, Button, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { OpInput, OpResult } from '../../../../engine/api/ops/index';
import { call } from '../../api/client';
import { notifyError } from '../../components/notify';
import { msg } from '../../i18n/msg';

type Mapping = OpResult<'export.mappings.list'>[number];
type Column = OpInput<'export.mappings.save'>['columns'][number];
type Field = Column['field'];

/** Column editor for one mapping; `onSaved` gets the saved mapping's id. */
export function MappingEditor({ start, format, fields, encoding, onSaved }: { start: Mapping | undefined; format: 'csv' | 'xlsx'; fields: readonly Field[]; encoding: Mapping['encoding']; onSaved: (id: number) => void }): ReactNode {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [name, setName] = useState(start && !start.builtIn ? start.name : '');
  const [cols, setCols] = useState<Column[]>(start?.columns.map((c) => ({ ...c })) ?? [{ column: 'sku', field: 'sku' }]);
  const save = useMutation({
    mutationFn: () => call('export.mappings.save', { id: start && !start.builtIn && start.id !== null && start.name === name ? start.id : undefined, name, format, preset: start?.preset ?? null, columns: cols, encoding }),
    onSuccess: (m) => {
      void qc.invalidateQueries({ queryKey: ['export.mappings.list'] });
      if (m.id !== null) onSaved(m.id);
    },
    onError: (e) => notifyError(msg('priceExport.mappingSaveFailed'), e),
  });
  const set = (i: number, c: Partial<Column>): void => setCols(cols.map((x, j) => (j === i ? { ...x, ...c } : x)));
  const ok = name.trim() !== '' && cols.length > 0 && cols.every((c) => c.column.trim() !== '');
  return (
    <Paper withBorder p="xs" data-testid="export-mapping-editor">
      <Stack gap={6}>
        <Text size="xs" c="dimmed">
          {t('priceExport.mappingEditHint')}
        </Text>
        {cols.map((c, i) => (
          <Group key={i} gap="xs" wrap="nowrap">
            <TextInput size="xs" flex={1} aria-label={t('priceExport.mappingColumn')} placeholder={t('priceExport.mappingColumn')} value={c.column} onChange={(e) => set(i, { column: e.currentTarget.value })} />
            <Select size="xs" flex={1} aria-label={t('priceExport.mappingField')} data={fields.map((f) => ({ value: f, label: t(`priceExport.field.${f}`) }))} value={c.field} onChange={(v) => v && set(i, { field: v as Field })} allowDeselect={false} />
            <ActionIcon variant="subtle" color="gray" aria-label={t('priceExport.mappingRemove')} onClick={() => setCols(cols.filter((_, j) => j !== i))} disabled={cols.length === 1}>
              <IconTrash size={14} />
            </ActionIcon>
          </Group>
        ))}
        <Group justify="space-between" gap="xs">
          <Button size="xs" variant="subtle" leftSection={<IconPlus size={14} />} onClick={() => setCols([...cols, { column: '', field: 'price' }])}>
            {t('priceExport.mappingAdd')}
          </Button>
          <Group gap="xs" wrap="nowrap">
            <TextInput size="xs" w={200} aria-label={t('priceExport.mappingName')} placeholder={t('priceExport.mappingName')} value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="export-mapping-name" />
            <Button size="xs" disabled={!ok} loading={save.isPending} onClick={() => save.mutate()} data-testid="export-mapping-save">
              {t('priceExport.mappingSave')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}
