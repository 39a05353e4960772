import { z } from 'zod';

/**
 * A Table API field as ServiceNow sends it: a plain string (`sysparm_display_value=false`
 * or `true`), or `{ value, display_value, link? }` (`sysparm_display_value=all`, or a
 * reference field). Numbers and booleans are accepted and turned into strings, as some
 * scripted integrations send them unquoted.
 */
export const serviceNowFieldInput = z.union([
  z.string(),
  z.number().transform(String),
  z.boolean().transform(String),
  z.null().transform(() => ''),
  z.object({
    value: z.union([z.string(), z.number().transform(String), z.boolean().transform(String), z.null()]).optional(),
    display_value: z
      .union([z.string(), z.number().transform(String), z.boolean().transform(String), z.null()])
      .optional(),
    link: z.string().optional(),
  }),
]);

/** One field normalised: its raw value, its display value, and a reference link when given. */
export interface ServiceNowField {
  readonly value: string;
  readonly displayValue: string;
  readonly link?: string;
}

/** Normalises a field in either Table API shape to `{ value, displayValue, link? }`. */
export function normaliseField(input: z.output<typeof serviceNowFieldInput>): ServiceNowField {
  if (typeof input === 'string') return { value: input, displayValue: input };
  const value = input.value ?? input.display_value ?? '';
  const displayValue = input.display_value ?? value;
  return input.link === undefined ? { value, displayValue } : { value, displayValue, link: input.link };
}

/** A Table API field in either shape, parsed to its normalised form. */
export const serviceNowField = serviceNowFieldInput.transform(normaliseField);

/** A Table API field in either shape, parsed to its raw value (what `sysparm_display_value=false` gives). */
export const serviceNowValue = serviceNowFieldInput.transform((input) => normaliseField(input).value);

/** A Table API field that must carry a non-empty raw value (e.g. `sys_id`), named in the error when empty. */
export const requiredServiceNowValue = serviceNowValue.refine((value) => value.trim().length > 0, {
  message: 'must not be empty',
});
