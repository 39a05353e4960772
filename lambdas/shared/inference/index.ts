export { classifyOffline, DEFAULT_NEIGHBOURS } from './offline-classify';
export {
  type ClassifyExample,
  type ClassifyOutput,
  ClassifyOutputSchema,
  type ClassifyRequest,
} from './operations/classify';
export {
  type OperationFailure,
  type OperationResult,
  type OperationSuccess,
  runOperation,
} from './operations/run-operation';
