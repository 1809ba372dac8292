/**
 * Uploads: a source sends a CSV or NDJSON file over HTTP and follows it as an import job. The file is
 * spooled to disk sealed (imports.spool.ts: never in clear), the job row and its `import.started` event
 * are committed, and the file is imported in the background by the same code as `fides import` (every
 * good line stored, in chunks with their own events; every bad line reported). The job row carries the
 * progress and is the run's heartbeat; the rejects (line, code, field, reason: never the line's content)
 * are rows the source downloads as CSV.
 * A job whose process died (no heartbeat for a minute) shows as interrupted; the server's recovery
 * (`recoverImports`, at start and every half minute) resumes it from its spool file, or, when it cannot,
 * stores it as interrupted and deletes the file; then it deletes spool files no running job owns.
 * Resuming is safe because importing is: a record already stored comes back "unchanged".
 */
import { randomUUID } from 'node:crypto'
import { access, rm } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import type { Database, Tx } from '../../db/database.ts'
import { AppError } from '../../platform/app-error.ts'
import { appendAuditEvents, systemActor, type Actor, type ImportInterruption } from '../../platform/audit.ts'
import type { SourcePrincipal } from '../../platform/principal.ts'
import { importStream, maskResidentIdsIn, rejectRow, type ImportFormat, type RecordsContext } from '../records/index.ts'
import { findSourcePrincipal } from '../sources/index.ts'
import * as repo from './imports.repository.ts'
import { ensureSpoolDir, isSpoolComplete, readSpool, spoolFiles, spoolPath, writeSpool } from './imports.spool.ts'

/** A job not updated for this long has lost its process. */
export const IMPORT_STALE_MS = 60_000
/** How often a running job writes its progress and the rejects found since. */
const PROGRESS_MS = 500
/** Runs a job is given in all: a file that brings its server down each time is not resumed for ever. */
const MAX_ATTEMPTS = 3
/** Finished jobs and their rejects are kept this long (every stored record keeps its own events). */
export const IMPORT_JOB_RETENTION_DAYS = 90

/** Records, plus the directory uploads are spooled to (config FIDES_SPOOL_DIR). */
export interface ImportsContext extends RecordsContext {
  spoolDir: string
}

export interface ImportJob {
  jobId: string
  fileName: string
  format: ImportFormat
  status: 'running' | 'done' | 'failed' | 'interrupted'
  bytesTotal: number
  bytesRead: number
  /** 0-100 */
  percent: number
  accepted: number
  versioned: number
  unchanged: number
  rejected: number
  error: string | null
  startedAt: string
  finishedAt: string | null
}

function viewOf(row: Omit<repo.JobRow, 'attempt'>, now: Date): ImportJob {
  const stale = row.status === 'running' && now.getTime() - new Date(row.updated_at).getTime() > IMPORT_STALE_MS
  const done = row.status === 'done'
  return {
    jobId: row.job_id,
    fileName: row.file_name,
    format: row.format,
    status: stale ? 'interrupted' : row.status,
    bytesTotal: row.bytes_total,
    bytesRead: done ? row.bytes_total : row.bytes_read,
    percent: done
      ? 100
      : row.bytes_total === 0
        ? 0
        : Math.min(99, Math.floor((100 * row.bytes_read) / row.bytes_total)),
    accepted: row.accepted,
    versioned: row.versioned,
    unchanged: row.unchanged,
    rejected: row.rejected,
    error: row.error,
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at === null ? null : new Date(row.finished_at).toISOString(),
  }
}

// the jobs running in this process, per database (closing the app waits for them), and the spool files it is receiving
const running = new WeakMap<Database, Map<string, Promise<void>>>()
const receiving = new Set<string>()

/** Resolves when this process's imports on `database` have finished. */
export async function importsIdle(database: Database): Promise<void> {
  while ((running.get(database)?.size ?? 0) > 0) await Promise.allSettled([...running.get(database)!.values()])
}

export interface Upload {
  body: Readable
  fileName: string
  format: ImportFormat
  maxBytes: number
  uploadedBy: string
}

