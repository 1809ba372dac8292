import { sql, type Kysely } from 'kysely'

/**
 * The model registry: scorecards an officer has published for a purpose. Only a published model
 * scores; a withdrawn one stays, with its content, so that every score ever given can be explained
 * by the model that gave it. A reference table (small, read by every node).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    `CREATE TABLE score_models (
      model_id uuid PRIMARY KEY,
      name text NOT NULL CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$'),
      version integer NOT NULL CHECK (version >= 1),
      purpose text NOT NULL,
      content jsonb NOT NULL,
      content_hash text NOT NULL,
      status text NOT NULL CHECK (status IN ('published', 'withdrawn')),
      published_at timestamptz NOT NULL,
      published_by text NOT NULL,
      withdrawn_at timestamptz,
      UNIQUE (name, version)
      )`,
    `CREATE INDEX score_models_in_force ON score_models (purpose, published_at DESC) WHERE status = 'published'`,
  ])
    await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE score_models`.execute(db)
}
