/** Screen state kept while the page is open: a search, filter, sort, tab or open item survives a visit to another screen. */
import { useCallback, useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';

// In memory, not in storage: a reload (or a new window) starts every screen afresh, as the app always has.
const kept = new Map<string, unknown>();
// The screens showing each kept value: work started on a visit (a search) that ends after the screen was left and opened
// again reaches the screen now open, not only the one that started it.
const watchers = new Map<string, Set<(v: unknown) => void>>();

/**
 * Like useState, but the value outlives the screen (and a setter called after its screen closed updates the screen
 * open now): leaving Inventory for the Dashboard and coming back finds the
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
  useEffect(() => {
    const watch = (v: unknown): void => setValue(v as T);
    let set = watchers.get(key);
    if (!set) watchers.set(key, (set = new Set()));
    set.add(watch);
    // A value written between this screen's first render and now (by the visit before it) is taken up.
    if (kept.has(key)) setValue(kept.get(key) as T);
    return () => {
      set.delete(watch);
    };
  }, [key]);
  const set = useCallback(
    (v: T) => {
      kept.set(key, v);
      setValue(v);
      // Also from a screen already closed: the one open in its place shows the value.
      for (const w of watchers.get(key) ?? []) w(v);
    },
    [key],
  );
  return [value, set];
}
