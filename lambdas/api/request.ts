import type { z } from 'zod';
import { AppError } from '../shared/errors';
import { parseWith } from './body';
import type { AppContext } from './context';
import { IdempotencyKeySchema, UUID } from './schemas/common';

/** Parses the query string with `schema`; 422 naming `query.<name>` when it fails. */
export function readQuery<S extends z.ZodObject>(c: AppContext, schema: S): z.output<S> {
  return parseWith(schema, c.req.query(), 'The query string', 'query');
}

/** The `Idempotency-Key` header, or null; 422 when it is malformed. */
export function readIdempotencyKey(c: AppContext): string | null {
  const key = c.req.header('idempotency-key');
  if (key === undefined) return null;
  return parseWith(IdempotencyKeySchema, key, 'The Idempotency-Key header', 'header.Idempotency-Key');
}

/** The path `{id}`; an id that cannot exist is simply not found (404 naming `what`). */
export function readIdParam(c: AppContext, what: string): string {
  const id = c.req.param('id') ?? '';
  if (!UUID.test(id)) throw notFound(what, id);
  return id.toLowerCase();
}

/** 404 in the error shape for a missing resource. */
export function notFound(what: string, id: string): AppError {
  return new AppError('NOT_FOUND', `No ${what} has the id '${id}'.`);
}

/** An absolute URL for `path` on the host this request came to. */
export function urlFor(c: AppContext, path: string): string {
  return new URL(path, c.req.url).toString();
}
