import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  normaliseField,
  requiredServiceNowValue,
  serviceNowField,
  serviceNowValue,
} from '../../../lambdas/shared/servicenow-shape';

describe('serviceNowField', () => {
  it.each([
    ['a plain string', 'CHG0030001', { value: 'CHG0030001', displayValue: 'CHG0030001' }],
    ['a number', 3, { value: '3', displayValue: '3' }],
    ['null', null, { value: '', displayValue: '' }],
    ['a value/display_value pair', { value: '-5', display_value: 'New' }, { value: '-5', displayValue: 'New' }],
    [
      'a reference with a link',
      { value: 'abc', display_value: 'SAP ERP', link: 'https://x.service-now.com/api/now/table/cmdb_ci/abc' },
      { value: 'abc', displayValue: 'SAP ERP', link: 'https://x.service-now.com/api/now/table/cmdb_ci/abc' },
    ],
    ['only a display value', { display_value: 'New' }, { value: 'New', displayValue: 'New' }],
  ])('accepts %s', (_name, input, expected) => {
    // act
    const parsed = serviceNowField.parse(input);
    // assert
    expect(parsed).toEqual(expected);
  });

  it('rejects an array, naming the field path', () => {
    // arrange
    const schema = z.object({ short_description: serviceNowField });
    // act
    const result = schema.safeParse({ short_description: ['x'] });
    // assert
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['short_description']);
  });
});

describe('serviceNowValue', () => {
  it('returns the raw value of either shape', () => {
    expect(serviceNowValue.parse({ value: '2', display_value: 'High' })).toBe('2');
    expect(serviceNowValue.parse('2')).toBe('2');
  });

  it('rejects an empty required value', () => {
    expect(requiredServiceNowValue.safeParse({ value: ' ' }).success).toBe(false);
    expect(requiredServiceNowValue.parse('abc')).toBe('abc');
  });

  it('keeps a string as both value and display value', () => {
    expect(normaliseField('x')).toEqual({ value: 'x', displayValue: 'x' });
  });
});
