/**
 * List entries through their due process, and what follows from them: every step is the pure state
 * machine's (lists.machine.ts) applied to the row locked in a transaction, with its audit event and,
 * for every adverse step, a notice to the subject giving the reasons, the legal basis and how to
 * object. The department check (lists.checks.ts) answers from the entries in force; the public
 * statistics are a module of their own (modules/statistics).
 */
import { randomUUID } from 'node:crypto'
import type { Db, Tx } from '../../db/database.ts'
import { AppError } from '../../platform/app-error.ts'
import {
  appendAuditEvents,
  objectTrail,
  type Actor,
  type AuditEvent,
  type AuditPayloads,
  type ListEntryStepField,
  type TrailEvent,
} from '../../platform/audit.ts'
import type { IdRange } from '../../platform/id-ranges.ts'
import { addDays, chinaDate } from '../../platform/calendar.ts'
import type { WorkingCalendar } from '../../platform/working-days.ts'
import { assertNoForbiddenCategory, lastDueDay, type ListCatalogue, type ListKind } from '../catalogue/index.ts'
import { resolveEvidence } from '../evidence/index.ts'
import { insertNotices } from '../notices/index.ts'
import {
  answerDueOn,
  entriesUnderObjection,
  eraseListEntryObjections,
  insertListEntryObjection,
  lapseListEntryObjections,
  settleListEntryObjections,
  type Evidence,
} from '../objections/index.ts'
import { birthDateOf } from '../identifiers/index.ts'
import { findRecordStanding, type CitedRecord, type OnRecordsLapsed, type RecordsContext } from '../records/index.ts'
import { findOwnIdentity, getSubjectSummary, withSubjectBriefs } from '../subjects/index.ts'
import { namedTrail } from '../access/index.ts'
import { listSources } from '../sources/index.ts'
import {
  allowedSteps,
  apply,
  inForce,
  objectionOpening,
  type OfficerStep,
  propose,
  recordedFields,
  stepChanges,
  type BasisLapse,
  type Entry,
  type EntryEvent,
  type EntrySubject,
  type Step,
} from './lists.machine.ts'
import type { Lists } from './lists.load.ts'
import * as repo from './lists.repository.ts'

export interface ListsContext extends RecordsContext {
  lists: ListCatalogue
  calendar: WorkingCalendar
}

/** An officer as the entry names them: their key's or account's label, and their id for the audit trail. */
export interface Officer {
  actor: Actor
  name: string
}

export interface EntryView {
  entryId: string
  subjectId: string
  listKind: string
  listType: 'black' | 'red'
  listName: { zh: string; en: string }
  legalBasis: { zh: string; en: string }
  area: string | null
  criterion: { code: string; name: { zh: string; en: string } }
  basisRecordId: string
  status: Entry['status']
  proposedOn: string
  noticedOn: string | null
  objectionWindowEndsOn: string | null
  objectionFiledOn: string | null
  heardOn: string | null
  decidedOn: string | null
  decidedBy: string | null
  decidingAgency: string | null
  startsOn: string | null
  endsOn: string | null
  endedOn: string | null
  inForce: boolean
  removal: (Entry['removal'] & { overdue: boolean }) | null
  earlyRemoval: { code: string; name: { zh: string; en: string }; withinWorkingDays: number }[]
}

export function kindOf(ctx: Pick<ListsContext, 'lists'>, code: string): ListKind {
  const kind = ctx.lists.listKinds.find((k) => k.code === code)
  if (!kind)
    throw new AppError(
      'list.kind_unknown',
      `no list kind ${code} in list catalogue ${ctx.lists.listCatalogueVersion}`,
      [{ pointer: '/listKind', detail: 'not in the list catalogue' }],
    )
  return kind
}

function viewOf(ctx: ListsContext, row: repo.EntryRow, today: string): EntryView {
  const kind = kindOf(ctx, row.list_kind)
  const criterion = kind.criteria.find((c) => c.code === row.criterion)
  const entry = repo.entryOf(row, { type: 'enterprise' })
  return {
    entryId: row.entry_id,
    subjectId: row.subject_id,
    listKind: row.list_kind,
    listType: row.list_type,
    listName: kind.name,
    legalBasis: kind.legalBasis,
    area: row.area,
    criterion: { code: row.criterion, name: criterion?.name ?? { zh: row.criterion, en: row.criterion } },
    basisRecordId: row.basis_record_id,
    status: row.status,
    proposedOn: row.proposed_on,
    noticedOn: row.noticed_on,
    objectionWindowEndsOn: row.objection_window_ends_on,
    objectionFiledOn: row.objection_filed_on,
    heardOn: row.heard_on,
    decidedOn: row.decided_on,
    decidedBy: row.decided_by,
    decidingAgency: row.deciding_agency,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    endedOn: row.ended_on,
    inForce: inForce(entry, today),
    removal:
      entry.removal === null
        ? null
        : { ...entry.removal, overdue: row.status === 'active' && today > entry.removal.dueOn },
    earlyRemoval: kind.earlyRemoval,
  }
}

