import { describe, expect, it } from 'vitest';
import { SOURCE_TABLE_SPECS } from '../../../etl/source-tables';
import { transformRow } from '../../../etl/transform/transform-row';
import { IncidentSchema } from '../../../lambdas/shared/records';

// The Smart Solver reads a delivered incident with transformRow and trusts its record as
// an Incident without parsing it again: that holds only while the incident table's spec
// parses with IncidentSchema itself.
describe('the incident the Smart Solver reads', () => {
  it('is parsed by transformRow with IncidentSchema', () => {
    expect(SOURCE_TABLE_SPECS.incident.schema).toBe(IncidentSchema);
  });

  it('is refused by transformRow when a field breaks IncidentSchema', () => {
    // act
    const outcome = transformRow('incident', { sys_id: 'x', number: 'INC0000001', sys_updated_on: 'not a date' });
    // assert
    expect(outcome.ok).toBe(false);
  });
});
