/**
 * Ingestion: one path for a single record, an NDJSON batch and a file of any size.
 *
 * Records are validated in Node, grouped into chunks, and each chunk is written in one transaction:
 * read the newest stored version of each record, decide new / changed / unchanged by content hash,
 * register new subjects, COPY the new versions and their audit events. A chunk commits whole or not at
 * all, and re-sending anything is a no-op, so an import killed at any point is finished by running it
 * again. While the database writes one chunk, Node validates the next (two cores, both busy).
 */
import type { Database, Tx } from '../../db/database.ts'
import { AppError, type ErrorCode, type FieldProblem } from '../../platform/app-error.ts'
import { appendAuditEvent, appendAuditEvents, type Actor, type AuditEvent } from '../../platform/audit.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Keys } from '../../platform/crypto.ts'
import { actorOf, type Principal, type RelyingPartyPrincipal, type SourcePrincipal } from '../../platform/principal.ts'
import { erasureDueOn, publicDisplayEndsOn, type ActiveCatalogue, type RecordKind } from '../catalogue/index.ts'
import { authoriseReport, decideVisibility, type RecordFacts, type RecordLifecycle, type Standing, type Viewer } from '../access/index.ts'
import { chinaDate } from '../../platform/calendar.ts'
import { findExistingSubjects, getSubjectSummary, registerNewSubjects, subjectSummaryOf, type SubjectIdentity, type SubjectSummary } from '../subjects/index.ts'
import { decisionStands, isSafeSourceRecordId, validateRecord, type LapsedRecord, type ValidRecord } from './records.ts'
import { insertNotices, type Notice } from '../notices/index.ts'
import * as repo from './records.repository.ts'

export interface RecordsContext {
  database: Database
  clock: Clock
  keys: Keys
  catalogue: ActiveCatalogue
  /** what ends with a record that stops holding: the list entries resting on it (see OnRecordsLapsed) */
  onRecordsLapsed: OnRecordsLapsed
}

/**
 * Ends what rests on records that stopped holding, in the transaction that changed them, and says how
 * many it ended: the list entries citing them. The lists module builds it (`endEntriesOnLapsedBasis`)
 * and it is passed in where contexts are made, because lists imports records and objections, which
 * therefore cannot import lists.
 */
export type OnRecordsLapsed = (tx: Tx, at: Date, actor: Actor, lapsed: readonly LapsedRecord[]) => Promise<number>

/**
 * Tells what rests on records that they stopped holding, in the caller's transaction, after the change
 * to them: the records are locked first, so a proposal or step citing one (which share-locks it before
 * reading its standing) either finishes before, and its entry is ended here, or reads the change.
 */
export async function recordsLapsed(tx: Tx, ctx: Pick<RecordsContext, 'onRecordsLapsed'>, at: Date, actor: Actor, lapsed: readonly LapsedRecord[]): Promise<number> {
  if (lapsed.length === 0) return 0
  await repo.lockRecordsForChange(tx, lapsed)
  return ctx.onRecordsLapsed(tx, at, actor, lapsed)
}

/** One line of input: parsed (to validate) or already refused by the parser. */
export type IngestItem = { line: number; input: unknown } | { line: number; error: AppError }

export type IngestStatus = 'accepted' | 'versioned' | 'unchanged'

export interface IngestResult {
  line: number
  status: IngestStatus
  subjectId: string
  recordId: string
  version: number
}

export interface Rejection {
  line: number
  code: ErrorCode
  detail: string
  errors: FieldProblem[]
  sourceRecordId?: string
}

export interface IngestSummary {
  received: number
  accepted: number
  versioned: number
  unchanged: number
  rejected: number
  subjectsRegistered: number
}

export interface IngestOptions {
  /** records per transaction (default 5,000); a chunk is also closed once it holds ~chunkBytes of record text */
  chunkSize?: number
  chunkBytes?: number
  onRejected?: (rejection: Rejection) => void
  onResults?: (results: readonly IngestResult[]) => void
  onProgress?: (summary: Readonly<IngestSummary>) => void
}

interface Pending { line: number; record: ValidRecord }

const UNIQUE_VIOLATION = '23505'
const YIELD_EVERY = 256
const MAX_ATTEMPTS = 3

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === UNIQUE_VIOLATION
}

/**
 * Writes one chunk in the caller's transaction; returns what happened to each record.
 * Subjects first: a subject not registered yet has no stored records, so only the records of known
 * subjects need their newest version looked up (on a first load, none do).
 */
