export { associateChanges } from './associate-changes';
export { type CandidateChange, type RankingWeights, rankLikelyCauses } from './rank-changes';
export {
  type ChangeAssociatorInput,
  ChangeAssociatorInputSchema,
  type ChangeAssociatorOutput,
  ChangeAssociatorOutputSchema,
  type LikelyCause,
  LikelyCauseSchema,
} from './schemas';
