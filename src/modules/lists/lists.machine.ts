/**
 * The due-process state machine of a list entry (pure: days come in with the events).
 *
 *   proposed ──notify──▶ noticed ──(window ends)──▶ decide ──▶ active | rejected
 *                          └─object (inside the window)─▶ objection_filed ──hear──▶ heard ──decide──▶ active | rejected
 *   active ──expire (on its end day)──▶ expired
 *   active ──remove_early (an early-removal condition met; due within N working days)──▶ removed_early
 *   active ──annul (an objection upheld after listing)──▶ annulled
 *   proposed | noticed | objection_filed | heard | active ──annul (its basis record stopped holding)──▶ annulled
 *
 * An entry cites a legally effective record of a kind its list accepts and a criterion the list
 * names; notice starts the objection window; only a named officer's decision makes it active, for
 * its list's default term or a longer one up to the maximum; it ends by itself on its end day. A
 * minor is never proposed, nor listed. An entry stands on its basis record at every step: when the
 * record is withdrawn, corrected on objection, revoked or erased, the entry is annulled, whatever step
 * it had reached (the service refuses steps on a basis that does not hold; this ends the rest).
 */
import { addDuration, durationExceeds, type ListKind, type SubjectType } from '../catalogue/index.ts'
import { addWorkingDays, type WorkingCalendar } from '../../platform/working-days.ts'
import { addDays } from '../../platform/calendar.ts'
import { LIST_ENTRY_STEP_FIELDS, type ListEntryStepField, type ListEntryStepFields } from '../../platform/audit.ts'

export type EntryStatus =
  | 'proposed'
  | 'noticed'
  | 'objection_filed'
  | 'heard'
  | 'active'
  | 'rejected'
  | 'expired'
  | 'removed_early'
  | 'annulled'
export const ENDED: ReadonlySet<EntryStatus> = new Set(['rejected', 'expired', 'removed_early', 'annulled'])

export interface EntrySubject {
  type: SubjectType
  /** a natural person's birth date (from the identity number), YYYY-MM-DD */
  birthDate?: string
}

export interface Entry {
  status: EntryStatus
  listKind: string
  subject: EntrySubject
  criterion: string
  basisRecordId: string
  proposedOn: string
  proposedBy: string
  noticedOn: string | null
  /** objections are taken until the day before this one; a decision can come from this day on */
  objectionWindowEndsOn: string | null
  objectionFiledOn: string | null
  heardOn: string | null
  heardBy: string | null
  decidedOn: string | null
  decidedBy: string | null
  startsOn: string | null
  /** the entry ends by itself at the start of this day */
  endsOn: string | null
  endedOn: string | null
  /** an early-removal condition reported met, and the day by which the entry must be removed */
  removal: { condition: string; reportedOn: string; dueOn: string } | null
}

/** Why an entry's basis record stopped holding (records' `RecordLapse`, as the entry's annulment names it). */
export type BasisLapse = 'basis_withdrawn' | 'basis_corrected' | 'basis_revoked' | 'basis_erased'

export type EntryEvent =
  | { type: 'notify'; on: string }
  | { type: 'object'; on: string }
  | { type: 'hear'; on: string; officer: string }
  | { type: 'decide'; on: string; officer: string; outcome: 'listed' | 'rejected'; term?: string }
  | { type: 'report_removal_condition'; on: string; condition: string }
  | { type: 'remove_early'; on: string; officer: string }
  | { type: 'annul'; on: string; officer: string }
  | { type: 'annul'; on: string; basis: BasisLapse }
  | { type: 'expire'; on: string }

export type Refusal =
  | 'minor'
  | 'subject_type'
  | 'unknown_criterion'
  | 'basis_not_accepted'
  | 'not_now'
  | 'window_open'
  | 'window_closed'
  | 'objection_not_heard'
  | 'no_officer'
  | 'term_too_long'
  | 'unknown_condition'
  | 'not_due'
  | 'ended'

export type Step = { ok: true; entry: Entry } | { ok: false; refusal: Refusal; detail: string }

const refuse = (refusal: Refusal, detail: string): Step => ({ ok: false, refusal, detail })

/** Whether a person born on `birthDate` is under 18 on `on`. */
export function isMinor(birthDate: string, on: string): boolean {
  return on < addDuration(birthDate, 'P18Y')
}

export interface Proposal {
  listKind: ListKind
  subject: EntrySubject
  criterion: string
  basisRecord: { id: string; kind: string }
  on: string
  officer: string
}

