import { groupBy } from './group-by';

describe('groupBy', () => {
  it('groups by key, keeping the order of the items in each group and of the first appearance of each key', () => {
    const groups = groupBy(['b1', 'a1', 'b2', 'c1', 'a2'], (item) => item[0]);
    expect([...groups]).toEqual([['b', ['b1', 'b2']], ['a', ['a1', 'a2']], ['c', ['c1']]]);
  });

  it('gives no groups for no items', () => {
    expect(groupBy([], () => 'x').size).toBe(0);
  });
});
