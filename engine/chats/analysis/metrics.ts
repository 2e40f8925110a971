/** Classification scores: accuracy, macro-F1 and per-class precision / recall. */

/** Scores of predictions against gold labels. */
export interface ClassScores {
  n: number;
  accuracy: number;
  macroF1: number;
  perClass: { label: string; precision: number; recall: number; f1: number; support: number }[];
}

/** Computes the scores; classes are those present in gold or predictions. */
export function scoreLabels(gold: readonly string[], pred: readonly string[]): ClassScores {
  const labels = [...new Set([...gold, ...pred])].sort();
  let correct = 0;
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  gold.forEach((g, i) => {
    const p = pred[i];
    if (g === p) {
      correct++;
      tp.set(g, (tp.get(g) ?? 0) + 1);
    } else {
      fp.set(p, (fp.get(p) ?? 0) + 1);
      fn.set(g, (fn.get(g) ?? 0) + 1);
    }
  });
  const perClass = labels.map((label) => {
    const t = tp.get(label) ?? 0;
    const precision = t + (fp.get(label) ?? 0) ? t / (t + (fp.get(label) ?? 0)) : 0;
    const recall = t + (fn.get(label) ?? 0) ? t / (t + (fn.get(label) ?? 0)) : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support: t + (fn.get(label) ?? 0) };
  });
  const present = perClass.filter((c) => c.support > 0);
  return { n: gold.length, accuracy: gold.length ? correct / gold.length : 0, macroF1: present.length ? present.reduce((s, c) => s + c.f1, 0) / present.length : 0, perClass };
}
