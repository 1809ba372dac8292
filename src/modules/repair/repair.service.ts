/**
 * Credit repair (NDRC Order 58, 2023): a subject that has corrected the conduct applies to end the
 * publication of a repairable negative record early — once its kind's minimum publication has passed —
 * or of a list entry in force. An officer gives feedback within 10 working days and decides within 3
 * more; an approval ends the publication at once (the take-down is due within 3 working days, and
 * happens the same day). Every step has its audit event and the subject's notice; the queue flags
 * what is overdue.
 */
import { randomUUID } from 'node:crypto'
import { AppError } from '../../platform/app-error.ts'
import { resolveEvidence } from '../evidence/index.ts'
import { appendAuditEvents, objectTrail, type Actor, type TrailEvent } from '../../platform/audit.ts'
import { chinaDate } from '../../platform/calendar.ts'
import { addWorkingDays } from '../../platform/working-days.ts'
import { assertNoForbiddenCategory, type RecordKind } from '../catalogue/index.ts'
import { insertNotices } from '../notices/index.ts'
import { findRecordStanding, repairOpening, takeDownRecord, type CitedRecord } from '../records/index.ts'
import { getSubjectSummary, withSubjectBriefs } from '../subjects/index.ts'
import {
  endEntryByRepair,
  findEntryView,
  subjectOfListEntry,
  type EntrySubject,
  type ListsContext,
  type Officer,
} from '../lists/index.ts'
import type { Evidence } from '../objections/index.ts'
import * as repo from './repair.repository.ts'

export const FEEDBACK_WORKING_DAYS = 10
export const DECISION_WORKING_DAYS = 3
export const TAKE_DOWN_WORKING_DAYS = 3

type Row = repo.RepairRow

export interface RepairView {
  applicationId: string
  subjectId: string
  target: { type: 'record' | 'list_entry'; id: string; kind: string }
  status: Row['status']
  appliedOn: string
  statement: string
  evidence: Evidence[]
  feedbackDueOn: string
  feedbackOn: string | null
  feedback: string | null
  decisionDueOn: string | null
  decidedOn: string | null
  decidedBy: string | null
  decisionReasons: string | null
  takeDownDueOn: string | null
  takenDownOn: string | null
  /** the step that is due, and whether its day has passed */
  overdue: 'feedback' | 'decision' | null
}

function viewOf(r: Row, today: string): RepairView {
  const overdue =
    r.status === 'submitted' && today > r.feedback_due_on
      ? 'feedback'
      : r.status === 'feedback_given' && r.decision_due_on !== null && today > r.decision_due_on
        ? 'decision'
        : null
  return {
    applicationId: r.application_id,
    subjectId: r.subject_id,
    target: { type: r.target_type, id: r.target_id, kind: r.kind },
    status: r.status,
    appliedOn: r.applied_on,
    statement: r.statement,
    evidence: r.evidence as Evidence[],
    feedbackDueOn: r.feedback_due_on,
    feedbackOn: r.feedback_on,
    feedback: r.feedback,
    decisionDueOn: r.decision_due_on,
    decidedOn: r.decided_on,
    decidedBy: r.decided_by,
    decisionReasons: r.decision_reasons,
    takeDownDueOn: r.take_down_due_on,
    takenDownOn: r.taken_down_on,
    overdue,
  }
}

const notFound = () =>
  new AppError('repair.not_found', 'no such repair application', [
    { pointer: '/applicationId', detail: 'unknown application' },
  ])

const { findApplication } = repo

export interface NewRepair {
  recordId?: string
  listEntryId?: string
  statement: string
  evidence: Evidence[]
}

