/**
 * The audit trail. Every state change appends its events through `appendAuditEvents`, inside the
 * transaction that makes the change, so a change without its event cannot commit. Events carry the
 * pseudonymous subject id, never a personal identifier. The table is append-only (a trigger refuses
 * UPDATE and DELETE); the transparency log is fed from it.
 */
import { sql, type RawBuilder } from 'kysely'
import type { Db, Tx } from '../db/database.ts'
import { GroupRunner } from './group.ts'
import type { IdRange } from './id-ranges.ts'
import { copyTextRow } from './parsers/index.ts'

/** Why a job whose process died was not resumed. */
export type ImportInterruption = 'no_spool_file' | 'spool_unreadable' | 'source_gone' | 'too_many_attempts'

export type ActorType =
  | 'source'
  | 'officer'
  | 'relying_party'
  | 'department'
  | 'auditor'
  | 'subject'
  | 'system'
  | 'operator'

export interface Actor {
  type: ActorType
  /** a source's name, an officer key's id, or 'fides' for the system */
  id: string
}

export const systemActor: Actor = { type: 'system', id: 'fides' }

/**
 * The fields of a list entry its steps' events record: its dates and the early-removal condition,
 * never who took the step (an officer's label can be a name) and never anything about the subject.
 */
export const LIST_ENTRY_STEP_FIELDS = [
  'noticedOn',
  'objectionWindowEndsOn',
  'objectionFiledOn',
  'heardOn',
  'decidedOn',
  'startsOn',
  'endsOn',
  'endedOn',
  'removalCondition',
  'removalReportedOn',
  'removalDueOn',
] as const
export type ListEntryStepField = (typeof LIST_ENTRY_STEP_FIELDS)[number]
export type ListEntryStepFields = Partial<Record<ListEntryStepField, string | null>>

