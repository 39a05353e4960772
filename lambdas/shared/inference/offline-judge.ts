import type { JudgeOutput, JudgeRequest } from './operations/judge';

/**
 * Offline rule judgement by lexical checks only: a forbidden pattern fails the rule,
 * a required pattern passes it, and with no pattern to decide it answers `unknown`
 * with low confidence. Text inside the record never changes which checks run.
 */
export function judgeOffline(request: JudgeRequest): JudgeOutput {
  const text = request.text;
  const find = (patterns: readonly string[] = []) =>
    patterns.flatMap((p) => {
      const m = new RegExp(p, 'iu').exec(text);
      return m === null ? [] : [m[0]];
    });
  const forbidden = find(request.forbiddenPatterns);
  if (forbidden.length > 0)
    return { verdict: 'fail', confidence: 0.9, evidence: forbidden.map((f) => `forbidden: "${f}"`) };
  if ((request.requiredPatterns ?? []).length === 0)
    return { verdict: 'unknown', confidence: 0.1, evidence: ['no lexical check applies to this rule'] };
  const required = find(request.requiredPatterns);
  if (required.length > 0) return { verdict: 'pass', confidence: 0.8, evidence: required.map((r) => `found: "${r}"`) };
  return { verdict: 'fail', confidence: 0.6, evidence: ['none of the required patterns is present'] };
}
