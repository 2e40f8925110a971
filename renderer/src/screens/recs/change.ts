/** A relative accuracy change as shown next to the tail control: "+0.3", "−2.1" or "0" (percent, one decimal). */
import type { Formatters } from '../../format';

/** NDCG@10 with the control against without, signed (the control can also raise it). */
export function accuracyChange(f: Formatters, without: number, withControl: number): string {
  return f.signed(without > 0 ? (100 * (withControl - without)) / without : 0, 1);
}
