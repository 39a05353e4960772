import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError } from '../shared/errors';

/** The largest request body accepted, in bytes (256 KiB); larger gets 413. */
export const MAX_BODY_BYTES = 256 * 1024;

/** Turns zod issues into `[{ path, message }]` with dotted paths a caller can find in their body. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): { path: string; message: string }[] {
  return issues.map((issue) => ({
    path: issue.path.length === 0 ? '(body)' : issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/**
 * Reads and validates a JSON request body: 415 when it is not `application/json`,
 * 413 when larger than `maxBytes`, 400 when not JSON, 422 naming each failing field.
 */
export async function readJsonBody<S extends z.ZodType>(
  c: Context,
  schema: S,
  maxBytes: number = MAX_BODY_BYTES,
): Promise<z.output<S>> {
  return (await readJsonBodyAndRaw(c, schema, maxBytes)).data;
}

/** As {@link readJsonBody}, also returning the JSON exactly as sent (to store a record as received). */
export async function readJsonBodyAndRaw<S extends z.ZodType>(
  c: Context,
  schema: S,
  maxBytes: number = MAX_BODY_BYTES,
): Promise<{ data: z.output<S>; raw: unknown }> {
  const contentType = c.req.header('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType.trim())) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Content-Type must be application/json; got ${contentType === '' ? 'none' : `'${contentType}'`}.`,
    );
  }
  const declared = Number(c.req.header('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
  } catch (error) {
    throw new AppError('BAD_REQUEST', `The body is not valid JSON: ${(error as Error).message}`);
  }
  const unstorable = findUnstorableText(json);
  if (unstorable !== undefined) {
    throw new AppError('VALIDATION_FAILED', `The body does not match the schema: ${unstorable}: ${UNSTORABLE}.`, {
      details: [{ path: unstorable, message: UNSTORABLE }],
    });
  }
  return { data: parseWith(schema, json, 'The body'), raw: json };
}

const UNSTORABLE = 'contains a NUL character or an unpaired UTF-16 surrogate, which cannot be stored';

/**
 * The path of the first string (or key) PostgreSQL could not store: NUL (\u0000) and
 * unpaired surrogates are valid JSON escapes but are refused by `jsonb` and `text`.
 */
export function findUnstorableText(value: unknown, path: readonly string[] = []): string | undefined {
  const found = unstorableAt(value);
  if (found === undefined) return undefined;
  const full = [...path, ...found.reverse()];
  return full.length === 0 ? '(body)' : full.join('.');
}

// The keys leading to the first unstorable string, innermost first; the path is built
// only when one is found (a delivery is walked on every request).
function unstorableAt(value: unknown): string[] | undefined {
  if (typeof value === 'string') return isStorable(value) ? undefined : [];
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const found = unstorableAt(value[index]);
      if (found !== undefined) {
        found.push(String(index));
        return found;
      }
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      if (!isStorable(key)) return [key];
      const found = unstorableAt((value as Record<string, unknown>)[key]);
      if (found !== undefined) {
        found.push(key);
        return found;
      }
    }
  }
  return undefined;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isStorable(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

/**
 * Validates `value` (a body, a query, headers) against `schema`; 422 naming each failing
 * field, prefixed with `where` in the message.
 */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: string, prefix?: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const details = describeIssues(result.error.issues).map((issue) =>
      prefix === undefined ? issue : { ...issue, path: issue.path === '(body)' ? prefix : `${prefix}.${issue.path}` },
    );
    const first = details[0];
    throw new AppError(
      'VALIDATION_FAILED',
      `${where} does not match the schema${first === undefined ? '' : `: ${first.path}: ${first.message}`}.`,
      { details },
    );
  }
  return result.data;
}

function tooLarge(maxBytes: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `The body is larger than ${maxBytes} bytes.`, {
    details: { maxBytes },
  });
}
