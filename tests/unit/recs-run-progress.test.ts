// One progress bar for a store's recommendation training: every model's own progress mapped onto its share of the run.
import { describe, expect, it } from 'vitest';
import { recsPhase } from '../../engine/recs/messages';
import { runProgress } from '../../engine/recs/run-progress';
import type { EvaluateStage } from '../../engine/recs/evaluate';
import type { ModelName } from '../../engine/recs/registry';

describe('the training bar of a run of several models', () => {
  it('fills once, never moves back, and gives the Transformer most of it (its time cap), each model named as it starts', () => {
    let clock = 0;
    const seen: { f: number; phase: string }[] = [];
    const models: ModelName[] = ['pop', 'als', 'sasrec', 'hybrid'];
    const bar = runProgress(models, 100, (done, total, phase) => seen.push({ f: done / total, phase }), () => clock);
    const stage = (model: ModelName, stage: EvaluateStage['stage']): void => bar.onStage({ model, index: models.indexOf(model) + 1, count: models.length, stage, seconds: 0 });
    const at = (): number => seen[seen.length - 1].f;
    stage('pop', 'training');
    expect(seen[0]).toEqual({ f: 0, phase: 'model:pop:1/4' });
    clock += 1000;
    stage('pop', 'done');
    stage('als', 'training');
    for (let s = 1; s <= 4; s++) bar.progress(s, 4, 'als');
    expect(at()).toBeLessThan(0.1);
    // ALS took longer than its share (20 s): the bar still only moves on.
    clock += 20_000;
    stage('als', 'scoring');
    expect(seen[seen.length - 1].phase).toBe('scoring:als:2/4');
    stage('als', 'done');
    expect(at()).toBeLessThan(0.25);
    stage('sasrec', 'training');
    bar.progress(500, 1000, 'epoch 3/20');
    // Half its cap: about half of the run, the baselines' real time counted.
    expect(at()).toBeGreaterThan(0.5);
    expect(at()).toBeLessThan(0.65);
    // An early stop at 60 s of the 100 s cap: the bar jumps ahead rather than back.
    clock += 60_000;
    stage('sasrec', 'done');
    expect(at()).toBeGreaterThan(0.9);
    stage('hybrid', 'training');
    clock += 2000;
    stage('hybrid', 'done');
    expect(at()).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i].f).toBeGreaterThanOrEqual(seen[i - 1].f);
  });

  it('a model without progress of its own is named in the job\'s language', () => {
    expect(recsPhase('en', 'model:pop:1/4')).toBe('Best sellers: training (model 1 of 4)');
    expect(recsPhase('zh', 'model:pop:1/4')).toBe('畅销榜：训练中（第 1/4 个模型）');
    expect(recsPhase('zh', 'scoring:sasrec:3/4')).toBe('序列 Transformer：用每位顾客留出的商品评估中（第 3/4 个模型）');
    expect(recsPhase('en', 'scoring:recent-pop:2/7')).toBe("Recent best sellers: measuring on each customer's held-out items (model 2 of 7)");
  });
});
