import { sql, type Kysely } from 'kysely'

/**
 * Enterprise ratings: the current rating of each organisation under each rating model (its history is
 * in the audit trail, one rating.changed event per change), and each model's position in the change
 * feed (the audit trail, read in transaction-id order like the transparency log) and the day of its
 * last full pass (points fade daily).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    `CREATE TABLE ratings (
      subject_id uuid NOT NULL,
      model_code text NOT NULL,
      model_version text NOT NULL,
      rated_on date NOT NULL,
      rated_at timestamptz NOT NULL,
      score numeric(7, 1) NOT NULL,
      grade text NOT NULL,
      tier text NOT NULL,
      reasons jsonb NOT NULL,
      PRIMARY KEY (subject_id, model_code)
      )`,
    `CREATE INDEX ratings_by_grade ON ratings (model_code, grade)`,
    `CREATE TABLE rating_state (
      model_code text PRIMARY KEY,
      cursor_xid xid8 NOT NULL DEFAULT '0',
      cursor_seq bigint NOT NULL DEFAULT 0,
      full_pass_on date
      )`,
  ])
    await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE rating_state`.execute(db)
  await sql`DROP TABLE ratings`.execute(db)
}
