import { z } from 'zod';
import { requiredServiceNowValue, serviceNowValue } from '../../shared/servicenow-shape';

/**
 * The records ServiceNow sends, in its Table API shape: every field a string or
 * `{ value, display_value, link }` (either form, field by field). Only the fields the
 * gateway needs to take the delivery are checked here; the rest are kept as sent for
 * the job's agents, which parse them with their own schemas.
 */

const SYS_ID = /^[0-9a-f]{32}$/;
// Table API system value: UTC, 'YYYY-MM-DD HH:mm:ss'. ISO-8601 with an offset is accepted too.
const GLIDE_DATE_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;
// Built once: a zod schema is costly to construct, and this one runs on every delivery.
const ISO_DATE_TIME = z.iso.datetime({ offset: true });

const sysIdValue = requiredServiceNowValue.refine((value) => SYS_ID.test(value), {
  message: 'expected a 32-character lowercase hex sys_id',
});

/** A Table API date-time's system value, as an ISO-8601 UTC string. */
const sysUpdatedOnValue = requiredServiceNowValue.transform((value, ctx) => {
  const glide = GLIDE_DATE_TIME.exec(value.trim());
  const iso = glide === null ? value.trim() : `${glide[1]}T${glide[2]}Z`;
  const parsed = ISO_DATE_TIME.safeParse(iso);
  if (!parsed.success || Number.isNaN(Date.parse(iso))) {
    ctx.addIssue({
      code: 'custom',
      message: "expected the system value 'YYYY-MM-DD HH:mm:ss' (UTC) or an ISO-8601 date-time with offset",
    });
    return z.NEVER;
  }
  return new Date(iso).toISOString();
});

const modCountValue = serviceNowValue.transform((value, ctx) => {
  if (!/^\d{1,9}$/.test(value.trim())) {
    ctx.addIssue({ code: 'custom', message: 'expected a non-negative integer' });
    return z.NEVER;
  }
  return Number(value);
});

function numberValue(prefix: 'CHG' | 'INC') {
  const pattern = new RegExp(`^${prefix}\\d{7,}$`);
  return requiredServiceNowValue.refine((value) => pattern.test(value), {
    message: `expected a ${prefix} number such as ${prefix}0012345`,
  });
}

const commonFields = {
  sys_id: sysIdValue.describe('The record sys_id (32 hex characters).'),
  sys_updated_on: sysUpdatedOnValue.describe(
    "The version being sent: the system value 'YYYY-MM-DD HH:mm:ss' (UTC), as the Table API gives it.",
  ),
  sys_mod_count: modCountValue
    .optional()
    .describe('ServiceNow’s update counter; with sys_id it identifies the record version (idempotency).'),
  short_description: serviceNowValue.optional(),
  description: serviceNowValue.optional(),
};

/** A change_request record as ServiceNow sends it (`POST /v1/change-validations`). */
export const ChangeRequestRecordSchema = z
  .looseObject({
    ...commonFields,
    number: numberValue('CHG').describe('The change number, e.g. CHG0030001.'),
  })
  .describe('A change_request record in Table API shape; each field a string or { value, display_value, link }.');
export type ChangeRequestRecord = z.output<typeof ChangeRequestRecordSchema>;

/** An incident record as ServiceNow sends it (`POST /v1/incident-enrichments`). */
export const IncidentRecordSchema = z
  .looseObject({
    ...commonFields,
    number: numberValue('INC').describe('The incident number, e.g. INC0010001.'),
  })
  .describe('An incident record in Table API shape; each field a string or { value, display_value, link }.');
export type IncidentRecord = z.output<typeof IncidentRecordSchema>;