const notFound = () =>
  new AppError('list.entry_not_found', 'no such list entry', [{ pointer: '/entryId', detail: 'unknown entry' }])

function refused(step: Extract<Step, { ok: false }>): AppError {
  return new AppError('list.refused', step.detail, [{ pointer: '', detail: step.refusal }])
}

/** The subject as the state machine needs it: its type, and a person's birth date (from the identity number). */
async function entrySubject(ctx: ListsContext, subjectId: string): Promise<EntrySubject> {
  const summary = await getSubjectSummary(ctx.database, ctx.keys, subjectId)
  if (summary.subjectType !== 'person') return { type: summary.subjectType }
  const { residentId } = await findOwnIdentity(ctx.database, ctx.keys, subjectId)
  return residentId ? { type: 'person', birthDate: birthDateOf(residentId) } : { type: 'person' }
}

export interface NewEntry {
  subjectId: string
  listKind: string
  criterion: string
  basisRecordId: string
  /** why the officer proposes it: kept with the entry, told to the subject with the notice */
  reasons: string
}

/** An officer proposes an entry citing a legally effective record in the subject's file. */
export async function proposeEntry(ctx: ListsContext, officer: Officer, input: NewEntry): Promise<EntryView> {
  assertNoForbiddenCategory(input.reasons, '/reasons')
  const kind = kindOf(ctx, input.listKind)
  const now = ctx.clock.now()
  const today = chinaDate(now)
  const subject = await entrySubject(ctx, input.subjectId)
  const entryId = randomUUID()
  const area = kind.criteria.find((c) => c.code === input.criterion)?.area ?? kind.areas[0] ?? null
  const row = await ctx.database.transaction(async (tx) => {
    const basis = await requireBasis(tx, ctx, input.subjectId, input.basisRecordId, 'proposal')
    const step = propose({
      listKind: kind,
      subject,
      criterion: input.criterion,
      basisRecord: { id: input.basisRecordId, kind: basis.kind },
      on: today,
      officer: officer.name,
    })
    if (!step.ok) throw refused(step)
    const row = repo.rowOf(input.subjectId, entryId, step.entry, { listType: kind.type, area, decidingAgency: null })
    await repo.insertEntry(tx, row, now)
    await repo.addStepReason(tx, input.subjectId, entryId, {
      step: 'propose',
      on: today,
      by: officer.name,
      reasons: input.reasons,
    })
    await appendAuditEvents(tx, now, [
      {
        action: 'list_entry.proposed',
        actor: officer.actor,
        subjectId: input.subjectId,
        objectType: 'list_entry',
        objectId: entryId,
        payload: { entryId, listKind: kind.code, criterion: input.criterion, basisRecordId: input.basisRecordId },
      },
    ])
    return row
  })
  return viewOf(ctx, row, today)
}

/** What an entry's step asks of its basis record: a proposal, a notice or hearing, a decision to list. */
type BasisUse = 'proposal' | 'step' | 'decision'

/** The steps that move an entry toward being in force and so rest on its basis; those that end it, or refuse it, rest on nothing. */
function basisUseOf(event: EntryEvent): BasisUse | null {
  switch (event.type) {
    case 'notify':
    case 'hear':
      return 'step'
    case 'decide':
      return event.outcome === 'listed' ? 'decision' : null
    case 'object':
    case 'report_removal_condition':
    case 'remove_early':
    case 'annul':
    case 'expire':
      return null
  }
}

/**
 * The entry's basis record, read in `tx` with its current version share-locked (so a withdrawal,
 * correction or erasure, which locks it before ending the entries on it, waits or is seen), or why
 * nothing may rest on it now: suppressed, withdrawn or erased (the one standing rule, access/views.ts),
 * or its decision no longer standing (revoked, confirmed unlawful or void), at any step; under
 * objection, for a proposal or a decision to list — a listing must not rest on a record being disputed —
 * while notice and a hearing go on (the subject's objection to the entry itself is another matter, heard
 * in the entry's own process).
 */
