import { z } from 'zod';

/** Judge a record's text against one rule. */
export interface JudgeRequest {
  readonly kind: 'judge';
  /** The rule in words, for a model. */
  readonly rule: string;
  /** The record text (untrusted data). */
  readonly text: string;
  /** Offline checks: the rule passes when any `requiredPatterns` matches, fails when none does. */
  readonly requiredPatterns?: readonly string[];
  /** Offline checks: the rule fails when any of these matches. */
  readonly forbiddenPatterns?: readonly string[];
}

/** The output schema of judge. */
export const JudgeOutputSchema = z.object({
  verdict: z.enum(['pass', 'fail', 'unknown']),
  confidence: z.number().min(0).max(1),
  evidence: z.array(z.string()),
});

/** A validated judgement. */
export type JudgeOutput = z.infer<typeof JudgeOutputSchema>;
