/** Column pickers for a file the merchant trains or adapts a text model on: the file's own headers, a sensible pick first. */
import { useState, type ReactNode } from 'react';
import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { useLangQuery } from '../../api/langQuery';
import { errorMsg } from '../../i18n/error-msg';
import { useMsg, type Msg } from '../../i18n/msg';

/** A file's columns as the engine read them, and the text and label columns chosen (the engine's pick until the merchant changes it). */
export interface FileColumns {
  columns: string[];
  text: string | null;
  label: string | null;
  setText: (c: string | null) => void;
  setLabel: (c: string | null) => void;
  loading: boolean;
  /** Why the file's columns could not be read, as a message that follows the UI language. */
  error: Msg | null;
}

/** Reads the header of `path` (text.columns) each time the file changes; a new file drops the merchant's earlier choice. */
export function useFileColumns(path: string | null): FileColumns {
  const [chosen, setChosen] = useState<{ path: string | null; text?: string | null; label?: string | null }>({ path: null });
  // One answer per language: an unreadable file's message is worded by the engine in the UI language.
  const q = useLangQuery({ queryKey: ['text.columns', path], queryFn: () => call('text.columns', { csv: path ?? '' }), enabled: path !== null, retry: false });
  const mine = chosen.path === path ? chosen : { path };
  const columns = path && q.data ? q.data.columns : [];
  const pick = (v: string | null | undefined, fallback: string | null): string | null => (v !== undefined ? v : fallback);
  return {
    columns,
    text: path && q.data ? pick(mine.text, q.data.text) : null,
    label: path && q.data ? pick(mine.label, q.data.label) : null,
    setText: (c) => setChosen({ ...mine, path, text: c }),
    setLabel: (c) => setChosen({ ...mine, path, label: c }),
    loading: path !== null && q.isPending,
    error: path && q.error ? errorMsg(q.error) : null,
  };
}

/** One column picker (text or label) over the file's headers. */
export function ColumnSelect({ label, cols, value, onChange, disabled, testid, error }: { label: string; cols: FileColumns; value: string | null; onChange: (c: string | null) => void; disabled: boolean; testid: string; error?: Msg | null }): ReactNode {
  const { t } = useTranslation();
  const render = useMsg();
  const placeholder = cols.loading ? t('chats.models.readingColumns') : cols.columns.length ? t('chats.models.pickColumn') : t('chats.models.columnsFirst');
  return (
    <Select
      label={label}
      placeholder={placeholder}
      data={cols.columns}
      value={value}
      onChange={onChange}
      disabled={disabled || cols.columns.length === 0}
      searchable={cols.columns.length > 8}
      allowDeselect={false}
      w={180}
      error={error ? render(error) : undefined}
      comboboxProps={{ withinPortal: true }}
      data-testid={testid}
    />
  );
}
