/** A small seeded random generator for shuffling training data reproducibly. */

import { mulberry32 } from '../rng';

/** mulberry32: a seeded generator of floats in [0, 1). */
export const makeRng = mulberry32;

/** Fisher-Yates shuffle with the given generator. */
export function shuffleInPlace<T>(a: T[], rng: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
}
