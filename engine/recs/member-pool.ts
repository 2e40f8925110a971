/**
 * Trains the members of a sequential-Transformer ensemble side by side: one in the calling thread and the others in
 * worker threads (engine/recs/member-worker.ts), each with its own TensorFlow.js backend. The wasm backend computes on
 * one core in Node, so two members side by side on 2 cores take 1.5–1.8 times the time of one (measured on a 2-vCPU
 * machine whose cores share memory bandwidth) instead of twice. Every member is the model its seed
 * trains alone, whichever thread trains it (training is seeded; tested), so the ensemble does not depend on how many
 * threads there were, only on how many members the time cap let start.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { workerEntryUrl } from '../bundle-paths';
import { startPoolThread } from '../pool-thread';
import { createSasrec, type Sasrec } from '../../models/recommend/sasrec';
import { claimMember, CTL_CANCEL, CTL_PROGRESS, memberControl, trainClaimed, type MemberFit, type MemberInput } from './member-fit';
import type { TrainHooks } from './types';

const BOOT_URL = workerEntryUrl('recs-member-worker.mjs', 'recs/member-boot.mjs');

/** Threads at most (each holds a model and its optimiser: ~0.5–1 GB on ml-latest-small's 9,724 items). */
export const MAX_MEMBER_THREADS = 4;

/** What a member thread is given (plain data: it crosses to a worker thread). */
export interface MemberTask extends MemberInput {
  /** Members that start together, each with the whole cap (the threads). */
  parallel: number;
  /** When the shared time cap ends (ms since the epoch: every thread reads the same clock). */
  deadline: number;
  ctl: SharedArrayBuffer;
}

