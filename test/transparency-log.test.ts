import { before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import pg from 'pg'
import type { Database } from '../src/db/database.ts'
import { submitRecord } from '../src/modules/records/index.ts'
import {
  consistencyProof,
  inclusionProof,
  openCheckpoint,
  sequence,
  signingKeyFromSeed,
  signLatest,
  subjectLeaves,
  verifierOf,
  verifyConsistency,
  verifyInclusion,
  verifyLog,
  type LogIdentity,
} from '../src/modules/transparency/index.ts'
import { appendAuditEvent, type AuditEvent } from '../src/platform/audit.ts'
import { adminUrl, describeEachEngine, whenSettled } from './support/databases.ts'
import { kindWhere, makeSource, newResidentId, organisationRecord, recordsContext } from './support/context.ts'

const event = (n: number): AuditEvent => ({
  action: 'subject.file_viewed',
  actor: { type: 'officer', id: `k${n}` },
  subjectId: null,
  objectType: 'subject',
  objectId: `o${n}`,
  payload: { history: n % 2 === 0 },
})

/** What an attacker with the database's owner rights can do: change rows behind the triggers. */
async function tamper(database: Database, statement: ReturnType<typeof sql>) {
  await database.transaction(async (tx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(tx.db)
    await statement.execute(tx.db)
  })
}

describeEachEngine('transparency log over the audit trail', (db, engine) => {
  let ctx: Awaited<ReturnType<typeof recordsContext>>
  const log: LogIdentity = { origin: 'fides.test/log', key: signingKeyFromSeed('fides.test/log', randomBytes(32)) }
  const verifier = verifierOf(log.key)
  const leafOf = async (seq: number) =>
    Number(
      (await sql<{ leaf_index: number }>`SELECT leaf_index FROM log_leaves WHERE seq = ${seq}`.execute(db().db))
        .rows[0]!.leaf_index,
    )
  const seqs = async () =>
    (await sql<{ seq: number }>`SELECT seq FROM audit_events ORDER BY seq`.execute(db().db)).rows.map((r) =>
      Number(r.seq),
    )

  before(async () => {
    ctx = await recordsContext(db())
    for (let i = 0; i < 20; i++) await appendAuditEvent(db().db, ctx.clock.now(), event(i))
  })

  test('every settled event is appended once, in transaction-id order (numeric, not text), and sequencing again appends nothing', async () => {
    // two events of old transactions whose ids sort the other way as text ('10' < '9'), written in reverse
    await tamper(
      db(),
      sql`INSERT INTO audit_events (occurred_at, actor_type, actor_id, action, subject_id, object_type, object_id, payload, xid) VALUES (now(), 'system', 'fides', 'subject.file_viewed', NULL, 'subject', 'xid-10', '{}', '10'::xid8), (now(), 'system', 'fides', 'subject.file_viewed', NULL, 'subject', 'xid-9', '{}', '9'::xid8)`,
    )
    const events = (await seqs()).length
    // as the server's worker runs it: small batches, giving the event loop back while hashing
    await whenSettled(db())
    assert.equal(await sequence(db(), { batch: 7, yieldEvery: 3 }), events)
    assert.equal(await sequence(db()), 0)
    const leaves = await sql<{
      n: number
      distinct: number
      max: number
    }>`SELECT count(*)::int AS n, count(DISTINCT seq)::int AS distinct, max(leaf_index)::int AS max FROM log_leaves`.execute(
      db().db,
    )
    assert.deepEqual(leaves.rows[0], { n: events, distinct: events, max: events - 1 })
    const first = await sql<{
      object_id: string
    }>`SELECT e.object_id FROM log_leaves l JOIN audit_events e ON e.seq = l.seq ORDER BY l.leaf_index LIMIT 2`.execute(
      db().db,
    )
    assert.deepEqual(
      first.rows.map((r) => r.object_id),
      ['xid-9', 'xid-10'],
    )
  })

  test('a signed checkpoint commits to the log; every leaf proves its inclusion; later trees prove consistency', async () => {
    const first = openCheckpoint(await signLatest(db(), ctx.clock, log), verifier)
    assert.ok(first.ok)
    for (let i = 20; i < 33; i++) await appendAuditEvent(db().db, ctx.clock.now(), event(i))
    await whenSettled(db())
    await sequence(db())
    const second = openCheckpoint(await signLatest(db(), ctx.clock, log), verifier)
    assert.ok(second.ok && second.value.size > first.value.size)
    for (let leaf = 0; leaf < second.value.size; leaf++) {
      const p = await inclusionProof(db(), leaf, second.value.size)
      assert.ok(verifyInclusion(leaf, second.value.size, p.leafHash, p.proof, second.value.root), `leaf ${leaf}`)
    }
    const proof = await consistencyProof(db(), first.value.size, second.value.size)
    assert.ok(verifyConsistency(first.value.size, second.value.size, first.value.root, second.value.root, proof))
    // nothing new: the same checkpoint again, not a new signature
    assert.equal(await signLatest(db(), ctx.clock, log), await signLatest(db(), ctx.clock, log))
    const report = await verifyLog(db(), verifier)
    assert.deepEqual(report.problems, [])
    assert.equal(report.size, second.value.size)
  })

  test('an event about a person enters the log with its pseudonymous subject id only, and the person can prove it', async () => {
    const loan = kindWhere(ctx.catalogue, (k) => k.code === 'loan_account')
    const source = await makeSource(ctx, [loan.code])
    const residentId = newResidentId()
    const { subjectId } = await submitRecord(
      ctx,
      source,
      { type: 'source', id: source.name },
      organisationRecord(loan, { subject: { residentId, name: '陈秀英' } }),
    )
    await whenSettled(db())
    await sequence(db())
    const checkpoint = openCheckpoint(await signLatest(db(), ctx.clock, log), verifier)
    assert.ok(checkpoint.ok)
    const mine = await subjectLeaves(db(), subjectId, checkpoint.value.size)
    assert.deepEqual(
      mine.map((l) => l.event.action),
      ['subject.registered', 'record.accepted'],
    )
    for (const leaf of mine) {
      assert.ok(
        !leaf.canonical.includes(residentId) && !leaf.canonical.includes('陈秀英'),
        'no personal identifier in a leaf',
      )
      assert.ok(leaf.canonical.includes(subjectId))
      const proof = await inclusionProof(db(), leaf.leafIndex, checkpoint.value.size)
      assert.ok(
        verifyInclusion(leaf.leafIndex, checkpoint.value.size, proof.leafHash, leaf.proof, checkpoint.value.root),
      )
    }
  })

  test('tampering is found and named by its position: an edited event, a deleted one, two swapped', async () => {
    await whenSettled(db())
    await sequence(db())
    await signLatest(db(), ctx.clock, log)
    assert.deepEqual((await verifyLog(db(), verifier)).problems, [])
    const [a, b, c] = [(await seqs())[5]!, (await seqs())[9]!, (await seqs())[14]!]

    const original = (
      await sql<{ payload: unknown }>`SELECT payload FROM audit_events WHERE seq = ${a}`.execute(db().db)
    ).rows[0]!.payload
    await tamper(db(), sql`UPDATE audit_events SET payload = '{"history": true, "forged": 1}' WHERE seq = ${a}`)
    let problems = (await verifyLog(db(), verifier)).problems
    assert.deepEqual(problems[0], { kind: 'event_changed', leafIndex: await leafOf(a), seq: a })
    assert.ok(
      problems.some((p) => p.kind === 'checkpoint_root'),
      'the signed roots no longer match',
    )
    // put the original back: the log holds again (the verifier finds what changed, not noise)
    await tamper(db(), sql`UPDATE audit_events SET payload = ${JSON.stringify(original)}::jsonb WHERE seq = ${a}`)
    assert.deepEqual((await verifyLog(db(), verifier)).problems, [])

    const leafB = await leafOf(b)
    await tamper(db(), sql`DELETE FROM audit_events WHERE seq = ${b}`)
    problems = (await verifyLog(db(), verifier)).problems
    assert.deepEqual(problems[0], { kind: 'event_missing', leafIndex: leafB, seq: b })

    await tamper(
      db(),
      sql`UPDATE audit_events SET object_id = CASE WHEN seq = ${c} THEN (SELECT object_id FROM audit_events WHERE seq = ${c + 1}) ELSE (SELECT object_id FROM audit_events WHERE seq = ${c}) END WHERE seq IN (${c}, ${c + 1})`,
    )
    problems = (await verifyLog(db(), verifier)).problems
    assert.deepEqual(
      problems.filter((p) => p.kind === 'event_changed'),
      [
        { kind: 'event_changed', leafIndex: await leafOf(c), seq: c },
        { kind: 'event_changed', leafIndex: await leafOf(c + 1), seq: c + 1 },
      ],
      'both swapped events are named, in log order',
    )
    assert.deepEqual(
      problems[0],
      { kind: 'event_missing', leafIndex: leafB, seq: b },
      'the first problem is the first bad position',
    )

    // a leaf removed from the log itself: named, and every later leaf keeps its position
    const size = Number((await sql<{ size: number }>`SELECT size FROM log_state`.execute(db().db)).rows[0]!.size)
    await tamper(db(), sql`DELETE FROM log_leaves WHERE leaf_index = 0`)
    const report = await verifyLog(db(), verifier)
    assert.deepEqual(report.problems[0], { kind: 'leaf_missing', leafIndex: 0 })
    assert.equal(report.size, size, 'the tree is rebuilt at its full size, the missing leaf held by a placeholder')

    await tamper(
      db(),
      sql`INSERT INTO audit_events (occurred_at, actor_type, actor_id, action, subject_id, object_type, object_id, payload, xid) VALUES (now(), 'system', 'fides', 'subject.file_viewed', NULL, 'subject', 'late', '{}', '1'::xid8)`,
    )
    assert.ok(
      (await verifyLog(db(), verifier)).problems.some((p) => p.kind === 'event_not_logged'),
      'an event slipped in behind the sequencer is found',
    )
  })

  if (engine === 'postgres') {
    test('an event of a transaction still open is not appended, and nothing after it, until it commits', async () => {
      await whenSettled(db())
      await sequence(db())
      // a second connection of its own, as another process would have
      const url = new URL(adminUrl)
      url.pathname =
        '/' + (await sql<{ name: string }>`SELECT current_database() AS name`.execute(db().db)).rows[0]!.name
      const client = new pg.Client({ connectionString: url.toString() })
      await client.connect()
      try {
        await client.query('BEGIN')
        await client.query(
          `INSERT INTO audit_events (occurred_at, actor_type, actor_id, action, subject_id, object_type, object_id, payload) VALUES (now(), 'system', 'fides', 'subject.file_viewed', NULL, 'subject', 'slow', '{}')`,
        )
        await appendAuditEvent(db().db, ctx.clock.now(), event(99))
        assert.equal(await sequence(db()), 0, 'the open transaction holds the horizon')
        await client.query('COMMIT')
        await whenSettled(db())
        assert.equal(await sequence(db()), 2)
        const order = await sql<{
          object_id: string
        }>`SELECT e.object_id FROM log_leaves l JOIN audit_events e ON e.seq = l.seq ORDER BY l.leaf_index DESC LIMIT 2`.execute(
          db().db,
        )
        assert.deepEqual(order.rows.map((r) => r.object_id).sort(), ['o99', 'slow'])
      } finally {
        await client.end()
      }
    })
  }
})