/** What each action records besides its subject and object. */
export interface AuditPayloads {
  'record.accepted': {
    kind: string
    version: number
    sourceRecordId: string
    contentHash: string
    catalogueVersion: string
    identifierCheckFailed: boolean
  }
  'record.versioned': {
    kind: string
    version: number
    sourceRecordId: string
    contentHash: string
    catalogueVersion: string
    identifierCheckFailed: boolean
  }
  'subject.registered': { subjectType: string; identifierCheckFailed: boolean }
  'subject.file_viewed': { history: boolean }
  'subject.looked_up': { by: 'resident_id' }
  'subject.consents_viewed': Record<string, never>
  /** a relying party's look at a subject's restricted data: always shown to the subject */
  'inquiry.made': {
    relyingParty: string
    relyingPartyName: string
    purpose: string
    consentId: string | null
    categories: string[]
  }
  'relying_party.added': { name: string; partyType: string; purposes: string[] }
  'department.added': { name: string; displayName: string; domains: string[] }
  'consent.granted': { consentId: string; relyingParty: string; purpose: string; expiresAt: string; evidence: string }
  'consent.revoked': { consentId: string; relyingParty: string; purpose: string }
  // accounts are named by their id: a username can be a person's name, and events reach the transparency log
  'account.created': { role: string }
  'account.registered': Record<string, never>
  /** alongside: the accounts verified for the subject before this one (an officer confirmed another, with a reason told to the subject) */
  'account.verified': { alongside?: string[] }
  /** an officer refused the claim, for one of a closed list of reasons (the officer's own words go to the claimant only) */
  'account.refused': { reason: string }
  /** (before 0019: five failures locked an account; no longer written) */
  'account.locked': { until: string }
  /** a username reached its free sign-in attempts: from one address (officers' and auditors' only), or from all together */
  'account.sign_in_throttled': { scope: 'one_address' | 'all_addresses'; until: string }
  'account.signed_out': Record<string, never>
  'source.added': { name: string; agencyType: string; isGovernment: boolean; allowedKinds: string[] }
  'api_key.issued': { role: string; label: string; sourceName: string | null }
  'catalogue.loaded': { catalogueVersion: string; contentHash: string; kinds: number; dictionaryVersion?: string }
  'list_catalogue.loaded': { listCatalogueVersion: string; contentHash: string; listKinds: number; measures: number }
  // objections: ids, kinds, versions, dates and outcomes only; the subject's words never reach the
  // audit trail, whose events are kept (and logged) forever while the words are erased with the record
  'objection.filed': {
    objectionId: string
    targetType: 'record' | 'list_entry'
    targetId: string
    kind: string
    version: number | null
    dueOn: string
    onBehalf: boolean
  }
  'objection.answered': { objectionId: string; outcome: 'verified' | 'corrected' | 'withdrawn'; version: number }
  'objection.escalated': { objectionId: string }
  'objection.decided': { objectionId: string; outcome: 'upheld' | 'dismissed'; version: number | null }
  'objection.overdue': { objectionId: string; dueOn: string }
  /** item_erased: its record reached the end of its retention; entry_ended: the list entry it was against ended with its basis record */
  'objection.lapsed': { objectionId: string; reason: 'item_erased' | 'entry_ended' }
  'objection.viewed': { objectionId: string }
  'record.taken_down': { kind: string; version: number; decidedOn: string; displayWindow: string }
  /** the tombstone: what the record was, without its content */
  'record.erased': {
    kind: string
    versions: { version: number; decidedOn: string; conductEndedOn: string | null; contentHash: string }[]
    retention: { period: string; from: string }
  }
  'source.webhook_set': { url: string | null }
  'maintenance.completed': {
    overdue: number
    takenDown: number
    erased: number
    lapsed: number
    entriesExpired: number
    entriesAnnulled: number
    entriesErased: number
    importsDeleted: number
    documentsDeleted: number
    /** absent in passes before issue 19 kept scores for monitoring */
    scoresDeleted?: number
  }
  /** a subject's evidence document (its name is not recorded) */
  /** claim: given with an account's claim to the subject, as identity evidence */
  'evidence.uploaded': { documentId: string; sha256: string; size: number; claim?: true }
  /** an officer's look at a subject's evidence document, recorded like a look at the file (claim: given with a claim) */
  'evidence.viewed': { documentId: string; claim?: true }
  /** a file uploaded by a source (its name is not recorded: a file name can be a person's name) */
  'import.started': { jobId: string; format: 'csv' | 'ndjson'; bytes: number }
  'import.finished': {
    jobId: string
    status: 'done' | 'failed'
    accepted: number
    versioned: number
    unchanged: number
    rejected: number
  }
  /** a job whose process died, run again from its spool file (`attempt`: the new run's number) */
  'import.resumed': { jobId: string; attempt: number }
  /** a job whose process died and that could not be resumed (`reason`: no_spool_file, spool_unreadable, source_gone, too_many_attempts); its spool file deleted */
  'import.interrupted': { jobId: string; attempt: number; reason: ImportInterruption }
  'list_entry.proposed': { entryId: string; listKind: string; criterion: string; basisRecordId: string }
  /**
   * a step of the entry's due process; `on` is its day (China Standard Time); `set`, the entry's dates
   * the step set, so that the entry can be recomputed from its events (absent from events written
   * before steps recorded them); `reason`, on an annulment because the basis record stopped holding:
   * basis_withdrawn, basis_corrected, basis_revoked or basis_erased (lists.machine.ts BasisLapse)
   */
  'list_entry.changed': {
    entryId: string
    listKind: string
    event: string
    status: string
    on: string
    set?: ListEntryStepFields
    reason?: string
  }
  /** an entry deleted five years after it ended; its steps stay here */
  'list_entry.erased': { entryId: string; listKind: string }
  /** an officer's or auditor's look at one entry, recorded like a look at the file */
  'list_entry.viewed': { entryId: string; listKind: string }
  'repair.applied': {
    applicationId: string
    targetType: 'record' | 'list_entry'
    targetId: string
    kind: string
    feedbackDueOn: string
  }
  'repair.feedback': { applicationId: string; decisionDueOn: string }
  'repair.decided': { applicationId: string; outcome: 'approved' | 'refused' }
  'repair.viewed': { applicationId: string }
  /** a record's publication ended early (credit repair); its window's end is record.taken_down */
  'record.publication_ended': { kind: string; by: 'repair'; applicationId: string }
  /** a department's check: an inquiry, always shown to the subject */
  'check.made': { department: string; departmentName: string; domain: string; applies: boolean; entries: string[] }
  /** an organisation's rating changed (its history); reasons are component codes with points */
  'rating.changed': {
    model: string
    modelVersion: string
    score: number
    grade: string
    previousGrade: string | null
    reasons: string[]
  }
  /** a look at an organisation's rating with its reasons (officers, auditors, inspecting departments): shown to the subject */
  'rating.viewed': { model: string; byName: string }
  'model.published': { modelId: string; name: string; version: number; purpose: string; contentHash: string }
  'model.withdrawn': { modelId: string; name: string; version: number }
  /** a relying party's credit score of a person: an inquiry, always shown to the subject, with the score and its reasons */
  'score.made': {
    relyingParty: string
    relyingPartyName: string
    purpose: string
    consentId: string
    modelId: string
    model: string
    version: number
    score: number
    band: string
    reasons: string[]
    /** the feature each reason is about (absent in scores made before issue 19) */
    reasonFeatures?: string[]
    /** the points each reason cost (absent in scores made before issue 19) */
    reasonPoints?: number[]
    /** the values the score used, by the model's column (absent in scores made before issue 19) */
    values?: Record<string, number | string | null>
  }
}