/** A new entry, or why none may be proposed. */
export function propose(p: Proposal): Step {
  if (!p.listKind.subjectTypes.includes(p.subject.type))
    return refuse('subject_type', `${p.listKind.code} does not list subjects of type ${p.subject.type}`)
  if (p.subject.type === 'person' && (p.subject.birthDate === undefined || isMinor(p.subject.birthDate, p.on)))
    return refuse('minor', 'a minor is never listed')
  if (!p.listKind.criteria.some((c) => c.code === p.criterion))
    return refuse('unknown_criterion', `${p.listKind.code} has no criterion ${p.criterion}`)
  if (!p.listKind.basisKinds.includes(p.basisRecord.kind))
    return refuse(
      'basis_not_accepted',
      `a ${p.basisRecord.kind} record cannot ground an entry on ${p.listKind.code} (accepted: ${p.listKind.basisKinds.join(', ')})`,
    )
  if (p.officer.trim() === '') return refuse('no_officer', 'an entry is proposed by a named officer')
  return {
    ok: true,
    entry: {
      status: 'proposed',
      listKind: p.listKind.code,
      subject: p.subject,
      criterion: p.criterion,
      basisRecordId: p.basisRecord.id,
      proposedOn: p.on,
      proposedBy: p.officer,
      noticedOn: null,
      objectionWindowEndsOn: null,
      objectionFiledOn: null,
      heardOn: null,
      heardBy: null,
      decidedOn: null,
      decidedBy: null,
      startsOn: null,
      endsOn: null,
      endedOn: null,
      removal: null,
    },
  }
}

/** The entry after `event`, or why the event cannot happen now. Days never go backwards. */
export function apply(entry: Entry, event: EntryEvent, listKind: ListKind, calendar: WorkingCalendar): Step {
  if (ENDED.has(entry.status)) return refuse('ended', `the entry is ${entry.status}`)
  const next = (changes: Partial<Entry>): Step => ({ ok: true, entry: { ...entry, ...changes } })
  switch (event.type) {
    case 'notify':
      if (entry.status !== 'proposed')
        return refuse('not_now', `notice is given once, to a proposed entry (it is ${entry.status})`)
      return next({
        status: 'noticed',
        noticedOn: event.on,
        objectionWindowEndsOn: addDuration(event.on, listKind.objectionWindow),
      })
    case 'object':
      if (entry.status !== 'noticed')
        return refuse('not_now', `an objection is filed against a noticed entry (it is ${entry.status})`)
      if (event.on >= entry.objectionWindowEndsOn!)
        return refuse('window_closed', `the objection window ended on ${entry.objectionWindowEndsOn}`)
      return next({ status: 'objection_filed', objectionFiledOn: event.on })
    case 'hear':
      if (entry.status !== 'objection_filed')
        return refuse('not_now', `a hearing follows an objection (the entry is ${entry.status})`)
      if (event.officer.trim() === '') return refuse('no_officer', 'a hearing is held by a named officer')
      return next({ status: 'heard', heardOn: event.on, heardBy: event.officer })
    case 'decide': {
      if (event.officer.trim() === '') return refuse('no_officer', 'only a named officer decides')
      if (entry.status === 'objection_filed')
        return refuse('objection_not_heard', 'the objection must be heard before the decision')
      if (entry.status === 'noticed' && event.on < entry.objectionWindowEndsOn!)
        return refuse(
          'window_open',
          `the subject may object until ${entry.objectionWindowEndsOn}; decide from that day`,
        )
      if (entry.status !== 'noticed' && entry.status !== 'heard')
        return refuse('not_now', `an entry is decided after notice (it is ${entry.status})`)
      if (event.outcome === 'rejected')
        return next({ status: 'rejected', decidedOn: event.on, decidedBy: event.officer, endedOn: event.on })
      if (
        entry.subject.type === 'person' &&
        (entry.subject.birthDate === undefined || isMinor(entry.subject.birthDate, event.on))
      )
        return refuse('minor', 'a minor is never listed')
      const term = event.term ?? listKind.term.default
      if (durationExceeds(term, listKind.term.max))
        return refuse('term_too_long', `${listKind.code} entries last at most ${listKind.term.max}`)
      return next({
        status: 'active',
        decidedOn: event.on,
        decidedBy: event.officer,
        startsOn: event.on,
        endsOn: addDuration(event.on, term),
      })
    }
    case 'report_removal_condition': {
      if (entry.status !== 'active')
        return refuse('not_now', `only an active entry is removed early (it is ${entry.status})`)
      const condition = listKind.earlyRemoval.find((r) => r.code === event.condition)
      if (!condition)
        return refuse('unknown_condition', `${listKind.code} has no early-removal condition ${event.condition}`)
      return next({
        removal: {
          condition: condition.code,
          reportedOn: event.on,
          dueOn: addWorkingDays(event.on, condition.withinWorkingDays, calendar),
        },
      })
    }
    case 'remove_early':
      if (entry.status !== 'active' || entry.removal === null)
        return refuse('not_now', 'an entry is removed early once an early-removal condition is reported met')
      if (event.officer.trim() === '') return refuse('no_officer', 'a named officer removes it')
      return next({ status: 'removed_early', endedOn: event.on })
    case 'annul':
      if ('basis' in event) {
        // nothing rests on a basis that no longer holds: an entry not yet decided ends too; one whose end day has come expires instead
        if (entry.status === 'active' && event.on >= entry.endsOn!)
          return refuse('not_now', `the entry ended on ${entry.endsOn}: it expires`)
        return next({ status: 'annulled', endedOn: event.on })
      }
      if (entry.status !== 'active')
        return refuse('not_now', `only an active entry is annulled (it is ${entry.status})`)
      if (event.officer.trim() === '') return refuse('no_officer', 'a named officer annuls it')
      return next({ status: 'annulled', endedOn: event.on })
    case 'expire':
      if (entry.status !== 'active') return refuse('not_now', `only an active entry expires (it is ${entry.status})`)
      if (event.on < entry.endsOn!) return refuse('not_due', `the entry ends on ${entry.endsOn}`)
      return next({ status: 'expired', endedOn: entry.endsOn })
  }
}

