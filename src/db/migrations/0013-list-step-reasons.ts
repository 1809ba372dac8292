import { sql, type Kysely } from 'kysely'

/**
 * Every officer's step on a list entry carries its reasons (the proposal, the notice, the hearing, the
 * decision, the removal, the annulment): kept with the entry (per-subject data, deleted with it five
 * years after it ended), shown to officers with the step's audit event, and told to the subject in the
 * step's notice. The words never go into the audit trail, which is kept and logged forever.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE list_entries ADD COLUMN step_reasons jsonb NOT NULL DEFAULT '[]'::jsonb`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE list_entries DROP COLUMN step_reasons`.execute(db)
}
