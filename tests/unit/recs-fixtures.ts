/** Tiny planted interaction sets for the recommendation tests (no files, deterministic). */
import { Rng } from '../../engine/demo/rng';
import { noProblems, type Interactions } from '../../engine/recs/types';

/** Groups of items users walk through in order: user u walks group g from a start, one step at a time (cyclic). */
export function plantedWalks(o: { groups: number; size: number; users: number; steps: number; seed?: number; popularGroup?: number; latest?: { group: number; users: number } }): Interactions {
  const rng = new Rng(o.seed ?? 3);
  const seqs: Int32Array[] = [];
  const times: Float64Array[] = [];
  for (let u = 0; u < o.users; u++) {
    // Half of the users (when asked) crowd into one group, so it is the most popular one.
    let g = o.popularGroup !== undefined && u % 2 === 0 ? o.popularGroup : u % o.groups;
    // The last users (who act last) all take one group: it is the most recently popular.
    if (o.latest && u >= o.users - o.latest.users) g = o.latest.group;
    const start = Math.floor(rng.next() * o.size);
    seqs.push(Int32Array.from({ length: o.steps }, (_, t) => g * o.size + ((start + t) % o.size)));
    // Later users act later: the last group in user order is the most recent.
    times.push(Float64Array.from({ length: o.steps }, (_, t) => u * 1000 + t * 60));
  }
  const n = o.groups * o.size;
  return { userIds: seqs.map((_, u) => `u${u}`), itemIds: Array.from({ length: n }, (_, i) => `i${i}`), seqs, times, kinds: seqs.map((s) => new Uint8Array(s.length).fill(1)), problems: noProblems() };
}
