/**
 * The one error type every part throws for an expected failure. A code from one
 * enum, the HTTP status it maps to, and a message a person can act on.
 */
export const ERROR_CODES = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  VALIDATION_FAILED: 422,
  THROTTLED: 429,
  INTERNAL: 500,
  NOT_IMPLEMENTED: 501,
  DEPENDENCY_FAILED: 502,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface AppErrorOptions {
  readonly details?: unknown;
  readonly cause?: unknown;
}

/** An expected failure with a stable code, its HTTP status and an actionable message. */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly status: number;
  readonly details: unknown;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = ERROR_CODES[code];
    this.details = options.details;
  }
}

/** The body every error reply carries. */
export interface ErrorBody {
  readonly error: {
    readonly code: ErrorCode;
    readonly message: string;
    readonly details?: unknown;
    readonly requestId: string;
  };
}

/**
 * Maps anything thrown to a reply. An AppError keeps its code; anything else is an
 * internal error whose message is not shown to the caller (it is logged instead).
 */
export function toErrorReply(
  error: unknown,
  requestId: string,
): { status: number; body: ErrorBody; internal: boolean } {
  if (error instanceof AppError) {
    const body: ErrorBody = {
      error: {
        code: error.code,
        message: error.message,
        ...(error.details === undefined ? {} : { details: error.details }),
        requestId,
      },
    };
    return { status: error.status, body, internal: error.status >= 500 };
  }
  return {
    status: 500,
    body: { error: { code: 'INTERNAL', message: 'An unexpected error occurred; it has been logged.', requestId } },
    internal: true,
  };
}