async function writeChunk(tx: Tx, ctx: RecordsContext, source: SourcePrincipal, actor: Actor, chunk: readonly Pending[], at: Date): Promise<{ results: IngestResult[]; subjectsRegistered: number }> {
  const subjectIds = new Set<string>()
  for (const { record } of chunk) subjectIds.add(record.subjectId)
  const existing = await findExistingSubjects(tx, [...subjectIds])
  const probe = new Map<string, { subjectId: string; recordId: string }>()
  for (const { record } of chunk) {
    if (existing.has(record.subjectId)) probe.set(record.recordId, { subjectId: record.subjectId, recordId: record.recordId })
  }
  const latest = await repo.findLatestVersions(tx, [...probe.values()])
  const results: IngestResult[] = []
  const rows: repo.NewVersionRow[] = []
  const events: AuditEvent[] = []
  const notices: Notice[] = []
  const newSubjects = new Map<string, SubjectIdentity>()
  for (const { line, record } of chunk) {
    const current = latest.get(record.recordId)
    if (current && current.contentHash === record.contentHash) {
      results.push({ line, status: 'unchanged', subjectId: record.subjectId, recordId: record.recordId, version: current.version })
      continue
    }
    const version = (current?.version ?? 0) + 1
    latest.set(record.recordId, { version, contentHash: record.contentHash })
    if (!existing.has(record.subjectId)) newSubjects.set(record.subjectId, record.subject)
    const contentHash = record.contentHash
    rows.push({
      subjectId: record.subjectId, recordId: record.recordId, version, sourceId: source.sourceId, sourceRecordId: record.sourceRecordId,
      kindCode: record.kind.code, catalogueVersion: ctx.catalogue.version, decidedOn: record.decidedOn, conductEndedOn: record.conductEndedOn,
      fieldsJson: record.fieldsJson, contentHash: record.contentHash, identifierCheckFailed: record.identifierCheckFailed,
    })
    const payload = { kind: record.kind.code, version, sourceRecordId: record.sourceRecordId, contentHash, catalogueVersion: ctx.catalogue.version, identifierCheckFailed: record.identifierCheckFailed }
    events.push(version === 1
      ? { action: 'record.accepted', actor, subjectId: record.subjectId, objectType: 'record', objectId: record.recordId, payload }
      : { action: 'record.versioned', actor, subjectId: record.subjectId, objectType: 'record', objectId: record.recordId, payload })
    results.push({ line, status: version === 1 ? 'accepted' : 'versioned', subjectId: record.subjectId, recordId: record.recordId, version })
    // a correction, on objection or not, is news the subject must get
    if (version > 1) notices.push({ subjectId: record.subjectId, kind: 'record.corrected', objectType: 'record', objectId: record.recordId, body: { kind: record.kind.code, version, source: source.name, sourceRecordId: record.sourceRecordId } })
  }
  if (rows.length > 0) {
    await registerNewSubjects(tx, ctx.keys, at, actor, newSubjects)
    await repo.copyVersions(tx, rows, at)
    await appendAuditEvents(tx, at, events)
    await insertNotices(tx, at, notices)
    // a new version saying its decision no longer stands (revoked, confirmed unlawful or void) ends what rests on it, in this transaction
    const revoked = rows.filter((r) => r.version > 1 && r.fieldsJson.includes('"decisionStatus"') && !decisionStands(JSON.parse(r.fieldsJson) as Record<string, unknown>))
    await recordsLapsed(tx, ctx, at, actor, revoked.map((r) => ({ subjectId: r.subjectId, recordId: r.recordId, lapse: 'revoked' as const })))
  }
  return { results, subjectsRegistered: newSubjects.size }
}

/** Writes a chunk in its own transaction, retrying when a concurrent writer stored the same record first. */
async function commitChunk(ctx: RecordsContext, source: SourcePrincipal, actor: Actor, chunk: readonly Pending[]) {
  for (let attempt = 1; ; attempt++) {
    try {
      const at = ctx.clock.now()
      return await ctx.database.transaction((tx) => writeChunk(tx, ctx, source, actor, chunk, at))
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= MAX_ATTEMPTS) throw error
    }
  }
}

function rejectionOf(line: number, error: AppError, input?: unknown): Rejection {
  const rejection: Rejection = { line, code: error.code, detail: error.message, errors: [...error.problems] }
  // echoed only when it may be stored: a rejected line's id can be the very identity number it was refused for
  const id = typeof input === 'object' && input !== null ? (input as { sourceRecordId?: unknown }).sourceRecordId : undefined
  if (isSafeSourceRecordId(id)) rejection.sourceRecordId = id
  return rejection
}

/**
 * Ingests a stream of items from one source. Bad items are reported through `onRejected` and never
 * written; good ones are stored. Throws only when the database fails (chunks committed before stay).
 */
