import type { z } from 'zod';
import { detectInjection } from '../injection-detector';
import { judgeOffline } from '../offline-judge';
import { type ClassifyOutput, ClassifyOutputSchema, type ClassifyRequest } from './classify';
import { type ExtractOutput, ExtractOutputSchema, type ExtractRequest } from './extract';
import { type JudgeOutput, JudgeOutputSchema, type JudgeRequest } from './judge';
import { type RankOutput, RankOutputSchema, type RankRequest } from './rank';
import { SUMMARY_DEFAULTS, type SummariseOutput, SummariseOutputSchema, type SummariseRequest } from './summarise';

/** Any typed operation an agent may ask for. */
export type OperationRequest = ClassifyRequest | JudgeRequest | ExtractRequest | RankRequest | SummariseRequest;

/** The operation kinds. */
export type OperationKind = OperationRequest['kind'];

/** The validated output of each operation kind. */
export interface OperationOutputs {
  classify: ClassifyOutput;
  judge: JudgeOutput;
  extract: ExtractOutput;
  rank: RankOutput;
  summarise: SummariseOutput;
}

/** The output schema of each operation kind. */
export const OUTPUT_SCHEMAS: { readonly [K in OperationKind]: z.ZodType<OperationOutputs[K]> } = {
  classify: ClassifyOutputSchema,
  judge: JudgeOutputSchema,
  extract: ExtractOutputSchema,
  rank: RankOutputSchema,
  summarise: SummariseOutputSchema,
};

/**
 * The rules a schema cannot state, checked on every provider's answer: a label from
 * the allowed set, slot values from the allowed values with evidence quoted from the
 * message, ranked ids from the candidates, a summary within its limits, and a rule
 * verdict that agrees with the deterministic checks where they can decide. Returns
 * the problem, or undefined when the answer is acceptable.
 */
export function checkOutput(request: OperationRequest, output: unknown): string | undefined {
  switch (request.kind) {
    case 'classify':
      return checkClassify(request, output as ClassifyOutput);
    case 'judge':
      return checkJudge(request, output as JudgeOutput);
    case 'extract':
      return checkExtract(request, output as ExtractOutput);
    case 'rank':
      return checkRank(request, output as RankOutput);
    case 'summarise':
      return checkSummary(request, output as SummariseOutput);
  }
}

function checkClassify(request: ClassifyRequest, output: ClassifyOutput): string | undefined {
  if (request.labels.includes(output.label)) return undefined;
  return `label "${output.label}" is not one of the allowed labels (${request.labels.join(', ')})`;
}

// A forbidden pattern decides a rule whatever the model says; on text flagged for
// injection, any deterministic verdict decides (the model may have been steered).
function checkJudge(request: JudgeRequest, output: JudgeOutput): string | undefined {
  const deterministic = judgeOffline(request);
  if (deterministic.verdict === 'unknown' || output.verdict === deterministic.verdict) return undefined;
  const forbiddenHit = deterministic.evidence.some((e) => e.startsWith('forbidden:'));
  if (forbiddenHit) return `verdict "${output.verdict}" contradicts a forbidden pattern (${deterministic.evidence[0]})`;
  const injection = detectInjection(request.text);
  if (injection.flagged) {
    return `verdict "${output.verdict}" contradicts the deterministic check ("${deterministic.verdict}") on a text flagged for injection (${injection.matches.join(', ')})`;
  }
  return undefined;
}

function checkExtract(request: ExtractRequest, output: ExtractOutput): string | undefined {
  const haystack = request.text.toLowerCase();
  for (const slot of request.slots) {
    const fill = output.slots[slot.name];
    if (fill === undefined) return `slot "${slot.name}" is missing`;
    if (fill.value === null) continue;
    if (slot.values !== undefined && !slot.values.some((v) => v.value === fill.value)) {
      return `slot "${slot.name}" has value "${fill.value}", not one of ${slot.values.map((v) => v.value).join(', ')}`;
    }
    if (fill.evidence === null || !haystack.includes(fill.evidence.toLowerCase())) {
      return `slot "${slot.name}": evidence ${JSON.stringify(fill.evidence)} is not quoted from the message`;
    }
  }
  const unknown = Object.keys(output.slots).filter((name) => !request.slots.some((s) => s.name === name));
  return unknown.length > 0 ? `unrequested slots: ${unknown.join(', ')}` : undefined;
}

function checkRank(request: RankRequest, output: RankOutput): string | undefined {
  const ids = new Set(request.candidates.map((c) => c.id));
  const seen = new Set<string>();
  for (const entry of output.ranking) {
    if (!ids.has(entry.id)) return `ranked id "${entry.id}" is not a candidate`;
    if (seen.has(entry.id)) return `ranked id "${entry.id}" appears twice`;
    seen.add(entry.id);
  }
  const expected = Math.min(request.top ?? ids.size, ids.size);
  return output.ranking.length === expected
    ? undefined
    : `expected ${expected} ranked ids, got ${output.ranking.length}`;
}

function checkSummary(request: SummariseRequest, output: SummariseOutput): string | undefined {
  const maxChars = request.maxChars ?? SUMMARY_DEFAULTS.maxChars;
  return output.summary.length <= maxChars
    ? undefined
    : `summary has ${output.summary.length} characters, more than ${maxChars}`;
}
