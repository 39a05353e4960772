import { describe, expect, it } from 'vitest';
import {
  type CatalogueModel,
  checkRefinedWording,
  type Recommendation,
  type WordingFacts,
} from '../../../lambdas/change-model-assistant';

const model = (sysId: string, name: string, changeType: CatalogueModel['changeType'] = 'normal'): CatalogueModel => ({
  sysId,
  name,
  description: '',
  changeType,
  technologyFamily: 'database',
  objective: 'upgrade',
  environments: ['production', 'test'],
});
const UPGRADE = model('a'.repeat(32), 'Normal - Database version upgrade');
const PARAMETER = model('b'.repeat(32), 'Standard - Database parameter change', 'standard');
const FIREWALL = model('c'.repeat(32), 'Standard - Firewall rule change', 'standard');

const recommendation = (m: CatalogueModel, rank: number): Recommendation => ({
  rank,
  sysId: m.sysId,
  name: m.name,
  changeType: m.changeType,
  score: 6.5,
  similarity: 0.42,
  reasons: [],
  formUrl: `https://utility.service-now.com/change_request.do?sys_id=-1&sysparm_query=chg_model%3D${m.sysId}`,
});

/** The facts of an English recommendation of the upgrade model, the parameter change as alternative. */
function facts(overrides: Partial<WordingFacts> = {}): WordingFacts {
  return {
    offline:
      'For upgrade · database · production I recommend "Normal - Database version upgrade". Alternatives: Standard - Database parameter change. Why: technology database; objective upgrade; allowed in production; similarity to the conversation 0.42; normal change.',
    language: 'en',
    recommendations: [recommendation(UPGRADE, 1), recommendation(PARAMETER, 2)],
    models: [UPGRADE, PARAMETER, FIREWALL],
    environment: 'production',
    ...overrides,
  };
}

describe('checkRefinedWording', () => {
  it('accepts a rewording that keeps the recommended model and says nothing new', () => {
    // act
    const problem = checkRefinedWording(
      'The best fit is "Normal - Database version upgrade": it is the database upgrade model allowed in production, a normal change (similarity 0.42). "Standard - Database parameter change" is the alternative.',
      facts(),
    );
    // assert
    expect(problem).toBeNull();
  });

  it('accepts the recommended model named without its change type', () => {
    // act
    const problem = checkRefinedWording('Database version upgrade is the one for this production change.', facts());
    // assert
    expect(problem).toBeNull();
  });

  it.each([
    ['is empty', '   ', /empty/],
    ['drops the recommended model', 'Use the database model for this production change.', /does not name/],
    [
      'names a model that is not recommended by its bare name',
      'Database version upgrade, unless a firewall rule change fits better.',
      /Firewall rule change.*not recommended/,
    ],
    [
      'names a model that is not recommended',
      'Normal - Database version upgrade, or else Standard - Firewall rule change.',
      /Firewall rule change.*not recommended/,
    ],
    ['carries a link', 'Open Normal - Database version upgrade at https://evil.example.com/change_request.do.', /link/],
    ['carries another id', `Normal - Database version upgrade (${'d'.repeat(32)}).`, /id d{32}/],
    ['invents an environment', 'Normal - Database version upgrade fits production and staging.', /staging/],
    ['calls it another change type', 'Normal - Database version upgrade, an emergency change.', /emergency/],
    ['invents a number', 'Normal - Database version upgrade, 95% certain.', /number 95/],
    [
      'answers in another language',
      'Recomiendo Normal - Database version upgrade porque es la actualización de la base de datos en producción.',
      /in es/,
    ],
  ])('rejects a rewording that %s', (_case, text, reason) => {
    // act
    const problem = checkRefinedWording(text, facts());
    // assert
    expect(problem).toMatch(reason);
  });

  it('rejects a rewording longer than the limit', () => {
    // act
    const problem = checkRefinedWording(`Normal - Database version upgrade. ${'Fine. '.repeat(120)}`, facts());
    // assert
    expect(problem).toMatch(/longer than/);
  });
});
