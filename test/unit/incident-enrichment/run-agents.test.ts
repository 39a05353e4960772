import { describe, expect, it } from 'vitest';
import { planEnrichment } from '../../../lambdas/smart-solver/policy';
import { composeWorkNote, runPlannedAgents } from '../../../lambdas/smart-solver/run-agents';

const fullPlan = planEnrichment({
  priority: 1,
  cmdbCi: 'c'.repeat(32),
  businessService: null,
  category: null,
  assignmentGroup: null,
});

describe('runPlannedAgents', () => {
  it('keeps the other agents’ results when one fails and one times out, and says so', async () => {
    // Arrange
    const invokers = {
      'tag-classifier': async () => ({ group: 'NET' }),
      'incident-similarity': async () => {
        throw new Error('database unavailable');
      },
      'incident-associator': (signal: AbortSignal) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))),
      'change-associator': async () => ({ likelyCauses: [] }),
      'context-retriever': async () => ({ ci: null }),
    };
    // Act
    const outcomes = await runPlannedAgents(fullPlan, invokers, { timeoutMs: 50 });
    // Assert
    expect(outcomes.map((o) => [o.agent, o.status])).toEqual([
      ['tag-classifier', 'completed'],
      ['incident-similarity', 'failed'],
      ['incident-associator', 'timed_out'],
      ['change-associator', 'completed'],
      ['context-retriever', 'completed'],
    ]);
    expect(outcomes[0]?.output).toEqual({ group: 'NET' });
    expect(outcomes[1]?.note).toBe('database unavailable');
    const note = composeWorkNote(outcomes, { 'tag-classifier': 'assignment group NET (0.82)' });
    expect(note).toContain('- tag-classifier: assignment group NET (0.82)');
    expect(note).toContain('- incident-similarity: failed (database unavailable); the other results stand');
    expect(note).toContain('- incident-associator: timed out (no answer within 50 ms); the other results stand');
  });

  it('reports skipped agents with the plan’s reason and never calls them', async () => {
    // Arrange
    const plan = planEnrichment({
      priority: 5,
      cmdbCi: null,
      businessService: null,
      category: null,
      assignmentGroup: null,
    });
    let calls = 0;
    const count = async () => {
      calls += 1;
      return {};
    };
    // Act
    const outcomes = await runPlannedAgents(plan, { 'tag-classifier': count, 'change-associator': count });
    // Assert
    expect(calls).toBe(1);
    expect(outcomes.find((o) => o.agent === 'change-associator')).toMatchObject({
      status: 'skipped',
      note: 'no CI: nothing to associate changes with',
    });
    expect(composeWorkNote(outcomes, {})).toContain(
      'Not needed: incident-similarity, incident-associator, change-associator, context-retriever.',
    );
  });
});
