import type { Db, Tx } from '../../db/database.ts'
import type { Insertable, Selectable } from 'kysely'
import type { ImportJobsTable } from '../../db/schema.ts'

export type JobRow = Selectable<ImportJobsTable>

export async function insertJob(tx: Tx, row: Omit<Insertable<ImportJobsTable>, 'bytes_read' | 'accepted' | 'versioned' | 'unchanged' | 'rejected' | 'error' | 'finished_at'>): Promise<void> {
  await tx.db.insertInto('import_jobs').values({ ...row, bytes_read: 0, accepted: 0, versioned: 0, unchanged: 0, rejected: 0, error: null, finished_at: null }).execute()
}

export interface JobProgress { bytesRead: number; accepted: number; versioned: number; unchanged: number; rejected: number }

const counts = (p: JobProgress) => ({ bytes_read: p.bytesRead, accepted: p.accepted, versioned: p.versioned, unchanged: p.unchanged, rejected: p.rejected })

export async function updateProgress(db: Db, jobId: string, progress: JobProgress, at: Date): Promise<void> {
  await db.updateTable('import_jobs').set({ ...counts(progress), updated_at: at }).where('job_id', '=', jobId).where('status', '=', 'running').execute()
}

export async function finishJob(tx: Tx, jobId: string, status: 'done' | 'failed', progress: JobProgress, error: string | null, at: Date): Promise<void> {
  await tx.db.updateTable('import_jobs').set({ ...counts(progress), status, error, updated_at: at, finished_at: at }).where('job_id', '=', jobId).execute()
}

export async function insertRejects(db: Db, jobId: string, rows: readonly { line: number; code: string; pointer: string; detail: string; sourceRecordId: string | null }[]): Promise<void> {
  if (rows.length === 0) return
  await db.insertInto('import_rejects').values(rows.map((r) => ({ job_id: jobId, line: r.line, code: r.code, pointer: r.pointer, detail: r.detail, source_record_id: r.sourceRecordId }))).execute()
}

const num = (row: JobRow): JobRow => ({ ...row, bytes_total: Number(row.bytes_total), bytes_read: Number(row.bytes_read) })

export async function findJob(db: Db, sourceId: string, jobId: string): Promise<JobRow | undefined> {
  const row = await db.selectFrom('import_jobs').selectAll().where('job_id', '=', jobId).where('source_id', '=', sourceId).executeTakeFirst()
  return row && num(row)
}

export async function listJobs(db: Db, sourceId: string, limit: number): Promise<JobRow[]> {
  return (await db.selectFrom('import_jobs').selectAll().where('source_id', '=', sourceId).orderBy('started_at', 'desc').limit(limit).execute()).map(num)
}

/** The rejects of a job in line order, a page at a time (after line `after`). */
export async function rejectsPage(db: Db, jobId: string, after: number, limit: number) {
  return db.selectFrom('import_rejects').select(['line', 'code', 'pointer', 'detail', 'source_record_id']).where('job_id', '=', jobId).where('line', '>', after).orderBy('line').limit(limit).execute()
}

/** Jobs finished before `before`, with their rejects (the records they stored stay, with their own events). */
export async function deleteJobsFinishedBefore(tx: Tx, before: Date): Promise<number> {
  const rows = await tx.db.deleteFrom('import_jobs').where('finished_at', '<', before).returning('job_id').execute()
  return rows.length
}
