/** Axis ticks on round steps, with just enough decimals that no two tick labels read the same. */

/** Evenly spaced ticks covering [min, max] on a 1/2/2.5/5 × 10^k step, and the decimals that tell them apart. */
export function niceTicks(min: number, max: number, count = 5): { ticks: number[]; decimals: number } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { ticks: [0, 1], decimals: 0 };
  let lo = Math.min(min, max);
  let hi = Math.max(min, max);
  if (hi - lo < 1e-9 * Math.max(1, Math.abs(hi))) {
    // A flat series: one step either side, so the axis still has distinct labels.
    const pad = Math.abs(hi) > 0 ? Math.abs(hi) * 0.1 : 1;
    lo -= pad;
    hi += pad;
  }
  const raw = (hi - lo) / Math.max(1, count - 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const start = Math.floor(lo / step) * step;
  const ticks: number[] = [];
  for (let i = 0; i < 50; i++) {
    const v = Number((start + i * step).toFixed(12));
    ticks.push(v);
    if (v >= hi - 1e-12) break;
  }
  // Decimals of the step itself (2.5 × 10^-1 needs two): every tick is then written exactly.
  let decimals = 0;
  while (decimals < 10 && Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) > 1e-6) decimals++;
  return { ticks, decimals };
}
