import { AppError, type ErrorCode } from '../shared/errors';

/** AppError codes a retry may cure (the state machine's Retry names them). */
export const TRANSIENT_CODES = [
  'THROTTLED',
  'UNAVAILABLE',
  'DEPENDENCY_FAILED',
] as const satisfies readonly ErrorCode[];

/**
 * Maps anything an agent throws to the error Step Functions sees: its `name` is the
 * error name Retry and Catch match (`Switchyard.<CODE>`), its message the cause. A
 * non-AppError (a bug, a dropped connection) is `Switchyard.INTERNAL`.
 */
export function toStepFunctionsError(error: unknown): Error {
  const code: ErrorCode = error instanceof AppError ? error.code : transientByShape(error) ? 'UNAVAILABLE' : 'INTERNAL';
  const mapped = new Error(error instanceof Error ? error.message : String(error), { cause: error });
  mapped.name = `Switchyard.${code}`;
  return mapped;
}

// A dropped or refused database / network connection is worth a retry.
function transientByShape(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '53300', '08006'].includes(code)
  );
}
