import { sql, type Kysely } from 'kysely'

/** Publishing and withdrawing a scoring model each need the officer's reasons, kept with the model and shown with it. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE score_models ADD COLUMN published_reasons text NOT NULL DEFAULT ''`.execute(db)
  await sql`ALTER TABLE score_models ADD COLUMN withdrawn_reasons text`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE score_models DROP COLUMN withdrawn_reasons`.execute(db)
  await sql`ALTER TABLE score_models DROP COLUMN published_reasons`.execute(db)
}