export async function ingest(ctx: RecordsContext, source: SourcePrincipal, actor: Actor, items: AsyncIterable<IngestItem> | Iterable<IngestItem>, options: IngestOptions = {}): Promise<IngestSummary> {
  const chunkSize = options.chunkSize ?? 5_000
  // Lines may be up to 1 MiB: a chunk bounded only by count could hold gigabytes.
  const chunkBytes = options.chunkBytes ?? 32 * 1024 * 1024
  let bytes = 0
  const summary: IngestSummary = { received: 0, accepted: 0, versioned: 0, unchanged: 0, rejected: 0, subjectsRegistered: 0 }
  const validation = { catalogue: ctx.catalogue, source, keys: ctx.keys, today: ctx.clock.now(), subjectIds: new Map<string, string>() }
  let chunk: Pending[] = []
  let inflight: Promise<void> | undefined

  const write = async (pending: Pending[]) => {
    const { results, subjectsRegistered } = await commitChunk(ctx, source, actor, pending)
    for (const r of results) summary[r.status]++
    summary.subjectsRegistered += subjectsRegistered
    options.onResults?.(results)
    options.onProgress?.(summary)
  }

  for await (const item of items) {
    summary.received++
    // Parsed lines arrive as microtasks, which would starve the event loop for a whole input chunk
    // and leave the database's replies unread: yield now and then so writing overlaps validating.
    if (summary.received % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve))
    if ('error' in item) {
      summary.rejected++
      options.onRejected?.(rejectionOf(item.line, item.error))
      continue
    }
    const record = validateRecord(item.input, validation)
    if (record instanceof AppError) {
      summary.rejected++
      options.onRejected?.(rejectionOf(item.line, record, item.input))
      continue
    }
    chunk.push({ line: item.line, record })
    bytes += record.fieldsJson.length + 256
    if (chunk.length >= chunkSize || bytes >= chunkBytes) {
      const full = chunk
      chunk = []
      bytes = 0
      await inflight
      inflight = write(full)
      // Keep a failure from surfacing as an unhandled rejection before it is awaited.
      inflight.catch(() => {})
    }
  }
  await inflight
  if (chunk.length > 0) await write(chunk)
  return summary
}

/**
 * One record through the same validation and versioning, inside the caller's transaction (a source's
 * correction answering an objection commits with the answer); a refused record throws its AppError.
 */
export async function submitRecordIn(tx: Tx, ctx: RecordsContext, source: SourcePrincipal, actor: Actor, input: unknown, at: Date): Promise<IngestResult> {
  const record = validateRecord(input, { catalogue: ctx.catalogue, source, keys: ctx.keys, today: at })
  if (record instanceof AppError) throw record
  const { results } = await writeChunk(tx, ctx, source, actor, [{ line: 1, record }], at)
  return results[0]!
}

/** One record through the same path; refused records throw their AppError. */
export async function submitRecord(ctx: RecordsContext, source: SourcePrincipal, actor: Actor, input: unknown): Promise<IngestResult> {
  let rejected: AppError | undefined
  let result: IngestResult | undefined
  await ingest(ctx, source, actor, [{ line: 1, input }], {
    onRejected: (r) => { rejected = new AppError(r.code, r.detail, r.errors) },
    onResults: (results) => { result = results[0] },
  })
  if (rejected) throw rejected
  if (!result) throw new AppError('internal', 'the record was neither stored nor refused')
  return result
}

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

function indexObjections(rows: readonly repo.ObjectionFactRow[]): Map<string, RecordObjections> {
  const byRecord = new Map<string, RecordObjections>()
  for (const o of rows) {
    let entry = byRecord.get(o.target_id)
    if (!entry) byRecord.set(o.target_id, entry = { withdrawnThrough: 0 })
    if (o.status === 'open' || o.status === 'escalated') entry.undecided = { objectionId: o.objection_id, status: o.status, filedAt: new Date(o.filed_at).toISOString(), dueOn: o.due_on }
    if (WITHDRAWING.has(o.status) && o.answered_version !== null) entry.withdrawnThrough = Math.max(entry.withdrawnThrough, o.answered_version)
    // the latest statement stands (rows come oldest first); an erased objection has none
    if (o.statement !== null) entry.statement = o.statement
  }
  return byRecord
}

function lifecycleOf(v: repo.StoredVersion, objections: RecordObjections | undefined, current: boolean): RecordLifecycle {
  return {
    erased: v.erased_at !== null,
    takenDown: v.taken_down_at !== null,
    withdrawn: objections !== undefined && v.version <= objections.withdrawnThrough,
    objection: current ? objections?.undecided ?? null : null,
  }
}

