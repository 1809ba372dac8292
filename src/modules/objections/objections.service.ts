/**
 * Objections: filing, the source's answer, an officer's escalation and decision, the queues, and the
 * overdue sweep. Every change locks the objection (and the record it is about), writes its audit event
 * and tells the subject in the same transaction. The record's standing in every view follows from the
 * objection rows (access/views.ts decides), so suppression starts exactly on the day after the due
 * day, whether or not the sweep has run; the sweep only tells the subject and reminds the source.
 */
import { randomUUID } from 'node:crypto'
import type { Database, Db, Tx } from '../../db/database.ts'
import { AppError } from '../../platform/app-error.ts'
import {
  appendAuditEvents,
  type StoredAuditEvent,
  listSubjectEvents,
  type Actor,
  type AuditAction,
  type AuditEvent,
} from '../../platform/audit.ts'
import { chinaDate } from '../../platform/calendar.ts'
import type { IdRange } from '../../platform/id-ranges.ts'
import type { SourcePrincipal } from '../../platform/principal.ts'
import { addDuration, assertNoForbiddenCategory } from '../catalogue/index.ts'
import { actorKey, actorNames, standingOf } from '../access/index.ts'
import { insertNotices, type Notice } from '../notices/index.ts'
import { recordsLapsed, submitRecordIn, type RecordsContext } from '../records/index.ts'
import { enqueueWebhook } from '../sources/index.ts'
import { type SubjectBrief, withSubjectBriefs } from '../subjects/index.ts'
import {
  answerDueOn,
  isOverdue,
  nextStatus,
  type Evidence,
  type ObjectionStatus,
  type ObjectionStep,
  type OfficerDecision,
  type SourceAnswer,
  type StepRefusal,
  type TargetType,
} from './objections.ts'
import * as repo from './objections.repository.ts'
import { resolveEvidence } from '../evidence/index.ts'

export type ObjectionsContext = RecordsContext

export interface NewObjection {
  recordId: string
  reasons: string
  evidence?: Evidence[]
  statement?: string | null
}

export interface ObjectionView {
  objectionId: string
  subjectId: string
  target: {
    type: 'record' | 'list_entry'
    id: string
    kind: string | null
    version: number | null
    currentVersion: number | null
    sourceRecordId: string | null
    source: string | null
    sourceDisplayName: string | null
  }
  filedAt: string
  filedBy: 'subject' | 'officer'
  dueOn: string
  status: ObjectionStatus
  overdue: boolean
  reasons?: string
  evidence?: Evidence[]
  statement?: string | null
  answer?: Record<string, unknown> | null
  answeredAt: string | null
  answeredVersion: number | null
  escalatedAt: string | null
  /** the item was erased at the end of its retention period, and the objection's words with it */
  erased: boolean
  history?: { at: string; action: string; by: string; actorType: string; actorName?: string | null }[]
}

const OBJECTION_ACTIONS: AuditAction[] = [
  'objection.filed',
  'objection.answered',
  'objection.escalated',
  'objection.decided',
  'objection.overdue',
  'objection.lapsed',
]

function viewOf(row: repo.ObjectionRow, today: string, withWords: boolean): ObjectionView {
  const view: ObjectionView = {
    objectionId: row.objection_id,
    subjectId: row.subject_id,
    target: {
      type: row.target_type,
      id: row.target_id,
      kind: row.kind_code,
      version: row.target_version,
      currentVersion: row.current_version,
      sourceRecordId: row.source_record_id,
      source: row.source_name,
      sourceDisplayName: row.source_display_name,
    },
    filedAt: new Date(row.filed_at).toISOString(),
    filedBy: row.filed_by_type === 'subject' ? 'subject' : 'officer',
    dueOn: row.due_on,
    status: row.status,
    overdue: isOverdue(row.status, row.due_on, today),
    answeredAt: row.answered_at === null ? null : new Date(row.answered_at).toISOString(),
    answeredVersion: row.answered_version,
    escalatedAt: row.escalated_at === null ? null : new Date(row.escalated_at).toISOString(),
    erased: row.erased_at !== null,
  }
  if (withWords)
    Object.assign(view, {
      reasons: row.reasons,
      evidence: row.evidence as Evidence[],
      statement: row.statement,
      answer: row.answer,
    })
  return view
}

