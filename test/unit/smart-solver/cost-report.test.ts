import { describe, expect, it } from 'vitest';
import { describeEnrichmentCost, type EnrichmentCostReport } from '../../eval/incident-enrichment-cost';

function figures(modelCalls: number, groupCorrect: number) {
  return {
    enrichments: 10,
    modelCalls,
    inputTokens: modelCalls * 100,
    outputTokens: modelCalls * 10,
    configuredCostUsd: 0,
    callsByAgent: { 'tag-classifier': modelCalls },
    agentsRun: 40,
    categoryCorrect: 8,
    groupCorrect,
  };
}

const report = (solverCalls: number, solverGroup: number): EnrichmentCostReport => ({
  heldOut: 10,
  history: 40,
  seed: 1,
  model: { name: 'offline/switchyard-offline-v1', inputUsdPerMTok: 0, outputUsdPerMTok: 0 },
  solver: figures(solverCalls, solverGroup),
  allAgents: figures(50, 7),
});

describe('the incident enrichment cost report', () => {
  it.each([
    [20, 7, '40.0 % of the model calls', 'equal or better', 'met'],
    [21, 7, '42.0 % of the model calls', 'equal or better', 'NOT met'],
    [10, 6, '20.0 % of the model calls', 'LOWER', 'NOT met'],
  ])(
    'reports %i solver calls against 50 with %i correct groups as %s, accuracy %s, target %s',
    (calls, group, share, accuracy, target) => {
      // act
      const summary = describeEnrichmentCost(report(calls, group)).find((l) => l.includes('solver / all agents')) ?? '';
      // assert
      expect(summary).toContain(share);
      expect(summary).toContain(`tag accuracy ${accuracy}`);
      expect(summary).toContain(`equal or better accuracy: ${target})`);
    },
  );

  it('prices the tokens at the illustrative hosted rate and says which figures are estimated', () => {
    // act
    const lines = describeEnrichmentCost(report(20, 7));
    // assert
    expect(lines.join('\n')).toContain('$0.0024 if the fast alias were Claude 3.5 Haiku');
    expect(lines.at(-1)).toContain('estimated: the dollar cost');
  });
});