function factsOf(kind: RecordKind, subject: Pick<SubjectSummary, 'subjectType'>, v: repo.StoredVersion, objections: RecordObjections | undefined, current: boolean): RecordFacts {
  return { kind, subjectType: subject.subjectType, decidedOn: v.decided_on, conductEndedOn: v.conduct_ended_on, sourceId: v.source_id, lifecycle: lifecycleOf(v, objections, current) }
}

/** A subject (summarised: a person's identifiers masked), the current version of each of its records, and the objections against them. */
async function getSubjectWithCurrentVersions(ctx: RecordsContext, subjectId: string): Promise<{ subject: SubjectSummary; versions: repo.StoredVersion[]; objections: Map<string, RecordObjections> }> {
  const found = await repo.findSubjectWithCurrentVersions(ctx.database.db, subjectId)
  if (!found) throw new AppError('subject.not_found', 'no subject with that id', [{ pointer: '/subjectId', detail: 'unknown subject' }])
  return { subject: subjectSummaryOf(ctx.keys, found.subject), versions: found.versions, objections: indexObjections(found.objections) }
}

/** A stored version as it appears in a file or a report; the content of an erased one never leaves. */
function fileEntry(v: repo.StoredVersion, standing: Standing): CreditFileEntry {
  return {
    recordId: v.record_id, version: v.version, kind: v.kind_code,
    source: { name: v.source_name, displayName: v.source_display_name }, sourceRecordId: v.source_record_id,
    decidedOn: v.decided_on, conductEndedOn: v.conduct_ended_on, fields: standing === 'erased' ? {} : v.fields, identifierCheckFailed: v.identifier_check_failed,
    receivedAt: new Date(v.received_at).toISOString(), catalogueVersion: v.catalogue_version, standing,
    contentHash: Buffer.from(v.content_hash).toString('hex'), erasedAt: v.erased_at === null ? null : new Date(v.erased_at).toISOString(),
  }
}

