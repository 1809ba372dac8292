/**
 * Ingestion: one path for a single record, an NDJSON batch and a file of any size.
 *
 * Records are validated in Node, grouped into chunks, and each chunk is written in one transaction:
 * read the newest stored version of each record, decide new / changed / unchanged by content hash,
 * register new subjects, COPY the new versions and their audit events. A chunk commits whole or not at
 * all, and re-sending anything is a no-op, so an import killed at any point is finished by running it
 * again. While the database writes one chunk, Node validates the next (two cores, both busy).
 */
import type { Tx } from '../../db/database.ts'
import { AppError, type ErrorCode, type FieldProblem } from '../../platform/app-error.ts'
import { appendAuditEvents, type Actor, type AuditEvent } from '../../platform/audit.ts'
import type { SourcePrincipal } from '../../platform/principal.ts'
import { findExistingSubjects, registerNewSubjects, type SubjectIdentity } from '../subjects/index.ts'
import { decisionStands, isSafeSourceRecordId, validateRecord, type ValidRecord } from './records.ts'
import { insertNotices, type Notice } from '../notices/index.ts'
import { recordsLapsed, type RecordsContext } from './records.context.ts'
import * as repo from './records.repository.ts'

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

interface Pending {
  line: number
  record: ValidRecord
}

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
async function writeChunk(
  tx: Tx,
  ctx: RecordsContext,
  source: SourcePrincipal,
  actor: Actor,
  chunk: readonly Pending[],
  at: Date,
): Promise<{ results: IngestResult[]; subjectsRegistered: number }> {
  const subjectIds = new Set<string>()
  for (const { record } of chunk) subjectIds.add(record.subjectId)
  const existing = await findExistingSubjects(tx, [...subjectIds])
  const probe = new Map<string, { subjectId: string; recordId: string }>()
  for (const { record } of chunk) {
    if (existing.has(record.subjectId))
      probe.set(record.recordId, { subjectId: record.subjectId, recordId: record.recordId })
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
      results.push({
        line,
        status: 'unchanged',
        subjectId: record.subjectId,
        recordId: record.recordId,
        version: current.version,
      })
      continue
    }
    const version = (current?.version ?? 0) + 1
    latest.set(record.recordId, { version, contentHash: record.contentHash })
    if (!existing.has(record.subjectId)) newSubjects.set(record.subjectId, record.subject)
    const contentHash = record.contentHash
    rows.push({
      subjectId: record.subjectId,
      recordId: record.recordId,
      version,
      sourceId: source.sourceId,
      sourceRecordId: record.sourceRecordId,
      kindCode: record.kind.code,
      catalogueVersion: ctx.catalogue.version,
      decidedOn: record.decidedOn,
      conductEndedOn: record.conductEndedOn,
      fieldsJson: record.fieldsJson,
      contentHash: record.contentHash,
      identifierCheckFailed: record.identifierCheckFailed,
    })
    const payload = {
      kind: record.kind.code,
      version,
      sourceRecordId: record.sourceRecordId,
      contentHash,
      catalogueVersion: ctx.catalogue.version,
      identifierCheckFailed: record.identifierCheckFailed,
    }
    events.push(
      version === 1
        ? {
            action: 'record.accepted',
            actor,
            subjectId: record.subjectId,
            objectType: 'record',
            objectId: record.recordId,
            payload,
          }
        : {
            action: 'record.versioned',
            actor,
            subjectId: record.subjectId,
            objectType: 'record',
            objectId: record.recordId,
            payload,
          },
    )
    results.push({
      line,
      status: version === 1 ? 'accepted' : 'versioned',
      subjectId: record.subjectId,
      recordId: record.recordId,
      version,
    })
    // a correction, on objection or not, is news the subject must get
    if (version > 1)
      notices.push({
        subjectId: record.subjectId,
        kind: 'record.corrected',
        objectType: 'record',
        objectId: record.recordId,
        body: { kind: record.kind.code, version, source: source.name, sourceRecordId: record.sourceRecordId },
      })
  }
  if (rows.length > 0) {
    await registerNewSubjects(tx, ctx.keys, at, actor, newSubjects)
    await repo.copyVersions(tx, rows, at)
    await appendAuditEvents(tx, at, events)
    await insertNotices(tx, at, notices)
    // a new version saying its decision no longer stands (revoked, confirmed unlawful or void) ends what rests on it, in this transaction
    const revoked = rows.filter(
      (r) =>
        r.version > 1 &&
        r.fieldsJson.includes('"decisionStatus"') &&
        !decisionStands(JSON.parse(r.fieldsJson) as Record<string, unknown>),
    )
    await recordsLapsed(
      tx,
      ctx,
      at,
      actor,
      revoked.map((r) => ({ subjectId: r.subjectId, recordId: r.recordId, lapse: 'revoked' as const })),
    )
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
  const id =
    typeof input === 'object' && input !== null ? (input as { sourceRecordId?: unknown }).sourceRecordId : undefined
  if (isSafeSourceRecordId(id)) rejection.sourceRecordId = id
  return rejection
}

/**
 * Ingests a stream of items from one source. Bad items are reported through `onRejected` and never
 * written; good ones are stored. Throws only when the database fails (chunks committed before stay).
 */
export async function ingest(
  ctx: RecordsContext,
  source: SourcePrincipal,
  actor: Actor,
  items: AsyncIterable<IngestItem> | Iterable<IngestItem>,
  options: IngestOptions = {},
): Promise<IngestSummary> {
  const chunkSize = options.chunkSize ?? 5_000
  // Lines may be up to 1 MiB: a chunk bounded only by count could hold gigabytes.
  const chunkBytes = options.chunkBytes ?? 32 * 1024 * 1024
  let bytes = 0
  const summary: IngestSummary = {
    received: 0,
    accepted: 0,
    versioned: 0,
    unchanged: 0,
    rejected: 0,
    subjectsRegistered: 0,
  }
  const validation = {
    catalogue: ctx.catalogue,
    source,
    keys: ctx.keys,
    today: ctx.clock.now(),
    subjectIds: new Map<string, string>(),
  }
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
export async function submitRecordIn(
  tx: Tx,
  ctx: RecordsContext,
  source: SourcePrincipal,
  actor: Actor,
  input: unknown,
  at: Date,
): Promise<IngestResult> {
  const record = validateRecord(input, { catalogue: ctx.catalogue, source, keys: ctx.keys, today: at })
  if (record instanceof AppError) throw record
  const { results } = await writeChunk(tx, ctx, source, actor, [{ line: 1, record }], at)
  return results[0]!
}

/** One record through the same path; refused records throw their AppError. */
export async function submitRecord(
  ctx: RecordsContext,
  source: SourcePrincipal,
  actor: Actor,
  input: unknown,
): Promise<IngestResult> {
  let rejected: AppError | undefined
  let result: IngestResult | undefined
  await ingest(ctx, source, actor, [{ line: 1, input }], {
    onRejected: (r) => {
      rejected = new AppError(r.code, r.detail, r.errors)
    },
    onResults: (results) => {
      result = results[0]
    },
  })
  if (rejected) throw rejected
  if (!result) throw new AppError('internal', 'the record was neither stored nor refused')
  return result
}