async function requireBasis(
  tx: Tx,
  ctx: ListsContext,
  subjectId: string,
  recordId: string,
  use: BasisUse,
): Promise<CitedRecord> {
  const pointer = use === 'proposal' ? '/basisRecordId' : ''
  const basis = await findRecordStanding(ctx, subjectId, recordId, tx)
  if (!basis)
    throw new AppError('record.not_found', "the cited record is not in this subject's file", [
      { pointer: '/basisRecordId', detail: 'not a record of this subject' },
    ])
  const holds = basis.standing === 'current' || (basis.standing === 'under_objection' && use === 'step')
  if (!holds) {
    const what =
      use === 'proposal'
        ? 'an entry needs a record in force and not disputed'
        : use === 'decision'
          ? "a listing rests on a record in force and not disputed: wait for the source's answer"
          : 'no step is taken on a record that does not hold'
    throw new AppError('list.basis_not_effective', `the cited record is ${basis.standing.replace('_', ' ')}: ${what}`, [
      { pointer, detail: basis.standing },
    ])
  }
  if (!basis.decisionStands)
    throw new AppError(
      'list.basis_not_effective',
      'the decision the cited record describes no longer stands (revoked, or confirmed unlawful or void)',
      [{ pointer, detail: 'decision_revoked' }],
    )
  return basis
}

/** An officer's reasons for a step. */
interface StepReasons {
  by: string
  reasons: string
}

type Change = {
  event: EntryEvent
  decidingAgency?: string
  reasons?: StepReasons
  after?: (tx: Tx, row: repo.EntryRow, at: Date) => Promise<void>
}

/** The audit event of one step: `list_entry.changed` with the event, the status it led to and its day (and, for an annulment on a lapsed basis, why). */
function changedEvent(
  actor: Actor,
  next: repo.EntryRow,
  event: EntryEvent,
  set: AuditPayloads['list_entry.changed']['set'],
): AuditEvent {
  const payload: AuditPayloads['list_entry.changed'] = {
    entryId: next.entry_id,
    listKind: next.list_kind,
    event: event.type,
    status: next.status,
    on: event.on,
    set,
  }
  if (event.type === 'annul' && 'basis' in event) payload.reason = event.basis
  return {
    action: 'list_entry.changed',
    actor,
    subjectId: next.subject_id,
    objectType: 'list_entry',
    objectId: next.entry_id,
    payload,
  }
}

/** Applies one event to an entry locked in `tx`: the machine's step, the row, the step's reasons, its audit event and the subject's notice. */
async function applyLocked(
  tx: Tx,
  ctx: ListsContext,
  actor: Actor,
  row: repo.EntryRow,
  subject: EntrySubject,
  kind: ListKind,
  event: EntryEvent,
  at: Date,
  decidingAgency?: string,
  reasons?: StepReasons,
): Promise<repo.EntryRow> {
  const before = repo.entryOf(row, subject)
  const step = apply(before, event, kind, ctx.calendar)
  if (!step.ok) throw refused(step)
  const next = repo.rowOf(row.subject_id, row.entry_id, step.entry, {
    listType: row.list_type,
    area: row.area,
    decidingAgency: decidingAgency ?? row.deciding_agency,
  })
  await repo.updateEntry(tx, next, at)
  if (reasons)
    await repo.addStepReason(tx, row.subject_id, row.entry_id, {
      step: event.type,
      on: event.on,
      by: reasons.by,
      reasons: reasons.reasons,
    })
  await appendAuditEvents(tx, at, [changedEvent(actor, next, event, stepChanges(before, step.entry))])
  const notice = noticeOf(kind, next, event)
  if (notice) {
    // the subject is told why: with the notice, why the entry is proposed; later, the step's reasons
    const why =
      event.type === 'notify'
        ? (await repo.stepReasons(tx.db, row.subject_id, row.entry_id)).find((r) => r.step === 'propose')?.reasons
        : reasons?.reasons
    await insertNotices(tx, at, [
      {
        subjectId: row.subject_id,
        kind: notice.kind,
        objectType: 'list_entry',
        objectId: row.entry_id,
        body: why === undefined ? notice.body : { ...notice.body, reasons: why },
      },
    ])
  }
  return next
}

/**
 * The entry and its subject, read before its transaction (PGlite has one connection, and a subject's
 * type and birth date never change, nor an entry's subject and basis record).
 */
