import type { z } from 'zod';

/** Why an operation produced no usable answer; a value the caller handles, never a throw. */
export interface OperationFailure {
  readonly ok: false;
  readonly reason: 'INVALID_OUTPUT';
  readonly message: string;
  readonly attempts: number;
}

/** A validated answer. */
export interface OperationSuccess<T> {
  readonly ok: true;
  readonly value: T;
  readonly attempts: number;
}

/** The outcome of an operation. */
export type OperationResult<T> = OperationSuccess<T> | OperationFailure;

/**
 * Asks `produce` for raw output, validates it against `schema` (and `check`, for
 * rules a schema cannot state, such as "one of the allowed labels"), retries once
 * when invalid, then reports a typed failure. Raw output never reaches the caller.
 */
export async function runOperation<S extends z.ZodType>(
  schema: S,
  produce: (attempt: number) => Promise<unknown>,
  check: (value: z.infer<S>) => string | undefined = () => undefined,
): Promise<OperationResult<z.infer<S>>> {
  const problems: string[] = [];
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    const parsed = schema.safeParse(await produce(attempt));
    if (!parsed.success) {
      problems.push(
        `attempt ${attempt}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
      );
      continue;
    }
    const problem = check(parsed.data);
    if (problem === undefined) return { ok: true, value: parsed.data, attempts: attempt };
    problems.push(`attempt ${attempt}: ${problem}`);
  }
  return {
    ok: false,
    reason: 'INVALID_OUTPUT',
    message: `The model output was invalid twice: ${problems.join(' | ')}`,
    attempts: 2,
  };
}
