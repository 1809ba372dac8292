import { sql, type Kysely } from 'kysely'

/**
 * Sources in the browser: a source's staff sign in with accounts bound to their source (role
 * 'source'), and upload files as import jobs, whose progress and rejected lines (line number, code,
 * field, reason; never the line's content) the source can follow and download. Jobs are kept 90 days
 * (the maintenance pass deletes older ones with their rejects; every stored record has its own events).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    `ALTER TABLE accounts DROP CONSTRAINT accounts_role_check`,
    `ALTER TABLE accounts ADD CONSTRAINT accounts_role_check CHECK (role IN ('officer', 'auditor', 'subject', 'source'))`,
    `ALTER TABLE accounts ADD COLUMN source_id uuid REFERENCES sources (source_id)`,
    `ALTER TABLE accounts ADD CONSTRAINT accounts_source_only_for_sources CHECK ((role = 'source') = (source_id IS NOT NULL))`,
    `CREATE TABLE import_jobs (
      job_id uuid PRIMARY KEY,
      source_id uuid NOT NULL REFERENCES sources (source_id),
      uploaded_by text NOT NULL,
      file_name text NOT NULL,
      format text NOT NULL CHECK (format IN ('csv', 'ndjson')),
      bytes_total bigint NOT NULL,
      bytes_read bigint NOT NULL DEFAULT 0,
      status text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
      accepted integer NOT NULL DEFAULT 0,
      versioned integer NOT NULL DEFAULT 0,
      unchanged integer NOT NULL DEFAULT 0,
      rejected integer NOT NULL DEFAULT 0,
      error text,
      started_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      finished_at timestamptz
    )`,
    `CREATE INDEX import_jobs_by_source ON import_jobs (source_id, started_at DESC)`,
    `CREATE TABLE import_rejects (
      job_id uuid NOT NULL REFERENCES import_jobs (job_id) ON DELETE CASCADE,
      line integer NOT NULL,
      code text NOT NULL,
      pointer text NOT NULL,
      detail text NOT NULL,
      source_record_id text,
      PRIMARY KEY (job_id, line)
    )`,
  ])
    await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    `DROP TABLE import_rejects`,
    `DROP TABLE import_jobs`,
    `ALTER TABLE accounts DROP CONSTRAINT accounts_source_only_for_sources`,
    `ALTER TABLE accounts DROP COLUMN source_id`,
    `ALTER TABLE accounts DROP CONSTRAINT accounts_role_check`,
    `ALTER TABLE accounts ADD CONSTRAINT accounts_role_check CHECK (role IN ('officer', 'auditor', 'subject'))`,
  ])
    await sql.raw(statement).execute(db)
}