async function entryBeforeChange(
  ctx: ListsContext,
  entryId: string,
  scope: { subjectId?: string },
): Promise<{ row: repo.EntryRow; subject: EntrySubject }> {
  const row = await repo.findEntry(ctx.database.db, entryId)
  if (!row || (scope.subjectId !== undefined && row.subject_id !== scope.subjectId)) throw notFound()
  return { row, subject: await entrySubject(ctx, row.subject_id) }
}

const subjectOfEntry = async (
  ctx: ListsContext,
  entryId: string,
  scope: { subjectId?: string },
): Promise<EntrySubject> => (await entryBeforeChange(ctx, entryId, scope)).subject

/** The subject of an entry as the state machine needs it (read before a transaction that changes the entry). */
export const subjectOfListEntry = (
  ctx: ListsContext,
  entryId: string,
  scope: { subjectId?: string } = {},
): Promise<EntrySubject> => subjectOfEntry(ctx, entryId, scope)

/**
 * Ends an entry in force by an approved credit repair, in the caller's transaction: the list's first
 * early-removal condition is recorded as met and the entry removed the same day.
 */
export async function endEntryByRepair(
  tx: Tx,
  ctx: ListsContext,
  officer: Officer,
  entryId: string,
  subject: EntrySubject,
  at: Date,
): Promise<void> {
  const today = chinaDate(at)
  const locked = await repo.lockEntry(tx, entryId)
  if (!locked) throw notFound()
  const kind = kindOf(ctx, locked.list_kind)
  const condition = kind.earlyRemoval[0]
  if (!condition)
    throw new AppError('list.refused', `${kind.code} entries are not removed early`, [
      { pointer: '', detail: 'unknown_condition' },
    ])
  const reported = await applyLocked(
    tx,
    ctx,
    officer.actor,
    locked,
    subject,
    kind,
    { type: 'report_removal_condition', on: today, condition: condition.code },
    at,
  )
  await applyLocked(
    tx,
    ctx,
    officer.actor,
    reported,
    subject,
    kind,
    { type: 'remove_early', on: today, officer: officer.name },
    at,
  )
}

/**
 * One event on one entry, in its own transaction (the entry row-locked). A step toward being in force
 * first re-reads the basis record's standing in the transaction and is refused, writing nothing, if it
 * does not hold (the record is locked before the entry, in the order a change ending entries takes).
 */
async function change(
  ctx: ListsContext,
  actor: Actor,
  entryId: string,
  make: (today: string) => Change,
  scope: { subjectId?: string } = {},
): Promise<EntryView> {
  const now = ctx.clock.now()
  const today = chinaDate(now)
  const { row: found, subject } = await entryBeforeChange(ctx, entryId, scope)
  const row = await ctx.database.transaction(async (tx) => {
    const { event, decidingAgency, reasons, after } = make(today)
    if (reasons) assertNoForbiddenCategory(reasons.reasons, '/reasons')
    const use = basisUseOf(event)
    if (use) await requireBasis(tx, ctx, found.subject_id, found.basis_record_id, use)
    const locked = await repo.lockEntry(tx, entryId, scope.subjectId)
    if (!locked) throw notFound()
    const next = await applyLocked(
      tx,
      ctx,
      actor,
      locked,
      subject,
      kindOf(ctx, locked.list_kind),
      event,
      now,
      decidingAgency,
      reasons,
    )
    await after?.(tx, next, now)
    return next
  })
  return viewOf(ctx, row, today)
}

/** What the subject is told at each step that matters to it: reasons, legal basis, and what it can do. */
function noticeOf(
  kind: ListKind,
  row: repo.EntryRow,
  event: EntryEvent,
):
  | { kind: 'list_entry.noticed' | 'list_entry.decided' | 'list_entry.ended'; body: Record<string, unknown> }
  | undefined {
  const criterion = kind.criteria.find((c) => c.code === row.criterion)
  const base = {
    listKind: kind.code,
    listName: kind.name,
    legalBasis: kind.legalBasis,
    criterion: criterion?.name ?? row.criterion,
    basisRecordId: row.basis_record_id,
  }
  switch (event.type) {
    case 'notify':
      return {
        kind: 'list_entry.noticed',
        body: {
          ...base,
          objectUntil: addDays(row.objection_window_ends_on!, -1),
          howToObject: {
            zh: `在 ${row.objection_window_ends_on} 之前提出异议（POST /v1/me/list-entries/${row.entry_id}/objection）：在此之前不作决定，异议经听证后才作决定`,
            en: `POST /v1/me/list-entries/${row.entry_id}/objection before ${row.objection_window_ends_on}: nothing is decided until then, and an objection is heard before any decision`,
          },
          proposedTerm: kind.term.default,
        },
      }
    case 'decide':
      return row.status === 'active'
        ? {
            kind: 'list_entry.decided',
            body: {
              ...base,
              outcome: 'listed',
              startsOn: row.starts_on,
              endsOn: row.ends_on,
              decidedBy: row.decided_by,
              decidingAgency: row.deciding_agency,
              earlyRemoval: kind.earlyRemoval,
              howToContest:
                'ask for an administrative review or bring an administrative lawsuit; once a removal condition is met, report it and the entry is removed within the working days shown',
            },
          }
        : { kind: 'list_entry.decided', body: { ...base, outcome: 'rejected' } }
    case 'report_removal_condition':
      return undefined
    case 'annul':
      // on a lapsed basis, the subject is told why: the record it rested on was withdrawn, corrected, revoked or erased
      return {
        kind: 'list_entry.ended',
        body: { ...base, endedOn: row.ended_on, how: row.status, ...('basis' in event ? { reason: event.basis } : {}) },
      }
    case 'remove_early':
    case 'expire':
      return { kind: 'list_entry.ended', body: { ...base, endedOn: row.ended_on, how: row.status } }
    default:
      return undefined
  }
}

