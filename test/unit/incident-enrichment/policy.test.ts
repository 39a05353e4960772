import { describe, expect, it } from 'vitest';
import { needsModelForTagging, type PlanInput, planEnrichment } from '../../../lambdas/smart-solver/policy';

const incident = (overrides: Partial<PlanInput> = {}): PlanInput => ({
  priority: 3,
  cmdbCi: 'a'.repeat(32),
  businessService: null,
  category: null,
  assignmentGroup: null,
  ...overrides,
});
const running = (plan: ReturnType<typeof planEnrichment>) => plan.filter((p) => p.run).map((p) => p.agent);

describe('planEnrichment', () => {
  it('runs only the Tag Classifier for a simple ticket (low priority, no CI, no service)', () => {
    // Act
    const plan = planEnrichment(incident({ priority: 4, cmdbCi: null }));
    // Assert
    expect(running(plan)).toEqual(['tag-classifier']);
    expect(plan).toHaveLength(5);
    expect(plan.find((p) => p.agent === 'change-associator')?.reason).toBe('no CI: nothing to associate changes with');
  });

  it('runs all five agents for a high-priority incident with a CI', () => {
    // Act
    const plan = planEnrichment(incident({ priority: 1 }));
    // Assert
    expect(running(plan)).toEqual([
      'tag-classifier',
      'incident-similarity',
      'incident-associator',
      'change-associator',
      'context-retriever',
    ]);
  });

  it('skips change association and context when there is no CI, even at high priority', () => {
    // Act
    const plan = planEnrichment(incident({ priority: 1, cmdbCi: null }));
    // Assert
    expect(running(plan)).toEqual(['tag-classifier', 'incident-similarity', 'incident-associator']);
  });

  it('skips the Tag Classifier for an already tagged, ordinary incident', () => {
    // Act
    const plan = planEnrichment(incident({ category: 'network', assignmentGroup: 'NET' }));
    // Assert
    expect(plan[0]).toEqual({
      agent: 'tag-classifier',
      run: false,
      reason: 'already categorised and assigned, and not high priority',
    });
  });
});

describe('needsModelForTagging', () => {
  it.each([
    [{ confident: true, uncertainFields: [] }, true, false],
    [{ confident: false, uncertainFields: ['assignmentGroup'] }, true, true],
    [{ confident: false, uncertainFields: ['assignmentGroup'] }, false, false],
    [null, true, false],
  ])('for tags %j with a model configured %s asks the model: %s', (tags, configured, ask) => {
    // Act
    const decision = needsModelForTagging(tags, configured);
    // Assert
    expect(decision.ask).toBe(ask);
  });
});
