// The BiLSTM the chats benchmark measures our n-gram model against (models/text/bilstm.ts): it learns from jieba words
// and English words, its time cap stops training, and it frees every tensor it made.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../models/backend';
import { BiLstmClassifier } from '../../models/text/bilstm';

const POS = ['great service, fast delivery', 'love it, works perfectly', 'very happy with this shirt', 'excellent quality and fast', '质量很好，物流很快', '非常满意，下次还来', '味道不错，送餐很快', '衣服很好看，很喜欢'];
const NEG = ['terrible, it broke in a day', 'very slow delivery, awful', 'poor quality, want a refund', 'worst purchase ever, broken', '质量太差了，要退货', '送餐太慢了，菜都凉了', '很失望，衣服有破洞', '物流太慢，非常生气'];

beforeAll(async () => {
  await selectBackend();
});

describe('BiLSTM text classifier', () => {
  it('learns a small labelled set in both languages and frees its tensors', () => {
    const before = tf.memory().numTensors;
    const texts = [...POS, ...NEG];
    const labels = [...POS.map(() => 'positive'), ...NEG.map(() => 'negative')];
    // Words seen once are out of vocabulary: the set is repeated so each word is seen twice.
    const m = BiLstmClassifier.train([...texts, ...texts], [...labels, ...labels], { epochs: 15, batchSize: 16, learningRate: 0.05, seed: 3 });
    const pred = m.predict(texts);
    expect(pred.filter((p, i) => p === labels[i]).length).toBeGreaterThanOrEqual(14);
    expect(m.trained.epochs).toBe(15);
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('stops at the time cap and says so', () => {
    const m = BiLstmClassifier.train([...POS, ...NEG], [...POS.map(() => 'positive'), ...NEG.map(() => 'negative')], { epochs: 1000, batchSize: 4, maxSeconds: 0.5, seed: 3 });
    expect(m.trained.epochs).toBeLessThan(1000);
    expect(m.trained.seconds).toBeLessThan(30);
    m.dispose();
  }, 60_000);
});
