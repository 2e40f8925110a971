/** What the Pricing screen says after recommending: the categories whose saved agent was damaged, apart from those never trained. */
import { msg, type Msg } from '../../i18n/msg';
import type { OpResult } from '../../../../engine/api/ops/index';

type Recommended = Pick<OpResult<'pricing.recommend'>, 'count' | 'missingAgents' | 'warnings'>;

/** The categories whose saved agent file was damaged and ignored in this run, once each, in the order reported. */
export function damagedCategories(r: Pick<Recommended, 'warnings'>): string[] {
  return [...new Set(r.warnings.flatMap((w) => (w.what === 'agent' && w.category !== null ? [w.category] : [])))];
}

const categories = (codes: readonly string[]): Msg => ({ list: codes.map((c) => ({ code: 'category', value: c })) });

/**
 * The confirmation note: how many recommendations were written and, below it, the categories with no agent at all. A
 * damaged agent's category is left out of that line (its own alert says it was trained but could not be read), so the
 * two never contradict each other.
 */
export function recommendedNote(r: Recommended): { title: Msg; message: Msg | null } {
  const damaged = damagedCategories(r);
  const missing = r.missingAgents.filter((c) => !damaged.includes(c));
  return {
    title: msg('pricing.recommended', { n: r.count, count: r.count }),
    message: missing.length ? msg('pricing.missingAgents', { list: categories(missing) }) : null,
  };
}

/** The alert about damaged agents: which categories, that their SKUs got one-step prices, and to train again. */
export function damagedAgentsAlert(codes: readonly string[]): { title: Msg; body: Msg } {
  const n = codes.length;
  return { title: msg('pricing.damaged.title', { count: n }), body: msg('pricing.damaged.body', { list: categories(codes), count: n }) };
}
