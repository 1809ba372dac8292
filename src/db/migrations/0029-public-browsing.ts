import { sql, type Kysely } from 'kysely'

/**
 * Browsing the public's licences and penalties ("double publicity") newest first: records still shown
 * (neither taken down nor erased) in the order of their decision day, so a page walks the index from
 * its end and reads a page of rows, whatever the filter on kinds.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX records_public_day ON records (decided_on, kind_code) WHERE erased_at IS NULL AND taken_down_at IS NULL`.execute(
    db,
  )
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX records_public_day`.execute(db)
}
