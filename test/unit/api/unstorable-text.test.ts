import { describe, expect, it } from 'vitest';
import { findUnstorableText } from '../../../lambdas/api/body';

describe('findUnstorableText', () => {
  it.each([
    ['a clean record', { sys_id: 'a', notes: ['x', { y: 'ñ 😀' }], n: 1, b: null }, undefined],
    ['a NUL at the top', 'a\u0000b', '(body)'],
    ['a NUL in a field', { sys_id: 'a', description: 'a\u0000b' }, 'description'],
    ['a lone surrogate deep inside', { x: { y: [{ ok: 'fine' }, { z: '\ud800' }] } }, 'x.y.1.z'],
    ['an unstorable key', { x: { 'k\u0000': 'v' } }, 'x.k\u0000'],
    ['the first of two', { a: 'ok', b: 'x\u0000', c: '\udc00' }, 'b'],
  ])('names %s', (_case, value, path) => {
    expect(findUnstorableText(value)).toBe(path);
  });

  it('prefixes the path it is given', () => {
    expect(findUnstorableText({ y: ['\u0000'] }, ['record'])).toBe('record.y.0');
    expect(findUnstorableText('\u0000', ['record'])).toBe('record');
  });
});
