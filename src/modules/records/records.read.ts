/**
 * Reads: a subject's credit file (its versions, as much as the viewer may see), a relying party's
 * report, the public file of an organisation, and a cited record's standing. What a viewer sees is
 * decided by the access module; the objections against a record decide how it is shown.
 */
import type { Database, Tx } from '../../db/database.ts'
import { AppError } from '../../platform/app-error.ts'
import { appendAuditEvent } from '../../platform/audit.ts'
import type { Keys } from '../../platform/crypto.ts'
import { actorOf, type Principal, type RelyingPartyPrincipal } from '../../platform/principal.ts'
import { erasureDueOn, publicDisplayEndsOn, type RecordKind } from '../catalogue/index.ts'
import {
  authoriseReport,
  decideVisibility,
  reportPurpose,
  type RecordFacts,
  type RecordLifecycle,
  type Standing,
  type Viewer,
} from '../access/index.ts'
import { chinaDate } from '../../platform/calendar.ts'
import {
  getSubjectSummary,
  personNameMatches,
  readSubjectIdentity,
  subjectIdOf,
  subjectSummaryOf,
  type SubjectSummary,
} from '../subjects/index.ts'
import { decisionStands } from './records.ts'
import type { RecordsContext } from './records.context.ts'
import * as repo from './records.repository.ts'
import { repairOpening, type RepairOpening } from './records.repairable.ts'

export interface ObjectionMark {
  objectionId: string
  status: string
  filedAt: string
  /** the last day the source's answer is due (China Standard Time) */
  dueOn: string
}

export interface CreditFileEntry {
  recordId: string
  version: number
  kind: string
  source: { name: string; displayName: string }
  sourceRecordId: string
  decidedOn: string
  conductEndedOn: string | null
  /** {} once erased (or due to be): a tombstone keeps only kind, dates and content hash */
  fields: Record<string, unknown>
  identifierCheckFailed: boolean
  receivedAt: string
  catalogueVersion: string
  standing: Standing
  /** SHA-256 of the content as stored (hex): what the audit trail proves, with or without the content */
  contentHash: string
  erasedAt: string | null
}

export interface CreditFileRecord extends CreditFileEntry {
  kindName: { zh: string; en: string }
  polarity: string
  /** the objection awaiting an answer, if any */
  objection?: ObjectionMark
  /** the subject's own statement about this record, shown wherever the record is shown */
  statement?: string
  /** the day its public display ends (the catalogue's window; null: never public, e.g. a person's record) */
  publicUntil: string | null
  /** the day it is erased, all but a tombstone (null: counted from the end of the conduct, not known yet) */
  keptUntil: string | null
  history?: CreditFileEntry[]
  /** the subject's own file only: whether credit repair may end its publication today, else why not (and from when) */
  repair?: RepairOpening
}

export interface CreditFile {
  subject: SubjectSummary
  categories: { category: string; records: CreditFileRecord[] }[]
}

/** What the objections against one record mean for how it is shown. */
interface RecordObjections {
  undecided?: ObjectionMark
  /** versions up to this one were withdrawn by their source or taken back by an officer's decision */
  withdrawnThrough: number
  statement?: string
}

const WITHDRAWING = new Set(['withdrawn', 'upheld'])

export function indexObjections(rows: readonly repo.ObjectionFactRow[]): Map<string, RecordObjections> {
  const byRecord = new Map<string, RecordObjections>()
  for (const o of rows) {
    let entry = byRecord.get(o.target_id)
    if (!entry) byRecord.set(o.target_id, (entry = { withdrawnThrough: 0 }))
    if (o.status === 'open' || o.status === 'escalated')
      entry.undecided = {
        objectionId: o.objection_id,
        status: o.status,
        filedAt: new Date(o.filed_at).toISOString(),
        dueOn: o.due_on,
      }
    if (WITHDRAWING.has(o.status) && o.answered_version !== null)
      entry.withdrawnThrough = Math.max(entry.withdrawnThrough, o.answered_version)
    // the latest statement stands (rows come oldest first); an erased objection has none
    if (o.statement !== null) entry.statement = o.statement
  }
  return byRecord
}

function lifecycleOf(
  v: repo.StoredVersion,
  objections: RecordObjections | undefined,
  current: boolean,
): RecordLifecycle {
  return {
    erased: v.erased_at !== null,
    takenDown: v.taken_down_at !== null,
    withdrawn: objections !== undefined && v.version <= objections.withdrawnThrough,
    objection: current ? (objections?.undecided ?? null) : null,
  }
}

