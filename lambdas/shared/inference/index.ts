export { detectInjection, fenceTicketText, type InjectionVerdict } from './injection-detector';
export { classifyOffline, DEFAULT_NEIGHBOURS, type EmbeddedExample, voteNearest } from './offline-classify';
export { judgeOffline } from './offline-judge';
export {
  type ClassifyExample,
  type ClassifyOutput,
  ClassifyOutputSchema,
  type ClassifyRequest,
} from './operations/classify';
export { type JudgeOutput, JudgeOutputSchema, type JudgeRequest } from './operations/judge';
export {
  type OperationFailure,
  type OperationResult,
  type OperationSuccess,
  runOperation,
} from './operations/run-operation';
