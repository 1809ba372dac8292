import { sql, type Kysely } from 'kysely'

/**
 * The audit events that recorded catalogue versions, found without reading the whole audit trail: the
 * public version history (GET /v1/catalogue/versions) names each version's event. A handful of rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX audit_events_catalogue_loaded ON audit_events (action, seq) WHERE action IN ('catalogue.loaded', 'list_catalogue.loaded')`.execute(
    db,
  )
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX audit_events_catalogue_loaded`.execute(db)
}
