// The shipped intent model is three seeds averaged into one bag (BagClassifier.merge): the merged model must answer
// exactly as the members' mean would, survive a save and reload, and refuse members that cannot be averaged.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../models/backend';
import { BagClassifier } from '../../models/text/bag';

const texts = ['where is my order', 'has my order shipped', 'refund please', 'I want my money back', '订单发货了吗', '我要退款', 'order status', 'return and refund'];
const labels = ['order', 'order', 'refund', 'refund', 'order', 'refund', 'order', 'refund'];
const ASK = ['where is the order', 'money back', '退款', 'hello'];

describe('averaging text models over seeds', () => {
  it('the merged model gives the softmax of the members’ mean logits, also after a save and reload, and leaks no tensor', async () => {
    await selectBackend();
    const before = tf.memory().numTensors;
    const members = [1, 2, 3].map((seed) => BagClassifier.train(texts, labels, { epochs: 4, batchSize: 4, seed }));
    const merged = BagClassifier.merge(members);
    expect(merged.dim).toBe(members[0].dim * 3);
    // log p_k = logits_k − logsumexp_k, so softmax(mean_k log p_k) = softmax(mean_k logits_k).
    const logs = members.map((m) => m.predictProba(ASK).map((row) => row.map(Math.log)));
    const expected = ASK.map((_, i) => {
      const mean = logs[0][i].map((_, c) => logs.reduce((s, l) => s + l[i][c], 0) / logs.length);
      const mx = Math.max(...mean);
      const ex = mean.map((v) => Math.exp(v - mx));
      const z = ex.reduce((a, b) => a + b, 0);
      return ex.map((v) => v / z);
    });
    const got = merged.predictProba(ASK);
    got.forEach((row, i) => row.forEach((p, c) => expect(p).toBeCloseTo(expected[i][c], 5)));
    // The members differ (else averaging would be pointless), and the merge sits between them.
    expect(Math.abs(members[0].predictProba(ASK)[3][0] - members[1].predictProba(ASK)[3][0])).toBeGreaterThan(1e-4);
    const { spec, weights } = merged.serialise();
    const copy = BagClassifier.deserialise(spec, weights);
    expect(copy.predict(ASK)).toEqual(merged.predict(ASK));
    copy.predictProba(ASK).forEach((row, i) => row.forEach((p, c) => expect(p).toBeCloseTo(got[i][c], 2)));
    for (const m of [...members, merged, copy]) m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses members trained on different rows (another vocabulary) or with other labels', async () => {
    await selectBackend();
    const a = BagClassifier.train(texts, labels, { epochs: 1, seed: 1 });
    const b = BagClassifier.train([...texts, 'completely new words here'], [...labels, 'order'], { epochs: 1, seed: 1 });
    const c = BagClassifier.train(texts, labels.map((l) => (l === 'order' ? 'status' : l)), { epochs: 1, seed: 1 });
    expect(() => BagClassifier.merge([a, b])).toThrow(/vocabulary/);
    expect(() => BagClassifier.merge([a, c])).toThrow(/label/);
    for (const m of [a, b, c]) m.dispose();
  });
});