/** What a repair application is about, checked: a repairable negative record past its minimum publication, still published; or an entry in force. */
async function targetOf(
  ctx: ListsContext,
  subjectId: string,
  input: NewRepair,
  today: string,
): Promise<{ type: 'record' | 'list_entry'; id: string; kind: string }> {
  if ((input.recordId === undefined) === (input.listEntryId === undefined)) {
    throw new AppError('request.invalid', 'name either the record or the list entry', [
      {
        pointer: input.recordId === undefined ? '/recordId' : '/listEntryId',
        detail: 'exactly one of recordId, listEntryId',
      },
    ])
  }
  if (input.listEntryId !== undefined) {
    const entry = await findEntryView(ctx, input.listEntryId)
    if (!entry || entry.subjectId !== subjectId)
      throw new AppError('list.entry_not_found', 'no such entry about you', [
        { pointer: '/listEntryId', detail: 'unknown entry' },
      ])
    if (!entry.inForce)
      throw new AppError(
        'repair.not_repairable',
        `the entry is ${entry.status}: only an entry in force can be ended early`,
        [{ pointer: '/listEntryId', detail: entry.status }],
      )
    if (entry.earlyRemoval.length === 0)
      throw new AppError('repair.not_repairable', `${entry.listKind} entries are not removed early`, [
        { pointer: '/listEntryId', detail: 'no early removal' },
      ])
    return { type: 'list_entry', id: entry.entryId, kind: entry.listKind }
  }
  const record = await findRecordStanding(ctx, subjectId, input.recordId!)
  const subjectType = (await getSubjectSummary(ctx.database, ctx.keys, subjectId)).subjectType
  return {
    type: 'record',
    id: input.recordId!,
    kind: repairableKindOf(ctx, record, subjectType, today, '/recordId').code,
  }
}

/**
 * The kind of a record whose publication a repair may end, or why none may: the one rule
 * (records/records.repairable.ts), turned into the refusal the subject or the officer is given. Checked
 * when the subject applies and again when an officer approves.
 */
function repairableKindOf(
  ctx: ListsContext,
  record: CitedRecord | undefined,
  subjectType: string,
  today: string,
  pointer: string,
): RecordKind {
  if (!record)
    throw new AppError('record.not_found', 'no such record in your file', [
      { pointer, detail: 'not a record of yours' },
    ])
  const kind = ctx.catalogue.kinds.get(record.kind)
  const opening = repairOpening(kind, { ...record, subjectType }, today)
  if (opening.open) return kind!
  switch (opening.why) {
    case 'not_repairable':
      throw new AppError('repair.not_repairable', `${record.kind} is not a repairable published kind`, [
        { pointer, detail: 'not repairable' },
      ])
    case 'never_public':
      throw new AppError(
        'repair.not_repairable',
        "a natural person's records are never published: there is no publication to end",
        [{ pointer, detail: 'never public' }],
      )
    case 'not_in_force':
      throw new AppError('repair.not_repairable', `the record is ${record.standing.replace('_', ' ')}`, [
        { pointer, detail: record.standing },
      ])
    case 'not_published':
      throw new AppError('repair.not_repairable', 'the record is no longer published: there is nothing to end', [
        { pointer, detail: 'not published' },
      ])
    case 'too_early':
      throw new AppError(
        'repair.too_early',
        `${kind!.code} is published for at least ${kind!.minimumPublication}: apply from ${opening.from}`,
        [{ pointer, detail: `from ${opening.from}` }],
      )
  }
}

