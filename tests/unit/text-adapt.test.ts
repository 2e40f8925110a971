// Cross-domain adaptation of the sentiment bag (models/text/adapt.ts; README "Chats"): trained on one shop's reviews, the
// model meets another shop whose customers praise and complain with other words. Self-training on that shop's unlabelled
// messages teaches it those words from the messages it is already sure of, without a single target label.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../models/backend';
import { trainAdapted } from '../../models/text/adapt';
import { BagClassifier } from '../../models/text/bag';

// Source: the cue words are "good" / "bad". Target: the same cues, each time next to a word the source never uses
// ("delicious" / "soggy"); the test messages carry only the new words.
const src: string[] = [];
const srcLabels: string[] = [];
for (let i = 0; i < 40; i++) {
  src.push(`good phone ${i % 5} battery`, `bad phone ${i % 5} battery`);
  srcLabels.push('positive', 'negative');
}
const target: string[] = [];
for (let i = 0; i < 40; i++) target.push(`good delicious dinner ${i % 5}`, `bad soggy dinner ${i % 5}`);
const TEST = ['delicious dinner', 'soggy dinner'];
const OPTS = { epochs: 8, batchSize: 16, seed: 3, balance: true };

describe('cross-domain adaptation by self-training', () => {
  it('learns the target domain words from unlabelled target messages; the source-only model cannot tell them apart', async () => {
    await selectBackend();
    const before = tf.memory().numTensors;
    const plain = BagClassifier.train(src, srcLabels, OPTS);
    const pPlain = plain.predictProba(TEST).map((p) => p[plain.labels.indexOf('positive')]);
    plain.dispose();
    // Unknown words: both messages look the same to the source-only model.
    expect(Math.abs(pPlain[0] - pPlain[1])).toBeLessThan(0.05);
    const adapted = trainAdapted(src, srcLabels, target, OPTS, { minTargetCount: 0, rounds: 1, share: 0.5, weight: 1 });
    expect(adapted.predict(TEST)).toEqual(['positive', 'negative']);
    // Still right on the source's own words.
    expect(adapted.predict(['good phone', 'bad phone'])).toEqual(['positive', 'negative']);
    adapted.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