export function factsOf(
  kind: RecordKind,
  subject: Pick<SubjectSummary, 'subjectType'>,
  v: repo.StoredVersion,
  objections: RecordObjections | undefined,
  current: boolean,
): RecordFacts {
  return {
    kind,
    subjectType: subject.subjectType,
    decidedOn: v.decided_on,
    conductEndedOn: v.conduct_ended_on,
    sourceId: v.source_id,
    lifecycle: lifecycleOf(v, objections, current),
  }
}

/** A subject (summarised: a person's identifiers masked), the current version of each of its records, and the objections against them. */
async function getSubjectWithCurrentVersions(
  ctx: RecordsContext,
  subjectId: string,
): Promise<{ subject: SubjectSummary; versions: repo.StoredVersion[]; objections: Map<string, RecordObjections> }> {
  const found = await repo.findSubjectWithCurrentVersions(ctx.database.db, subjectId)
  if (!found)
    throw new AppError('subject.not_found', 'no subject with that id', [
      { pointer: '/subjectId', detail: 'unknown subject' },
    ])
  return {
    subject: subjectSummaryOf(ctx.keys, found.subject),
    versions: found.versions,
    objections: indexObjections(found.objections),
  }
}

/** A stored version as it appears in a file or a report; the content of an erased one never leaves. */
function fileEntry(v: repo.StoredVersion, standing: Standing): CreditFileEntry {
  return {
    recordId: v.record_id,
    version: v.version,
    kind: v.kind_code,
    source: { name: v.source_name, displayName: v.source_display_name },
    sourceRecordId: v.source_record_id,
    decidedOn: v.decided_on,
    conductEndedOn: v.conduct_ended_on,
    fields: standing === 'erased' ? {} : v.fields,
    identifierCheckFailed: v.identifier_check_failed,
    receivedAt: new Date(v.received_at).toISOString(),
    catalogueVersion: v.catalogue_version,
    standing,
    contentHash: Buffer.from(v.content_hash).toString('hex'),
    erasedAt: v.erased_at === null ? null : new Date(v.erased_at).toISOString(),
  }
}

/** The current version as a file or report shows it: with its objection mark and the subject's statement. */
function currentEntry(
  v: repo.StoredVersion,
  standing: Standing,
  kind: RecordKind | undefined,
  objections: RecordObjections | undefined,
  subjectType: string,
): CreditFileRecord {
  const entry: CreditFileRecord = {
    ...fileEntry(v, standing),
    kindName: kind?.name ?? { zh: v.kind_code, en: v.kind_code },
    polarity: kind?.polarity ?? 'neutral',
    publicUntil: kind && subjectType !== 'person' ? publicDisplayEndsOn(kind, v.decided_on) : null,
    keptUntil: kind ? erasureDueOn(kind, { decidedOn: v.decided_on, conductEndedOn: v.conduct_ended_on }) : null,
  }
  if (standing !== 'erased') {
    if (objections?.undecided) entry.objection = objections.undecided
    if (objections?.statement !== undefined) entry.statement = objections.statement
  }
  return entry
}

/** Categories in a stable order, records newest first. */
function sortedCategories(byCategory: Map<string, CreditFileRecord[]>): CreditFile['categories'] {
  return [...byCategory.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([category, records]) => ({
      category,
      records: records.sort((a, b) => b.decidedOn.localeCompare(a.decidedOn) || a.recordId.localeCompare(b.recordId)),
    }))
}

const subjectNotFound = () =>
  new AppError('subject.not_found', 'no subject with that id', [{ pointer: '/subjectId', detail: 'unknown subject' }])

/**
 * A source reads a person (even masked) only if it has submitted a record about them; for any other
 * person it gets the answer an unknown id gets, so that it cannot learn whom Fides holds. An
 * organisation's name and code are public registry data.
 */
export async function sourceMayReadSubject(
  database: Database,
  subject: Pick<SubjectSummary, 'subjectId' | 'subjectType'>,
  sourceId: string,
): Promise<boolean> {
  return subject.subjectType !== 'person' || repo.sourceHasRecordOn(database.db, subject.subjectId, sourceId)
}