export const noticeEntry = (ctx: ListsContext, officer: Officer, entryId: string, reasons: string) =>
  change(ctx, officer.actor, entryId, (today) => ({
    event: { type: 'notify', on: today },
    reasons: { by: officer.name, reasons },
  }))

export const hearEntry = (ctx: ListsContext, officer: Officer, entryId: string, reasons: string) =>
  change(ctx, officer.actor, entryId, (today) => ({
    event: { type: 'hear', on: today, officer: officer.name },
    reasons: { by: officer.name, reasons },
  }))

/** Who may be named as the deciding agency of an entry on `kind`: the government sources authorised for a kind of record the list rests on. */
async function decidingAgenciesOf(ctx: ListsContext, kind: ListKind): Promise<{ name: string; displayName: string }[]> {
  return (await listSources(ctx.database))
    .filter((s) => s.isGovernment && s.allowedKinds.some((k) => kind.basisKinds.includes(k)))
    .map((s) => ({ name: s.name, displayName: s.displayName }))
}

/**
 * The decision, naming its deciding agency: one of those the list allows (`decidingAgenciesOf`, by
 * display name or registered name; the display name is kept), else refused before anything is written.
 */
export async function decideEntry(
  ctx: ListsContext,
  officer: Officer,
  entryId: string,
  input: { outcome: 'listed' | 'rejected'; term?: string; reasons: string; decidingAgency: string },
): Promise<EntryView> {
  const found = await repo.findEntry(ctx.database.db, entryId)
  if (!found) throw notFound()
  const named = input.decidingAgency.trim()
  const agency = (await decidingAgenciesOf(ctx, kindOf(ctx, found.list_kind))).find(
    (a) => a.displayName === named || a.name === named,
  )
  if (!agency)
    throw new AppError(
      'list.agency_not_allowed',
      `${named} may not decide entries on ${found.list_kind}: name a government source authorised for a record kind the list rests on`,
      [{ pointer: '/decidingAgency', detail: 'not one of the agencies this list allows' }],
    )
  return change(ctx, officer.actor, entryId, (today) => ({
    event: {
      type: 'decide',
      on: today,
      officer: officer.name,
      outcome: input.outcome,
      ...(input.term ? { term: input.term } : {}),
    },
    decidingAgency: agency.displayName,
    reasons: { by: officer.name, reasons: input.reasons },
    // the objection heard before the decision is settled by it
    after: async (tx, row, at) => {
      await settleListEntryObjections(
        tx,
        at,
        officer.actor,
        row.subject_id,
        entryId,
        input.outcome === 'listed' ? 'dismissed' : 'upheld',
        input.reasons,
      )
    },
  }))
}

/** The subject (or an officer) reports an early-removal condition met, e.g. full performance: removal falls due within the list's working days. */
export const reportRemovalCondition = (
  ctx: ListsContext,
  actor: Actor,
  entryId: string,
  condition: string,
  scope: { subjectId?: string } = {},
) =>
  change(ctx, actor, entryId, (today) => ({ event: { type: 'report_removal_condition', on: today, condition } }), scope)

export const removeEntryEarly = (ctx: ListsContext, officer: Officer, entryId: string, reasons: string) =>
  change(ctx, officer.actor, entryId, (today) => ({
    event: { type: 'remove_early', on: today, officer: officer.name },
    reasons: { by: officer.name, reasons },
  }))