/** The subject applies. Its statement is its own voice about itself: not checked for the charter's refused categories, unlike an officer's words. */
export async function applyForRepair(
  ctx: ListsContext,
  actor: Actor,
  subjectId: string,
  given: NewRepair,
): Promise<RepairView> {
  const input = { ...given, evidence: (await resolveEvidence(ctx.database.db, ctx.keys, subjectId, given.evidence))! }
  const now = ctx.clock.now()
  const today = chinaDate(now)
  const target = await targetOf(ctx, subjectId, input, today)
  const applicationId = randomUUID()
  const feedbackDueOn = addWorkingDays(today, FEEDBACK_WORKING_DAYS, ctx.calendar)
  await ctx.database.transaction(async (tx) => {
    try {
      await repo.insertApplication(tx, {
        subject_id: subjectId,
        application_id: applicationId,
        target_type: target.type,
        target_id: target.id,
        kind: target.kind,
        status: 'submitted',
        applied_at: now,
        applied_on: today,
        statement: input.statement,
        evidence: JSON.stringify(input.evidence),
        feedback_due_on: feedbackDueOn,
        feedback_on: null,
        feedback: null,
        decision_due_on: null,
        decided_on: null,
        decided_by: null,
        decision_reasons: null,
        take_down_due_on: null,
        taken_down_on: null,
      })
    } catch (error) {
      if ((error as { code?: string }).code === '23505')
        throw new AppError('repair.pending', 'an application for this is being handled already', [
          { pointer: target.type === 'record' ? '/recordId' : '/listEntryId', detail: 'pending' },
        ])
      throw error
    }
    await appendAuditEvents(tx, now, [
      {
        action: 'repair.applied',
        actor,
        subjectId,
        objectType: 'repair',
        objectId: applicationId,
        payload: { applicationId, targetType: target.type, targetId: target.id, kind: target.kind, feedbackDueOn },
      },
    ])
    await insertNotices(tx, now, [
      {
        subjectId,
        kind: 'repair.received',
        objectType: 'repair',
        objectId: applicationId,
        body: {
          target,
          feedbackDueOn,
          then: {
            zh: `反馈后${DECISION_WORKING_DAYS}个工作日内作出决定，批准后${TAKE_DOWN_WORKING_DAYS}个工作日内停止公示`,
            en: `a decision within ${DECISION_WORKING_DAYS} working days of the feedback, the take-down within ${TAKE_DOWN_WORKING_DAYS} of an approval`,
          },
        },
      },
    ])
  })
  return viewOf((await findApplication(ctx.database.db, applicationId))!, today)
}

/** An officer's feedback on an application (completeness, what was verified): the decision falls due within 3 working days. */
export async function giveFeedback(
  ctx: ListsContext,
  officer: Officer,
  applicationId: string,
  feedback: string,
): Promise<RepairView> {
  assertNoForbiddenCategory(feedback, '/feedback')
  const now = ctx.clock.now()
  const today = chinaDate(now)
  await ctx.database.transaction(async (tx) => {
    const row = await repo.lockApplication(tx, applicationId)
    if (!row) throw notFound()
    if (row.status !== 'submitted')
      throw new AppError(
        'repair.wrong_step',
        `feedback is given once, to a submitted application (it is ${row.status})`,
      )
    const decisionDueOn = addWorkingDays(today, DECISION_WORKING_DAYS, ctx.calendar)
    await repo.updateApplication(tx, row.subject_id, applicationId, {
      status: 'feedback_given',
      feedback_on: today,
      feedback,
      decision_due_on: decisionDueOn,
    })
    await appendAuditEvents(tx, now, [
      {
        action: 'repair.feedback',
        actor: officer.actor,
        subjectId: row.subject_id,
        objectType: 'repair',
        objectId: applicationId,
        payload: { applicationId, decisionDueOn },
      },
    ])
    await insertNotices(tx, now, [
      {
        subjectId: row.subject_id,
        kind: 'repair.feedback',
        objectType: 'repair',
        objectId: applicationId,
        body: { feedback, decisionDueOn },
      },
    ])
  })
  return viewOf((await findApplication(ctx.database.db, applicationId))!, today)
}

/**
 * An officer decides; an approval ends the publication the same day (a record leaves public display, an
 * entry is removed). An approval re-checks the record in its transaction (share-locked, as a list
 * entry's step does) and is refused, writing nothing, unless it is still repairable — in force and
 * published; a refusal rests on nothing and can always be given.
 */