/** The subject summary a source may read: a person's only if it holds a record about them (else `subject.not_found`). */
export async function getSubjectSummaryForSource(
  ctx: { database: Database; keys: Keys },
  subjectId: string,
  sourceId: string,
): Promise<SubjectSummary> {
  const subject = await getSubjectSummary(ctx.database, ctx.keys, subjectId)
  if (!(await sourceMayReadSubject(ctx.database, subject, sourceId))) throw subjectNotFound()
  return subject
}

/** The viewer of a credit file, in the access module's terms. */
type FileReader = Extract<Principal, { role: 'source' | 'officer' | 'auditor' | 'subject' }>

function viewerOf(principal: FileReader): Viewer {
  switch (principal.role) {
    case 'source':
      return { role: 'source', sourceId: principal.source.sourceId }
    case 'officer':
      return { role: 'officer' }
    case 'auditor':
      return { role: 'auditor' }
    case 'subject':
      return { role: 'subject' }
  }
}

/** Only those who see everything see a kind that is no longer in the catalogue in force. */
const seesUnknownKinds = (viewer: Viewer) =>
  viewer.role === 'subject' || viewer.role === 'officer' || viewer.role === 'auditor'

/**
 * A subject's credit file: its current records grouped by catalogue category, optionally with every
 * superseded version, as much as the viewer may see (the access module decides): a source sees the
 * records it submitted itself; an officer, an auditor and the subject see everything — and every
 * officer's and auditor's look is written to the audit trail before anything is read.
 */
export async function getCreditFile(
  ctx: RecordsContext,
  subjectId: string,
  options: { history: boolean; viewer: FileReader },
): Promise<CreditFile> {
  const subject = await getSubjectSummary(ctx.database, ctx.keys, subjectId)
  if (
    options.viewer.role === 'source' &&
    !(await sourceMayReadSubject(ctx.database, subject, options.viewer.source.sourceId))
  )
    throw subjectNotFound()
  if (options.viewer.role === 'officer' || options.viewer.role === 'auditor') {
    const actor = actorOf(options.viewer)
    await appendAuditEvent(ctx.database.db, ctx.clock.now(), {
      action: 'subject.file_viewed',
      actor,
      subjectId,
      objectType: 'subject',
      objectId: subjectId,
      payload: { history: options.history },
    })
  }
  const viewer = viewerOf(options.viewer)
  const today = chinaDate(ctx.clock.now())
  const [versions, objectionRows] = await Promise.all([
    repo.listSubjectVersions(ctx.database.db, subjectId, !options.history),
    repo.listObjectionFacts(ctx.database.db, subjectId),
  ])
  const objections = indexObjections(objectionRows)
  const byCategory = new Map<string, CreditFileRecord[]>()
  let current: CreditFileRecord | undefined
  for (const v of versions) {
    const isCurrent = current?.recordId !== v.record_id
    const kind = ctx.catalogue.kinds.get(v.kind_code)
    const ofRecord = objections.get(v.record_id)
    let standing: Standing
    if (kind) {
      const decision = decideVisibility(viewer, factsOf(kind, subject, v, ofRecord, isCurrent), today)
      if (!decision.visible) {
        // a record whose current version is hidden is hidden whole
        if (isCurrent) current = undefined
        continue
      }
      standing = decision.standing
    } else {
      if (!seesUnknownKinds(viewer)) continue
      standing = v.erased_at === null ? 'current' : 'erased'
    }
    if (!isCurrent) {
      if (current) (current.history ??= []).push(fileEntry(v, standing))
      continue
    }
    current = currentEntry(v, standing, kind, ofRecord, subject.subjectType)
    if (viewer.role === 'subject')
      current.repair = repairOpening(
        kind,
        { decidedOn: v.decided_on, standing, takenDown: v.taken_down_at !== null, subjectType: subject.subjectType },
        today,
      )
    if (options.history) current.history = []
    const category = kind?.category ?? 'uncategorised'
    const list = byCategory.get(category) ?? []
    list.push(current)
    byCategory.set(category, list)
  }
  return { subject, categories: sortedCategories(byCategory) }
}

/** A record as whoever cites it sees it today: its kind, dates and standing, and whether the decision it records still stands. */
export interface CitedRecord {
  kind: string
  decidedOn: string
  version: number
  standing: Standing
  takenDown: boolean
  decisionStands: boolean
}

/**
 * A record's kind, decision date and standing today, for whoever cites it (a list entry, a repair
 * application); undefined if the subject has no such record. With `tx`, its current version is
 * share-locked first and read in that transaction: a change that ends what rests on it (which locks it,
 * see `recordsLapsed`) waits for the transaction, or has committed and is seen.
 */