export type AuditAction = keyof AuditPayloads

export type AuditEvent = {
  [A in AuditAction]: {
    action: A
    actor: Actor
    subjectId: string | null
    objectType: string
    objectId: string
    payload: AuditPayloads[A]
  }
}[AuditAction]

/** An event as its row in audit_events. */
function auditRow(at: Date, e: AuditEvent) {
  return {
    occurred_at: at.toISOString(),
    actor_type: e.actor.type,
    actor_id: e.actor.id,
    action: e.action,
    subject_id: e.subjectId,
    object_type: e.objectType,
    object_id: e.objectId,
    payload: JSON.stringify(e.payload),
  }
}

const columns = [
  'occurred_at',
  'actor_type',
  'actor_id',
  'action',
  'subject_id',
  'object_type',
  'object_id',
  'payload',
] as const

/**
 * Appends events in order, in the caller's transaction: a few as one INSERT, many through COPY (whose
 * protocol round trips cost more than a handful of rows, and less than thousands of them).
 */
export async function appendAuditEvents(tx: Tx, at: Date, events: readonly AuditEvent[]): Promise<void> {
  if (events.length === 0) return
  if (events.length <= COPY_THRESHOLD) {
    await tx.db
      .insertInto('audit_events')
      .values(events.map((e) => auditRow(at, e)))
      .execute()
    return
  }
  await tx.copyFrom(
    'audit_events',
    columns,
    events.map((e) => {
      const row = auditRow(at, e)
      return copyTextRow([
        row.occurred_at,
        row.actor_type,
        row.actor_id,
        row.action,
        row.subject_id,
        row.object_type,
        row.object_id,
        row.payload,
      ])
    }),
  )
}

const COPY_THRESHOLD = 50

/** A column of a set-based audit insert: an SQL expression over the rows it is made from. */
type Expr = RawBuilder<unknown>

/**
 * Audit events of `action` made by a set-based statement (a step of a CTE over many rows), one per
 * row that `from` selects, typed as appendAuditEvents types them: the payload names each field of the
 * action's payload, neither more nor fewer, each an SQL expression over those rows. For statements
 * that change many rows in one pass (retention, grouped checks), where the events must be written
 * by the same statement.
 */