function refusal(reason: StepRefusal, status: ObjectionStatus): AppError {
  switch (reason) {
    case 'decided':
      return new AppError('objection.decided', `the objection is ${status} already`)
    case 'not_escalated':
      return new AppError(
        'objection.not_escalated',
        'an officer decides an objection against a record only once it has been escalated',
      )
    case 'not_for_list_entries':
      return new AppError(
        'objection.decided',
        'an objection against a list entry is decided by an officer, not answered by a source',
      )
  }
}

const notFound = () =>
  new AppError('objection.not_found', 'no such objection', [{ pointer: '/objectionId', detail: 'unknown objection' }])

/**
 * Files an objection against one of the subject's records. `onBehalf`: an officer files it for the
 * subject. The reasons and statement are the subject's own voice about itself: unlike an officer's or a
 * source's words they are not checked for the charter's refused categories.
 */
export async function fileObjection(
  ctx: ObjectionsContext,
  actor: Actor,
  subjectId: string,
  given: NewObjection,
  options: { onBehalf: boolean },
): Promise<ObjectionView> {
  const evidence = await resolveEvidence(ctx.database.db, ctx.keys, subjectId, given.evidence)
  const input = { ...given, ...(evidence ? { evidence } : {}) }
  const now = ctx.clock.now()
  const today = chinaDate(now)
  const objectionId = randomUUID()
  await ctx.database.transaction(async (tx) => {
    const record = await repo.lockCurrentRecord(tx, subjectId, input.recordId)
    if (!record)
      throw new AppError('record.not_found', 'no such record in this file', [
        { pointer: '/recordId', detail: 'not a record of this subject' },
      ])
    await refuseIfGone(tx, ctx, record, today)
    const dueOn = answerDueOn(today)
    try {
      await repo.insertObjection(tx, {
        subject_id: subjectId,
        objection_id: objectionId,
        target_type: 'record',
        target_id: record.record_id,
        target_version: record.version,
        source_id: record.source_id,
        filed_by_type: actor.type,
        filed_by_id: actor.id,
        filed_at: now,
        due_on: dueOn,
        reasons: input.reasons,
        evidence: JSON.stringify(input.evidence ?? []),
        statement: input.statement ?? null,
        status: 'open',
      })
    } catch (error) {
      if ((error as { code?: string }).code === '23505')
        throw new AppError(
          'objection.already_undecided',
          'an objection against this record is awaiting its answer already',
          [{ pointer: '/recordId', detail: 'already under objection' }],
        )
      throw error
    }
    await appendAuditEvents(tx, now, [
      {
        action: 'objection.filed',
        actor,
        subjectId,
        objectType: 'objection',
        objectId: objectionId,
        payload: {
          objectionId,
          targetType: 'record',
          targetId: record.record_id,
          kind: record.kind_code,
          version: record.version,
          dueOn,
          onBehalf: options.onBehalf,
        },
      },
    ])
    await insertNotices(tx, now, [
      {
        subjectId,
        kind: 'objection.filed',
        objectType: 'objection',
        objectId: objectionId,
        body: {
          recordId: record.record_id,
          kind: record.kind_code,
          dueOn,
          onBehalf: options.onBehalf,
          meanwhile: {
            zh: '在此期间，该记录在所有展示处标注为“异议处理中”',
            en: 'the record is marked as under objection wherever it is shown',
          },
        },
      },
    ])
    await enqueueWebhook(tx, now, {
      subjectId,
      sourceId: record.source_id,
      event: 'objection.filed',
      body: {
        objectionId,
        recordId: record.record_id,
        sourceRecordId: record.source_record_id,
        kind: record.kind_code,
        version: record.version,
        dueOn,
        queue: '/v1/sources/me/objections',
      },
    })
  })
  const row = await repo.findObjection(ctx.database.db, objectionId)
  return viewOf(row!, today, true)
}