/** The current version as a file or report shows it: with its objection mark and the subject's statement. */
function currentEntry(v: repo.StoredVersion, standing: Standing, kind: RecordKind | undefined, objections: RecordObjections | undefined, subjectType: string): CreditFileRecord {
  const entry: CreditFileRecord = {
    ...fileEntry(v, standing), kindName: kind?.name ?? { zh: v.kind_code, en: v.kind_code }, polarity: kind?.polarity ?? 'neutral',
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
  return [...byCategory.entries()].sort(([a], [b]) => a.localeCompare(b))
    .map(([category, records]) => ({ category, records: records.sort((a, b) => b.decidedOn.localeCompare(a.decidedOn) || a.recordId.localeCompare(b.recordId)) }))
}

const subjectNotFound = () => new AppError('subject.not_found', 'no subject with that id', [{ pointer: '/subjectId', detail: 'unknown subject' }])

/**
 * A source reads a person (even masked) only if it has submitted a record about them; for any other
 * person it gets the answer an unknown id gets, so that it cannot learn whom Fides holds. An
 * organisation's name and code are public registry data.
 */
export async function sourceMayReadSubject(database: Database, subject: Pick<SubjectSummary, 'subjectId' | 'subjectType'>, sourceId: string): Promise<boolean> {
  return subject.subjectType !== 'person' || repo.sourceHasRecordOn(database.db, subject.subjectId, sourceId)
}

/** The subject summary a source may read: a person's only if it holds a record about them (else `subject.not_found`). */
export async function getSubjectSummaryForSource(ctx: { database: Database; keys: Keys }, subjectId: string, sourceId: string): Promise<SubjectSummary> {
  const subject = await getSubjectSummary(ctx.database, ctx.keys, subjectId)
  if (!(await sourceMayReadSubject(ctx.database, subject, sourceId))) throw subjectNotFound()
  return subject
}

/** The viewer of a credit file, in the access module's terms. */
type FileReader = Extract<Principal, { role: 'source' | 'officer' | 'auditor' | 'subject' }>

function viewerOf(principal: FileReader): Viewer {
  switch (principal.role) {
    case 'source': return { role: 'source', sourceId: principal.source.sourceId }
    case 'officer': return { role: 'officer' }
    case 'auditor': return { role: 'auditor' }
    case 'subject': return { role: 'subject' }
  }
}

/** Only those who see everything see a kind that is no longer in the catalogue in force. */
const seesUnknownKinds = (viewer: Viewer) => viewer.role === 'subject' || viewer.role === 'officer' || viewer.role === 'auditor'

/**
 * A subject's credit file: its current records grouped by catalogue category, optionally with every
 * superseded version, as much as the viewer may see (the access module decides): a source sees the
 * records it submitted itself; an officer, an auditor and the subject see everything — and every
 * officer's and auditor's look is written to the audit trail before anything is read.
 */
export async function getCreditFile(ctx: RecordsContext, subjectId: string, options: { history: boolean; viewer: FileReader }): Promise<CreditFile> {
  const subject = await getSubjectSummary(ctx.database, ctx.keys, subjectId)
  if (options.viewer.role === 'source' && !(await sourceMayReadSubject(ctx.database, subject, options.viewer.source.sourceId))) throw subjectNotFound()
  if (options.viewer.role === 'officer' || options.viewer.role === 'auditor') {
    const actor = actorOf(options.viewer)
    await appendAuditEvent(ctx.database.db, ctx.clock.now(), { action: 'subject.file_viewed', actor, subjectId, objectType: 'subject', objectId: subjectId, payload: { history: options.history } })
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
    if (options.history) current.history = []
    const category = kind?.category ?? 'uncategorised'
    const list = byCategory.get(category) ?? []
    list.push(current)
    byCategory.set(category, list)
  }
  return { subject, categories: sortedCategories(byCategory) }
}

/** A record as whoever cites it sees it today: its kind, dates and standing, and whether the decision it records still stands. */
export interface CitedRecord { kind: string; decidedOn: string; version: number; standing: Standing; takenDown: boolean; decisionStands: boolean }

/**
 * A record's kind, decision date and standing today, for whoever cites it (a list entry, a repair
 * application); undefined if the subject has no such record. With `tx`, its current version is
 * share-locked first and read in that transaction: a change that ends what rests on it (which locks it,
 * see `recordsLapsed`) waits for the transaction, or has committed and is seen.
 */
export async function findRecordStanding(ctx: RecordsContext, subjectId: string, recordId: string, tx?: Tx): Promise<CitedRecord | undefined> {
  if (tx) await repo.shareLockCurrentVersion(tx, subjectId, recordId)
  const db = tx?.db ?? ctx.database.db
  const v = await repo.findCurrentVersion(db, subjectId, recordId)
  if (!v) return undefined
  const objectionRows = await repo.listObjectionFacts(db, subjectId, recordId)
  const kind = ctx.catalogue.kinds.get(v.kind_code)
  const base = { kind: v.kind_code, decidedOn: v.decided_on, version: v.version, takenDown: v.taken_down_at !== null, decisionStands: decisionStands(v.fields) }
  if (!kind) return { ...base, standing: v.erased_at === null ? 'current' : 'erased' }
  // the officer's view, which does not depend on the subject's type
  const decision = decideVisibility({ role: 'officer' }, factsOf(kind, { subjectType: 'enterprise' }, v, indexObjections(objectionRows).get(recordId), true), chinaDate(ctx.clock.now()))
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
export async function getReport(ctx: RecordsContext, subjectId: string, party: RelyingPartyPrincipal, purpose: string): Promise<Report> {
  // The subject and its records are read in one statement; nothing leaves until the purpose and
  // consent are authorised and the inquiry is committed.
  const { subject, versions, objections } = await getSubjectWithCurrentVersions(ctx, subjectId)
  const authorised = await authoriseReport(ctx.database, ctx.clock, party, subject, purpose, ctx.catalogue.consentRequiredCategories)
  const viewer: Viewer = { role: 'relying_party', purpose: authorised.purpose, hasConsent: authorised.consentId !== null }
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
  return { subject, purpose: authorised.purpose, consentId: authorised.consentId, generatedAt: ctx.clock.now().toISOString(), categories: sortedCategories(byCategory) }
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
  if (!found || found.subject.subject_type === 'person') throw new AppError('subject.not_found', 'no organisation with that id', [{ pointer: '/subjectId', detail: 'unknown organisation' }])
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
      recordId: v.record_id, kind: kind.code, kindName: kind.name, category: kind.category, polarity: kind.polarity, decidedOn: v.decided_on,
      publicUntil: decision.publicUntil, source: { displayName: v.source_display_name }, fields: v.fields, underObjection: decision.standing === 'under_objection',
    }
    if (ofRecord?.statement !== undefined) record.statement = ofRecord.statement
    records.push(record)
  }
  records.sort((a, b) => b.decidedOn.localeCompare(a.decidedOn) || a.recordId.localeCompare(b.recordId))
  const { uscc, name, divisionCode, subjectType } = subject
  return { subject: { subjectId, subjectType, name, divisionCode, ...(uscc ? { uscc } : {}) }, records }
}
