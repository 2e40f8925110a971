/** Queries whose answer the engine words in the UI language (reasons, notes, warnings), one cache entry per language. */
import { hashKey, useQuery, type QueryKey, type UseQueryOptions, type UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

/** useQuery's options, less the placeholder (set here); the key is given without the language. */
export type LangQueryOptions<T> = Omit<UseQueryOptions<T, Error, T, QueryKey>, 'placeholderData'>;

/**
 * useQuery with the UI language appended to the key. On a language switch the answer in the other language stays on
 * screen until this language's arrives, and the text then re-translates in place: with a new key and nothing cached
 * the screen drew its loader instead, unmounting what it showed (the open tab's panel, the picked SKU's chart, the
 * selected row) for the first switch of each screen. Only across the language: another key (another SKU) starts
 * empty as before. `isPlaceholderData` is true meanwhile, so a ready signal can wait for the real answer.
 */
export function useLangQuery<T>(options: LangQueryOptions<T>): UseQueryResult<T> {
  const { i18n } = useTranslation();
  const base = hashKey(options.queryKey);
  return useQuery({
    ...options,
    queryKey: [...options.queryKey, i18n.language],
    placeholderData: (previous, previousQuery) => (previousQuery && hashKey(previousQuery.queryKey.slice(0, -1)) === base ? previous : undefined),
  });
}