/** Receives a file and starts its import; answers with the job once the file is stored and the job committed. */
export async function startImport(
  ctx: ImportsContext,
  source: SourcePrincipal,
  actor: Actor,
  upload: Upload,
): Promise<ImportJob> {
  // kept to show the source its own uploads; an identity number in it is masked (it is stored in clear)
  const fileName = maskResidentIdsIn(upload.fileName.replace(/[^\p{L}\p{N} ._()-]/gu, '_').slice(0, 200)) || 'upload'
  const jobId = randomUUID()
  const path = spoolPath(ctx.spoolDir, jobId)
  await ensureSpoolDir(ctx.spoolDir)
  receiving.add(path)
  try {
    const bytes = await writeSpool(upload.body, path, ctx.keys.encryption, jobId, upload.maxBytes)
    if (bytes === 0) throw new AppError('import.empty', 'the file is empty', [{ pointer: '', detail: 'no lines' }])
    const now = ctx.clock.now()
    const row = {
      job_id: jobId,
      source_id: source.sourceId,
      uploaded_by: upload.uploadedBy,
      file_name: fileName,
      format: upload.format,
      bytes_total: bytes,
      status: 'running' as const,
      started_at: now,
      updated_at: now,
    }
    await ctx.database.transaction(async (tx) => {
      await repo.insertJob(tx, row)
      await appendAuditEvents(tx, now, [
        {
          action: 'import.started',
          actor,
          subjectId: null,
          objectType: 'import',
          objectId: jobId,
          payload: { jobId, format: upload.format, bytes },
        },
      ])
    })
    launch(ctx, source, actor, { jobId, attempt: 1, format: upload.format, bytesTotal: bytes })
    return viewOf(
      { ...row, bytes_read: 0, accepted: 0, versioned: 0, unchanged: 0, rejected: 0, error: null, finished_at: null },
      now,
    )
  } catch (error) {
    await rm(path, { force: true })
    throw error
  } finally {
    receiving.delete(path)
  }
}

interface Run {
  jobId: string
  attempt: number
  format: ImportFormat
  bytesTotal: number
}

/** Runs a job in the background; its spool file goes when the run ends, whatever the end. */
function launch(ctx: ImportsContext, source: SourcePrincipal, actor: Actor, run: Run): void {
  const jobs = running.get(ctx.database) ?? new Map<string, Promise<void>>()
  running.set(ctx.database, jobs)
  // a job that cannot even record its end stops being updated, and so shows as interrupted
  const job: Promise<void> = runImport(ctx, source, actor, run)
    .catch(() => undefined)
    .finally(async () => {
      await rm(spoolPath(ctx.spoolDir, run.jobId), { force: true })
      jobs.delete(run.jobId)
    })
  jobs.set(run.jobId, job)
}