/** A member's serving weights as they cross between threads. */
export interface MemberWeights {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** Messages from a member thread (besides the end, PoolThreadEnd). */
export type WorkerMessage = { type: 'phase'; index: number; phase: string } | { type: 'member'; index: number; fit: MemberFit; weights: MemberWeights[] };

/**
 * Threads to train k members with: one per core up to MAX_MEMBER_THREADS on the single-threaded backends (wasm, cpu);
 * one with TensorFlow's native backend, which already uses every core.
 */
export function memberThreads(k: number, backend: string): number {
  if (backend !== 'wasm' && backend !== 'cpu') return 1;
  return Math.max(1, Math.min(k, availableParallelism(), MAX_MEMBER_THREADS));
}

/** Copies of the arrays (views into one large buffer would each carry the whole buffer to the thread). */
function ownArrays<T extends Int32Array | Uint8Array | Float64Array>(a: T[] | undefined): T[] | undefined {
  return a?.map((x) => x.slice() as T);
}

/**
 * Trains members with the given seeds within one shared cap (seconds), `threads` at a time (1: all in this thread).
 * Returns the models in seed order (the members that were started; the first always is) and what each training did.
 * Cancelling (hooks.checkCancelled throws) stops every thread and rethrows.
 */
export async function trainMembers(
  task: MemberInput & { cap: number; threads: number },
  hooks: TrainHooks = {},
): Promise<{ models: Sasrec[]; fits: MemberFit[] }> {
  const k = task.seeds.length;
  const parallel = Math.max(1, Math.min(task.threads, k));
  const ctl = memberControl(k);
  const deadline = Date.now() + task.cap * 1000;
  const models: (Sasrec | null)[] = new Array<Sasrec | null>(k).fill(null);
  const fits: (MemberFit | null)[] = new Array<MemberFit | null>(k).fill(null);
  const phases: string[] = new Array<string>(k).fill('');
  const started = Date.now();
  // Progress is the members' share of their epochs or the share of the time cap used, whichever is further: a training
  // that the cap will end (a large catalogue, 20 epochs allowed) otherwise sat near 0% for many minutes and its time
  // left was read off the epochs (23 min shown for a run the 13-min cap ended).
  const report = (phase: string): void => {
    if (!hooks.progress) return;
    let done = 0;
    for (let i = 0; i < k; i++) done += Atomics.load(ctl, CTL_PROGRESS + i);
    const byTime = Math.min(1, (Date.now() - started) / Math.max(1, deadline - started));
    hooks.progress(Math.max(done, Math.floor(byTime * 1000 * k)), 1000 * k, phase);
  };
  // With several members the phase names those training now (started, not finished: '[1+2/3] epoch 4/20'), the epoch
  // being the one of the member that reports.
  const label = (i: number, phase: string): string => {
    if (k === 1) return phase;
    const running = Array.from({ length: k }, (_, j) => j).filter((j) => j === i || (Atomics.load(ctl, CTL_PROGRESS + j) > 0 && Atomics.load(ctl, CTL_PROGRESS + j) < 1000));
    return `[${running.map((j) => j + 1).join('+')}/${k}] ${phase}`;
  };
  const cancel = (): void => {
    try {
      hooks.checkCancelled?.();
    } catch (e) {
      Atomics.store(ctl, CTL_CANCEL, 1);
      throw e;
    }
  };
  // The first member is claimed here before any thread starts, so it is always this thread's (and a full model with
  // its content weights: the others come back as serving weights).
  const first = claimMember(ctl, k, parallel, deadline);
  const threads: Promise<void>[] = [];
  const loads: Promise<void>[] = [];
  const workers: Worker[] = [];
  if (parallel > 1) {
    const shared: MemberTask = {
      seq: { nItems: task.seq.nItems, items: ownArrays(task.seq.items) ?? [], kinds: ownArrays(task.seq.kinds) ?? [], gaps: ownArrays(task.seq.gaps) ?? [] },
      inner: task.inner && { users: task.inner.users, targets: task.inner.targets, train: { nItems: task.inner.train.nItems, seqs: ownArrays(task.inner.train.seqs) ?? [], kinds: ownArrays(task.inner.train.kinds), times: ownArrays(task.inner.train.times) } },
      cfg: task.cfg, content: task.content, patience: task.patience, seeds: task.seeds, parallel, deadline, ctl: ctl.buffer as SharedArrayBuffer,
    };
    for (let t = 1; t < parallel; t++) {
      const t = startPoolThread<WorkerMessage>(BOOT_URL, shared, 'recommendation training thread', (m) => {
        if (m.type === 'phase') phases[m.index] = m.phase;
        else {
          const load = createSasrec(task.seq.nItems, { ...task.cfg, seed: m.fit.seed }, null).then((model) => {
            models[m.index] = model;
            model.loadServing(new Map(m.weights.map((x) => [x.name, { shape: x.shape, data: x.data }])));
            fits[m.index] = m.fit;
          });
          load.catch(() => undefined);
          loads.push(load);
        }
      });
      workers.push(t.worker);
      threads.push(t.done);
      // A rejection is read after this thread's own members; until then it must not count as unhandled.
      threads[threads.length - 1].catch(() => undefined);
    }
  }
  try {
    for (let c = first; c; c = claimMember(ctl, k, parallel, deadline)) {
      const { index } = c;
      const { model, fit } = await trainClaimed(ctl, c, task, { phase: (phase) => report(label(index, phase)), checkCancelled: cancel });
      models[index] = model;
      fits[index] = fit;
    }
    if (threads.length) {
      // This thread is done: follow the others' progress and keep checking for cancellation while they finish.
      let stop: unknown = null;
      const poll = setInterval(() => {
        try {
          cancel();
          const i = phases.findIndex((p, j) => p && !fits[j] && !models[j]);
          if (i >= 0) report(label(i, phases[i]));
        } catch (e) {
          stop ??= e;
        }
      }, 250);
      try {
        await Promise.all(threads);
      } finally {
        clearInterval(poll);
      }
      if (stop) throw stop;
      await Promise.all(loads);
    }
    if (Atomics.load(ctl, CTL_CANCEL) === 1) cancel();
    const kept = models.flatMap((m, i) => (m && fits[i] ? [i] : []));
    return { models: kept.map((i) => models[i] as Sasrec), fits: kept.map((i) => fits[i] as MemberFit) };
  } catch (e) {
    Atomics.store(ctl, CTL_CANCEL, 1);
    for (const m of models) m?.dispose();
    // A thread that stopped because of a cancellation reports it as its own error: the job's own one is clearer.
    hooks.checkCancelled?.();
    throw e;
  } finally {
    for (const w of workers) void w.terminate();
  }
}
