import { test } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { AuditGroupWriter, type AuditEvent } from '../src/platform/audit.ts'
import { describeEachEngine } from './support/databases.ts'

const event = (n: number): AuditEvent => ({
  action: 'inquiry.made',
  actor: { type: 'relying_party', id: 'bank' },
  subjectId: '00000000-0000-8000-8000-00000000000' + (n % 10),
  objectType: 'subject',
  objectId: 'x',
  payload: {
    relyingParty: 'bank',
    relyingPartyName: 'Bank',
    purpose: 'credit_application',
    consentId: null,
    categories: ['finance'],
  },
})

describeEachEngine('group commit of audit events', (db) => {
  test('concurrent events go in together, and each caller is answered only once its event is stored', async () => {
    const writer = new AuditGroupWriter(db().db, { maxBatch: 7 })
    const before = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events`.execute(db().db)).rows[0]!.n
    const seen: number[] = []
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        await writer.append(new Date(Date.UTC(2026, 0, 1, 0, 0, i)), event(i))
        // when append resolves, the event must already be in the table
        const stored = await sql<{
          n: number
        }>`SELECT count(*)::int AS n FROM audit_events WHERE occurred_at = ${new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString()}`.execute(
          db().db,
        )
        seen.push(stored.rows[0]!.n)
      }),
    )
    assert.deepEqual(seen, Array(20).fill(1))
    assert.equal(
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events`.execute(db().db)).rows[0]!.n,
      before + 20,
    )
    // one batch commits at a time: 7 at once, then the 13 that waited, 7 and 6
    assert.equal(writer.flushes, 3)
  })

  test('an event alone is written at once, and one arriving during a commit waits for the next batch', async () => {
    const writer = new AuditGroupWriter(db().db)
    await writer.append(new Date(), event(3))
    assert.equal(writer.flushes, 1)
    const first = writer.append(new Date(), event(4))
    await new Promise((resolve) => setImmediate(resolve))
    // the first batch is committing now: these two go in together after it
    const later = [writer.append(new Date(), event(5)), writer.append(new Date(), event(6))]
    await Promise.all([first, ...later])
    assert.equal(writer.flushes, 3)
  })

  test('when the commit fails, every waiting caller is refused (so no data leaves)', async () => {
    const writer = new AuditGroupWriter(db().db)
    const bad = { ...event(1), subjectId: 'not-a-uuid' }
    const results = await Promise.allSettled([writer.append(new Date(), event(2)), writer.append(new Date(), bad)])
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected'],
    )
  })
})
