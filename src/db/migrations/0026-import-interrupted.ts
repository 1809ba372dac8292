import { sql, type Kysely } from 'kysely'

/**
 * Imports that outlive a crash: a job whose process died is either resumed from its (sealed) spool file
 * or stored as 'interrupted', with its spool file deleted. `attempt` counts the runs of a job; a run
 * writes its progress and its end only while the job is still its own (same attempt, still running), so
 * a run that was given up on cannot overwrite the one that took over.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    `ALTER TABLE import_jobs DROP CONSTRAINT import_jobs_status_check`,
    `ALTER TABLE import_jobs ADD CONSTRAINT import_jobs_status_check CHECK (status IN ('running', 'done', 'failed', 'interrupted'))`,
    `ALTER TABLE import_jobs ADD COLUMN attempt integer NOT NULL DEFAULT 1 CHECK (attempt >= 1)`,
    `CREATE INDEX import_jobs_running ON import_jobs (updated_at) WHERE status = 'running'`,
  ])
    await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    `DROP INDEX import_jobs_running`,
    `ALTER TABLE import_jobs DROP COLUMN attempt`,
    `UPDATE import_jobs SET status = 'failed' WHERE status = 'interrupted'`,
    `ALTER TABLE import_jobs DROP CONSTRAINT import_jobs_status_check`,
    `ALTER TABLE import_jobs ADD CONSTRAINT import_jobs_status_check CHECK (status IN ('running', 'done', 'failed'))`,
  ])
    await sql.raw(statement).execute(db)
}
