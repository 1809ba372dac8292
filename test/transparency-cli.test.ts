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
function fides(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['src/cli/main.ts', ...args], { env: { ...process.env, FIDES_LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => { out += d })
    child.stderr.on('data', (d) => { err += d })
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
  assert.equal((await fides(env, 'source', 'add', '--name', 'cli-court', '--type', 'court', '--kinds', 'judgment_defaulter')).code, 0)
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
    const row = (await sql<{ seq: number; leaf_index: number }>`SELECT l.seq, l.leaf_index FROM log_leaves l ORDER BY l.leaf_index OFFSET 1 LIMIT 1`.execute(tx.db)).rows[0]!
    await sql`UPDATE audit_events SET actor_id = 'someone-else' WHERE seq = ${row.seq}`.execute(tx.db)
    return row
  })
  await database.close()
  const tampered = await fides(env, 'log', 'verify')
  assert.equal(tampered.code, 1)
  assert.match(tampered.out, new RegExp(`the log does NOT hold: \\d+ problem\\(s\\), the first at leaf ${seq.leaf_index}: audit event ${seq.seq} differs from what was logged`))
  assert.match(tampered.out, /checkpoint at size \d+: its signed root does not match/)
  // the key never changed: it is the one generated into the data directory
  assert.match(await readFile(join(dir, 'data', 'log-signing-key'), 'utf8'), /^[A-Za-z0-9+/]{43}=\n$/)
})

test('fides log verify --remote needs the pinned key, and says where to find it', async () => {
  const r = await fides(env, 'log', 'verify', '--remote', 'http://127.0.0.1:9', '--key', 'nonsense', '--since', join(dir, 'cp'))
  assert.equal(r.code, 64)
  assert.match(r.err, /--key: .*publishes it at http:\/\/127\.0\.0\.1:9\/v1\/log\/key/)
})

test('fides log verify then recomputes the state tables from the audit trail, and names a list entry inserted behind the application', async () => {
  const own = { ...env, FIDES_DATA_DIR: join(dir, 'state'), FIDES_LOG_ORIGIN: 'cli.test/state' }
  assert.equal((await fides(own, 'source', 'add', '--name', 'cli-court', '--type', 'court', '--kinds', 'judgment_defaulter')).code, 0)
  assert.equal((await fides(own, 'log', 'sequence')).code, 0)
  const clean = await fides(own, 'log', 'verify')
  assert.equal(clean.code, 0, clean.out + clean.err)
  assert.match(clean.out, /the state tables agree with the audit trail: 0 list entries, 0 consents, 0 objections, 0 subject accounts recomputed from their events/)

  // someone with write access to the table puts a subject on the black list directly
  const entryId = randomUUID()
  const database = await openPglite(join(dir, 'state', 'pglite'))
  await sql`INSERT INTO list_entries (subject_id, entry_id, list_kind, list_type, criterion, basis_record_id, status, proposed_on, proposed_by, noticed_on, decided_on, decided_by, starts_on, ends_on, updated_at)
    VALUES (${randomUUID()}, ${entryId}, 'judgment_defaulters', 'black', 'able_to_pay_but_refuses', ${randomUUID()}, 'active', '2026-12-01', 'x', '2026-12-01', '2026-12-01', 'x', '2026-12-01', '2031-12-01', now())`.execute(database.db)
  await database.close()
  const tampered = await fides(own, 'log', 'verify')
  assert.equal(tampered.code, 1)
  assert.match(tampered.out, /the log holds: /, 'the log itself is intact: nothing was written to the audit trail')
  assert.match(tampered.out, new RegExp(`the state tables do NOT agree with the audit trail:\\n  list_entries ${entryId}: no audit event tells of this row: it was written behind the application's back\\n`))
  assert.match(tampered.out, /1 row\(s\) of 1 list entries, 0 consents, 0 objections, 0 subject accounts disagree with their events/)
})
