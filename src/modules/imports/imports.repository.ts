import type { Db, Tx } from '../../db/database.ts'
import type { Insertable, Selectable } from 'kysely'
import type { ImportJobsTable } from '../../db/schema.ts'

export type JobRow = Selectable<ImportJobsTable>

export async function insertJob(
  tx: Tx,
  row: Omit<
    Insertable<ImportJobsTable>,
    'attempt' | 'bytes_read' | 'accepted' | 'versioned' | 'unchanged' | 'rejected' | 'error' | 'finished_at'
  >,
): Promise<void> {
  await tx.db
    .insertInto('import_jobs')
    .values({
      ...row,
      bytes_read: 0,
      accepted: 0,
      versioned: 0,
      unchanged: 0,
      rejected: 0,
      error: null,
      finished_at: null,
    })
    .execute()
}

export interface JobProgress {
  bytesRead: number
  accepted: number
  versioned: number
  unchanged: number
  rejected: number
}

const counts = (p: JobProgress) => ({
  bytes_read: p.bytesRead,
  accepted: p.accepted,
  versioned: p.versioned,
  unchanged: p.unchanged,
  rejected: p.rejected,
})

/** A run's progress, written only while the job is still that run's (running, same attempt); also its heartbeat. */
export async function updateProgress(
  db: Db,
  jobId: string,
  attempt: number,
  progress: JobProgress,
  at: Date,
): Promise<void> {
  await db
    .updateTable('import_jobs')
    .set({ ...counts(progress), updated_at: at })
    .where('job_id', '=', jobId)
    .where('status', '=', 'running')
    .where('attempt', '=', attempt)
    .execute()
}

/** A run's end, if the job is still that run's: whether it was. */
export async function finishJob(
  tx: Tx,
  jobId: string,
  attempt: number,
  status: 'done' | 'failed',
  progress: JobProgress,
  error: string | null,
  at: Date,
): Promise<boolean> {
  const rows = await tx.db
    .updateTable('import_jobs')
    .set({ ...counts(progress), status, error, updated_at: at, finished_at: at })
    .where('job_id', '=', jobId)
    .where('status', '=', 'running')
    .where('attempt', '=', attempt)
    .returning('job_id')
    .execute()
  return rows.length === 1
}

/** Running jobs not updated since `before`: their process has stopped. */
export async function staleJobs(db: Db, before: Date) {
  const rows = await db
    .selectFrom('import_jobs')
    .select(['job_id', 'source_id', 'format', 'bytes_total', 'attempt'])
    .where('status', '=', 'running')
    .where('updated_at', '<', before)
    .orderBy('started_at')
    .execute()
  return rows.map((r) => ({ ...r, bytes_total: Number(r.bytes_total) }))
}

/**
 * Takes a stale job over for a new run: if it is still running, at `attempt` and stale (no other process
 * took it meanwhile), its attempt goes up, its counts start again and its rejects go (the new run lists
 * them again). Whether it was taken.
 */
export async function claimStaleJob(
  tx: Tx,
  jobId: string,
  attempt: number,
  staleBefore: Date,
  at: Date,
): Promise<boolean> {
  const rows = await tx.db
    .updateTable('import_jobs')
    .set({
      ...counts({ bytesRead: 0, accepted: 0, versioned: 0, unchanged: 0, rejected: 0 }),
      attempt: attempt + 1,
      updated_at: at,
    })
    .where('job_id', '=', jobId)
    .where('status', '=', 'running')
    .where('attempt', '=', attempt)
    .where('updated_at', '<', staleBefore)
    .returning('job_id')
    .execute()
  if (rows.length === 0) return false
  await tx.db.deleteFrom('import_rejects').where('job_id', '=', jobId).execute()
  return true
}

/** Ends a stale job as interrupted, under the same conditions as `claimStaleJob`: whether it did. */
export async function interruptStaleJob(
  tx: Tx,
  jobId: string,
  attempt: number,
  staleBefore: Date,
  error: string,
  at: Date,
): Promise<boolean> {
  const rows = await tx.db
    .updateTable('import_jobs')
    .set({ status: 'interrupted', error, updated_at: at, finished_at: at })
    .where('job_id', '=', jobId)
    .where('status', '=', 'running')
    .where('attempt', '=', attempt)
    .where('updated_at', '<', staleBefore)
    .returning('job_id')
    .execute()
  return rows.length === 1
}

/** The status of each of `jobIds` that is a job. */
export async function statusesOf(db: Db, jobIds: readonly string[]): Promise<Map<string, JobRow['status']>> {
  if (jobIds.length === 0) return new Map()
  const rows = await db.selectFrom('import_jobs').select(['job_id', 'status']).where('job_id', 'in', jobIds).execute()
  return new Map(rows.map((r) => [r.job_id, r.status]))
}

export async function insertRejects(
  db: Db,
  jobId: string,
  rows: readonly { line: number; code: string; pointer: string; detail: string; sourceRecordId: string | null }[],
): Promise<void> {
  if (rows.length === 0) return
  await db
    .insertInto('import_rejects')
    .values(
      rows.map((r) => ({
        job_id: jobId,
        line: r.line,
        code: r.code,
        pointer: r.pointer,
        detail: r.detail,
        source_record_id: r.sourceRecordId,
      })),
    )
    .execute()
}

const num = (row: JobRow): JobRow => ({
  ...row,
  bytes_total: Number(row.bytes_total),
  bytes_read: Number(row.bytes_read),
})

export async function findJob(db: Db, sourceId: string, jobId: string): Promise<JobRow | undefined> {
  const row = await db
    .selectFrom('import_jobs')
    .selectAll()
    .where('job_id', '=', jobId)
    .where('source_id', '=', sourceId)
    .executeTakeFirst()
  return row && num(row)
}

export async function listJobs(db: Db, sourceId: string, limit: number): Promise<JobRow[]> {
  return (
    await db
      .selectFrom('import_jobs')
      .selectAll()
      .where('source_id', '=', sourceId)
      .orderBy('started_at', 'desc')
      .limit(limit)
      .execute()
  ).map(num)
}

/** The rejects of a job in line order, a page at a time (after line `after`). */
export async function rejectsPage(db: Db, jobId: string, after: number, limit: number) {
  return db
    .selectFrom('import_rejects')
    .select(['line', 'code', 'pointer', 'detail', 'source_record_id'])
    .where('job_id', '=', jobId)
    .where('line', '>', after)
    .orderBy('line')
    .limit(limit)
    .execute()
}

/** Jobs finished before `before`, with their rejects (the records they stored stay, with their own events). */
export async function deleteJobsFinishedBefore(tx: Tx, before: Date): Promise<number> {
  const rows = await tx.db.deleteFrom('import_jobs').where('finished_at', '<', before).returning('job_id').execute()
  return rows.length
}
