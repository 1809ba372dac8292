/**
 * Uploads: a source sends a CSV or NDJSON file over HTTP and follows it as an import job. The file is
 * spooled to a temporary file, the job row and its `import.started` event are committed, and the file
 * is imported in the background by the same code as `fides import` (every good line stored, in
 * chunks with their own events; every bad line reported). The job row carries the progress; the
 * rejects (line, code, field, reason: never the line's content) are rows the source downloads as CSV.
 * A job that stops being updated (its process ended) shows as interrupted: uploading the same file
 * again is safe, since a record already stored comes back "unchanged".
 */
import { randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import type { Database, Tx } from '../../db/database.ts'
import { AppError } from '../../platform/app-error.ts'
import { appendAuditEvents, type Actor } from '../../platform/audit.ts'
import type { SourcePrincipal } from '../../platform/principal.ts'
import { importStream, maskResidentIdsIn, rejectRow, type ImportFormat, type RecordsContext } from '../records/index.ts'
import * as repo from './imports.repository.ts'

/** A job not updated for this long has lost its process. */
const STALE_MS = 60_000
/** How often a running job writes its progress and the rejects found since. */
const PROGRESS_MS = 500
/** Finished jobs and their rejects are kept this long (every stored record keeps its own events). */
export const IMPORT_JOB_RETENTION_DAYS = 90

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

function viewOf(row: repo.JobRow, now: Date): ImportJob {
  const stale = row.status === 'running' && now.getTime() - new Date(row.updated_at).getTime() > STALE_MS
  const done = row.status === 'done'
  return {
    jobId: row.job_id, fileName: row.file_name, format: row.format, status: stale ? 'interrupted' : row.status,
    bytesTotal: row.bytes_total, bytesRead: done ? row.bytes_total : row.bytes_read,
    percent: done ? 100 : row.bytes_total === 0 ? 0 : Math.min(99, Math.floor((100 * row.bytes_read) / row.bytes_total)),
    accepted: row.accepted, versioned: row.versioned, unchanged: row.unchanged, rejected: row.rejected, error: row.error,
    startedAt: new Date(row.started_at).toISOString(), finishedAt: row.finished_at === null ? null : new Date(row.finished_at).toISOString(),
  }
}

// the jobs running in this process, per database: closing the app waits for them
const running = new WeakMap<Database, Set<Promise<void>>>()

/** Resolves when this process's imports on `database` have finished. */
export async function importsIdle(database: Database): Promise<void> {
  while ((running.get(database)?.size ?? 0) > 0) await Promise.allSettled([...running.get(database)!])
}

/**
 * Writes the upload to a temporary file, refusing it past `maxBytes`: the answer goes at once, and
 * the rest of the body is read and dropped (so that the client gets the 413, not a reset connection).
 */
async function spool(body: Readable, maxBytes: number): Promise<{ path: string; bytes: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'fides-upload-'))
  const path = join(dir, 'upload')
  let bytes = 0
  try {
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(path)
      let refused = false
      body.on('data', (chunk: Buffer) => {
        if (refused) return
        bytes += chunk.length
        if (bytes > maxBytes) {
          refused = true
          out.destroy()
          body.resume()
          reject(new AppError('request.too_large', `an upload holds at most ${maxBytes} bytes`, [{ pointer: '', detail: 'too large' }]))
        } else if (!out.write(chunk)) {
          body.pause()
          out.once('drain', () => body.resume())
        }
      })
      body.on('end', () => { if (!refused) out.end() })
      body.on('error', reject)
      out.on('error', (error) => { if (!refused) reject(error) })
      out.on('finish', resolve)
    })
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    throw error
  }
  return { path, bytes }
}

export interface Upload { body: Readable; fileName: string; format: ImportFormat; maxBytes: number; uploadedBy: string }

/** Receives a file and starts its import; answers with the job once the file is stored and the job committed. */
export async function startImport(ctx: RecordsContext, source: SourcePrincipal, actor: Actor, upload: Upload): Promise<ImportJob> {
  // kept to show the source its own uploads; an identity number in it is masked (it is stored in clear)
  const fileName = maskResidentIdsIn(upload.fileName.replace(/[^\p{L}\p{N} ._()-]/gu, '_').slice(0, 200)) || 'upload'
  const { path, bytes } = await spool(upload.body, upload.maxBytes)
  const cleanUp = () => rm(join(path, '..'), { recursive: true, force: true })
  if (bytes === 0) {
    await cleanUp()
    throw new AppError('import.empty', 'the file is empty', [{ pointer: '', detail: 'no lines' }])
  }
  const jobId = randomUUID()
  const now = ctx.clock.now()
  const row = { job_id: jobId, source_id: source.sourceId, uploaded_by: upload.uploadedBy, file_name: fileName, format: upload.format, bytes_total: bytes, status: 'running' as const, started_at: now, updated_at: now }
  try {
    await ctx.database.transaction(async (tx) => {
      await repo.insertJob(tx, row)
      await appendAuditEvents(tx, now, [{ action: 'import.started', actor, subjectId: null, objectType: 'import', objectId: jobId, payload: { jobId, format: upload.format, bytes } }])
    })
  } catch (error) {
    await cleanUp()
    throw error
  }
  const jobs = running.get(ctx.database) ?? new Set()
  running.set(ctx.database, jobs)
  // a job that cannot even record its end stops being updated, and so shows as interrupted
  const job: Promise<void> = runImport(ctx, source, actor, jobId, path, upload.format).catch(() => undefined).finally(async () => {
    await cleanUp()
    jobs.delete(job)
  })
  jobs.add(job)
  return viewOf({ ...row, bytes_read: 0, accepted: 0, versioned: 0, unchanged: 0, rejected: 0, error: null, finished_at: null }, now)
}

