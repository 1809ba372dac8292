import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { sql } from 'kysely'
import { ManualClock } from '../src/platform/clock.ts'
import { appendAuditEvent, type AuditEvent } from '../src/platform/audit.ts'
import {
  logIdentity,
  startLogThread,
  startLogWorker,
  verifierOf,
  verifyLog,
} from '../src/modules/transparency/index.ts'
import { createTestDatabase, engines, type TestDatabase } from './support/databases.ts'

const event = (n: number): AuditEvent => ({
  action: 'subject.file_viewed',
  actor: { type: 'officer', id: `k${n}` },
  subjectId: null,
  objectType: 'subject',
  objectId: `o${n}`,
  payload: { history: false },
})
const origin = 'fides.test/log'

async function counts(t: TestDatabase) {
  const leaves = Number(
    (await sql<{ n: string }>`SELECT count(*) AS n FROM log_leaves`.execute(t.database.db)).rows[0]!.n,
  )
  const checkpoints = (
    await sql<{ size: string }>`SELECT size FROM log_checkpoints ORDER BY size`.execute(t.database.db)
  ).rows.map((r) => Number(r.size))
  return { leaves, checkpoints }
}

async function until(condition: () => Promise<boolean>, what: string) {
  for (let waited = 0; waited < 10_000; waited += 25) {
    if (await condition()) return
    await sleep(25)
  }
  assert.fail(`timed out waiting for ${what}`)
}

for (const engine of engines) {
  describe(`the log worker sequences often and signs once an interval [${engine}]`, () => {
    let t: TestDatabase
    before(async () => {
      t = await createTestDatabase(engine)
    })
    after(async () => {
      await t.drop()
    })

    test('timer ticks append new events without signing before the interval; tick() signs at once', async () => {
      const clock = new ManualClock(new Date('2026-06-01T09:00:00Z'))
      const seed = randomBytes(32)
      const worker = startLogWorker(t.database, clock, logIdentity({ origin, signingSeed: seed }), {
        intervalMs: 60_000,
        sequenceIntervalMs: 50,
        onError: (e) => {
          throw e
        },
      })
      try {
        // the first tick signs the empty log
        await until(async () => (await counts(t)).checkpoints.length === 1, 'the first checkpoint')
        for (let i = 0; i < 5; i++) await appendAuditEvent(t.database.db, clock.now(), event(i))
        await until(async () => (await counts(t)).leaves === 5, 'the events in the log')
        assert.deepEqual((await counts(t)).checkpoints, [0], 'no checkpoint before the signing interval')
        await worker.tick()
        assert.deepEqual((await counts(t)).checkpoints, [0, 5])
      } finally {
        await worker.stop()
      }
      assert.deepEqual(
        (await verifyLog(t.database, verifierOf(logIdentity({ origin, signingSeed: seed }).key))).problems,
        [],
      )
    })
  })
}

describe('with PostgreSQL the log worker runs in a thread of its own', () => {
  let t: TestDatabase
  before(async () => {
    t = await createTestDatabase('postgres')
  })
  after(async () => {
    await t.drop()
  })

  test('the thread appends events written by the API and signs a checkpoint that verifies', async () => {
    const seed = randomBytes(32)
    const errors: unknown[] = []
    const thread = startLogThread({
      url: t.url!,
      origin,
      signingSeed: seed,
      intervalMs: 60_000,
      onError: (e) => errors.push(e),
    })
    try {
      for (let i = 0; i < 30; i++) await appendAuditEvent(t.database.db, new Date(), event(i))
      await until(async () => (await counts(t)).leaves === 30, 'the thread to append the events')
      await thread.tick()
      assert.equal((await counts(t)).checkpoints.at(-1), 30)
    } finally {
      await thread.stop()
    }
    assert.deepEqual(errors, [])
    assert.deepEqual(
      (await verifyLog(t.database, verifierOf(logIdentity({ origin, signingSeed: seed }).key))).problems,
      [],
    )
  })
})