/** An erased record (or one due to be) and a withdrawn one cannot be objected to, nor answered with content. */
async function refuseIfGone(tx: Tx, ctx: ObjectionsContext, record: repo.CurrentRecord, today: string): Promise<void> {
  const kind = ctx.catalogue.kinds.get(record.kind_code)
  const withdrawn = record.version <= (await repo.withdrawnThrough(tx, record.subject_id, record.record_id))
  const standing = kind
    ? standingOf(
        {
          kind,
          decidedOn: record.decided_on,
          conductEndedOn: record.conduct_ended_on,
          lifecycle: { erased: record.erased_at !== null, withdrawn },
        },
        today,
      )
    : record.erased_at !== null
      ? 'erased'
      : 'current'
  if (standing === 'erased')
    throw new AppError(
      'objection.item_erased',
      'the record has been erased at the end of its retention period; only its tombstone remains',
      [{ pointer: '/recordId', detail: 'erased' }],
    )
  if (standing === 'withdrawn')
    throw new AppError('objection.item_withdrawn', 'the record has been withdrawn', [
      { pointer: '/recordId', detail: 'withdrawn' },
    ])
}

export interface SourceAnswerInput {
  outcome: SourceAnswer
  explanation: string
  evidence?: Evidence[]
  /** for `corrected`: the corrected record (same sourceRecordId), stored as its new version with the answer */
  record?: unknown
}

/** Applies `step` to a locked objection; throws if the step is not allowed now. */
async function step(
  tx: Tx,
  objectionId: string,
  s: ObjectionStep,
  scope: { sourceId?: string },
): Promise<repo.ObjectionRow> {
  const locked = await repo.lockObjection(tx, objectionId)
  const row = locked && (await repo.findObjection(tx.db, objectionId, scope))
  if (!row) throw notFound()
  const next = nextStatus(row.status, row.target_type, s)
  if (typeof next !== 'string') throw refusal(next.refused, row.status)
  return { ...row, status: next }
}

/** A source answers an objection against one of its records: verified, corrected (with the new version) or withdrawn. */
export async function answerObjection(
  ctx: ObjectionsContext,
  source: SourcePrincipal,
  actor: Actor,
  objectionId: string,
  input: SourceAnswerInput,
): Promise<ObjectionView> {
  assertNoForbiddenCategory(input.explanation, '/explanation')
  const now = ctx.clock.now()
  const today = chinaDate(now)
  await ctx.database.transaction(async (tx) => {
    const row = await step(tx, objectionId, { type: 'answer', outcome: input.outcome }, { sourceId: source.sourceId })
    const record = await repo.lockCurrentRecord(tx, row.subject_id, row.target_id)
    if (!record) throw notFound()
    await refuseIfGone(tx, ctx, record, today)
    let version = record.version
    if (input.outcome === 'corrected') {
      if (input.record === undefined)
        throw new AppError('request.invalid', 'a correction comes with the corrected record', [
          { pointer: '/record', detail: 'required when outcome is corrected' },
        ])
      const result = await submitRecordIn(tx, ctx, source, actor, input.record, now)
      if (result.recordId !== record.record_id)
        throw new AppError(
          'objection.correction_other_record',
          'the correction is for another record: send the same subject and sourceRecordId',
          [{ pointer: '/record/sourceRecordId', detail: `expected ${record.source_record_id}` }],
        )
      if (result.status !== 'versioned')
        throw new AppError(
          'objection.correction_unchanged',
          'the corrected record is the same as the stored one; answer verified instead',
          [{ pointer: '/record', detail: 'unchanged' }],
        )
      version = result.version
    } else if (input.record !== undefined) {
      throw new AppError('request.invalid', 'only a correction comes with a record', [
        { pointer: '/record', detail: 'only with outcome corrected' },
      ])
    }
    await repo.updateObjection(tx, row.subject_id, objectionId, {
      status: row.status,
      answered_at: now,
      answered_version: version,
      answer: JSON.stringify({ explanation: input.explanation, evidence: input.evidence ?? [], by: 'source' }),
    })
    await appendAuditEvents(tx, now, [
      {
        action: 'objection.answered',
        actor,
        subjectId: row.subject_id,
        objectType: 'objection',
        objectId: objectionId,
        payload: { objectionId, outcome: input.outcome, version },
      },
    ])
    await insertNotices(tx, now, [
      {
        subjectId: row.subject_id,
        kind: 'objection.answered',
        objectType: 'objection',
        objectId: objectionId,
        body: {
          recordId: row.target_id,
          kind: row.kind_code,
          outcome: input.outcome,
          version,
          explanation: input.explanation,
        },
      },
    ])
    // a record withdrawn, or corrected on objection (the facts relied on were wrong), no longer grounds what rests on it
    if (input.outcome !== 'verified')
      await recordsLapsed(tx, ctx, now, actor, [
        { subjectId: row.subject_id, recordId: row.target_id, lapse: input.outcome },
      ])
  })
  return viewOf((await repo.findObjection(ctx.database.db, objectionId))!, today, true)
}

