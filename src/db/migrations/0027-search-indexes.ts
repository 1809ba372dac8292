import { sql, type Kysely } from 'kysely'

/**
 * Public search in an index's order, so that a common query reads a page of rows, not every match:
 * - subjects_name_order: organisations' names as search compares them, `lower(name)` in the "C"
 *   collation (byte order, the same in PostgreSQL and PGlite), then the id: LIKE 'prefix%' is a
 *   range of it, and names holding the words are found walking it in order until a page is full;
 * - subjects_uscc: the exact lookup of a USCC (not unique: a unique index on subjects must lead with
 *   subject_id for Citus, db/citus.ts; the USCC is unique already through the id derived from it).
 * Persons are in neither: their names are not in clear, and public search never finds them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    `CREATE INDEX subjects_name_order ON subjects ((lower(name)) COLLATE "C", subject_id) WHERE subject_type <> 'person'`,
    `CREATE INDEX subjects_uscc ON subjects (uscc) WHERE uscc IS NOT NULL`,
  ])
    await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX subjects_uscc`.execute(db)
  await sql`DROP INDEX subjects_name_order`.execute(db)
}