export function auditEventsFrom<A extends AuditAction>(
  action: A,
  event: {
    at: Expr
    actorType: Expr
    actorId: Expr
    subjectId: Expr
    objectType: string
    objectId: Expr
    payload: { [K in keyof AuditPayloads[A]]-?: Expr }
  },
  from: Expr,
): RawBuilder<unknown> {
  const fields = Object.entries(event.payload as Record<string, Expr>).flatMap(([key, value]) => [
    sql`${key}::text`,
    value,
  ])
  return sql`INSERT INTO audit_events (occurred_at, actor_type, actor_id, action, subject_id, object_type, object_id, payload)
    SELECT ${event.at}, ${event.actorType}, ${event.actorId}, ${action}::text, ${event.subjectId}, ${event.objectType}::text, ${event.objectId}, jsonb_build_object(${sql.join(fields)})
    ${from}`
}

/**
 * Appends one event as its own statement (autocommit): for an event that is the whole state change,
 * such as a look at a file, written and committed before the read it records.
 */
export function appendAuditEvent(db: Db, at: Date, event: AuditEvent): Promise<void> {
  return appendTimedAuditEvents(db, [{ at, event }])
}

export interface StoredAuditEvent {
  seq: number
  occurredAt: string
  actorType: string
  actorId: string
  action: string
  payload: Record<string, unknown>
}

/** The events about one subject with one of `actions`, newest first. */
export async function listSubjectEvents(
  db: Db,
  subjectId: string,
  actions: readonly AuditAction[],
): Promise<StoredAuditEvent[]> {
  const rows = await db
    .selectFrom('audit_events')
    .select(['seq', 'occurred_at', 'actor_type', 'actor_id', 'action', 'payload'])
    .where('subject_id', '=', subjectId)
    .where('action', 'in', [...actions])
    .orderBy('seq', 'desc')
    .execute()
  return rows.map((r) => ({
    seq: Number(r.seq),
    occurredAt: new Date(r.occurred_at).toISOString(),
    actorType: r.actor_type,
    actorId: r.actor_id,
    action: r.action,
    payload: r.payload,
  }))
}

/** An event about an object of a subject, as the state check (modules/integrity) replays it. */
export interface ObjectEvent {
  seq: number
  occurredAt: string
  actorType: string
  actorId: string
  action: string
  subjectId: string
  objectType: string
  objectId: string
  payload: Record<string, unknown>
}

/**
 * The events about objects of `objectTypes` of the subjects in `range`, in the order they were
 * written (through the index on subject and seq: a pass over every range reads the trail once).
 */
export async function listObjectEventsInRange(
  db: Db,
  range: IdRange,
  objectTypes: readonly string[],
): Promise<ObjectEvent[]> {
  if (objectTypes.length === 0) return []
  const from = db
    .selectFrom('audit_events')
    .select([
      'seq',
      'occurred_at',
      'actor_type',
      'actor_id',
      'action',
      'subject_id',
      'object_type',
      'object_id',
      'payload',
    ])
    .where('subject_id', '>=', range.from)
    .where('object_type', 'in', [...objectTypes])
  const rows = await (range.to === null ? from : from.where('subject_id', '<', range.to)).orderBy('seq').execute()
  return rows.map((r) => ({
    seq: Number(r.seq),
    occurredAt: new Date(r.occurred_at).toISOString(),
    actorType: r.actor_type,
    actorId: r.actor_id,
    action: r.action,
    subjectId: r.subject_id!,
    objectType: r.object_type,
    objectId: r.object_id,
    payload: r.payload,
  }))
}

/**
 * The events recording catalogue versions (`catalogue.loaded`, `list_catalogue.loaded`), oldest first,
 * through their own partial index (the action is written as a literal, so the planner always uses it).
 */
export async function listCatalogueEvents(
  db: Db,
  action: 'catalogue.loaded' | 'list_catalogue.loaded',
): Promise<(StoredAuditEvent & { objectId: string })[]> {
  const rows = await db
    .selectFrom('audit_events')
    .select(['seq', 'occurred_at', 'actor_type', 'actor_id', 'action', 'payload', 'object_id'])
    .where('action', '=', sql.lit(action))
    .orderBy('seq')
    .execute()
  return rows.map((r) => ({
    seq: Number(r.seq),
    occurredAt: new Date(r.occurred_at).toISOString(),
    actorType: r.actor_type,
    actorId: r.actor_id,
    action: r.action,
    payload: r.payload,
    objectId: r.object_id,
  }))
}