/** An officer escalates an undecided objection (for a decision by the credit authority). */
export async function escalateObjection(
  ctx: ObjectionsContext,
  actor: Actor,
  objectionId: string,
  reason: string,
): Promise<ObjectionView> {
  assertNoForbiddenCategory(reason, '/reason')
  const now = ctx.clock.now()
  await ctx.database.transaction(async (tx) => {
    const row = await step(tx, objectionId, { type: 'escalate' }, {})
    await repo.updateObjection(tx, row.subject_id, objectionId, {
      status: row.status,
      escalated_at: now,
      answer: JSON.stringify({ ...row.answer, escalation: { reason, at: now.toISOString() } }),
    })
    await appendAuditEvents(tx, now, [
      {
        action: 'objection.escalated',
        actor,
        subjectId: row.subject_id,
        objectType: 'objection',
        objectId: objectionId,
        payload: { objectionId },
      },
    ])
    await insertNotices(tx, now, [
      {
        subjectId: row.subject_id,
        kind: 'objection.escalated',
        objectType: 'objection',
        objectId: objectionId,
        body: { recordId: row.target_id, kind: row.kind_code, reason },
      },
    ])
  })
  return viewOf((await repo.findObjection(ctx.database.db, objectionId))!, chinaDate(now), true)
}

/** An officer decides an escalated objection (or one against a list entry): upheld takes the item back, dismissed keeps it. */
export async function decideObjection(
  ctx: ObjectionsContext,
  actor: Actor,
  objectionId: string,
  input: { outcome: OfficerDecision; reasons: string },
): Promise<ObjectionView> {
  assertNoForbiddenCategory(input.reasons, '/reasons')
  const now = ctx.clock.now()
  const today = chinaDate(now)
  await ctx.database.transaction(async (tx) => {
    const row = await step(tx, objectionId, { type: 'decide', outcome: input.outcome }, {})
    if (row.target_type === 'list_entry')
      throw new AppError(
        'objection.decide_on_the_entry',
        'an objection against a list entry is decided with the entry: POST /v1/lists/entries/{entryId}/decision, or /annulment for an entry in force',
      )
    let version: number | null = null
    if (row.target_type === 'record') {
      const record = await repo.lockCurrentRecord(tx, row.subject_id, row.target_id)
      if (!record) throw notFound()
      await refuseIfGone(tx, ctx, record, today)
      version = record.version
    }
    await repo.updateObjection(tx, row.subject_id, objectionId, {
      status: row.status,
      answered_at: now,
      answered_version: version,
      answer: JSON.stringify({
        ...row.answer,
        decision: { outcome: input.outcome, reasons: input.reasons, by: 'officer' },
      }),
    })
    await appendAuditEvents(tx, now, [
      {
        action: 'objection.decided',
        actor,
        subjectId: row.subject_id,
        objectType: 'objection',
        objectId: objectionId,
        payload: { objectionId, outcome: input.outcome, version },
      },
    ])
    await insertNotices(tx, now, [
      {
        subjectId: row.subject_id,
        kind: 'objection.decided',
        objectType: 'objection',
        objectId: objectionId,
        body: {
          recordId: row.target_id,
          kind: row.kind_code,
          outcome: input.outcome,
          reasons: input.reasons,
          howToAppeal: {
            zh: '如不服，可以依法申请行政复议或者提起行政诉讼',
            en: 'an administrative review or a court can be asked to review this decision',
          },
        },
      },
    ])
    // upheld, the record is taken back: what rests on it ends with it
    if (input.outcome === 'upheld')
      await recordsLapsed(tx, ctx, now, actor, [
        { subjectId: row.subject_id, recordId: row.target_id, lapse: 'withdrawn' },
      ])
  })
  return viewOf((await repo.findObjection(ctx.database.db, objectionId))!, today, true)
}