export function annulEntry(ctx: ListsContext, officer: Officer, entryId: string, reasons: string): Promise<EntryView> {
  return change(ctx, officer.actor, entryId, (today) => ({
    event: { type: 'annul', on: today, officer: officer.name },
    reasons: { by: officer.name, reasons },
    after: async (tx, row, at) => {
      await settleListEntryObjections(tx, at, officer.actor, row.subject_id, entryId, 'upheld', reasons)
    },
  }))
}

/**
 * The subject objects to an entry: inside the objection window the entry waits for a hearing (and the
 * objection is settled by the decision); against an entry in force the objection goes to the officers,
 * who may annul the entry. The subject's reasons and statement are its own voice about itself and are
 * not checked for the charter's refused categories, unlike an officer's reasons.
 */
export async function objectToEntry(
  ctx: ListsContext,
  actor: Actor,
  subjectId: string,
  entryId: string,
  given: { reasons: string; evidence?: Evidence[]; statement?: string | null },
): Promise<EntryView> {
  const evidence = await resolveEvidence(ctx.database.db, ctx.keys, subjectId, given.evidence)
  const input = { ...given, ...(evidence ? { evidence } : {}) }
  const now = ctx.clock.now()
  const today = chinaDate(now)
  const subject = await subjectOfEntry(ctx, entryId, { subjectId })
  const row = await ctx.database.transaction(async (tx) => {
    const locked = await repo.lockEntry(tx, entryId, subjectId)
    if (!locked) throw notFound()
    const kind = kindOf(ctx, locked.list_kind)
    let row = locked
    let dueOn = answerDueOn(today)
    if (locked.status === 'noticed') {
      row = await applyLocked(tx, ctx, actor, locked, subject, kind, { type: 'object', on: today }, now)
      dueOn = addDays(locked.objection_window_ends_on!, -1)
    } else if (locked.status !== 'active') {
      throw new AppError(
        'list.refused',
        `an objection is filed against a noticed entry or one in force (this one is ${locked.status})`,
        [{ pointer: '', detail: 'not_now' }],
      )
    }
    await insertListEntryObjection(
      tx,
      now,
      actor,
      {
        subjectId,
        entryId,
        listKind: kind.code,
        dueOn,
        reasons: input.reasons,
        ...(input.evidence ? { evidence: input.evidence } : {}),
        statement: input.statement ?? null,
      },
      { onBehalf: actor.type !== 'subject' },
    )
    return row
  })
  return viewOf(ctx, row, today)
}

/** An organisation's entries in force on lists disclosed to the public; a natural person has none on any public page. */
export async function listPublicEntries(ctx: ListsContext, subjectId: string): Promise<EntryView[]> {
  const today = chinaDate(ctx.clock.now())
  const publicKinds = ctx.lists.listKinds.filter((k) => k.disclosure === 'public').map((k) => k.code)
  return (await repo.organisationEntriesInForce(ctx.database.db, subjectId, today, publicKinds)).map((r) =>
    viewOf(ctx, r, today),
  )
}

/** One entry as the module sees it (no look is recorded: for the subject's own requests). */
export async function findEntryView(ctx: ListsContext, entryId: string): Promise<EntryView | undefined> {
  const row = await repo.findEntry(ctx.database.db, entryId)
  return row ? viewOf(ctx, row, chinaDate(ctx.clock.now())) : undefined
}

export interface EntryDetail extends EntryView {
  /** each officer's step with its reasons */
  steps: { step: string; on: string; by: string; reasons: string }[]
  /** the entry's audit events, oldest first: every step shows the event it wrote */
  history: TrailEvent[]
  /** the steps the state machine allows today (lists.machine.ts), so that a form that cannot succeed is not offered */
  allowedSteps: OfficerStep[]
  /** when a step waits for a day (a decision, for the objection window to end): that day */
  nextPossibleOn: string | null
  /** who may be named as the deciding agency: the government sources authorised for a kind of record the list rests on */
  decidingAgencies: { name: string; displayName: string }[]
}

