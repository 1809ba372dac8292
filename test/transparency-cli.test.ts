import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { openPglite } from '../src/db/database.ts'

/** The fides command on an embedded database of its own, as an operator runs it. */
function fides(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['src/cli/main.ts', ...args], {
      env: { ...process.env, FIDES_LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => {
      out += d
    })
    child.stderr.on('data', (d) => {
      err += d
    })
    child.on('exit', (code) => resolve({ code, out, err }))
  })
}

let dir: string
let env: Record<string, string>

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fides-log-cli-'))
  env = { FIDES_DATA_DIR: join(dir, 'data'), FIDES_DEMO: 'false', FIDES_LOG_ORIGIN: 'cli.test/log' }
})
after(() => rm(dir, { recursive: true, force: true }))

test('fides log sequence appends and signs; fides log verify recomputes it, then names the event an attacker changed', async () => {
  assert.equal(
    (await fides(env, 'source', 'add', '--name', 'cli-court', '--type', 'court', '--kinds', 'judgment_defaulter')).code,
    0,
  )
  const sequenced = await fides(env, 'log', 'sequence')
  assert.equal(sequenced.code, 0, sequenced.err)
  assert.match(sequenced.out, /^\d+ events appended\ncli\.test\/log\n\d+\n/)
  const clean = await fides(env, 'log', 'verify')
  assert.equal(clean.code, 0, clean.err)
  assert.match(clean.out, /the log holds: \d+ leaves recomputed from their events, 1 signed checkpoints verified/)

  // someone with the database's owner rights edits an event behind the triggers
  const database = await openPglite(join(dir, 'data', 'pglite'))
  const seq = await database.transaction(async (tx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(tx.db)
    const row = (
      await sql<{
        seq: number
        leaf_index: number
      }>`SELECT l.seq, l.leaf_index FROM log_leaves l ORDER BY l.leaf_index OFFSET 1 LIMIT 1`.execute(tx.db)
    ).rows[0]!
    await sql`UPDATE audit_events SET actor_id = 'someone-else' WHERE seq = ${row.seq}`.execute(tx.db)
    return row
  })
  await database.close()
  const tampered = await fides(env, 'log', 'verify')
  assert.equal(tampered.code, 1)
  assert.match(
    tampered.out,
    new RegExp(
      `the log does NOT hold: \\d+ problem\\(s\\), the first at leaf ${seq.leaf_index}: audit event ${seq.seq} differs from what was logged`,
    ),
  )
  assert.match(tampered.out, /checkpoint at size \d+: its signed root does not match/)
  // the key never changed: it is the one generated into the data directory
  assert.match(await readFile(join(dir, 'data', 'log-signing-key'), 'utf8'), /^[A-Za-z0-9+/]{43}=\n$/)
})

test('fides log verify --remote needs the pinned key, and says where to find it', async () => {
  const r = await fides(
    env,
    'log',
    'verify',
    '--remote',
    'http://127.0.0.1:9',
    '--key',
    'nonsense',
    '--since',
    join(dir, 'cp'),
  )
  assert.equal(r.code, 64)
  assert.match(r.err, /--key: .*publishes it at http:\/\/127\.0\.0\.1:9\/v1\/log\/key/)
})

test('fides log verify then recomputes the state tables from the audit trail, and names a list entry inserted behind the application', async () => {
  const own = { ...env, FIDES_DATA_DIR: join(dir, 'state'), FIDES_LOG_ORIGIN: 'cli.test/state' }
  assert.equal(
    (await fides(own, 'source', 'add', '--name', 'cli-court', '--type', 'court', '--kinds', 'judgment_defaulter')).code,
    0,
  )
  assert.equal((await fides(own, 'log', 'sequence')).code, 0)
  const clean = await fides(own, 'log', 'verify')
  assert.equal(clean.code, 0, clean.out + clean.err)
  assert.match(
    clean.out,
    /the state tables agree with the audit trail: 0 list entries, 0 consents, 0 objections, 0 subject accounts recomputed from their events/,
  )

  // someone with write access to the table puts a subject on the black list directly
  const entryId = randomUUID()
  const database = await openPglite(join(dir, 'state', 'pglite'))
  await sql`INSERT INTO list_entries (subject_id, entry_id, list_kind, list_type, criterion, basis_record_id, status, proposed_on, proposed_by, noticed_on, decided_on, decided_by, starts_on, ends_on, updated_at)
    VALUES (${randomUUID()}, ${entryId}, 'judgment_defaulters', 'black', 'able_to_pay_but_refuses', ${randomUUID()}, 'active', '2026-12-01', 'x', '2026-12-01', '2026-12-01', 'x', '2026-12-01', '2031-12-01', now())`.execute(
    database.db,
  )
  await database.close()
  const tampered = await fides(own, 'log', 'verify')
  assert.equal(tampered.code, 1)
  assert.match(tampered.out, /the log holds: /, 'the log itself is intact: nothing was written to the audit trail')
  assert.match(
    tampered.out,
    new RegExp(
      `the state tables do NOT agree with the audit trail:\\n  list_entries ${entryId}: no audit event tells of this row: it was written behind the application's back\\n`,
    ),
  )
  assert.match(
    tampered.out,
    /1 row\(s\) of 1 list entries, 0 consents, 0 objections, 0 subject accounts disagree with their events/,
  )
})