export async function decideRepair(
  ctx: ListsContext,
  officer: Officer,
  applicationId: string,
  input: { outcome: 'approved' | 'refused'; reasons: string },
): Promise<RepairView> {
  assertNoForbiddenCategory(input.reasons, '/reasons')
  const now = ctx.clock.now()
  const today = chinaDate(now)
  const before = await findApplication(ctx.database.db, applicationId)
  if (!before) throw notFound()
  // an entry's subject is read before the transaction (PGlite: one connection)
  const subject: EntrySubject | undefined =
    before.target_type === 'list_entry' ? await subjectOfListEntry(ctx, before.target_id) : undefined
  const subjectType = (await getSubjectSummary(ctx.database, ctx.keys, before.subject_id)).subjectType
  await ctx.database.transaction(async (tx) => {
    const row = (await repo.lockApplication(tx, applicationId))!
    if (row.status !== 'feedback_given')
      throw new AppError('repair.wrong_step', `an application is decided after feedback (it is ${row.status})`)
    const approved = input.outcome === 'approved'
    if (approved && row.target_type === 'record')
      repairableKindOf(ctx, await findRecordStanding(ctx, row.subject_id, row.target_id, tx), subjectType, today, '')
    await repo.updateApplication(tx, row.subject_id, applicationId, {
      status: approved ? 'approved' : 'refused',
      decided_on: today,
      decided_by: officer.name,
      decision_reasons: input.reasons,
      ...(approved
        ? { take_down_due_on: addWorkingDays(today, TAKE_DOWN_WORKING_DAYS, ctx.calendar), taken_down_on: today }
        : {}),
    })
    await appendAuditEvents(tx, now, [
      {
        action: 'repair.decided',
        actor: officer.actor,
        subjectId: row.subject_id,
        objectType: 'repair',
        objectId: applicationId,
        payload: { applicationId, outcome: input.outcome },
      },
    ])
    if (approved && row.target_type === 'record') {
      await takeDownRecord(tx, row.subject_id, row.target_id, now)
      await appendAuditEvents(tx, now, [
        {
          action: 'record.publication_ended',
          actor: officer.actor,
          subjectId: row.subject_id,
          objectType: 'record',
          objectId: row.target_id,
          payload: { kind: row.kind, by: 'repair', applicationId },
        },
      ])
    }
    if (approved && row.target_type === 'list_entry')
      await endEntryByRepair(tx, ctx, officer, row.target_id, subject!, now)
    await insertNotices(tx, now, [
      {
        subjectId: row.subject_id,
        kind: 'repair.decided',
        objectType: 'repair',
        objectId: applicationId,
        body: {
          outcome: input.outcome,
          reasons: input.reasons,
          ...(approved
            ? { publicationEndedOn: today }
            : { howToContest: 'ask for an administrative review, or apply again with new evidence' }),
        },
      },
    ])
  })
  return viewOf((await findApplication(ctx.database.db, applicationId))!, today)
}

export async function listOwnRepairs(ctx: ListsContext, subjectId: string): Promise<RepairView[]> {
  const today = chinaDate(ctx.clock.now())
  return (await repo.subjectApplications(ctx.database.db, subjectId)).map((r) => viewOf(r, today))
}

export type RepairFilter = repo.RepairFilter

/** The officers' queue: pending applications by due day, with counts of what is due and overdue. */
export async function repairQueue(ctx: ListsContext, filter: RepairFilter, limit: number) {
  const today = chinaDate(ctx.clock.now())
  const { rows, counts: c } = await repo.pendingApplications(ctx.database.db, filter, today, limit)
  // the list carries no words of the subject: an officer reads one application in full, and that look is
  // recorded; it names whom each is about (a person's name and number masked)
  const applications = await withSubjectBriefs(
    ctx.database,
    ctx.keys,
    rows.map((r) => ({ ...viewOf(r, today), statement: '', evidence: [] })),
  )
  return {
    today,
    counts: { pending: c.pending, feedbackOverdue: c.feedback_overdue, decisionOverdue: c.decision_overdue },
    applications,
  }
}

/** One application in full for an officer; the look is written to the audit trail first. */
export async function readRepair(
  ctx: ListsContext,
  actor: Actor,
  applicationId: string,
): Promise<RepairView & { history: TrailEvent[] }> {
  const row = await findApplication(ctx.database.db, applicationId)
  if (!row) throw notFound()
  const now = ctx.clock.now()
  await ctx.database.transaction((tx) =>
    appendAuditEvents(tx, now, [
      {
        action: 'repair.viewed',
        actor,
        subjectId: row.subject_id,
        objectType: 'repair',
        objectId: applicationId,
        payload: { applicationId },
      },
    ]),
  )
  return {
    ...viewOf(row, chinaDate(now)),
    history: await objectTrail(ctx.database.db, row.subject_id, 'repair', applicationId),
  }
}