export async function findRecordStanding(
  ctx: RecordsContext,
  subjectId: string,
  recordId: string,
  tx?: Tx,
): Promise<CitedRecord | undefined> {
  if (tx) await repo.shareLockCurrentVersion(tx, subjectId, recordId)
  const db = tx?.db ?? ctx.database.db
  const v = await repo.findCurrentVersion(db, subjectId, recordId)
  if (!v) return undefined
  const objectionRows = await repo.listObjectionFacts(db, subjectId, recordId)
  const kind = ctx.catalogue.kinds.get(v.kind_code)
  const base = {
    kind: v.kind_code,
    decidedOn: v.decided_on,
    version: v.version,
    takenDown: v.taken_down_at !== null,
    decisionStands: decisionStands(v.fields),
  }
  if (!kind) return { ...base, standing: v.erased_at === null ? 'current' : 'erased' }
  // the officer's view, which does not depend on the subject's type
  const decision = decideVisibility(
    { role: 'officer' },
    factsOf(kind, { subjectType: 'enterprise' }, v, indexObjections(objectionRows).get(recordId), true),
    chinaDate(ctx.clock.now()),
  )
  return { ...base, standing: decision.visible ? decision.standing : 'erased' }
}

export interface Report extends CreditFile {
  purpose: string
  consentId: string | null
  generatedAt: string
}

/**
 * A report for a relying party: the access module checks the declared purpose and the consent and
 * commits the inquiry; only then do the subject's current records, filtered to what the purpose opens
 * (a person's only with consent), leave the service.
 */
export async function getReport(
  ctx: RecordsContext,
  subjectId: string,
  party: RelyingPartyPrincipal,
  purpose: string,
): Promise<Report> {
  // The subject and its records are read in one statement; nothing leaves until the purpose and
  // consent are authorised and the inquiry is committed.
  const { subject, versions, objections } = await getSubjectWithCurrentVersions(ctx, subjectId)
  const authorised = await authoriseReport(
    ctx.database,
    ctx.clock,
    party,
    subject,
    purpose,
    ctx.catalogue.consentRequiredCategories,
  )
  const viewer: Viewer = {
    role: 'relying_party',
    purpose: authorised.purpose,
    hasConsent: authorised.consentId !== null,
  }
  const today = chinaDate(ctx.clock.now())
  const byCategory = new Map<string, CreditFileRecord[]>()
  for (const v of versions) {
    const kind = ctx.catalogue.kinds.get(v.kind_code)
    if (!kind) continue
    const ofRecord = objections.get(v.record_id)
    const decision = decideVisibility(viewer, factsOf(kind, subject, v, ofRecord, true), today)
    if (!decision.visible) continue
    const list = byCategory.get(kind.category) ?? []
    list.push(currentEntry(v, decision.standing, kind, ofRecord, subject.subjectType))
    byCategory.set(kind.category, list)
  }
  return {
    subject,
    purpose: authorised.purpose,
    consentId: authorised.consentId,
    generatedAt: ctx.clock.now().toISOString(),
    categories: sortedCategories(byCategory),
  }
}

/**
 * A report asked for by the subject's identifier rather than its id (POST /v1/reports): an
 * organisation by its USCC, a person by identity number and name together, as a credit bureau asks.
 * The purpose is checked first; then a person whose number is unknown, or known under another name,
 * is refused exactly as a person who has not consented is (`access.consent_required`), so the answer
 * never tells whether Fides holds a person. Nothing is written unless the report is given.
 */
export async function getReportByIdentifier(
  ctx: RecordsContext,
  subject: unknown,
  party: RelyingPartyPrincipal,
  purpose: unknown,
): Promise<Report> {
  if (typeof purpose !== 'string' || purpose === '')
    throw new AppError('access.purpose_unknown', 'purpose is required', [
      { pointer: '/purpose', detail: 'not a permissible purpose', rule: { keyword: 'required' } },
    ])
  const asked =
    typeof subject === 'object' && subject !== null && !Array.isArray(subject)
      ? (subject as Record<string, unknown>)
      : {}
  const identity = readSubjectIdentity(
    // an organisation is found by its code alone; its name is not asked
    asked.residentId === undefined ? { ...asked, name: 'organisation' } : asked,
    '/subject',
    { today: ctx.clock.now(), mayFlag: true },
  )
  if (identity instanceof AppError) throw identity
  const subjectId = subjectIdOf(ctx.keys.index, identity)
  if (identity.kind === 'person') {
    reportPurpose(party, purpose, 'person')
    if (!(await personNameMatches(ctx.database, ctx.keys, subjectId, identity.name)))
      throw new AppError(
        'access.consent_required',
        "a report on a natural person needs the person's valid consent to this relying party for this purpose",
        [{ pointer: '/purpose', detail: 'no valid consent' }],
      )
  }
  return getReport(ctx, subjectId, party, purpose)
}

