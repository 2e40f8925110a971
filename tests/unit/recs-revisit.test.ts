import { describe, expect, it } from 'vitest';
import { viewedNotBought } from '../../engine/recs/revisit';

describe('viewed, not bought yet', () => {
  it('keeps viewed or carted items not bought since, newest first; a purchase closes an item and a later view opens it again', () => {
    const list = viewedNotBought(
      [
        { item: 'a', kind: 'view' },
        { item: 'b', kind: 'view' },
        { item: 'b', kind: 'purchase' },
        { item: 'c', kind: 'cart' },
        { item: 'a', kind: 'view' },
        { item: 'd', kind: 'purchase' },
        { item: 'b', kind: 'view' },
      ],
      10,
    );
    expect(list.map((o) => o.item)).toEqual(['b', 'a', 'c']);
    expect(list.find((o) => o.item === 'a')).toMatchObject({ views: 2, carted: false, boughtBefore: false });
    expect(list.find((o) => o.item === 'b')).toMatchObject({ views: 1, carted: false, boughtBefore: true });
    expect(list.find((o) => o.item === 'c')).toMatchObject({ views: 0, carted: true });
  });

  it('returns at most k, and nothing for a customer who bought all they looked at', () => {
    expect(viewedNotBought([1, 2, 3, 4].map((item) => ({ item, kind: 'view' as const })), 2).map((o) => o.item)).toEqual([4, 3]);
    expect(viewedNotBought([{ item: 1, kind: 'view' }, { item: 1, kind: 'cart' }, { item: 1, kind: 'purchase' }], 5)).toEqual([]);
  });
});
