import { describe, expect, it } from 'vitest';
import { hashAgentInput } from '../../../lambdas/shared/db/agent-runs';
import { changeStateName, changeStateValue } from '../../../lambdas/shared/db/change-requests';
import { CHANGE_STATES, type ChangeStateName } from '../../../lambdas/shared/records';

describe('change state mapping', () => {
  it.each(Object.entries(CHANGE_STATES))('maps %s to %i and back', (name, value) => {
    expect(changeStateValue(name as ChangeStateName)).toBe(value);
    expect(changeStateName(value)).toBe(name);
  });

  it('refuses an integer ServiceNow does not define', () => {
    expect(() => changeStateName(1)).toThrow('Unknown change_request.state 1.');
  });
});

describe('hashAgentInput', () => {
  it('hashes equal inputs equally whatever their key order', () => {
    expect(hashAgentInput({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(hashAgentInput({ b: { d: 'x', c: [1, 2] }, a: 1 }));
  });

  it('tells different inputs apart', () => {
    expect(hashAgentInput({ a: [1, 2] })).not.toBe(hashAgentInput({ a: [2, 1] }));
  });

  it('is a hex sha256', () => {
    expect(hashAgentInput('x')).toMatch(/^[0-9a-f]{64}$/);
  });
});