async function runImport(ctx: RecordsContext, source: SourcePrincipal, actor: Actor, jobId: string, path: string, format: ImportFormat): Promise<void> {
  const progress: repo.JobProgress = { bytesRead: 0, accepted: 0, versioned: 0, unchanged: 0, rejected: 0 }
  let rejects: ReturnType<typeof rejectRow>[] = []
  // one write at a time: the progress and the rejects found since the last one
  let writing: Promise<void> = Promise.resolve()
  const flush = () => {
    // a failed write does not stop the next: its rejects go again with the next batch
    writing = writing.catch(() => undefined).then(async () => {
      const batch = rejects
      rejects = []
      try {
        await repo.insertRejects(ctx.database.db, jobId, batch)
      } catch (error) {
        rejects = [...batch, ...rejects]
        throw error
      }
      await repo.updateProgress(ctx.database.db, jobId, { ...progress }, ctx.clock.now())
    })
    return writing
  }
  const timer = setInterval(() => { void flush().catch(() => { /* the final flush reports it */ }) }, PROGRESS_MS)
  let failure: string | null = null
  try {
    const summary = await importStream(ctx, source, actor, createReadStream(path, { highWaterMark: 1 << 20 }), format, {
      onRejected: (r) => { rejects.push(rejectRow(r)) },
      onProgress: (bytes, s) => Object.assign(progress, { bytesRead: bytes, accepted: s.accepted, versioned: s.versioned, unchanged: s.unchanged, rejected: s.rejected }),
    })
    Object.assign(progress, { bytesRead: (await stat(path)).size, accepted: summary.accepted, versioned: summary.versioned, unchanged: summary.unchanged, rejected: summary.rejected })
  } catch (error) {
    // what was committed stays (each chunk with its events); the job says where it stopped
    failure = error instanceof AppError ? error.message : 'the import stopped on an internal error; the lines stored so far are kept'
  } finally {
    clearInterval(timer)
  }
  try {
    await flush()
  } catch {
    failure = 'some rejected lines could not be listed; the lines stored are kept: upload the file again for the full list'
  }
  const at = ctx.clock.now()
  const status = failure === null ? 'done' : 'failed'
  await ctx.database.transaction(async (tx) => {
    await repo.finishJob(tx, jobId, status, progress, failure, at)
    await appendAuditEvents(tx, at, [{ action: 'import.finished', actor, subjectId: null, objectType: 'import', objectId: jobId, payload: { jobId, status, accepted: progress.accepted, versioned: progress.versioned, unchanged: progress.unchanged, rejected: progress.rejected } }])
  })
}

export async function getImport(ctx: RecordsContext, source: SourcePrincipal, jobId: string): Promise<ImportJob> {
  const row = await repo.findJob(ctx.database.db, source.sourceId, jobId)
  if (!row) throw new AppError('import.not_found', 'no such import of this source', [{ pointer: '/jobId', detail: 'unknown import' }])
  return viewOf(row, ctx.clock.now())
}

export async function listImports(ctx: RecordsContext, source: SourcePrincipal): Promise<ImportJob[]> {
  const now = ctx.clock.now()
  return (await repo.listJobs(ctx.database.db, source.sourceId, 50)).map((r) => viewOf(r, now))
}

/** One of the source's jobs and its rejects in line order, read page by page as they are streamed out (as CSV). */
export async function importRejects(ctx: RecordsContext, source: SourcePrincipal, jobId: string): Promise<{ job: ImportJob; rejects: AsyncGenerator<ReturnType<typeof rejectRow>> }> {
  const job = await getImport(ctx, source, jobId)
  return { job, rejects: rejectPages(ctx, job.jobId) }
}

async function* rejectPages(ctx: RecordsContext, jobId: string): AsyncGenerator<ReturnType<typeof rejectRow>> {
  let after = 0
  for (;;) {
    const page = await repo.rejectsPage(ctx.database.db, jobId, after, 5_000)
    for (const r of page) yield { line: r.line, code: r.code, pointer: r.pointer, detail: r.detail, sourceRecordId: r.source_record_id }
    if (page.length < 5_000) return
    after = page[page.length - 1]!.line
  }
}

/** The maintenance pass's part: finished jobs older than the retention go, with their rejects. */
export function deleteOldImports(tx: Tx, now: Date): Promise<number> {
  return repo.deleteJobsFinishedBefore(tx, new Date(now.getTime() - IMPORT_JOB_RETENTION_DAYS * 86_400_000))
}