/** One entry for an officer or auditor, with its steps' reasons and audit events; the look is recorded (in the subject's audit trail) before the answer. */
export async function getEntry(ctx: ListsContext, actor: Actor, entryId: string): Promise<EntryDetail> {
  const row = await repo.findEntry(ctx.database.db, entryId)
  if (!row) throw notFound()
  const now = ctx.clock.now()
  await ctx.database.transaction((tx) =>
    appendAuditEvents(tx, now, [
      {
        action: 'list_entry.viewed',
        actor,
        subjectId: row.subject_id,
        objectType: 'list_entry',
        objectId: entryId,
        payload: { entryId, listKind: row.list_kind },
      },
    ]),
  )
  const kind = kindOf(ctx, row.list_kind)
  const [steps, history, decidingAgencies] = await Promise.all([
    repo.stepReasons(ctx.database.db, row.subject_id, entryId),
    objectTrail(ctx.database.db, row.subject_id, 'list_entry', entryId).then((t) => namedTrail(ctx.database.db, t)),
    decidingAgenciesOf(ctx, kind),
  ])
  const today = chinaDate(now)
  const allowed = allowedSteps(repo.entryOf(row, { type: 'enterprise' }), kind, ctx.calendar, today)
  return {
    ...viewOf(ctx, row, today),
    steps,
    history,
    allowedSteps: allowed.steps,
    nextPossibleOn: allowed.nextPossibleOn,
    decidingAgencies,
  }
}

/** An entry as its subject sees it: whether an objection would be accepted today, and until when (lists.machine.ts). */
export interface OwnEntryView extends EntryView {
  objectionOpen: boolean
  objectionOpenUntil: string | null
}

export async function listOwnEntries(ctx: ListsContext, subjectId: string): Promise<OwnEntryView[]> {
  const today = chinaDate(ctx.clock.now())
  const [rows, underObjection] = await Promise.all([
    repo.subjectEntries(ctx.database.db, subjectId),
    entriesUnderObjection(ctx.database.db, subjectId),
  ])
  return rows.map((r) => {
    const view = viewOf(ctx, r, today)
    const opening = objectionOpening(view, today, underObjection.has(r.entry_id))
    return { ...view, objectionOpen: opening.open, objectionOpenUntil: opening.until }
  })
}

export async function entryQueue(ctx: ListsContext, filter: repo.EntryFilter, limit: number) {
  const today = chinaDate(ctx.clock.now())
  const [counts, rows] = await Promise.all([
    repo.entryCounts(ctx.database.db, today),
    repo.listEntries(ctx.database.db, filter, today, limit),
  ])
  // whom each entry is about, as people read it (a person's name and number masked)
  const entries = await withSubjectBriefs(
    ctx.database,
    ctx.keys,
    rows.map((r) => viewOf(ctx, r, today)),
  )
  return { today, counts, entries }
}

/** An entry as its audit events record it: what the state check (modules/integrity) recomputes from them. */
export type EntryFacts = {
  subjectId: string
  entryId: string
  status: Entry['status']
  listKind: string
  criterion: string
  basisRecordId: string
  proposedOn: string
} & Record<ListEntryStepField, string | null>

/** The entries of the subjects in `range`, as their events record them (pass `tx.db` to read in a transaction's snapshot). */
export async function entryFactsInRange(db: Db, range: IdRange): Promise<EntryFacts[]> {
  return (await repo.entriesInRange(db, range)).map((row) => ({
    subjectId: row.subject_id,
    entryId: row.entry_id,
    status: row.status,
    listKind: row.list_kind,
    criterion: row.criterion,
    basisRecordId: row.basis_record_id,
    proposedOn: row.proposed_on,
    ...recordedFields(repo.entryOf(row, { type: 'enterprise' })),
  }))
}

/** The maintenance pass's part: entries whose end day has come expire, each with its event and notice. */
export async function expireEntries(
  ctx: Pick<ListsContext, 'database' | 'clock' | 'lists' | 'calendar'>,
  actor: Actor,
  batch = 1_000,
): Promise<number> {
  const now = ctx.clock.now()
  const today = chinaDate(now)
  let expired = 0
  for (;;) {
    const done = await ctx.database.transaction(async (tx) => {
      const rows = await repo.lockDueToExpire(tx, today, batch)
      for (const row of rows) {
        const kind = kindOf(ctx, row.list_kind)
        const before = repo.entryOf(row, { type: 'enterprise' })
        const step = apply(before, { type: 'expire', on: today }, kind, ctx.calendar)
        if (!step.ok) continue
        const next = repo.rowOf(row.subject_id, row.entry_id, step.entry, {
          listType: row.list_type,
          area: row.area,
          decidingAgency: row.deciding_agency,
        })
        await repo.updateEntry(tx, next, now)
        await appendAuditEvents(tx, now, [
          {
            action: 'list_entry.changed',
            actor,
            subjectId: row.subject_id,
            objectType: 'list_entry',
            objectId: row.entry_id,
            payload: {
              entryId: row.entry_id,
              listKind: row.list_kind,
              event: 'expire',
              status: 'expired',
              on: today,
              set: stepChanges(before, step.entry),
            },
          },
        ])
        await insertNotices(tx, now, [
          {
            subjectId: row.subject_id,
            kind: 'list_entry.ended',
            objectType: 'list_entry',
            objectId: row.entry_id,
            body: noticeOf(kind, next, { type: 'expire', on: today })!.body,
          },
        ])
      }
      return rows.length
    })
    expired += done
    if (done < batch) return expired
  }
}