export interface ListEntryObjection {
  subjectId: string
  entryId: string
  listKind: string
  /** the last day to object (the entry's objection window), or the answer period from now against an entry in force */
  dueOn: string
  reasons: string
  evidence?: Evidence[]
  statement?: string | null
}

/**
 * Files an objection against a list entry in the caller's transaction; the lists module moves the
 * entry itself (an objection inside the window stops the decision until it is heard). Returns its id.
 */
export async function insertListEntryObjection(
  tx: Tx,
  at: Date,
  actor: Actor,
  input: ListEntryObjection,
  options: { onBehalf: boolean },
): Promise<string> {
  const objectionId = randomUUID()
  try {
    await repo.insertObjection(tx, {
      subject_id: input.subjectId,
      objection_id: objectionId,
      target_type: 'list_entry',
      target_id: input.entryId,
      target_version: null,
      source_id: null,
      filed_by_type: actor.type,
      filed_by_id: actor.id,
      filed_at: at,
      due_on: input.dueOn,
      reasons: input.reasons,
      evidence: JSON.stringify(input.evidence ?? []),
      statement: input.statement ?? null,
      status: 'open',
    })
  } catch (error) {
    if ((error as { code?: string }).code === '23505')
      throw new AppError(
        'objection.already_undecided',
        'an objection against this entry is awaiting its decision already',
        [{ pointer: '/entryId', detail: 'already under objection' }],
      )
    throw error
  }
  await appendAuditEvents(tx, at, [
    {
      action: 'objection.filed',
      actor,
      subjectId: input.subjectId,
      objectType: 'objection',
      objectId: objectionId,
      payload: {
        objectionId,
        targetType: 'list_entry',
        targetId: input.entryId,
        kind: input.listKind,
        version: null,
        dueOn: input.dueOn,
        onBehalf: options.onBehalf,
      },
    },
  ])
  return objectionId
}

/** Settles the undecided objections against a list entry with the officer's decision on the entry (in the caller's transaction). */
export async function settleListEntryObjections(
  tx: Tx,
  at: Date,
  actor: Actor,
  subjectId: string,
  entryId: string,
  outcome: OfficerDecision,
  reasons: string,
): Promise<number> {
  const rows = await repo.lockUndecidedEntryObjections(tx, subjectId, entryId)
  for (const o of rows) {
    await repo.updateObjection(tx, subjectId, o.objection_id, {
      status: outcome,
      answered_at: at,
      answer: JSON.stringify({ ...o.answer, decision: { outcome, reasons, by: 'officer' } }),
    })
  }
  await appendAuditEvents(
    tx,
    at,
    rows.map((o) => ({
      action: 'objection.decided' as const,
      actor,
      subjectId,
      objectType: 'objection',
      objectId: o.objection_id,
      payload: { objectionId: o.objection_id, outcome, version: null },
    })),
  )
  return rows.length
}

/**
 * Erases the words of the objections against list entries being deleted, in the caller's transaction;
 * an undecided one lapses, with its event. Returns how many lapsed.
 */
export async function eraseListEntryObjections(
  tx: Tx,
  at: Date,
  actor: Actor,
  entries: readonly { subjectId: string; entryId: string }[],
): Promise<number> {
  if (entries.length === 0) return 0
  const lapsed = await repo.eraseListEntryObjections(tx, at, entries)
  await appendAuditEvents(
    tx,
    at,
    lapsed.map((o) => ({
      action: 'objection.lapsed' as const,
      actor,
      subjectId: o.subject_id,
      objectType: 'objection',
      objectId: o.objection_id,
      payload: { objectionId: o.objection_id, reason: 'item_erased' as const },
    })),
  )
  return lapsed.length
}

