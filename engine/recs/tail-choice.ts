/**
 * Which form of the merchant's tail control the product uses, and the γ it suggests: both forms are measured on the
 * validation item (never the test item) and the tail lift replaces the popularity discount only where it gives more
 * long-tail share at the same or less NDCG@10 loss.
 */
import { evaluate } from './metrics';
import type { Split } from './split';
import { popularityOf, TAIL_LIFT_STEPS, TAIL_STEPS, tailLiftReranker, tailReranker } from './tail';
import type { Interactions, RecModel } from './types';
import { tailItems } from './metrics';

/** The two forms: `discount` subtracts γ·ln(1 + popularity), `lift` adds γ to every long-tail item. */
export const TAIL_FORMS = ['discount', 'lift'] as const;
/** One form of the tail control. */
export type TailForm = (typeof TAIL_FORMS)[number];

/** One measured step of a tail control (validation item). */
export interface TailEffect {
  gamma: number;
  ndcg: number;
  tailShare: number;
  coverage: number;
}

/** The NDCG@10 loss the suggested γ may cost against no control (the budget: 5%). */
export const TAIL_MAX_LOSS = 0.05;

/** The control chosen for a model: its form, the suggested γ and what that γ did on the validation item. */
export interface TailChoice {
  form: TailForm;
  gamma: number;
  /** Validation NDCG@10 and tail share without any control, and with the chosen form at `gamma`. */
  plainNdcg: number;
  plainTailShare: number;
  ndcg: number;
  tailShare: number;
  /** Relative NDCG@10 loss at `gamma` (0.03 = 3% lower), on the validation item. */
  loss: number;
  /** Each form's own pick (the most tail share within TAIL_MAX_LOSS), to show why the form was chosen. */
  picks: Record<TailForm, { gamma: number; ndcg: number; tailShare: number; loss: number }>;
}

function lossOf(plain: number, ndcg: number): number {
  return plain > 0 ? Math.max(0, (plain - ndcg) / plain) : 0;
}

// The step with the most tail share whose loss is at most `maxLoss` (ties keep the smaller γ).
function pick(steps: readonly TailEffect[], maxLoss: number): { gamma: number; ndcg: number; tailShare: number; loss: number } {
  const plain = steps.find((s) => s.gamma === 0) ?? steps[0];
  let best = { gamma: 0, ndcg: plain?.ndcg ?? 0, tailShare: plain?.tailShare ?? 0, loss: 0 };
  for (const s of steps) {
    const loss = lossOf(plain?.ndcg ?? 0, s.ndcg);
    if (loss <= maxLoss + 1e-12 && s.tailShare > best.tailShare + 1e-12) best = { gamma: s.gamma, ndcg: s.ndcg, tailShare: s.tailShare, loss };
  }
  return best;
}

/**
 * Chooses the form and γ from the two measured curves: each form's pick is its most tail share within TAIL_MAX_LOSS;
 * the lift is chosen when, at no more loss than the discount's pick, it reaches more tail share than that pick.
 */
export function chooseTailControl(discount: readonly TailEffect[], lift: readonly TailEffect[], maxLoss = TAIL_MAX_LOSS): TailChoice {
  const d = pick(discount, maxLoss);
  const l = pick(lift, maxLoss);
  const liftAtSameLoss = pick(lift, d.loss);
  const useLift = lift.length > 0 && liftAtSameLoss.tailShare > d.tailShare + 1e-12;
  const c = useLift ? l : d;
  const plain = discount.find((s) => s.gamma === 0) ?? lift.find((s) => s.gamma === 0);
  return {
    form: useLift ? 'lift' : 'discount', gamma: c.gamma, plainNdcg: plain?.ndcg ?? 0, plainTailShare: plain?.tailShare ?? 0, ndcg: c.ndcg, tailShare: c.tailShare, loss: c.loss, picks: { discount: d, lift: l },
  };
}

/** Both forms' effect on NDCG@10, tail share and coverage on the validation item, for each of their γ steps. */
export function measureTailForms(model: RecModel, d: Interactions, split: Split, seed: number): Record<TailForm, TailEffect[]> {
  const pop = popularityOf(split.train.seqs, d.itemIds.length);
  const tail = tailItems(split.train.seqs, d.itemIds.length);
  const run = (steps: readonly number[], rerank: (g: number) => (s: Float32Array, o: number) => void): TailEffect[] => steps.map((gamma) => {
    const m = evaluate(model, d, split, { protocol: 'full', phase: 'valid', seed, rerank: rerank(gamma) });
    return { gamma, ndcg: m.ndcg, tailShare: m.tailShare, coverage: m.coverage };
  });
  return { discount: run(TAIL_STEPS, (g) => tailReranker(pop, g)), lift: run(TAIL_LIFT_STEPS, (g) => tailLiftReranker(tail, g)) };
}

/** The re-ranker of a form at γ for evaluate() (popularity and tail from the training part). */
export function tailRerankerOf(form: TailForm, d: Interactions, split: Split, gamma: number): (s: Float32Array, o: number) => void {
  return form === 'lift' ? tailLiftReranker(tailItems(split.train.seqs, d.itemIds.length), gamma) : tailReranker(popularityOf(split.train.seqs, d.itemIds.length), gamma);
}

/** What `desk recs evaluate --json` adds per model: the control chosen on validation and its effect on the test item. */
export interface TailReport extends TailChoice {
  test: { plainNdcg: number; plainTailShare: number; ndcg: number; tailShare: number; loss: number };
}

/** Measures both forms on validation, chooses one, then measures the choice on the test item (reported, never chosen on). */
export function tailReport(model: RecModel, d: Interactions, split: Split, seed: number): TailReport {
  const forms = measureTailForms(model, d, split, seed);
  const c = chooseTailControl(forms.discount, forms.lift);
  const plain = evaluate(model, d, split, { protocol: 'full', phase: 'test', seed });
  const m = c.gamma > 0 ? evaluate(model, d, split, { protocol: 'full', phase: 'test', seed, rerank: tailRerankerOf(c.form, d, split, c.gamma) }) : plain;
  return { ...c, test: { plainNdcg: plain.ndcg, plainTailShare: plain.tailShare, ndcg: m.ndcg, tailShare: m.tailShare, loss: plain.ndcg > 0 ? (plain.ndcg - m.ndcg) / plain.ndcg : 0 } };
}
