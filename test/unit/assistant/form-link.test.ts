import { describe, expect, it } from 'vitest';
import {
  buildChangeFormUrl,
  buildEncodedQuery,
  parseChangeFormUrl,
} from '../../../lambdas/change-model-assistant/form-link';

describe('the pre-filled change form link', () => {
  it('opens a new change_request with the fields as one percent-encoded query', () => {
    // act
    const url = buildChangeFormUrl('https://utility.service-now.com/', {
      chg_model: 'a'.repeat(32),
      type: 'normal',
      short_description: 'Kubernetes cluster upgrade (production)',
    });
    // assert
    expect(url).toBe(
      `https://utility.service-now.com/change_request.do?sys_id=-1&sysparm_query=${encodeURIComponent(
        `chg_model=${'a'.repeat(32)}^type=normal^short_description=Kubernetes cluster upgrade (production)`,
      )}`,
    );
  });

  it.each([
    ['a caret, which would split the field', 'cpu^memory tuning', 'cpu memory tuning'],
    ['an equals sign, kept (ServiceNow splits at the first)', 'max_connections=500', 'max_connections=500'],
    ['line breaks', 'line one\nline two', 'line one line two'],
    ['URL characters and accents', 'a&b #1 100% — actualización', 'a&b #1 100% — actualización'],
  ])('decodes back to the same fields when a value holds %s', (_case, value, expected) => {
    // act
    const fields = parseChangeFormUrl(
      buildChangeFormUrl('https://x.service-now.com', { chg_model: 'm1', description: value, u_environment: 'test' }),
    );
    // assert
    expect(fields).toEqual({ chg_model: 'm1', u_environment: 'test', description: expected });
  });

  it('leaves out empty fields', () => {
    expect(buildEncodedQuery({ chg_model: 'm1', type: '', description: '' })).toBe('chg_model=m1');
  });
});