async function runImport(
  ctx: ImportsContext,
  source: SourcePrincipal,
  actor: Actor,
  { jobId, attempt, format, bytesTotal }: Run,
): Promise<void> {
  const progress: repo.JobProgress = { bytesRead: 0, accepted: 0, versioned: 0, unchanged: 0, rejected: 0 }
  let rejects: ReturnType<typeof rejectRow>[] = []
  // one write at a time: the progress and the rejects found since the last one
  let writing: Promise<void> = Promise.resolve()
  const flush = () => {
    // a failed write does not stop the next: its rejects go again with the next batch
    writing = writing
      .catch(() => undefined)
      .then(async () => {
        const batch = rejects
        rejects = []
        try {
          await repo.insertRejects(ctx.database.db, jobId, batch)
        } catch (error) {
          rejects = [...batch, ...rejects]
          throw error
        }
        await repo.updateProgress(ctx.database.db, jobId, attempt, { ...progress }, ctx.clock.now())
      })
    return writing
  }
  const timer = setInterval(() => {
    void flush().catch(() => {
      /* the final flush reports it */
    })
  }, PROGRESS_MS)
  let failure: string | null = null
  try {
    const summary = await importStream(
      ctx,
      source,
      actor,
      readSpool(spoolPath(ctx.spoolDir, jobId), ctx.keys.encryption, jobId),
      format,
      {
        onRejected: (r) => {
          rejects.push(rejectRow(r))
        },
        onProgress: (bytes, s) =>
          Object.assign(progress, {
            bytesRead: bytes,
            accepted: s.accepted,
            versioned: s.versioned,
            unchanged: s.unchanged,
            rejected: s.rejected,
          }),
      },
    )
    Object.assign(progress, {
      bytesRead: bytesTotal,
      accepted: summary.accepted,
      versioned: summary.versioned,
      unchanged: summary.unchanged,
      rejected: summary.rejected,
    })
  } catch (error) {
    // what was committed stays (each chunk with its events); the job says where it stopped
    failure =
      error instanceof AppError
        ? error.message
        : 'the import stopped on an internal error; the lines stored so far are kept'
  } finally {
    clearInterval(timer)
  }
  try {
    await flush()
  } catch {
    failure =
      'some rejected lines could not be listed; the lines stored are kept: upload the file again for the full list'
  }
  const at = ctx.clock.now()
  const status = failure === null ? 'done' : 'failed'
  await ctx.database.transaction(async (tx) => {
    // a run given up on (its job interrupted or taken over meanwhile) records nothing
    if (!(await repo.finishJob(tx, jobId, attempt, status, progress, failure, at))) return
    await appendAuditEvents(tx, at, [
      {
        action: 'import.finished',
        actor,
        subjectId: null,
        objectType: 'import',
        objectId: jobId,
        payload: {
          jobId,
          status,
          accepted: progress.accepted,
          versioned: progress.versioned,
          unchanged: progress.unchanged,
          rejected: progress.rejected,
        },
      },
    ])
  })
}

const INTERRUPTED =
  'the server stopped during this import; the lines stored before are kept: upload the file again to finish it (stored lines come back unchanged)'

export interface Recovery {
  resumed: string[]
  interrupted: string[]
  swept: number
}

/**
 * After a crash: every running job without a heartbeat for a minute (its process died; this process's own
 * jobs excepted) is resumed from its spool file, if the file is whole and the job has runs left, and is
 * otherwise stored as interrupted, its spool file deleted; each change with its audit event in one
 * transaction, taken only if no other process took the job first. Then the spool files no running job owns
 * go: a finished job's at once, one with no job after a minute unwritten (it may be an upload still
 * arriving at another process sharing the directory).
 */
export async function recoverImports(ctx: ImportsContext): Promise<Recovery> {
  await ensureSpoolDir(ctx.spoolDir)
  const now = ctx.clock.now()
  const staleBefore = new Date(now.getTime() - IMPORT_STALE_MS)
  const own = running.get(ctx.database)
  const recovery: Recovery = { resumed: [], interrupted: [], swept: 0 }
  for (const job of await repo.staleJobs(ctx.database.db, staleBefore)) {
    if (own?.has(job.job_id)) continue
    const path = spoolPath(ctx.spoolDir, job.job_id)
    const source = await findSourcePrincipal(ctx.database, job.source_id)
    const reason: ImportInterruption | null =
      job.attempt >= MAX_ATTEMPTS
        ? 'too_many_attempts'
        : !source
          ? 'source_gone'
          : !(await access(path).then(
                () => true,
                () => false,
              ))
            ? 'no_spool_file'
            : !(await isSpoolComplete(path, ctx.keys.encryption, job.job_id, job.bytes_total))
              ? 'spool_unreadable'
              : null
    const at = ctx.clock.now()
    const actor: Actor = { type: 'source', id: source?.name ?? job.source_id }
    if (reason === null && source) {
      const attempt = job.attempt + 1
      const claimed = await ctx.database.transaction(async (tx) => {
        if (!(await repo.claimStaleJob(tx, job.job_id, job.attempt, staleBefore, at))) return false
        await appendAuditEvents(tx, at, [
          {
            action: 'import.resumed',
            actor,
            subjectId: null,
            objectType: 'import',
            objectId: job.job_id,
            payload: { jobId: job.job_id, attempt },
          },
        ])
        return true
      })
      if (claimed) {
        launch(ctx, source, actor, { jobId: job.job_id, attempt, format: job.format, bytesTotal: job.bytes_total })
        recovery.resumed.push(job.job_id)
      }
      continue
    }
    const ended = await ctx.database.transaction(async (tx) => {
      if (!(await repo.interruptStaleJob(tx, job.job_id, job.attempt, staleBefore, INTERRUPTED, at))) return false
      await appendAuditEvents(tx, at, [
        {
          action: 'import.interrupted',
          actor: systemActor,
          subjectId: null,
          objectType: 'import',
          objectId: job.job_id,
          payload: { jobId: job.job_id, attempt: job.attempt, reason: reason ?? 'source_gone' },
        },
      ])
      return true
    })
    if (ended) {
      await rm(path, { force: true })
      recovery.interrupted.push(job.job_id)
    }
  }
  recovery.swept = await sweepSpool(ctx)
  return recovery
}

