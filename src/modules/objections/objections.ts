/**
 * Objections: the pure rules. A subject (or an officer on its behalf) objects to a record or a list
 * entry; the source that submitted a record must answer by `dueOn` — verified, corrected (a new
 * version) or withdrawn — or the record is suppressed from every view but the subject's and the
 * officers' until it answers. An officer may escalate an objection, and decides objections against list
 * entries and escalated ones: upheld (the item is taken back) or dismissed. When the item is erased
 * at the end of its retention period, an undecided objection lapses and its words are erased too.
 *
 *   open ──answer──▶ verified | corrected | withdrawn
 *     │ └─decide (list entries)─▶ upheld | dismissed
 *     └─escalate─▶ escalated ──answer──▶ verified | corrected | withdrawn
 *                     └──decide──▶ upheld | dismissed
 *   open | escalated ──item erased──▶ lapsed
 */
import type { ObjectionStatus } from '../../db/schema.ts'
import { addDuration, OBJECTION_ANSWER_DAYS } from '../catalogue/index.ts'

export type { ObjectionStatus }
export type TargetType = 'record' | 'list_entry'
export type SourceAnswer = 'verified' | 'corrected' | 'withdrawn'
export type OfficerDecision = 'upheld' | 'dismissed'

export type ObjectionStep =
  | { type: 'answer'; outcome: SourceAnswer }
  | { type: 'escalate' }
  | { type: 'decide'; outcome: OfficerDecision }
  | { type: 'lapse' }

export const UNDECIDED: ReadonlySet<ObjectionStatus> = new Set(['open', 'escalated'])

/** The last day the answer is due, for an objection filed on `filedOn` (China Standard Time): OBJECTION_ANSWER_DAYS on. */
export function answerDueOn(filedOn: string): string {
  return addDuration(filedOn, `P${OBJECTION_ANSWER_DAYS}D`)
}

/** Overdue from the day after the due day on, while undecided. */
export function isOverdue(status: ObjectionStatus, dueOn: string, today: string): boolean {
  return UNDECIDED.has(status) && today > dueOn
}

export type StepRefusal = 'decided' | 'not_escalated' | 'not_for_list_entries'

/** The status after `step`, or why the step is not allowed now. */
export function nextStatus(
  status: ObjectionStatus,
  target: TargetType,
  step: ObjectionStep,
): ObjectionStatus | { refused: StepRefusal } {
  if (!UNDECIDED.has(status)) return { refused: 'decided' }
  switch (step.type) {
    case 'answer':
      // a list entry is an officer's decision: no source answers for it
      return target === 'record' ? step.outcome : { refused: 'not_for_list_entries' }
    case 'escalate':
      return status === 'open' ? 'escalated' : { refused: 'decided' }
    case 'decide':
      return status === 'escalated' || target === 'list_entry' ? step.outcome : { refused: 'not_escalated' }
    case 'lapse':
      return 'lapsed'
  }
}

export interface Evidence {
  description: string
  documentName?: string
  /** SHA-256 of the document, hex, so the document itself can be checked later */
  sha256?: string
  /** an uploaded document of the subject's (POST /v1/me/evidence); its name and SHA-256 are filled in from it */
  documentId?: string
}