/**
 * Lapses the undecided objections against list entries that ended without a decision on them (their
 * basis record stopped holding), in the caller's transaction; their words stay until the entry is erased.
 */
export async function lapseListEntryObjections(
  tx: Tx,
  at: Date,
  actor: Actor,
  entries: readonly { subjectId: string; entryId: string }[],
): Promise<number> {
  if (entries.length === 0) return 0
  const rows = await repo.lapseListEntryObjections(tx, entries)
  await appendAuditEvents(
    tx,
    at,
    rows.map((o) => ({
      action: 'objection.lapsed' as const,
      actor,
      subjectId: o.subject_id,
      objectType: 'objection',
      objectId: o.objection_id,
      payload: { objectionId: o.objection_id, reason: 'entry_ended' as const },
    })),
  )
  return rows.length
}

/** A subject's objections, newest first, each with its history from the audit trail. */
export async function listOwnObjections(ctx: ObjectionsContext, subjectId: string): Promise<ObjectionView[]> {
  const today = chinaDate(ctx.clock.now())
  const [rows, events] = await Promise.all([
    repo.listSubjectObjections(ctx.database.db, subjectId),
    listSubjectEvents(ctx.database.db, subjectId, OBJECTION_ACTIONS),
  ])
  const history = historiesOf(events)
  return rows.map((r) => ({ ...viewOf(r, today, true), history: history.get(r.objection_id) ?? [] }))
}

/** Each objection's steps from the audit trail, oldest first (events come newest first); `names`: who acted, by `actorKey`. */
function historiesOf(
  events: readonly StoredAuditEvent[],
  names?: ReadonlyMap<string, string>,
): Map<string, NonNullable<ObjectionView['history']>> {
  const history = new Map<string, NonNullable<ObjectionView['history']>>()
  for (const e of [...events].reverse()) {
    const id = String(e.payload.objectionId)
    const list = history.get(id) ?? []
    list.push({
      at: e.occurredAt,
      action: e.action,
      by: e.actorType === 'officer' ? 'credit officer' : e.actorType,
      actorType: e.actorType,
      ...(names ? { actorName: names.get(actorKey({ type: e.actorType, id: e.actorId })) ?? null } : {}),
    })
    history.set(id, list)
  }
  return history
}

/** A source's queue: the objections against its records (undecided ones by default), due first. */
export async function listSourceQueue(
  ctx: ObjectionsContext,
  source: SourcePrincipal,
  options: { all: boolean; limit: number },
): Promise<{ today: string; objections: ObjectionView[] }> {
  const today = chinaDate(ctx.clock.now())
  const rows = await repo.listSourceObjections(ctx.database.db, source.sourceId, !options.all, options.limit)
  return { today, objections: rows.map((r) => viewOf(r, today, true)) }
}

export interface OfficerQueue {
  today: string
  dueSoonUntil: string
  counts: { undecided: number; overdue: number; dueSoon: number; escalated: number }
  /** each with whom it is about (null: the subject is gone) */
  objections: (ObjectionView & { subject: SubjectBrief | null })[]
}

/** The officer's queue: counts of undecided, overdue, due-soon and escalated objections, and the filtered list (without the subjects' words). */
export async function officerQueue(
  ctx: ObjectionsContext,
  options: { filter: repo.QueueFilter; withinDays: number; limit: number },
): Promise<OfficerQueue> {
  const today = chinaDate(ctx.clock.now())
  const dueSoonUntil = addDuration(today, `P${options.withinDays}D`)
  const [counts, rows] = await Promise.all([
    repo.queueCounts(ctx.database.db, today, dueSoonUntil),
    repo.listQueue(ctx.database.db, options.filter, today, dueSoonUntil, options.limit),
  ])
  // whom each objection is about, as people read it (a person's name and number masked)
  const objections = await withSubjectBriefs(
    ctx.database,
    ctx.keys,
    rows.map((r) => viewOf(r, today, false)),
  )
  return { today, dueSoonUntil, counts, objections }
}

