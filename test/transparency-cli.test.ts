import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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
