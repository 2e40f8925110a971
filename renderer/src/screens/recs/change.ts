/** A relative accuracy change as shown next to the tail control: "+0.3", "−2.1" or "0" (percent, one decimal). */
import type { Formatters } from '../../format';

/** NDCG@10 with the control against without, signed (the control can also raise it). */
export function accuracyChange(f: Formatters, without: number, withControl: number): string {
  const change = without > 0 ? Math.round((1000 * (withControl - without)) / without) / 10 : 0;
  return change === 0 ? f.num(0, 1) : `${change > 0 ? '+' : '−'}${f.num(Math.abs(change), 1)}`;
}
