export {
  answerDueOn,
  isOverdue,
  nextStatus,
  UNDECIDED,
  type Evidence,
  type ObjectionStatus,
  type ObjectionStep,
  type OfficerDecision,
  type SourceAnswer,
  type TargetType,
} from './objections.ts'
export {
  answerObjection,
  decideObjection,
  eraseListEntryObjections,
  insertListEntryObjection,
  lapseListEntryObjections,
  objectionFactsInRange,
  type ObjectionFacts,
  settleListEntryObjections,
  type ListEntryObjection,
  escalateObjection,
  fileObjection,
  listOwnObjections,
  listSourceQueue,
  officerQueue,
  readObjection,
  sweepOverdueObjections,
  type NewObjection,
  type ObjectionsContext,
  type ObjectionView,
  type OfficerQueue,
  type SourceAnswerInput,
} from './objections.service.ts'
export { objectionsPolicy } from './objections.policy.ts'
export { objectionRoutes } from './objections.routes.ts'
export {
  EvidenceSchema,
  NewObjectionSchema,
  ObjectionSchema,
  OfficerQueueSchema,
  OwnObjectionsSchema,
  SourceQueueSchema,
  TextSchema,
} from './objections.schemas.ts'
export {
  entriesUnderObjection,
  objectionCitesDocument,
  objectionsByMonth,
  recordObjectionsIn,
} from './objections.repository.ts'
