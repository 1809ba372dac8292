/**
 * Signed webhooks to source agencies: an objection against a source's record is put in its queue
 * (GET /v1/sources/me/objections) and, if the source configured a webhook, announced to it.
 *
 * A delivery is written to an outbox in the transaction that makes the change, and sent afterwards
 * by `deliverWebhooks` (the server runs it every few seconds), retried with backoff until the source
 * answers 2xx. Each POST carries `Fides-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<body>" under the source's secret>`, so the source can check it came from Fides and is fresh.
 * Bodies carry ids, kinds and dates only: never a personal identifier, never the subject's words.
 */
import { randomUUID } from 'node:crypto'
import type { Database, Tx } from '../../db/database.ts'
import { AppError } from '../../platform/app-error.ts'
import { appendAuditEvents, type Actor } from '../../platform/audit.ts'
import type { Clock } from '../../platform/clock.ts'
import { decrypt, encrypt, hmac, randomToken, type Keys } from '../../platform/crypto.ts'
import * as repo from './sources.repository.ts'
import * as outbox from './webhooks.repository.ts'

export type WebhookEvent = 'objection.filed' | 'objection.overdue'

/** https anywhere; plain http only to this machine (for a source's own relay, and for tests). */
export function checkWebhookUrl(text: string): URL {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new AppError('source.webhook_invalid', 'the webhook URL is not a URL', [
      { pointer: '/url', detail: 'not a URL' },
    ])
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]'
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new AppError('source.webhook_invalid', 'a webhook must use https (plain http only to localhost)', [
      { pointer: '/url', detail: 'use https' },
    ])
  }
  if (url.username !== '' || url.password !== '')
    throw new AppError('source.webhook_invalid', 'a webhook URL may not hold credentials', [
      { pointer: '/url', detail: 'no user:password@' },
    ])
  return url
}

/**
 * Sets (or, with null, removes) a source's webhook. Returns the new signing secret, shown once; it is
 * stored encrypted, because Fides needs it to sign.
 */
export async function setWebhook(
  database: Database,
  clock: Clock,
  keys: Keys,
  actor: Actor,
  sourceName: string,
  url: string | null,
): Promise<{ secret: string | null }> {
  const checked = url === null ? null : checkWebhookUrl(url).toString()
  const source = await repo.findSourceByName(database.db, sourceName)
  if (!source)
    throw new AppError('source.not_found', `no source named ${sourceName}`, [
      { pointer: '/name', detail: 'unknown source' },
    ])
  const secret = checked === null ? null : 'whsec_' + randomToken(32)
  const now = clock.now()
  await database.transaction(async (tx) => {
    await outbox.setSourceWebhook(
      tx,
      source.sourceId,
      checked,
      secret === null ? null : encrypt(keys.encryption, secret),
    )
    await appendAuditEvents(tx, now, [
      {
        action: 'source.webhook_set',
        actor,
        subjectId: null,
        objectType: 'source',
        objectId: source.sourceId,
        payload: { url: checked },
      },
    ])
  })
  return { secret }
}

/** Puts a delivery in the outbox, in the caller's transaction, if the source has a webhook. */
export async function enqueueWebhook(
  tx: Tx,
  at: Date,
  delivery: { subjectId: string; sourceId: string; event: WebhookEvent; body: Record<string, unknown> },
): Promise<void> {
  const id = randomUUID()
  const body = JSON.stringify({ id, event: delivery.event, createdAt: at.toISOString(), data: delivery.body })
  await outbox.insertDelivery(tx, {
    subjectId: delivery.subjectId,
    deliveryId: id,
    sourceId: delivery.sourceId,
    event: delivery.event,
    body,
    at,
  })
}

/** The signature header for `body` sent at `unixSeconds`. */
export function webhookSignature(secret: string, unixSeconds: number, body: string): string {
  return `t=${unixSeconds},v1=${hmac(Buffer.from(secret, 'utf8'), `${unixSeconds}.${body}`).toString('hex')}`
}

const BACKOFF_CAP_MS = 6 * 3_600_000

export interface DeliveryReport {
  delivered: number
  failed: number
}

/**
 * Sends the deliveries that are due (at most `limit`), one at a time. A delivery answered 2xx is done;
 * any other answer, or none within `timeoutMs`, is retried after 1, 2, 4 ... minutes (at most 6 h).
 */
export async function deliverWebhooks(
  database: Database,
  clock: Clock,
  keys: Keys,
  options: { limit?: number; timeoutMs?: number } = {},
): Promise<DeliveryReport> {
  const now = clock.now()
  const due = await outbox.dueDeliveries(database.db, now, options.limit ?? 100)
  const report: DeliveryReport = { delivered: 0, failed: 0 }
  for (const d of due) {
    let error: string | null = 'the source has removed its webhook'
    if (d.webhook_url !== null && d.webhook_secret_enc !== null) {
      const body = JSON.stringify(d.body)
      const t = Math.floor(clock.now().getTime() / 1000)
      try {
        const response = await fetch(d.webhook_url, {
          method: 'POST',
          redirect: 'manual',
          signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
          headers: {
            'content-type': 'application/json',
            'fides-event': d.event,
            'fides-delivery': d.delivery_id,
            'fides-signature': webhookSignature(decrypt(keys.encryption, d.webhook_secret_enc), t, body),
          },
          body,
        })
        await response.body?.cancel()
        error = response.ok ? null : `answered ${response.status}`
      } catch (e) {
        error = (e as Error).name === 'TimeoutError' ? 'no answer in time' : 'could not connect'
      }
    }
    const at = clock.now()
    if (error === null) {
      report.delivered++
      await outbox.markDelivered(database.db, d, at)
    } else {
      report.failed++
      const wait = Math.min(60_000 * 2 ** d.attempts, BACKOFF_CAP_MS)
      await outbox.markFailed(database.db, d, error, new Date(at.getTime() + wait))
    }
  }
  return report
}
