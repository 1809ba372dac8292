export { ANSWER_PERIOD, answerDueOn, isOverdue, nextStatus, UNDECIDED, type Evidence, type ObjectionStatus, type ObjectionStep, type OfficerDecision, type SourceAnswer, type TargetType } from './objections.ts'
export { answerObjection, decideObjection, insertListEntryObjection, lapseListEntryObjections, settleListEntryObjections, type ListEntryObjection, escalateObjection, fileObjection, listOwnObjections, listSourceQueue, officerQueue, readObjection, sweepOverdueObjections, type NewObjection, type ObjectionsContext, type ObjectionView, type OfficerQueue, type SourceAnswerInput } from './objections.service.ts'
export { objectionsPolicy } from './objections.policy.ts'
export { EvidenceSchema, objectionRoutes, TextSchema } from './objections.routes.ts'