/** One line of an object's audit trail, as officers' pages show it. */
export interface TrailEvent {
  at: string
  action: string /** the step, for events that name one (list entries) */
  event: string | null
  by: string
  /** who acted: the actor's type, and its id (for looking its name up; answers give `actorName` instead) */
  actorType: string
  actorId?: string
  /** the name people read for who acted (an officer's, a source's), where the module looked it up */
  actorName?: string | null
}

/** The audit events about one object of a subject (an entry, an application), oldest first. */
export async function objectTrail(
  db: Db,
  subjectId: string,
  objectType: string,
  objectId: string,
): Promise<TrailEvent[]> {
  const rows = await db
    .selectFrom('audit_events')
    .select(['occurred_at', 'actor_type', 'actor_id', 'action', 'payload'])
    .where('subject_id', '=', subjectId)
    .where('object_type', '=', objectType)
    .where('object_id', '=', objectId)
    .orderBy('seq')
    .execute()
  return rows.map((r) => ({
    at: new Date(r.occurred_at).toISOString(),
    action: r.action,
    event: typeof r.payload.event === 'string' ? r.payload.event : null,
    by: r.actor_type === 'system' ? 'fides' : `${r.actor_type} ${r.actor_id}`,
    actorType: r.actor_type,
    actorId: r.actor_id,
  }))
}

/**
 * Appends events that happened at different moments as one statement (autocommit): for grouping
 * independent events, such as the inquiries of concurrent reports, into one commit.
 */
export async function appendTimedAuditEvents(
  db: Db,
  events: readonly { at: Date; event: AuditEvent }[],
): Promise<void> {
  if (events.length === 0) return
  await db
    .insertInto('audit_events')
    .values(events.map(({ at, event }) => auditRow(at, event)))
    .execute()
}

/**
 * Group commit for events that must be durable before their caller goes on: `append` resolves once
 * the event is committed, in a batch with the events that arrived with it (platform/group.ts).
 */
export class AuditGroupWriter {
  readonly #runner: GroupRunner<{ at: Date; event: AuditEvent }, undefined>

  constructor(db: Db, options: { maxBatch?: number; maxInFlight?: number } = {}) {
    this.#runner = new GroupRunner(async (events) => {
      await appendTimedAuditEvents(db, events)
      return events.map(() => undefined)
    }, options)
  }

  /** batches written so far (for tests and benchmarks) */
  get flushes(): number {
    return this.#runner.flushes
  }

  append(at: Date, event: AuditEvent): Promise<void> {
    return this.#runner.submit({ at, event })
  }
}

/** A place in the audit trail: events are ordered by their transaction's id, then their sequence number. */
export interface TrailCursor {
  xid: string
  seq: number
}

/** The settled end of the audit trail now: the last event of the transactions older than every one still running. */
export async function settledEnd(db: Db): Promise<TrailCursor | null> {
  const row = (
    await sql<TrailCursor>`
    SELECT xid::text AS xid, seq FROM audit_events WHERE xid < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY xid DESC, seq DESC LIMIT 1`.execute(
      db,
    )
  ).rows[0]
  return row ?? null
}

/** Up to `limit` settled events after `cursor`, in trail order: a change feed. */
export async function settledEventsAfter(
  db: Db,
  cursor: TrailCursor,
  limit: number,
): Promise<(TrailCursor & { subject_id: string | null; action: string })[]> {
  return (
    await sql<TrailCursor & { subject_id: string | null; action: string }>`
    SELECT xid::text AS xid, seq, subject_id, action FROM audit_events
    WHERE (xid, seq) > (${cursor.xid}::xid8, ${cursor.seq}::bigint) AND xid < pg_snapshot_xmin(pg_current_snapshot())
    ORDER BY xid, seq LIMIT ${limit}`.execute(db)
  ).rows
}
