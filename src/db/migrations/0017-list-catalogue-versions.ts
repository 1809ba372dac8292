import { sql, type Kysely } from 'kysely'

/**
 * The list catalogue as versions, like the record-kind catalogue: every version loaded is kept with
 * its content and hash, and a version reused with other content is refused, so that the rules an
 * entry was decided under (criteria, terms, windows, measures) can always be read back.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE list_catalogue_versions (
    list_catalogue_version text PRIMARY KEY,
    published_on date NOT NULL,
    content jsonb NOT NULL,
    content_hash text NOT NULL,
    loaded_at timestamptz NOT NULL
  )`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE list_catalogue_versions`.execute(db)
}
