/**
 * A picker that searches on the engine: what the user types (debounced) goes to an operation, the dropdown lists its
 * first matches and, below them, how many more match ("N more — keep typing"). Every customer or product is reachable
 * whatever the store's size; a list loaded once and filtered in the browser stopped at its cap (500 customers, 2,000
 * products).
 */
import { useId, useState, type ReactNode } from 'react';
import { Combobox, InputBase, ScrollArea, Text, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format';

/** One choice: the value the screen uses and the label shown. */
export interface PickerOption {
  value: string;
  label: string;
  /** The label in each UI language where it holds words of one (a product's title): the box and the list follow a
   * language switch at once with it, not only when the search is answered again in the new language. */
  labels?: { en: string; zh: string };
}

/** What a search answers: the first matches and how many match in all. */
export interface PickerPage {
  options: PickerOption[];
  total: number;
  /** Records the text finds that cannot be picked (a customer without a list yet), said by `nothingListed`. */
  unlisted?: number;
}

/** How long typing pauses before the engine is asked. */
export const PICKER_DEBOUNCE_MS = 250;

/** Props of the picker. */
export interface EnginePickerProps {
  value: string | null;
  onChange: (value: string | null, option: PickerOption | null) => void;
  /** Cache key of the searches (the search text is appended). */
  queryKey: readonly unknown[];
  /** Asks the engine for the options matching the text ('' for the first ones). */
  search: (text: string) => Promise<PickerPage>;
  /** The chosen option's label where the screen knows it (a value set before any search listed it, or the label in the
   * language of the moment after a switch); after a language switch it wins over the label the option had when picked. */
  valueLabel?: string | null;
  label?: string;
  placeholder?: string;
  ariaLabel?: string;
  nothingFound: string;
  /** Said instead of `nothingFound` where the text finds only records that cannot be picked (`PickerPage.unlisted`). */
  nothingListed?: (n: number) => string;
  w?: number;
  leftSection?: ReactNode;
  clearable?: boolean;
  disabled?: boolean;
  testid: string;
}

/** The picker. Its input carries `data-results-for`: the search the listed options answer (absent while one is on its way). */
export function EnginePicker(p: EnginePickerProps): ReactNode {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const listId = useId();
  const combobox = useCombobox({
    onDropdownOpen: () => combobox.updateSelectedOptionIndex('active', { scrollIntoView: true }),
    onDropdownClose: () => combobox.resetSelectedOption(),
  });
  // null while the user is not typing: the box then shows the chosen option and the list the first options.
  const [typing, setTyping] = useState<string | null>(null);
  // The option picked, with the language its label was written in: a label holding a product title is stale after a
  // language switch ('Stainless Steel Classic Watch Silver (JW-T001)' stayed in the box of a screen now in 中文).
  const [picked, setPicked] = useState<(PickerOption & { lang: string }) | null>(null);
  const text = (typing ?? '').trim();
  const [query] = useDebouncedValue(text, PICKER_DEBOUNCE_MS);
  const list = useQuery({ queryKey: [...p.queryKey, query], queryFn: () => p.search(query), placeholderData: keepPreviousData });
  const options = list.data?.options ?? [];
  const more = list.data ? Math.max(0, list.data.total - options.length) : 0;
  const answered = list.isSuccess && !list.isFetching && !list.isPlaceholderData && query === text;
  const mine = picked?.value === p.value ? picked : null;
  // An option's label in the language of this render: the list kept on screen while a switch's search is answered
  // holds the other language's labels.
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const labelOf = (o: PickerOption): string => o.labels?.[lang] ?? o.label;
  const listed = options.find((o) => o.value === p.value);
  // The picked option's label in the language of the moment where it has one per language; else the label it was
  // written with while the language is the same; after a switch, the screen's label or the listed option's, the old
  // label only when neither is there yet.
  const chosenLabel =
    p.value === null ? '' : mine?.labels ? labelOf(mine) : mine?.lang === i18n.language ? mine.label : (p.valueLabel ?? (listed && labelOf(listed)) ?? mine?.label ?? p.value);
  const choose = (o: PickerOption | null): void => {
    setPicked(o && { ...o, lang: i18n.language });
    setTyping(null);
    combobox.closeDropdown();
    if (o?.value !== p.value) p.onChange(o?.value ?? null, o);
  };
  return (
    <Combobox store={combobox} onOptionSubmit={(v) => choose(options.find((o) => o.value === v) ?? null)}>
      <Combobox.Target withExpandedAttribute>
        <InputBase
          w={p.w}
          label={p.label}
          placeholder={p.placeholder}
          aria-label={p.ariaLabel}
          leftSection={p.leftSection}
          disabled={p.disabled}
          rightSection={p.clearable && p.value !== null && !p.disabled ? <Combobox.ClearButton onClear={() => choose(null)} /> : <Combobox.Chevron />}
          rightSectionPointerEvents={p.clearable && p.value !== null ? 'all' : 'none'}
          value={typing ?? chosenLabel}
          onChange={(e) => {
            setTyping(e.currentTarget.value);
            combobox.openDropdown();
            combobox.resetSelectedOption();
          }}
          onClick={() => combobox.openDropdown()}
          onFocus={(e) => {
            // The chosen label is selected, so typing replaces it.
            e.currentTarget.select();
            combobox.openDropdown();
          }}
          onBlur={() => {
            combobox.closeDropdown();
            setTyping(null);
          }}
          data-testid={p.testid}
          data-results-for={answered ? text : undefined}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={p.disabled}>
        <Combobox.Options id={listId} aria-label={p.label ?? p.ariaLabel}>
          <ScrollArea.Autosize mah={320} type="scroll">
            {options.map((o) => (
              <Combobox.Option key={o.value} value={o.value} active={o.value === p.value}>
                {labelOf(o)}
              </Combobox.Option>
            ))}
          </ScrollArea.Autosize>
          {options.length === 0 ? (
            <Combobox.Empty data-testid={`${p.testid}-empty`}>{list.isFetching ? t('common.loading') : list.data?.unlisted && p.nothingListed ? p.nothingListed(list.data.unlisted) : p.nothingFound}</Combobox.Empty>
          ) : null}
        </Combobox.Options>
        {more > 0 ? (
          <Combobox.Footer>
            <Text size="xs" c="dimmed" data-testid={`${p.testid}-more`} data-more={more}>
              {t('common.pickerMore', { count: more, n: f.num(more) })}
            </Text>
          </Combobox.Footer>
        ) : null}
      </Combobox.Dropdown>
    </Combobox>
  );
}
