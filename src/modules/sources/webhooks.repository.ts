/** The SQL of webhooks: a source's webhook (on sources) and the outbox of deliveries (webhook_deliveries). */
import { sql } from 'kysely'
import type { Db, Tx } from '../../db/database.ts'

export async function setSourceWebhook(
  tx: Tx,
  sourceId: string,
  url: string | null,
  secretEnc: Buffer | null,
): Promise<void> {
  await tx.db
    .updateTable('sources')
    .set({ webhook_url: url, webhook_secret_enc: secretEnc })
    .where('source_id', '=', sourceId)
    .execute()
}

/** Puts a delivery in the outbox if the source has a webhook (else nothing). */
export async function insertDelivery(
  tx: Tx,
  delivery: { subjectId: string; deliveryId: string; sourceId: string; event: string; body: string; at: Date },
): Promise<void> {
  await sql`
    INSERT INTO webhook_deliveries (subject_id, delivery_id, source_id, event, body, created_at, next_attempt_at)
    SELECT ${delivery.subjectId}, ${delivery.deliveryId}, s.source_id, ${delivery.event}, ${delivery.body}::jsonb, ${delivery.at.toISOString()}, ${delivery.at.toISOString()}
    FROM sources s WHERE s.source_id = ${delivery.sourceId} AND s.webhook_url IS NOT NULL`.execute(tx.db)
}

export interface DueDelivery {
  subject_id: string
  delivery_id: string
  event: string
  body: unknown
  attempts: number
  webhook_url: string | null
  webhook_secret_enc: Buffer | null
}

/** Deliveries not yet made whose next attempt is due at `now`, with their source's webhook, oldest due first. */
export async function dueDeliveries(db: Db, now: Date, limit: number): Promise<DueDelivery[]> {
  const { rows } = await sql<DueDelivery>`
    SELECT d.subject_id, d.delivery_id, d.event, d.body, d.attempts, s.webhook_url, s.webhook_secret_enc
    FROM webhook_deliveries d JOIN sources s ON s.source_id = d.source_id
    WHERE d.delivered_at IS NULL AND d.next_attempt_at <= ${now.toISOString()}
    ORDER BY d.next_attempt_at LIMIT ${limit}`.execute(db)
  return rows
}

export async function markDelivered(
  db: Db,
  d: { subject_id: string; delivery_id: string; attempts: number },
  at: Date,
): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ delivered_at: at, attempts: d.attempts + 1, last_error: null })
    .where('subject_id', '=', d.subject_id)
    .where('delivery_id', '=', d.delivery_id)
    .execute()
}

export async function markFailed(
  db: Db,
  d: { subject_id: string; delivery_id: string; attempts: number },
  error: string,
  nextAttemptAt: Date,
): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ attempts: d.attempts + 1, last_error: error, next_attempt_at: nextAttemptAt })
    .where('subject_id', '=', d.subject_id)
    .where('delivery_id', '=', d.delivery_id)
    .execute()
}
