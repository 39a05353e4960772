import { transformRow } from '../../etl/transform/transform-row';
import { type ChangeValidation, getChangeValidation } from '../shared/db/change-validations';
import type { Queryable } from '../shared/db/pool';
import { AppError } from '../shared/errors';
import { type ChangeRequest, ChangeRequestSchema } from '../shared/records';

/** A validation job with the change it validates, as our record. */
export interface ValidationSubject {
  readonly validation: ChangeValidation;
  readonly change: ChangeRequest;
}

/**
 * Reads the job and the change version it was created for. The delivery (Table API
 * shape) is kept on the job row, so states pass only the job id between them and each
 * agent reads the text here (Step Functions caps state payloads at 256 KB).
 */
export async function loadValidationSubject(db: Queryable, validationId: string): Promise<ValidationSubject> {
  const validation = await getChangeValidation(db, validationId);
  if (validation === null)
    throw new AppError('NOT_FOUND', `Change validation ${validationId} does not exist; nothing to validate.`);
  return { validation, change: changeOf(validation) };
}

/** The change a job validates, read from the delivery kept on the job row. */
export function changeOf(validation: Pick<ChangeValidation, 'request' | 'changeNumber'>): ChangeRequest {
  const outcome = transformRow('change_request', validation.request);
  if (!outcome.ok)
    throw new AppError(
      'VALIDATION_FAILED',
      `Change ${validation.changeNumber} as delivered cannot be read as a change request: ${outcome.reason}.`,
    );
  return ChangeRequestSchema.parse(outcome.record);
}
