/**
 * Whether credit repair may end a record's publication today, and if not yet, from which day (NDRC
 * Order 58, 2023): a repairable negative kind published to the public, about an organisation (a
 * person's records are never public: there is nothing to end), the record in force (current, or under
 * the subject's own objection), still published, and past its kind's minimum publication. Pure: the one
 * home of the rule, applied where a subject applies and an officer approves (modules/repair) and where
 * the subject's own file says what it can do (getCreditFile).
 */
import { addDuration, publicDisplayEndsOn, type RecordKind } from '../catalogue/index.ts'
import type { Standing } from '../access/index.ts'

export type RepairOpening =
  | { open: true }
  /** not_repairable: the kind is not one repair ends; never_public: a person's record; not_in_force: suppressed, withdrawn or erased; not_published: its display has ended */
  | { open: false; why: 'not_repairable' | 'never_public' | 'not_in_force' | 'not_published' }
  /** before its minimum publication: possible from `from` */
  | { open: false; why: 'too_early'; from: string }

export interface RepairableFacts {
  decidedOn: string
  standing: Standing
  takenDown: boolean
  subjectType: string
}

export function repairOpening(kind: RecordKind | undefined, record: RepairableFacts, today: string): RepairOpening {
  if (!kind || !kind.repairable || kind.polarity !== 'negative') return { open: false, why: 'not_repairable' }
  const displayEnds = publicDisplayEndsOn(kind, record.decidedOn)
  if (displayEnds === null) return { open: false, why: 'not_repairable' }
  if (record.subjectType === 'person') return { open: false, why: 'never_public' }
  if (record.standing !== 'current' && record.standing !== 'under_objection')
    return { open: false, why: 'not_in_force' }
  if (record.takenDown || today >= displayEnds) return { open: false, why: 'not_published' }
  const from = addDuration(record.decidedOn, kind.minimumPublication ?? 'P0D')
  if (today < from) return { open: false, why: 'too_early', from }
  return { open: true }
}