export interface PublicRecord {
  recordId: string
  kind: string
  kindName: { zh: string; en: string }
  category: string
  polarity: string
  decidedOn: string
  publicUntil: string
  source: { displayName: string }
  fields: Record<string, unknown>
  /** true while an objection against it awaits the source's answer */
  underObjection: boolean
  /** the organisation's own statement about this record */
  statement?: string
}

export interface PublicFile {
  subject: { subjectId: string; subjectType: string; name: string; uscc?: string; divisionCode: string | null }
  records: PublicRecord[]
}

/**
 * What anyone may see about an organisation or public body: the records its catalogue kind discloses
 * to the public, inside their display window. No credentials, and not an inquiry. A natural person
 * has no public file: asking for one is answered exactly like asking for an unknown subject.
 */
export async function getPublicFile(ctx: RecordsContext, subjectId: string): Promise<PublicFile> {
  const found = await repo.findSubjectWithCurrentVersions(ctx.database.db, subjectId)
  if (!found || found.subject.subject_type === 'person')
    throw new AppError('subject.not_found', 'no organisation with that id', [
      { pointer: '/subjectId', detail: 'unknown organisation' },
    ])
  const subject = subjectSummaryOf(ctx.keys, found.subject)
  const objections = indexObjections(found.objections)
  const today = chinaDate(ctx.clock.now())
  const records: PublicRecord[] = []
  for (const v of found.versions) {
    const kind = ctx.catalogue.kinds.get(v.kind_code)
    if (!kind) continue
    const ofRecord = objections.get(v.record_id)
    const decision = decideVisibility({ role: 'public' }, factsOf(kind, subject, v, ofRecord, true), today)
    if (!decision.visible || decision.publicUntil === undefined) continue
    const record: PublicRecord = {
      recordId: v.record_id,
      kind: kind.code,
      kindName: kind.name,
      category: kind.category,
      polarity: kind.polarity,
      decidedOn: v.decided_on,
      publicUntil: decision.publicUntil,
      source: { displayName: v.source_display_name },
      fields: v.fields,
      underObjection: decision.standing === 'under_objection',
    }
    if (ofRecord?.statement !== undefined) record.statement = ofRecord.statement
    records.push(record)
  }
  records.sort((a, b) => b.decidedOn.localeCompare(a.decidedOn) || a.recordId.localeCompare(b.recordId))
  const { uscc, name, divisionCode, subjectType } = subject
  return { subject: { subjectId, subjectType, name, divisionCode, ...(uscc ? { uscc } : {}) }, records }
}

/**
 * The fields of a subject's current records of `kinds` as a relying party with the subject's consent for `purpose`
 * sees them today: objections, withdrawals, take-downs and retention applied as in its report (getReport), so that
 * a score from the file reads no record the report would not show. No inquiry: the caller writes its own.
 */
export async function fieldsSeenFor(
  ctx: RecordsContext,
  subjectId: string,
  kinds: readonly string[],
  purpose: Extract<Viewer, { role: 'relying_party' }>['purpose'],
): Promise<Record<string, unknown>[]> {
  const found = await repo.findSubjectWithCurrentVersions(ctx.database.db, subjectId)
  if (!found) return []
  const objections = indexObjections(found.objections)
  const viewer: Viewer = { role: 'relying_party', purpose, hasConsent: true }
  const subject = { subjectType: found.subject.subject_type as SubjectSummary['subjectType'] }
  const today = chinaDate(ctx.clock.now())
  const out: Record<string, unknown>[] = []
  for (const v of found.versions) {
    const kind = kinds.includes(v.kind_code) ? ctx.catalogue.kinds.get(v.kind_code) : undefined
    if (!kind) continue
    if (decideVisibility(viewer, factsOf(kind, subject, v, objections.get(v.record_id), true), today).visible)
      out.push(v.fields)
  }
  return out
}
