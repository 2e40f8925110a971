/** Seeded random unit vectors for the nearest-neighbour index tests and the vision benchmark. */

/** `n` vectors of `dim` values, each L2-normalised, from a seeded linear congruential generator. */
export function randomUnit(n: number, dim: number, seed: number): Float32Array[] {
  let s = seed;
  const rnd = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  };
  return Array.from({ length: n }, () => {
    const v = Float32Array.from({ length: dim }, rnd);
    let len = 0;
    for (const x of v) len += x * x;
    len = Math.sqrt(len);
    return v.map((x) => x / len);
  });
}
