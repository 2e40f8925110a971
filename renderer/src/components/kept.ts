/** Screen state kept while the page is open: a search, filter, sort, tab or open item survives a visit to another screen. */
import { useCallback, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';

// In memory, not in storage: a reload (or a new window) starts every screen afresh, as the app always has.
const kept = new Map<string, unknown>();

/**
 * Like useState, but the value outlives the screen: leaving Inventory for the Dashboard and coming back finds the
 * search, filters and sort as they were (each screen is unmounted when another opens). Kept under the open store's
 * path, so another store opens on its own state. `replace`, read when the screen opens, is what another screen asked
 * for (visual search opening Inventory at one SKU): it takes the kept value's place.
 */
export function useKept<T>(name: string, initial: T | (() => T), replace?: { value: T }): [T, (v: T) => void] {
  const qc = useQueryClient();
  const store = qc.getQueryData<{ path: string | null }>(['store.current'])?.path ?? '';
  const key = `${store}\u0000${name}`;
  const [value, setValue] = useState<T>(() => {
    if (replace) {
      kept.set(key, replace.value);
      return replace.value;
    }
    if (kept.has(key)) return kept.get(key) as T;
    return typeof initial === 'function' ? (initial as () => T)() : initial;
  });
  const set = useCallback(
    (v: T) => {
      kept.set(key, v);
      setValue(v);
    },
    [key],
  );
  return [value, set];
}
