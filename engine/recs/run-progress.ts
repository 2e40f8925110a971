/**
 * One progress bar for a training run of several models (the store's `recs.train` job). Each model reports its own
 * progress from 0 to 1 (ALS by sweep, the Transformer by epoch or by its time cap); on their own these made the bar under
 * the Train button fill up once per model and the job's time left, read off the whole run's elapsed time, meaningless
 * after the first model. Here every model gets a share of the bar in estimated seconds: the Transformer its time cap,
 * every other model a small fixed share (on the stores measured they take seconds to a minute or two, the Transformer up to
 * its cap); a finished model's share becomes the time it really took. The bar never moves back.
 */
import type { EvaluateStage } from './evaluate';
import type { ModelName } from './registry';

/** The share of the bar of a model other than the Transformer, as a fraction of the Transformer's cap. */
export const BASELINE_SHARE = 0.03;

/** Raw phase of a model that reports no progress of its own: `model:NAME:i/n` (recsPhase puts it in words). */
export function modelPhase(name: ModelName, index: number, count: number, stage: 'training' | 'scoring'): string {
  return `${stage === 'training' ? 'model' : 'scoring'}:${name}:${index}/${count}`;
}

export interface RunProgress {
  /** Pass as the models' progress hook. */
  progress: (done: number, total: number, phase: string) => void;
  /** Pass as evaluateModels' onStage. */
  onStage: (s: EvaluateStage) => void;
}

/** The bar's units: done of SCALE. */
const SCALE = 1_000_000;

/**
 * Maps the models' own progress onto one bar, reported to `report` as (done, total) in millionths of the run.
 * `transformerSeconds`: the Transformer's time cap.
 */
export function runProgress(models: readonly ModelName[], transformerSeconds: number, report: (done: number, total: number, phase: string) => void, now: () => number = Date.now): RunProgress {
  const cap = Math.max(1, transformerSeconds);
  // The hybrid reuses a Transformer trained before it in the same run; otherwise it trains its own.
  const estimate = models.map((m, i) => (m === 'sasrec' || (m === 'hybrid' && !models.slice(0, i).includes('sasrec')) ? cap : BASELINE_SHARE * cap));
  const took: number[] = [];
  let current = 0;
  let frac = 0;
  let started = now();
  let last = 0;
  let phase = '';
  const emit = (): void => {
    let done = 0;
    let total = 0;
    for (let i = 0; i < models.length; i++) {
      const share = i < took.length ? took[i] : estimate[i];
      total += share;
      if (i < current) done += share;
      else if (i === current) done += share * Math.min(1, frac);
    }
    const f = Math.max(last, total > 0 ? done / total : 0);
    last = f;
    // On a fixed scale, rounded down: the reported share never moves back (rounding on a scale that changed with the
    // estimates did, by a hair, in one run).
    report(Math.floor(f * SCALE), SCALE, phase);
  };
  return {
    progress: (done, total, ph) => {
      frac = total > 0 ? done / total : 0;
      phase = ph;
      emit();
    },
    onStage: (s) => {
      const i = s.index - 1;
      if (s.stage === 'training') {
        current = i;
        frac = 0;
        started = now();
        phase = modelPhase(s.model, s.index, s.count, 'training');
      } else if (s.stage === 'scoring') {
        frac = 1;
        phase = modelPhase(s.model, s.index, s.count, 'scoring');
      } else {
        // Done or failed: its share is the time it took (training and scoring).
        took[i] = Math.max(0.001, (now() - started) / 1000);
        current = i + 1;
        frac = 0;
      }
      emit();
    },
  };
}
