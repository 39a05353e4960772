import { describe, expect, it } from 'vitest';
import { createRng, deriveSysId, fillTemplate } from '../../../local/demo-data/prng';

describe('the demo PRNG', () => {
  it('repeats its sequence for the same seed', () => {
    // act
    const a = Array.from({ length: 5 }, createRng(1).next);
    const b = createRng(1);
    // assert
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(a);
  });

  it('draws integers within bounds, each value reachable', () => {
    // arrange
    const rng = createRng(9);
    // act
    const draws = Array.from({ length: 2000 }, () => rng.int(1, 6));
    // assert
    expect(new Set(draws)).toEqual(new Set([1, 2, 3, 4, 5, 6]));
  });

  it('forks independent streams by label', () => {
    const root = createRng(5);
    expect(root.fork('a').next()).not.toBe(root.fork('b').next());
    expect(createRng(5).fork('a').next()).toBe(createRng(5).fork('a').next());
  });

  it('derives 32-hex sys_ids that depend on the seed', () => {
    expect(deriveSysId(1, 'incident', 'x')).toMatch(/^[0-9a-f]{32}$/);
    expect(deriveSysId(1, 'incident', 'x')).not.toBe(deriveSysId(2, 'incident', 'x'));
  });

  it('fills slots and refuses a slot without a value', () => {
    expect(fillTemplate('Restart {ci} at {time}', { ci: 'oms-prd-01', time: '22:00' })).toBe(
      'Restart oms-prd-01 at 22:00',
    );
    expect(() => fillTemplate('Restart {ci}', {})).toThrowError('{ci}');
  });
});