/**
 * The entries resting on records that stopped holding (withdrawn, corrected on objection, revoked or
 * erased) end with them, in the transaction that changed the records: every entry citing one that has
 * not ended — proposed, noticed, heard or in force — is annulled by the state machine, with its
 * `list_entry.changed` event (event `annul`, status `annulled`, `reason` the lapse), the subject's
 * `list_entry.ended` notice saying why, and its undecided objections lapsed. A few statements whatever
 * the number of records (the maintenance pass hands over a whole range). Built once per list catalogue
 * and passed to the records and objections modules as their `onRecordsLapsed`.
 */
export function endEntriesOnLapsedBasis(lists: Lists): OnRecordsLapsed {
  return async (tx, at, actor, lapsed) => {
    if (lapsed.length === 0) return 0
    const today = chinaDate(at)
    const why = new Map(
      lapsed.map((l) => [`${l.subjectId}/${l.recordId}`, `basis_${l.lapse}` as const satisfies BasisLapse]),
    )
    const ended: {
      next: repo.EntryRow
      kind: ListKind
      event: EntryEvent
      set: AuditPayloads['list_entry.changed']['set']
    }[] = []
    for (const row of await repo.lockEntriesCiting(tx, lapsed)) {
      const kind = kindOf(lists, row.list_kind)
      const event: EntryEvent = {
        type: 'annul',
        on: today,
        basis: why.get(`${row.subject_id}/${row.basis_record_id}`)!,
      }
      const before = repo.entryOf(row, { type: 'enterprise' })
      const step = apply(before, event, kind, lists.calendar)
      // an entry whose end day has come is left to expire
      if (!step.ok) continue
      ended.push({
        next: repo.rowOf(row.subject_id, row.entry_id, step.entry, {
          listType: row.list_type,
          area: row.area,
          decidingAgency: row.deciding_agency,
        }),
        kind,
        event,
        set: stepChanges(before, step.entry),
      })
    }
    if (ended.length === 0) return 0
    await repo.endEntries(
      tx,
      ended.map((e) => e.next),
      at,
    )
    await appendAuditEvents(
      tx,
      at,
      ended.map((e) => changedEvent(actor, e.next, e.event, e.set)),
    )
    await insertNotices(
      tx,
      at,
      ended.map((e) => ({
        subjectId: e.next.subject_id,
        kind: 'list_entry.ended' as const,
        objectType: 'list_entry' as const,
        objectId: e.next.entry_id,
        body: noticeOf(e.kind, e.next, e.event)!.body,
      })),
    )
    await lapseListEntryObjections(
      tx,
      at,
      actor,
      ended.map((e) => ({ subjectId: e.next.subject_id, entryId: e.next.entry_id })),
    )
    return ended.length
  }
}

/** How long an ended entry is kept: then it is deleted, and the objections against it lose their words. */
export const ENDED_ENTRY_RETENTION = 'P5Y'

/**
 * The maintenance pass's other part: entries that ended more than five years ago are deleted (their
 * steps stay in the audit trail, which holds no personal content), with the words of the objections
 * against them.
 */
export async function eraseEndedEntries(ctx: Pick<ListsContext, 'database' | 'clock'>, actor: Actor): Promise<number> {
  const now = ctx.clock.now()
  const lastEnded = lastDueDay(ENDED_ENTRY_RETENTION, chinaDate(now))
  return ctx.database.transaction(async (tx) => {
    const rows = await repo.deleteEndedEntries(tx, lastEnded)
    if (rows.length === 0) return 0
    await eraseListEntryObjections(
      tx,
      now,
      actor,
      rows.map((r) => ({ subjectId: r.subject_id, entryId: r.entry_id })),
    )
    await appendAuditEvents(
      tx,
      now,
      rows.map((r) => ({
        action: 'list_entry.erased' as const,
        actor,
        subjectId: r.subject_id,
        objectType: 'list_entry',
        objectId: r.entry_id,
        payload: { entryId: r.entry_id, listKind: r.list_kind },
      })),
    )
    return rows.length
  })
}
