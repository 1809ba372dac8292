import { sql, type Kysely } from 'kysely'

/**
 * The scores Fides gave (issue 19, monitoring): one row per score, with the month it was given in (China's
 * calendar), its card and the bin of each of the card's features, so that a month's score and
 * characteristic distributions can be set against the model's development sample. The inquiry
 * (`score.made` in the audit trail) stays the record a person sees; this is the model's side of it.
 * Per subject: the key leads with subject_id (Citus), the month's reads go by model and month.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    `CREATE TABLE given_scores (
      subject_id uuid NOT NULL,
      score_id uuid NOT NULL,
      model_id uuid NOT NULL,
      scored_at timestamptz NOT NULL,
      scored_month text NOT NULL,
      score integer NOT NULL,
      card smallint NOT NULL,
      bins jsonb NOT NULL,
      PRIMARY KEY (subject_id, score_id)
      )`,
    `CREATE INDEX given_scores_by_model_month ON given_scores (model_id, scored_month)`,
  ])
    await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE given_scores`.execute(db)
}
