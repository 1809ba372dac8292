import { sql, type Kysely } from 'kysely'

/**
 * Searching organisations by name, prefix and fuzzy, Chinese and Latin: a trigram index over the
 * names of organisations (never persons: a person has no public file, and no name in plain text).
 * pg_trgm ships with PostgreSQL and with PGlite (loaded when the database is opened).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    `CREATE EXTENSION IF NOT EXISTS pg_trgm`,
    `CREATE INDEX subjects_name_trgm ON subjects USING gin (name gin_trgm_ops) WHERE subject_type <> 'person'`,
  ])
    await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX subjects_name_trgm`.execute(db)
}
