/** Default demo parameters without any dependency, so `desk --help` can show them without loading the generator. */

/** Defaults: 300 SKUs over 912 days (≈ 2.5 years), seed 42; the data ends yesterday unless `end` is given. */
export const DEMO_DEFAULTS = { seed: 42, skus: 300, days: 912 } as const;

/** Yesterday on the local calendar as YYYY-MM-DD: the default last day of the demo, so "today" follows its data. */
export function defaultDemoEnd(now: Date = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
