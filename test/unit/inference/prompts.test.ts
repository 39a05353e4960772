import { describe, expect, it } from 'vitest';
import { buildPrompt } from '../../../lambdas/shared/inference';

describe('buildPrompt', () => {
  it('narrows the classify schema to the allowed labels', () => {
    // act
    const { jsonSchema } = buildPrompt({ kind: 'classify', text: 'x', labels: ['network', 'email'], examples: [] });
    // assert
    expect(jsonSchema).toMatchObject({ properties: { label: { enum: ['network', 'email'] } } });
  });

  it('names every requested slot, with the allowed values of closed slots', () => {
    // act
    const { jsonSchema } = buildPrompt({
      kind: 'extract',
      text: 'x',
      slots: [
        { name: 'env', description: 'where', values: [{ value: 'production' }, { value: 'test' }] },
        { name: 'host', description: 'server', pattern: 'srv-\\w+' },
      ],
    });
    // assert
    expect(jsonSchema).toMatchObject({
      properties: {
        slots: {
          required: ['env', 'host'],
          additionalProperties: false,
          properties: {
            env: { properties: { value: { anyOf: [{ enum: ['production', 'test'] }, { type: 'null' }] } } },
          },
        },
      },
    });
  });

  it('narrows ranked ids to the candidates and fences each candidate as data', () => {
    // act
    const prompt = buildPrompt({ kind: 'rank', query: 'vpn', candidates: [{ id: 'INC1', text: 'VPN down' }] });
    // assert
    expect(prompt.jsonSchema).toMatchObject({
      properties: { ranking: { items: { properties: { id: { enum: ['INC1'] } } } } },
    });
    expect(prompt.data).toContain('<candidate>\nid: INC1\nVPN down\n</candidate>');
  });

  it.each([
    ['classify', { kind: 'classify', text: 'x', labels: ['network'], examples: [] }, ['label']],
    ['rank', { kind: 'rank', query: 'q', candidates: [{ id: 'INC1', text: 't' }] }, ['ranking']],
    ['extract', { kind: 'extract', text: 'x', slots: [{ name: 'env', description: 'where' }] }, ['slots']],
  ] as const)('narrows a %s schema for one request only, leaving the next request its own', (_kind, narrowed, keys) => {
    // arrange
    const first = buildPrompt(narrowed as never).jsonSchema;
    const plain = buildPrompt({ ...narrowed, labels: [], candidates: [], slots: [] } as never).jsonSchema;
    // act
    const again = buildPrompt(narrowed as never).jsonSchema;
    // assert: the same answer each time, and the narrowing never reached the shared schema
    expect(again).toEqual(first);
    for (const key of keys) {
      expect((plain.properties as Record<string, unknown>)[key]).not.toEqual(
        (first.properties as Record<string, unknown>)[key],
      );
    }
  });
});
