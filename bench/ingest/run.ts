/**
 * bench/ingest: imports N generated records through the real import path (the `fides import` CLI:
 * parse, validate, idempotency, versioning, audit) and, in the same run, COPYs the same rows raw
 * into a plain table before and after it, so the rates compare as a ratio on this (noisy, shared)
 * machine — against the faster raw COPY, so that a slow baseline cannot flatter the import.
 * Then re-imports the same file (must change nothing), and imports into PGlite.
 *   node bench/ingest/run.ts [--records N] [--skip-pglite]
 * Needs PostgreSQL at FIDES_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { spawn } from 'node:child_process'
import { createReadStream, existsSync } from 'node:fs'
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir, cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import { parseArgs } from 'node:util'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { copyTextRow } from '../../src/platform/parsers/index.ts'
import { loadCatalogue } from '../../src/modules/catalogue/index.ts'
import { generate } from './generate.ts'

const { values } = parseArgs({
  options: { records: { type: 'string', default: '1000000' }, 'skip-pglite': { type: 'boolean', default: false } },
})
const records = Number(values.records)
const adminUrl = process.env.FIDES_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const file = `bench/out/records-${records}.ndjson`
const cli = 'src/cli/main.ts'

function log(message: string) {
  process.stderr.write(message + '\n')
}

async function admin(query: string) {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    await client.query(query)
  } finally {
    await client.end()
  }
}

function dbUrl(name: string) {
  const u = new URL(adminUrl)
  u.pathname = '/' + name
  return u.toString()
}

/** Runs the real CLI; returns its last stdout line parsed as JSON (the import report). */
function fides(args: string[], env: Record<string, string>): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: { ...process.env, ...env, FIDES_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
    })
    child.on('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? ''
      if (code !== 0 && code !== 2) return reject(new Error(`fides ${args[0]} exited ${code}: ${out}`))
      try {
        resolve(last.startsWith('{') ? JSON.parse(last) : { output: last })
      } catch {
        resolve({ output: last })
      }
    })
  })
}

async function rawCopy(url: string, table: string): Promise<number> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  await client.query(
    `CREATE TABLE ${table} (source_record_id text, kind text, uscc text, resident_id text, subject_name text, decided_on date, conduct_ended_on date, fields jsonb)`,
  )
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity })
  async function* rows() {
    for await (const line of lines) {
      const r = JSON.parse(line) as {
        sourceRecordId: string
        kind: string
        subject: { uscc?: string; residentId?: string; name: string }
        decidedOn: string
        conductEndedOn: string | null
        fields: unknown
      }
      yield copyTextRow([
        r.sourceRecordId,
        r.kind,
        r.subject.uscc,
        r.subject.residentId,
        r.subject.name,
        r.decidedOn,
        r.conductEndedOn,
        JSON.stringify(r.fields),
      ])
    }
  }
  const started = performance.now()
  await pipeline(Readable.from(rows()), client.query(copyFrom(`COPY ${table} FROM STDIN`)))
  const seconds = (performance.now() - started) / 1000
  await client.end()
  return seconds
}

async function counts(url: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const r = await client.query<{ records: number; subjects: number; audit: number }>(
    `SELECT (SELECT count(*) FROM records)::int AS records, (SELECT count(*) FROM subjects)::int AS subjects, (SELECT count(*) FROM audit_events)::int AS audit`,
  )
  await client.end()
  return r.rows[0]!
}

if (!existsSync(file)) {
  log(`generating ${records} records into ${file} ...`)
  await generate({ records, out: file, seed: 7 })
}
const size = (await stat(file)).size
const catalogue = await loadCatalogue()
const kinds = catalogue.kinds.map((k) => k.code).join(',')
const keys = {
  FIDES_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  FIDES_INDEX_KEY: randomBytes(32).toString('base64'),
  FIDES_LOG_KEY: randomBytes(32).toString('base64'),
}
const name = `fides_bench_${process.pid}`
await admin(`CREATE DATABASE ${name}`)
const url = dbUrl(name)
const env = { ...keys, DATABASE_URL: url }
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  records,
  fileMB: +(size / 1e6).toFixed(1),
  machine: `${cpus().length} cores (${cpus()[0]?.model}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
  node: process.version,
}
try {
  await fides(['db', 'migrate'], env)
  await fides(['source', 'add', '--name', 'bench-source', '--type', 'credit_authority', '--kinds', kinds], env)

  // Raw COPY before and after the import: the machine is shared, so a slow phase would flatter the
  // ratio; the import is compared with the faster of the two.
  log('raw COPY of the same rows into a plain table ...')
  const rawBefore = await rawCopy(url, 'raw_before')
  log(`  ${Math.round(records / rawBefore)} rows/s`)

  log('import through the real path (fides import) into PostgreSQL ...')
  const first = await fides(['import', file, '--source', 'bench-source', '--no-progress'], env)
  const importSeconds = first.seconds as number
  const after = await counts(url)

  log('raw COPY again ...')
  const rawAfter = await rawCopy(url, 'raw_after')
  log(`  ${Math.round(records / rawAfter)} rows/s`)
  const rawSeconds = Math.min(rawBefore, rawAfter)
  results.rawCopy = {
    seconds: +rawSeconds.toFixed(2),
    rowsPerSecond: Math.round(records / rawSeconds),
    before: Math.round(records / rawBefore),
    after: Math.round(records / rawAfter),
  }
  results.postgres = {
    ...first,
    recordsPerSecond: Math.round(records / importSeconds),
    ratioToRawCopy: +(records / importSeconds / (records / rawSeconds)).toFixed(2),
    stored: after,
  }
  log(
    `  import ${Math.round(records / importSeconds)} records/s = ${(records / importSeconds / (records / rawSeconds)).toFixed(2)} x the faster raw COPY, peak RSS ${first.peakRssMB} MB`,
  )

  log('re-import of the same file (must change nothing) ...')
  const again = await fides(['import', file, '--source', 'bench-source', '--no-progress'], env)
  const afterAgain = await counts(url)
  results.reimport = {
    ...again,
    recordsPerSecond: Math.round(records / (again.seconds as number)),
    changedNothing: JSON.stringify(after) === JSON.stringify(afterAgain),
  }
  log(
    `  ${Math.round(records / (again.seconds as number))} records/s, changed nothing: ${JSON.stringify(after) === JSON.stringify(afterAgain)}`,
  )
} finally {
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
}

if (!values['skip-pglite']) {
  const dir = await mkdtemp(join(tmpdir(), 'fides-bench-pglite-'))
  try {
    const penv = { ...keys, FIDES_DATA_DIR: dir, FIDES_DEMO: 'false' }
    await fides(['source', 'add', '--name', 'bench-source', '--type', 'credit_authority', '--kinds', kinds], penv)
    log('import into PGlite (embedded) ...')
    const p = await fides(['import', file, '--source', 'bench-source', '--no-progress'], penv)
    results.pglite = { ...p, recordsPerSecond: Math.round(records / (p.seconds as number)) }
    log(`  ${Math.round(records / (p.seconds as number))} records/s, peak RSS ${p.peakRssMB} MB`)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
await writeFile(`bench/out/ingest-${records}.json`, JSON.stringify(results, null, 2) + '\n')
process.stdout.write(JSON.stringify(results, null, 2) + '\n')
