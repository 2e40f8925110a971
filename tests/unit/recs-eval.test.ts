import { describe, expect, it } from 'vitest';
import { fromRows, parseSasrec } from '../../engine/recs/data';
import { evaluateModels } from '../../engine/recs/evaluate';
import { evaluate } from '../../engine/recs/metrics';
import { leaveLastOut } from '../../engine/recs/split';
import type { History, RecModel, TrainData } from '../../engine/recs/types';
import { plantedWalks } from './recs-fixtures';

/** A cheating model: scores highest every item it saw for the user in training and in the history it is given. */
class Peeker implements RecModel {
  readonly name = 'peeker';
  private seen: Set<number>[] = [];
  private n = 0;
  async fit(d: TrainData): Promise<void> {
    this.n = d.nItems;
    this.seen = d.seqs.map((s) => new Set(s));
  }
  score(hs: History[]): Float32Array {
    const out = new Float32Array(hs.length * this.n);
    hs.forEach((h, j) => {
      for (const i of this.seen[h.user] ?? []) out[j * this.n + i] = 1;
      for (const i of h.items) out[j * this.n + i] = 1;
    });
    return out;
  }
  dispose(): void {}
}

// Users never repeat an item here, so the only way to find the target is to have seen it.
function distinctWalks() {
  return plantedWalks({ groups: 1, size: 200, users: 300, steps: 12, seed: 9 });
}

describe('recommendation evaluation (SASRec leave-last-out)', () => {
  it('scores customers whose held-out item repeats their history apart: a model that only re-ranks history is at chance on new items', async () => {
    // Half the customers end by buying something they viewed earlier (a repeat), half end on an item new to them.
    const seqs: Int32Array[] = [];
    for (let u = 0; u < 200; u++) {
      const a = (u * 7) % 50;
      const b = (a + 1) % 50;
      const c = (a + 2) % 50;
      seqs.push(Int32Array.from(u % 2 ? [a, b, c, a] : [a, b, c, (a + 3) % 50]));
    }
    const d = { userIds: seqs.map((_, u) => String(u)), itemIds: Array.from({ length: 50 }, (_, i) => String(i)), seqs, problems: parseSasrec('').problems };
    const split = leaveLastOut(d);
    const m = new Peeker();
    await m.fit(split.train);
    const r = evaluate(m, d, split, { protocol: 'full', phase: 'test', seed: 1 });
    expect(r.newTargets).toBe(100);
    // Every repeat is ranked first (the other history items are never ranked); a new item ties with the 46 others.
    expect(r.ndcg).toBeGreaterThan(0.5);
    expect(r.ndcgNew).toBeLessThan(0.2);
    expect(r.ndcg - r.ndcgNew).toBeGreaterThan(0.4);
  });

  it('leaks nothing: a model that peeks at all it is given ranks the test item at chance', async () => {
    const d = distinctWalks();
    const split = leaveLastOut(d);
    const m = new Peeker();
    await m.fit(split.train);
    const r = evaluate(m, d, split, { protocol: 'full', phase: 'test', seed: 1 });
    const chance = 10 / (200 - 11);
    expect(r.hr).toBeLessThan(chance + 3 * Math.sqrt((chance * (1 - chance)) / r.users));
    // The same peeker on a split that leaks the target into training finds it every time: the check can fail.
    const leaky = { ...split, train: { ...split.train, seqs: d.seqs } };
    const l = new Peeker();
    await l.fit(leaky.train);
    expect(evaluate(l, d, leaky, { protocol: 'full', phase: 'test', seed: 1 }).hr).toBe(1);
  });

  it('splits as SASRec: last item is the test target, the one before it validation, users under 3 items train only', () => {
    const d = parseSasrec('1 a\n1 b\n1 c\n1 d\n2 a\n2 b\n');
    const s = leaveLastOut(d);
    const a = d.itemIds.indexOf('a');
    expect([...s.train.seqs[0]]).toEqual([a, d.itemIds.indexOf('b')]);
    expect(s.valid[0]).toBe(d.itemIds.indexOf('c'));
    expect(s.test[0]).toBe(d.itemIds.indexOf('d'));
    expect(s.evalUsers).toEqual([0]);
    expect(s.train.seqs[1].length).toBe(2);
    expect(d.problems.tooShort).toBe(1);
  });

  it('ranks a constant model at chance under sampled100 (10 of 101) with ties broken at random', async () => {
    const d = distinctWalks();
    const r = await evaluateModels(d, { models: ['pop'], protocol: 'sampled100', seed: 2 });
    // Every item is equally popular in training here except for a few: popularity is near-constant.
    expect(r[0].hr).toBeGreaterThan(0.03);
    expect(r[0].hr).toBeLessThan(0.2);
  });

  it('counts bad input instead of failing: bad lines, duplicates, out-of-order times, missing users and items', () => {
    const s = parseSasrec('1 a\n1 a\nonlyone\n\n2 b\n2 c 5\n');
    expect(s.problems).toMatchObject({ lines: 5, badLines: 2, duplicates: 1 });
    // The file's own line numbers (the blank line counts), so the merchant can find them.
    expect(s.problems.skippedLines).toEqual([3, 6]);
    const c = fromRows([['1', 'a', '30'], ['1', 'b', '10'], ['1', 'b', '10'], ['', 'c', '5'], ['2', '', '5'], ['2', 'd', 'soon']], { user: 0, item: 1, time: 2 });
    expect(c.problems).toMatchObject({ lines: 6, duplicates: 1, outOfOrder: 1, unknownUsers: 1, unknownItems: 1, badLines: 1 });
    expect([...c.seqs[0]].map((i) => c.itemIds[i])).toEqual(['b', 'a']);
    // A header on line 1, then a line per row; the reader's own row numbers win where it gives them (blank lines).
    expect(c.problems.skippedLines).toEqual([5, 6, 7]);
    const numbered = fromRows([['1', 'a', '30'], ['', 'c', '5']], { user: 0, item: 1, time: 2 }, [2, 9]);
    expect(numbered.problems.skippedLines).toEqual([9]);
    expect(numbered.problems.skippedTotal).toBe(1);
  });

  it('times are read as the importer reads dates: day-first told by a day above 12, 2024年3月5日, not as month-first guesses', () => {
    const order = (rows: string[][]): string[] => {
      const c = fromRows(rows, { user: 0, item: 1, time: 2 });
      expect(c.problems.badLines).toBe(0);
      return [...c.seqs[0]].map((i) => c.itemIds[i]);
    };
    // 05/03 is 5 March (the column has 13/03), so it comes before 10/03 and 13/03, not in May.
    expect(order([['1', 'may?', '05/03/2024'], ['1', 'late', '13/03/2024'], ['1', 'mid', '10/03/2024']])).toEqual(['may?', 'mid', 'late']);
    expect(order([['1', 'b', '2024年3月12日'], ['1', 'a', '2024年3月5日']])).toEqual(['a', 'b']);
  });
});
