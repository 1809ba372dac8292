import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { openPglite, openPostgres, type Database } from '../src/db/database.ts'
import { importFile } from '../src/modules/records/index.ts'
import { toCsvRow } from '../src/platform/parsers/index.ts'
import { describeEachEngine, createPostgresDatabase, type Engine } from './support/databases.ts'
import { exampleFields, kindWhere, makeSource, newResidentId, newUscc, recordsContext } from './support/context.ts'
import { generate } from '../bench/ingest/generate.ts'

describeEachEngine('file import', (db) => {
  test('a CSV with fields.* columns is typed by the kind schema; every bad line lands in the rejects file, every good one is stored', async () => {
    const ctx = await recordsContext(db())
    const kind = kindWhere(ctx.catalogue, (k) => k.category === 'administrative_penalties' && k.severity === 'general')
    const source = await makeSource(ctx, [kind.code])
    const example = exampleFields(kind)
    const fieldNames = Object.keys(example)
    const header = [
      'source_record_id',
      'kind',
      'uscc',
      'resident_id',
      'subject_name',
      'decided_on',
      'conduct_ended_on',
      ...fieldNames.map((f) => `fields.${f}`),
    ]
    const row = (id: string, overrides: Record<string, string> = {}) => {
      const base: Record<string, string> = {
        source_record_id: id,
        kind: kind.code,
        uscc: newUscc(),
        resident_id: '',
        subject_name: '福州"榕城",食品有限公司',
        decided_on: '2026-01-15',
        conduct_ended_on: '',
      }
      for (const f of fieldNames)
        base[`fields.${f}`] = typeof example[f] === 'object' ? JSON.stringify(example[f]) : String(example[f])
      return toCsvRow(header.map((h) => overrides[h] ?? base[h] ?? ''))
    }
    const lines = [
      toCsvRow(header),
      row('C-1'),
      row('C-2', { kind: 'unknown_kind' }),
      row('C-3'),
      row('C-4', { decided_on: '2026-13-01' }),
      row('C-5', { uscc: '', resident_id: newResidentId(), subject_name: '李娜' }),
      'too,few,fields\n',
      row('C-6'),
    ]
    const dir = await mkdtemp(join(tmpdir(), 'fides-import-'))
    const file = join(dir, 'records.csv')
    await writeFile(file, lines.join(''))
    const report = await importFile(ctx, source, { type: 'source', id: source.name }, file, {
      progress: false,
      chunkSize: 2,
    })
    const personOk = kind.subjectTypes.includes('person')
    assert.equal(report.accepted, personOk ? 4 : 3)
    assert.equal(report.rejected, personOk ? 3 : 4)
    assert.ok(report.rejectsPath)
    const rejects = (await readFile(report.rejectsPath, 'utf8')).trim().split('\n')
    assert.equal(rejects[0], 'line,code,pointer,detail,source_record_id')
    const byLine = new Map(rejects.slice(1).map((l) => [Number(l.split(',')[0]), l]))
    assert.match(byLine.get(3)!, /record\.kind_not_in_catalogue,\/kind/)
    assert.match(byLine.get(5)!, /record\.invalid_envelope,\/decidedOn/)
    assert.match(byLine.get(7)!, /parse\.field_count/)
    assert.ok(!rejects.join('\n').includes('李娜'), 'the rejects file carries no personal data')
    const stored = await sql<{
      fields: Record<string, unknown>
    }>`SELECT fields FROM records WHERE source_record_id = 'C-1'`.execute(db().db)
    for (const f of fieldNames) assert.deepEqual(stored.rows[0]!.fields[f], example[f], f)
  })
})

/** Runs the real CLI; resolves with its exit code (or the signal that killed it). `killWhen` is asked on every line it prints to stderr and every 25 ms. */
function cli(
  args: string[],
  env: Record<string, string>,
  killWhen?: (stderr: string) => boolean | Promise<boolean>,
): Promise<{ code: number | null; signal: string | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['src/cli/main.ts', ...args], {
      env: { ...process.env, ...env, FIDES_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    let done = false
    const check = async () => {
      if (done || !killWhen || child.exitCode !== null) return
      if (await killWhen(stderr)) {
        done = true
        child.kill('SIGKILL')
      }
    }
    child.stdout.on('data', (d) => {
      stdout += d
    })
    child.stderr.on('data', (d) => {
      stderr += d
      void check()
    })
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      done = true
      clearInterval(timer)
      resolve({ code, signal, stdout })
    })
    const timer = setInterval(() => void check(), 25)
  })
}

for (const engine of ['postgres', 'pglite'] as Engine[]) {
  test(`an import killed with SIGKILL and run again stores every record exactly once [${engine}]`, {
    timeout: 240_000,
  }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fides-kill-'))
    const file = join(dir, 'records.ndjson')
    const total = 20_000
    await generate({ records: total, out: file, seed: 99 })
    const keys = {
      FIDES_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      FIDES_INDEX_KEY: randomBytes(32).toString('base64'),
      FIDES_LOG_KEY: randomBytes(32).toString('base64'),
    }
    let env: Record<string, string>
    let drop = async () => {}
    let open: () => Promise<Database>
    if (engine === 'postgres') {
      const created = await createPostgresDatabase()
      env = { ...keys, DATABASE_URL: created.url }
      drop = created.drop
      open = () => openPostgres(created.url, 1)
    } else {
      env = { ...keys, FIDES_DATA_DIR: join(dir, 'data'), FIDES_DEMO: 'false' }
      open = () => openPglite(join(dir, 'data', 'pglite'))
    }
    try {
      const { loadCatalogue } = await import('../src/modules/catalogue/index.ts')
      const kinds = (await loadCatalogue()).kinds.map((k) => k.code).join(',')
      assert.equal(
        (await cli(['source', 'add', '--name', 'kill-test', '--type', 'court', '--kinds', kinds], env)).code,
        0,
      )
      // PostgreSQL is watched from outside until some chunks have committed; PGlite allows one
      // connection, so there the importer's own progress lines (one per chunk) are counted
      const watcher = engine === 'postgres' ? await open() : undefined
      const killed = await cli(
        ['import', file, '--source', 'kill-test', '--chunk-size', '500', '--progress-interval', '0'],
        env,
        async (stderr) => {
          if (!watcher) return (stderr.match(/^import /gm)?.length ?? 0) >= 4
          const n = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM records`.execute(watcher.db)).rows[0]!.n
          return n >= 2_000
        },
      )
      await watcher?.close()
      assert.equal(killed.signal, 'SIGKILL', `the importer finished before it could be killed: ${killed.stdout}`)
      const rerun = await cli(['import', file, '--source', 'kill-test', '--no-progress'], env)
      assert.equal(rerun.code, 0, rerun.stdout)
      const report = JSON.parse(rerun.stdout.trim().split('\n').at(-1)!) as { accepted: number; unchanged: number }
      assert.equal(report.accepted + report.unchanged, total)
      const database = await open()
      try {
        const row = (
          await sql<{ versions: number; records: number; max_version: number; events: number }>`
          SELECT count(*)::int AS versions, count(DISTINCT record_id)::int AS records, max(version)::int AS max_version,
                 (SELECT count(*)::int FROM audit_events WHERE action = 'record.accepted') AS events
          FROM records`.execute(database.db)
        ).rows[0]!
        assert.deepEqual(row, { versions: total, records: total, max_version: 1, events: total })
      } finally {
        await database.close()
      }
    } finally {
      await drop()
    }
  })
}
