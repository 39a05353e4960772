import { z } from 'zod';

const NAME_UNSAFE = /[^A-Za-z0-9_-]+/g;

const DeliverySchema = z.looseObject({
  number: z.union([z.string(), z.object({ value: z.string() })]),
  sys_updated_on: z.union([z.string(), z.object({ value: z.string() })]),
  sys_mod_count: z.union([z.string(), z.object({ value: z.string() })]).optional(),
});

function fieldValue(field: string | { value: string } | undefined): string {
  return field === undefined ? '' : typeof field === 'string' ? field : field.value;
}

/**
 * The execution name of a change version: its number and version (sys_mod_count when
 * sent, else sys_updated_on), e.g. `CHG0030001-v7` or `CHG0030001-20261127T101500`.
 * Step Functions refuses a second execution with the same name, so a repeated delivery
 * does not run twice. At most 80 characters of [A-Za-z0-9_-].
 */
export function executionName(record: unknown): string {
  const delivery = DeliverySchema.parse(record);
  const modCount = fieldValue(delivery.sys_mod_count).trim();
  const version =
    modCount !== ''
      ? `v${modCount}`
      : fieldValue(delivery.sys_updated_on)
          .replace(/[-:.Z\s]/g, '')
          .replace('T', 'T');
  return `${fieldValue(delivery.number)}-${version}`.replace(NAME_UNSAFE, '_').slice(0, 80);
}
