import { describe, expect, it } from 'vitest';
import { CHANGE_MODELS_TABLE } from '../../../lambdas/shared/db/change-models';
import { CI_RELATIONSHIPS_TABLE } from '../../../lambdas/shared/db/ci-relationships';
import { toVectorParam } from '../../../lambdas/shared/db/pool';
import { buildUpsert } from '../../../lambdas/shared/db/record-table';
import { VALIDATION_RULES_TABLE } from '../../../lambdas/shared/db/validation-rules';
import { makeChangeModel, makeCiRelationship, makeValidationRule, sysId } from '../../fixtures/db/records';

describe('buildUpsert', () => {
  it('numbers the placeholders across rows and appends the embedding columns', () => {
    // arrange
    const items = [
      { record: makeChangeModel({ sysId: sysId(1) }), embedding: { vector: [0.6, 0.8], textHash: 'h1' } },
      { record: makeChangeModel({ sysId: sysId(2) }) },
    ];
    // act
    const { text, values } = buildUpsert(CHANGE_MODELS_TABLE, items);
    // assert
    expect(text).toContain('VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8, $9, $10::vector, $11), ($12,');
    expect(values).toHaveLength(22);
    expect(values.slice(9, 11)).toEqual([toVectorParam([0.6, 0.8]), 'h1']);
    expect(values.slice(20, 22)).toEqual([null, null]);
  });

  it('only replaces a row whose stored version is not newer', () => {
    const { text } = buildUpsert(CHANGE_MODELS_TABLE, [{ record: makeChangeModel() }]);
    expect(text).toMatch(
      /ON CONFLICT \(sys_id\) DO UPDATE SET .* WHERE t\.sys_updated_on <= EXCLUDED\.sys_updated_on RETURNING sys_id$/,
    );
  });

  it('keeps the stored embedding when the item brings none', () => {
    const { text } = buildUpsert(CHANGE_MODELS_TABLE, [{ record: makeChangeModel() }]);
    expect(text).toContain('embedding = COALESCE(EXCLUDED.embedding, t.embedding)');
  });

  it('has no version condition for validation rules and sends JSON for their scope and check', () => {
    // act
    const { text, values } = buildUpsert(VALIDATION_RULES_TABLE, [{ record: makeValidationRule() }]);
    // assert
    expect(text).not.toContain('WHERE');
    expect(text).toContain('updated_at = now()');
    expect(values[4]).toBe('{"types":["normal","emergency"]}');
    expect(values[5]).toBe('field_min_length');
    expect(values[6]).toBe('{"field":"backout_plan","min":20}');
  });

  it('has no embedding columns for CI relationships', () => {
    const { text, values } = buildUpsert(CI_RELATIONSHIPS_TABLE, [{ record: makeCiRelationship() }]);
    expect(text).not.toContain('embedding');
    expect(values).toHaveLength(5);
  });

  it('refuses an embedding that holds a non-finite number', () => {
    const items = [{ record: makeChangeModel(), embedding: { vector: [0.1, Number.NaN], textHash: 'h' } }];
    expect(() => buildUpsert(CHANGE_MODELS_TABLE, items)).toThrow('Embeddings must be finite numbers; got NaN.');
  });
});