/** One objection in full for an officer; the look is recorded like a look at the file. */
export async function readObjection(ctx: ObjectionsContext, actor: Actor, objectionId: string): Promise<ObjectionView> {
  const row = await repo.findObjection(ctx.database.db, objectionId)
  if (!row) throw notFound()
  const now = ctx.clock.now()
  await ctx.database.transaction((tx) =>
    appendAuditEvents(tx, now, [
      {
        action: 'objection.viewed',
        actor,
        subjectId: row.subject_id,
        objectType: 'objection',
        objectId: objectionId,
        payload: { objectionId },
      },
    ]),
  )
  // with its steps from the audit trail: every escalation and decision shows the event it wrote
  const events = (await listSubjectEvents(ctx.database.db, row.subject_id, OBJECTION_ACTIONS)).filter(
    (e) => e.payload.objectionId === objectionId,
  )
  // officers read who acted by name: the officer's, the source's
  const names = await actorNames(
    ctx.database.db,
    events.map((e) => ({ type: e.actorType, id: e.actorId })),
  )
  return {
    ...viewOf(row, chinaDate(now), true),
    history: historiesOf(events, names).get(objectionId) ?? [],
  }
}

/**
 * Tells subjects whose objection against a record went unanswered past its due day that the record
 * is suppressed, and reminds the source; once per objection. (An objection against a list entry has
 * no source to answer it: the entry waits for its hearing instead.) Returns how many it handled.
 */
export async function sweepOverdueObjections(
  database: Database,
  now: Date,
  actor: Actor,
  batch = 1_000,
): Promise<number> {
  const today = chinaDate(now)
  let handled = 0
  for (;;) {
    const done = await database.transaction(async (tx) => {
      const due = await repo.markOverdue(tx, today, now, batch)
      const events: AuditEvent[] = []
      const notices: Notice[] = []
      for (const o of due) {
        events.push({
          action: 'objection.overdue',
          actor,
          subjectId: o.subject_id,
          objectType: 'objection',
          objectId: o.objection_id,
          payload: { objectionId: o.objection_id, dueOn: o.due_on },
        })
        notices.push({
          subjectId: o.subject_id,
          kind: 'objection.overdue',
          objectType: 'objection',
          objectId: o.objection_id,
          body: {
            recordId: o.target_id,
            dueOn: o.due_on,
            meanwhile:
              'the source did not answer in time: the record is no longer shown to anyone but you and the credit authority until it answers',
          },
        })
        if (o.source_id !== null)
          await enqueueWebhook(tx, now, {
            subjectId: o.subject_id,
            sourceId: o.source_id,
            event: 'objection.overdue',
            body: { objectionId: o.objection_id, recordId: o.target_id, dueOn: o.due_on, suppressed: true },
          })
      }
      await appendAuditEvents(tx, now, events)
      await insertNotices(tx, now, notices)
      return due.length
    })
    handled += done
    if (done < batch) return handled
  }
}

/** An objection as its audit events record it (never its words): what the state check (modules/integrity) recomputes from them. */
export interface ObjectionFacts {
  subjectId: string
  objectionId: string
  status: ObjectionStatus
  targetType: TargetType
  targetId: string
  targetVersion: number | null
  dueOn: string
  /** the actor who filed it, as `type:id` */
  filedBy: string
  filedAt: string
  answeredAt: string | null
  answeredVersion: number | null
  escalatedAt: string | null
  overdueNoticedAt: string | null
}

/** The objections of the subjects in `range`, as their events record them (pass `tx.db` to read in a transaction's snapshot). */
export async function objectionFactsInRange(db: Db, range: IdRange): Promise<ObjectionFacts[]> {
  const iso = (t: Date | string | null) => (t === null ? null : new Date(t).toISOString())
  return (await repo.objectionsInRange(db, range)).map((o) => ({
    subjectId: o.subject_id,
    objectionId: o.objection_id,
    status: o.status,
    targetType: o.target_type,
    targetId: o.target_id,
    targetVersion: o.target_version,
    dueOn: o.due_on,
    filedBy: `${o.filed_by_type}:${o.filed_by_id}`,
    filedAt: new Date(o.filed_at).toISOString(),
    answeredAt: iso(o.answered_at),
    answeredVersion: o.answered_version,
    escalatedAt: iso(o.escalated_at),
    overdueNoticedAt: iso(o.overdue_noticed_at),
  }))
}
