import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { detectObjects } from '../../engine/vision/detect';

const FIX = join(__dirname, 'fixtures', 'vision');

describe('object detection on uploaded photos (COCO CenterNet from human-models)', () => {
  it('finds the person in a people photo, with a box that covers most of them', async () => {
    const d = await detectObjects(readFileSync(join(FIX, 'person-pose.jpg')), 0.2);
    const person = d.find((x) => x.label === 'person');
    expect(person).toBeDefined();
    // The photo is 1000×667 with one standing person in the middle: the box is tall and inside the frame.
    expect(person?.box.h).toBeGreaterThan(300);
    expect((person?.box.x ?? -1) >= 0 && (person?.box.x ?? 0) + (person?.box.w ?? 0) <= 1000.5).toBe(true);
    expect(d[0].label).toBe('person');
  }, 60_000);

  it('finds the product in a product photo (a catalogue shot of bananas) and leaks no tensors', async () => {
    const buf = readFileSync(join(FIX, 'banana-iconic.jpg'));
    await detectObjects(buf, 0.2); // loads the model once
    const before = tf.memory().numTensors;
    const d = await detectObjects(buf, 0.2);
    expect(tf.memory().numTensors).toBe(before);
    expect(d[0]?.label).toBe('banana');
  }, 60_000);
});