/** Deletes the spool files no running job owns (see `recoverImports`); how many. */
async function sweepSpool(ctx: ImportsContext): Promise<number> {
  const files = (await spoolFiles(ctx.spoolDir)).filter((f) => !receiving.has(f.path))
  const statuses = await repo.statusesOf(
    ctx.database.db,
    files.map((f) => f.jobId),
  )
  // file times are the file system's: compared with the real time, not the injected clock
  const unwrittenSince = Date.now() - IMPORT_STALE_MS
  let swept = 0
  for (const f of files) {
    const status = statuses.get(f.jobId)
    const isOrphan = status === undefined ? f.modifiedMs < unwrittenSince : status !== 'running'
    if (!isOrphan) continue
    await rm(f.path, { force: true })
    swept++
  }
  return swept
}

export async function getImport(ctx: RecordsContext, source: SourcePrincipal, jobId: string): Promise<ImportJob> {
  const row = await repo.findJob(ctx.database.db, source.sourceId, jobId)
  if (!row)
    throw new AppError('import.not_found', 'no such import of this source', [
      { pointer: '/jobId', detail: 'unknown import' },
    ])
  return viewOf(row, ctx.clock.now())
}

export async function listImports(ctx: RecordsContext, source: SourcePrincipal): Promise<ImportJob[]> {
  const now = ctx.clock.now()
  return (await repo.listJobs(ctx.database.db, source.sourceId, 50)).map((r) => viewOf(r, now))
}

/** One of the source's jobs and its rejects in line order, read page by page as they are streamed out (as CSV). */
export async function importRejects(
  ctx: RecordsContext,
  source: SourcePrincipal,
  jobId: string,
): Promise<{ job: ImportJob; rejects: AsyncGenerator<ReturnType<typeof rejectRow>> }> {
  const job = await getImport(ctx, source, jobId)
  return { job, rejects: rejectPages(ctx, job.jobId) }
}

/** One of the source's jobs' rejected lines in line order, after line `after`, at most `limit` (for a page that shows them). */
export async function rejectedLines(
  ctx: RecordsContext,
  source: SourcePrincipal,
  jobId: string,
  after: number,
  limit: number,
): Promise<{ lines: ReturnType<typeof rejectRow>[]; more: boolean }> {
  const job = await getImport(ctx, source, jobId)
  const page = await repo.rejectsPage(ctx.database.db, job.jobId, after, limit + 1)
  return {
    lines: page.slice(0, limit).map((r) => ({
      line: r.line,
      code: r.code,
      pointer: r.pointer,
      detail: r.detail,
      sourceRecordId: r.source_record_id,
    })),
    more: page.length > limit,
  }
}

async function* rejectPages(ctx: RecordsContext, jobId: string): AsyncGenerator<ReturnType<typeof rejectRow>> {
  let after = 0
  for (;;) {
    const page = await repo.rejectsPage(ctx.database.db, jobId, after, 5_000)
    for (const r of page)
      yield { line: r.line, code: r.code, pointer: r.pointer, detail: r.detail, sourceRecordId: r.source_record_id }
    if (page.length < 5_000) return
    after = page[page.length - 1]!.line
  }
}

/** The maintenance pass's part: finished jobs older than the retention go, with their rejects. */
export function deleteOldImports(tx: Tx, now: Date): Promise<number> {
  return repo.deleteJobsFinishedBefore(tx, new Date(now.getTime() - IMPORT_JOB_RETENTION_DAYS * 86_400_000))
}
