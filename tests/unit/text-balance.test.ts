// Class-balanced training (the shipped sentiment model uses it): with 9 of 10 training messages positive, an
// unbalanced model leans positive on a message that carries no cue, a balanced one does not; and the TF-IDF baseline
// has the same option, so the benchmark compares like with like.
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../models/backend';
import { BagClassifier } from '../../models/text/bag';
import { trainTfidfLr } from '../../engine/chats/analysis/tfidf-lr';

const texts: string[] = [];
const labels: string[] = [];
for (let i = 0; i < 90; i++) {
  texts.push(`great item ${i % 7} order arrived`);
  labels.push('positive');
}
for (let i = 0; i < 10; i++) {
  texts.push(`awful item ${i % 7} order arrived`);
  labels.push('negative');
}
const NO_CUE = 'item order arrived';

describe('class-balanced text training', () => {
  it('the balanced classifier no longer leans to the majority class on a message without cues', async () => {
    await selectBackend();
    const pPos = (balance: boolean): number => {
      const m = BagClassifier.train(texts, labels, { epochs: 6, batchSize: 16, seed: 3, balance });
      const p = m.predictProba([NO_CUE])[0][m.labels.indexOf('positive')];
      m.dispose();
      return p;
    };
    const plain = pPos(false);
    const balanced = pPos(true);
    expect(plain).toBeGreaterThan(0.6);
    expect(balanced).toBeLessThan(plain - 0.1);
    // Both still read the cue words right.
    const m = BagClassifier.train(texts, labels, { epochs: 6, batchSize: 16, seed: 3, balance: true });
    expect(m.predict(['great order', 'awful order'])).toEqual(['positive', 'negative']);
    m.dispose();
  });

  it('the TF-IDF + LR baseline takes the same option', () => {
    const plain = trainTfidfLr(texts, labels, 15, 7, false).predict([NO_CUE, 'awful item']);
    const balanced = trainTfidfLr(texts, labels, 15, 7, true).predict([NO_CUE, 'awful item']);
    expect(plain[1]).toBe('negative');
    expect(balanced[1]).toBe('negative');
    expect(plain[0]).toBe('positive');
  });
});