test('a rewrite that deleted the tail and its checkpoints, re-sequenced and re-signed passes inside the database, and fides log verify catches it from the checkpoint file and the witnesses', async () => {
  const origin = 'cli.test/rewritten'
  const logKey = await import('../src/modules/transparency/index.ts')
  const { startWitnessServer, openWitnessStore } = await import('../src/modules/witness/index.ts')
  const data = join(dir, 'rewritten')
  const seed = Buffer.alloc(32, 3)
  const keys = [
    logKey.cosignerKeyFromSeed('w1.test', Buffer.alloc(32, 1)),
    logKey.cosignerKeyFromSeed('w2.test', Buffer.alloc(32, 2)),
  ]
  const logVerifier = logKey.verifierOf(logKey.signingKeyFromSeed(origin, seed))
  const witnesses = await Promise.all(
    keys.map(async (key, i) =>
      startWitnessServer({
        key,
        logs: new Map([[origin, logVerifier]]),
        store: await openWitnessStore(join(dir, `rewritten-w${i}`)),
        host: '127.0.0.1',
        port: 0,
        now: () => Math.floor(Date.now() / 1000),
      }),
    ),
  )
  try {
    const own = {
      ...env,
      FIDES_DATA_DIR: data,
      FIDES_LOG_ORIGIN: origin,
      FIDES_LOG_KEY: seed.toString('base64'),
      FIDES_WITNESSES: witnesses.map((w, i) => `${w.url} ${logKey.cosignerVerifierKey(keys[i]!)}`).join(','),
    }
    assert.equal(
      (await fides(own, 'source', 'add', '--name', 'court-a', '--type', 'court', '--kinds', 'judgment_defaulter')).code,
      0,
    )
    const first = await fides(own, 'log', 'sequence')
    assert.match(first.out, /witness w1\.test: cosigned \d+ leaves\nwitness w2\.test: cosigned \d+ leaves\n/)
    const kept = Number(first.out.split('\n')[2])
    assert.equal(
      (await fides(own, 'source', 'add', '--name', 'court-b', '--type', 'court', '--kinds', 'judgment_defaulter')).code,
      0,
    )
    const second = await fides(own, 'log', 'sequence')
    assert.match(second.out, /witness w1\.test: cosigned \d+ leaves\nwitness w2\.test: cosigned \d+ leaves\n/)
    const signed = Number(second.out.split('\n')[2])
    const clean = await fides(own, 'log', 'verify')
    assert.equal(clean.code, 0, clean.out)
    assert.match(clean.out, /2 signed checkpoints verified, 4 checkpoints kept outside the database agree/)

    // the attack, as the database's superuser: triggers off, the tail of the log and its checkpoints deleted, an event
    // of the tail removed from the audit trail, the sequencer wound back
    const database = await openPglite(join(data, 'pglite'))
    await database.transaction(async (tx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(tx.db)
      const last = (
        await sql<{
          seq: string
          xid: string
        }>`SELECT e.seq, e.xid::text AS xid FROM log_leaves l JOIN audit_events e ON e.seq = l.seq WHERE l.leaf_index = ${kept - 1}`.execute(
          tx.db,
        )
      ).rows[0]!
      const hidden = (await sql<{ seq: string }>`SELECT seq FROM log_leaves WHERE leaf_index = ${kept}`.execute(tx.db))
        .rows[0]!
      await sql`DELETE FROM log_cosignatures WHERE size > ${kept}`.execute(tx.db)
      await sql`DELETE FROM log_checkpoints WHERE size > ${kept}`.execute(tx.db)
      await sql`DELETE FROM log_leaves WHERE leaf_index >= ${kept}`.execute(tx.db)
      await sql`DELETE FROM log_nodes WHERE (idx + 1) * (1::bigint << level) > ${kept}`.execute(tx.db)
      await sql`DELETE FROM audit_events WHERE seq = ${hidden.seq}`.execute(tx.db)
      await sql`UPDATE log_state SET size = ${kept}, cursor_xid = ${last.xid}::xid8, cursor_seq = ${last.seq}`.execute(
        tx.db,
      )
    })
    await database.close()
    // more history on top, re-sequenced and re-signed: the witnesses refuse it
    assert.equal(
      (await fides(own, 'source', 'add', '--name', 'court-c', '--type', 'court', '--kinds', 'judgment_defaulter')).code,
      0,
    )
    const resigned = await fides(own, 'log', 'sequence')
    assert.equal(resigned.code, 0)
    assert.match(resigned.out, /witness w1\.test: NOT cosigned: /)
    assert.match(resigned.out, /witness w2\.test: NOT cosigned: /)

    const caught = await fides(own, 'log', 'verify')
    assert.equal(caught.code, 1, caught.out)
    // inside the database everything agrees: only the copies outside it show the rewrite
    assert.doesNotMatch(caught.out, /its signed root does not match|leaf \d+: /)
    const rewritten = `checkpoint at size ${signed} kept by (%s): (its root is not the log's at that size: the log was rewritten after it was signed|the log holds only \\d+ leaves: its tail was deleted)`
    for (const source of [
      `the checkpoint file ${join(data, 'log-checkpoints.jsonl')}`.replace(/[.]/g, '\\.'),
      'witness w1\\.test',
      'witness w2\\.test',
    ]) {
      assert.match(caught.out, new RegExp(rewritten.replace('%s', source)))
    }
  } finally {
    for (const w of witnesses) await w.close()
  }
})
