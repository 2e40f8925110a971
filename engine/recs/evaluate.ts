/** Runs the named models through the leave-last-out evaluation: train on the training part, report HR/NDCG/coverage/tail. */
import { performance } from 'node:perf_hooks';
import { evaluate, type EvalMetrics, type Protocol } from './metrics';
import { createModel, type ModelName } from './registry';
import { leaveLastOut, type Split } from './split';
import { tailReportWith, type TailReport } from './tail-choice';
import type { Interactions, RecModel, TrainHooks } from './types';
import type { HybridForm, HybridRecommender } from './hybrid';

/** One model's row in the comparison. */
export interface ModelReport extends EvalMetrics {
  model: ModelName;
  trainSeconds: number;
  /** Validation NDCG@10 (what tuning may look at). */
  validNdcg: number;
  /** Validation NDCG@10 over the customers whose validation item is new to them, and how many they are. */
  validNdcgNew?: number;
  validNewTargets?: number;
  /** Set when the model could not run on this data (the row then holds zeros). */
  skipped: string | null;
  /** The tail control chosen on the validation item and its effect on the test item (when asked for; `tailControl`). */
  tailControl?: TailReport | null;
  /** The Transformers trained for this row (an ensemble's members, within the time cap). */
  members?: number;
  /** Threads that trained the members side by side (`trainSeconds` is the wall time). */
  threads?: number;
  /** The hybrid's co-occurrence weight (chosen on the Transformer's inner check) and how it combines the two. */
  hybrid?: { weight: number; form: HybridForm };
}

/** Options of one evaluation run. */
export interface EvaluateOptions {
  models: ModelName[];
  protocol: Protocol;
  seed: number;
  hooks?: TrainHooks;
  /** Extra options per model (e.g. the sequential model's epochs). */
  modelOptions?: Partial<Record<ModelName, Record<string, unknown>>>;
  /** Called with each trained model and its measured row before it is disposed (to measure more or to produce lists). */
  onTrained?: (name: ModelName, model: RecModel, split: Split, row: ModelReport) => Promise<void> | void;
  /** Also choose each model's tail control on the validation item and measure it on the test item (tail-choice.ts). */
  tailControl?: boolean;
  /** Called as each model starts training, starts being scored and is done (for a progress display). */
  onStage?: (s: EvaluateStage) => void;
}

/** Where an evaluation run is: the model (1-based index of count), and its stage. */
export interface EvaluateStage {
  model: ModelName;
  index: number;
  count: number;
  stage: 'training' | 'scoring' | 'done' | 'failed';
  /** Seconds spent on this model so far (training, or training and scoring when done). */
  seconds: number;
  /** The test item's NDCG@10 once done. */
  ndcg?: number;
}

/** Trains and evaluates each model in turn; one that fails is reported with the reason, never thrown. */
export async function evaluateModels(d: Interactions, o: EvaluateOptions): Promise<ModelReport[]> {
  const split = leaveLastOut(d);
  const out: ModelReport[] = [];
  // The hybrid reuses the Transformer trained just before it in the same run (and counts its training time).
  const hybridLater = o.models.indexOf('hybrid') > o.models.indexOf('sasrec') && o.models.includes('sasrec');
  let kept: { model: RecModel; seconds: number } | null = null;
  try {
    for (const [index, name] of o.models.entries()) {
      const stage = (st: EvaluateStage['stage'], seconds: number, ndcg?: number): void =>
        o.onStage?.({ model: name, index: index + 1, count: o.models.length, stage: st, seconds, ...(ndcg === undefined ? {} : { ndcg }) });
      const reuse: { model: RecModel; seconds: number } | null = name === 'hybrid' && kept ? kept : null;
      const opts = name === 'hybrid' ? { ...(o.modelOptions?.sasrec ?? {}), ...(o.modelOptions?.hybrid ?? {}), ...(reuse ? { trained: reuse.model } : {}) } : o.modelOptions?.[name] ?? {};
      const model = await createModel(name, opts);
      let keep = false;
      try {
        const t0 = performance.now();
        stage('training', 0);
        await model.fit(split.train, { ...o.hooks, seed: o.seed });
        const trainSeconds: number = (performance.now() - t0) / 1000 + (reuse?.seconds ?? 0);
        stage('scoring', trainSeconds);
        // With the tail control, its γ steps and the plain figures come from one scoring pass per item.
        const withTail = o.tailControl ? tailReportWith(model, d, split, o.seed, o.protocol) : null;
        const v = withTail?.valid ?? evaluate(model, d, split, { protocol: o.protocol, phase: 'valid', seed: o.seed });
        const t = withTail?.test ?? evaluate(model, d, split, { protocol: o.protocol, phase: 'test', seed: o.seed });
        const tail = withTail?.report;
        const m = model as Partial<{ members: () => readonly unknown[]; lastFit: { threads?: number } | null }>;
        const members = typeof m.members === 'function' ? m.members().length : undefined;
        const threads = m.lastFit?.threads;
        const h = name === 'hybrid' ? (model as HybridRecommender) : null;
        const row: ModelReport = { model: name, ...t, trainSeconds, validNdcg: v.ndcg, validNdcgNew: v.ndcgNew, validNewTargets: v.newTargets, skipped: null, ...(tail ? { tailControl: tail } : {}), ...(members ? { members } : {}), ...(threads ? { threads } : {}), ...(h ? { hybrid: { weight: h.weight, form: h.form } } : {}) };
        out.push(row);
        await o.onTrained?.(name, model, split, row);
        stage('done', (performance.now() - t0) / 1000 + (reuse?.seconds ?? 0), t.ndcg);
        if (name === 'sasrec' && hybridLater) {
          kept = { model, seconds: trainSeconds };
          keep = true;
        }
      } catch (e) {
        if ((e as { code?: string }).code === 'cancelled') throw e;
        if (process.env.DESK_RECS_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
        out.push({ model: name, hr: 0, ndcg: 0, coverage: 0, tailShare: 0, users: split.evalUsers.length, ndcgNew: 0, newTargets: 0, trainSeconds: 0, validNdcg: 0, skipped: (e as Error).message });
        stage('failed', 0);
      } finally {
        if (!keep) model.dispose();
      }
    }
  } finally {
    (kept as { model: RecModel } | null)?.model.dispose();
  }
  return out;
}