/** The steps an officer takes on an entry (the machine's events that a person starts). */
export const OFFICER_STEPS = ['notify', 'hear', 'decide', 'report_removal_condition', 'remove_early', 'annul'] as const
export type OfficerStep = (typeof OFFICER_STEPS)[number]

/**
 * What an officer may do with `entry` on `today`, as the machine answers each step (a decision is
 * tried as a rejection, which asks nothing of the subject: the timing is what it decides); and, when
 * a step waits for a day (the objection window), the day it becomes possible.
 */
export function allowedSteps(
  entry: Entry,
  listKind: ListKind,
  calendar: WorkingCalendar,
  today: string,
): { steps: OfficerStep[]; nextPossibleOn: string | null } {
  const officer = 'officer'
  const tried: Record<OfficerStep, EntryEvent> = {
    notify: { type: 'notify', on: today },
    hear: { type: 'hear', on: today, officer },
    decide: { type: 'decide', on: today, officer, outcome: 'rejected' },
    report_removal_condition: {
      type: 'report_removal_condition',
      on: today,
      condition: listKind.earlyRemoval[0]?.code ?? '',
    },
    remove_early: { type: 'remove_early', on: today, officer },
    annul: { type: 'annul', on: today, officer },
  }
  const steps: OfficerStep[] = []
  let nextPossibleOn: string | null = null
  for (const name of OFFICER_STEPS) {
    const step = apply(entry, tried[name], listKind, calendar)
    if (step.ok) steps.push(name)
    else if (step.refusal === 'window_open') nextPossibleOn = entry.objectionWindowEndsOn
  }
  return { steps, nextPossibleOn }
}

/** Whether an entry is in force on `today`: active, and its end day not reached (whether or not `expire` has run). */
export function inForce(entry: Pick<Entry, 'status' | 'startsOn' | 'endsOn'>, today: string): boolean {
  return (
    entry.status === 'active' &&
    entry.startsOn !== null &&
    entry.endsOn !== null &&
    entry.startsOn <= today &&
    today < entry.endsOn
  )
}

/** The entry's fields as its steps' audit events record them (platform/audit.ts). */
export function recordedFields(entry: Entry): Record<ListEntryStepField, string | null> {
  return {
    noticedOn: entry.noticedOn,
    objectionWindowEndsOn: entry.objectionWindowEndsOn,
    objectionFiledOn: entry.objectionFiledOn,
    heardOn: entry.heardOn,
    decidedOn: entry.decidedOn,
    startsOn: entry.startsOn,
    endsOn: entry.endsOn,
    endedOn: entry.endedOn,
    removalCondition: entry.removal?.condition ?? null,
    removalReportedOn: entry.removal?.reportedOn ?? null,
    removalDueOn: entry.removal?.dueOn ?? null,
  }
}

/** What a step set, for its audit event: the recorded fields that differ after it. */
export function stepChanges(before: Entry, after: Entry): ListEntryStepFields {
  const [was, is] = [recordedFields(before), recordedFields(after)]
  return Object.fromEntries(LIST_ENTRY_STEP_FIELDS.filter((f) => was[f] !== is[f]).map((f) => [f, is[f]]))
}

/**
 * Whether the subject's objection to an entry would be accepted today, and the last day it would be: a
 * noticed entry until the day before its objection window ends (the `object` event above), an entry in
 * force until the day before it ends (officers review it, and may annul it); never while an objection
 * against it awaits its decision (`underObjection`: one at a time), nor before notice or once decided.
 */
export function objectionOpening(
  entry: Pick<Entry, 'status' | 'startsOn' | 'endsOn' | 'objectionWindowEndsOn'>,
  today: string,
  underObjection: boolean,
): { open: boolean; until: string | null } {
  const until =
    entry.status === 'noticed' && entry.objectionWindowEndsOn !== null && today < entry.objectionWindowEndsOn
      ? addDays(entry.objectionWindowEndsOn, -1)
      : inForce(entry, today)
        ? addDays(entry.endsOn!, -1)
        : null
  return until === null || underObjection ? { open: false, until: null } : { open: true, until }
}
