import { sql, type Kysely } from 'kysely'

/**
 * List entries: one row per entry, its due-process state in columns (the state machine in
 * modules/lists is the only writer), every step an audit event. Per subject, subject_id first.
 * The check API reads the entries in force of one subject through `list_entries_in_force`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    `CREATE TABLE list_entries (
      subject_id uuid NOT NULL,
      entry_id uuid NOT NULL,
      list_kind text NOT NULL,
      list_type text NOT NULL CHECK (list_type IN ('black', 'red')),
      area text,
      criterion text NOT NULL,
      basis_record_id uuid NOT NULL,
      status text NOT NULL CHECK (status IN ('proposed', 'noticed', 'objection_filed', 'heard', 'active', 'rejected', 'expired', 'removed_early', 'annulled')),
      proposed_on date NOT NULL,
      proposed_by text NOT NULL,
      noticed_on date,
      objection_window_ends_on date,
      objection_filed_on date,
      heard_on date,
      heard_by text,
      decided_on date,
      decided_by text,
      deciding_agency text,
      starts_on date,
      ends_on date,
      ended_on date,
      removal_condition text,
      removal_reported_on date,
      removal_due_on date,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (subject_id, entry_id),
      CHECK (status <> 'active' OR (noticed_on IS NOT NULL AND decided_by IS NOT NULL AND starts_on IS NOT NULL AND ends_on > starts_on))
      )`,
    `CREATE INDEX list_entries_in_force ON list_entries (subject_id, ends_on) WHERE status = 'active'`,
    `CREATE INDEX list_entries_by_status ON list_entries (status, list_kind)`,
  ])
    await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE list_entries`.execute(db)
}
