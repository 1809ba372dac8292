/**
 * bench/maintain: the retention maintenance pass over N record versions in PostgreSQL, ~5 % of them
 * due for take-down or erasure on the bench day (bench/maintain/generate.ts).
 *   node bench/maintain/run.ts [--records 10000000] [--batch-size N] [--keep] [--connections 2]
 * 1. generates the database (not timed: the records exist already; the pass is what is measured);
 * 2. CHECKPOINT, then one maintenance pass (`runMaintenance`, clock at 02:00 China time on the bench
 *    day): seconds, records in the table per second, records acted on (taken down + erased) per second;
 * 3. checks that it took down and erased exactly the records the generator made due, by their current
 *    version, and touched no other (not timed);
 * 4. a fingerprint of `records` (every row, every column), `audit_events` and `notices`; a second pass;
 *    the fingerprint again: the second pass must report no change and leave all three as they were.
 * --batch-size is passed to the pass (records per range and transaction; the pass's default otherwise).
 * --keep keeps the generated database (fides_bench_maintain_<N>, never changed by a pass) for the next
 * run with the same --records, which then skips the generation: each run works on a fresh copy of it
 * (CREATE DATABASE ... TEMPLATE), dropped at the end. For comparing code changes, not for a first
 * measurement. When a check fails, the database the passes ran on is kept for inspection.
 * Needs PostgreSQL at FIDES_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { execFileSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { cpus, totalmem } from 'node:os'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { openPostgres, type Database } from '../../src/db/database.ts'
import { migrateToLatest } from '../../src/db/migrator.ts'
import { ManualClock } from '../../src/platform/clock.ts'
import { createProgress, type Progress } from '../../src/platform/progress.ts'
import { activateCatalogue, type ActiveCatalogue } from '../../src/modules/catalogue/index.ts'
import { endEntriesOnLapsedBasis, loadLists } from '../../src/modules/lists/index.ts'
import { runMaintenance, type MaintenanceReport } from '../../src/modules/retention/index.ts'
import { BENCH_NOW, databaseUrl, generate, readExpected, type Expected } from './generate.ts'

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '10000000' },
    'batch-size': { type: 'string' },
    keep: { type: 'boolean', default: false },
    connections: { type: 'string', default: '2' },
  },
})
const records = Number(values.records)
const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size'])
const adminUrl = process.env.FIDES_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const log = (m: string) => process.stderr.write(m + '\n')
const GOAL = 50_000

async function query<R extends pg.QueryResultRow>(url: string, text: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<R>(text)).rows
  } finally {
    await client.end()
  }
}

/** Every row and column of `records` (an order-free sum of row hashes), and the audit trail and notices. */
async function fingerprint(url: string) {
  const [row] = await query<{
    records: string
    records_hash: string
    audit_events: string
    audit_max_seq: string | null
    notices: string
  }>(
    url,
    `
    SELECT (SELECT count(*) FROM records) AS records, (SELECT sum(hashtextextended(r::text, 0)) FROM records r)::text AS records_hash,
      (SELECT count(*) FROM audit_events) AS audit_events, (SELECT max(seq) FROM audit_events) AS audit_max_seq, (SELECT count(*) FROM notices) AS notices`,
  )
  return {
    records: Number(row!.records),
    recordsHash: row!.records_hash,
    auditEvents: Number(row!.audit_events),
    auditMaxSeq: Number(row!.audit_max_seq),
    notices: Number(row!.notices),
  }
}

/**
 * What pass 1 did, against what the generator made due. Each record's class is the last character of
 * its source_record_id: T due for take-down, E due for erasure, N neither, t and e done yesterday.
 */
async function outcome(url: string, passAt: string) {
  const rows = await query<{
    label: string
    current: boolean
    rows: string
    taken_now: string
    erased_now: string
    untouched: string
    emptied: string
  }>(
    url,
    `
    WITH v AS (SELECT right(source_record_id, 1) AS label, version = max(version) OVER (PARTITION BY subject_id, record_id) AS current,
      taken_down_at, erased_at, fields FROM records)
    SELECT label, current, count(*) AS rows,
      count(*) FILTER (WHERE taken_down_at = timestamptz '${passAt}') AS taken_now,
      count(*) FILTER (WHERE erased_at = timestamptz '${passAt}') AS erased_now,
      count(*) FILTER (WHERE taken_down_at IS DISTINCT FROM timestamptz '${passAt}' AND erased_at IS DISTINCT FROM timestamptz '${passAt}') AS untouched,
      count(*) FILTER (WHERE fields = '{}'::jsonb) AS emptied
    FROM v GROUP BY 1, 2 ORDER BY 1, 2`,
  )
  return rows.map((r) => ({
    label: r.label,
    current: r.current,
    rows: Number(r.rows),
    takenNow: Number(r.taken_now),
    erasedNow: Number(r.erased_now),
    untouched: Number(r.untouched),
    emptied: Number(r.emptied),
  }))
}

async function pass(
  name: string,
  database: Database,
  clock: ManualClock,
  catalogue: ActiveCatalogue,
): Promise<MaintenanceReport> {
  let progress: Progress | undefined
  // the bench holds no list entries; the pass still looks for entries resting on what it erases
  const lists = await loadLists(new Set(catalogue.kinds.keys()), {
    listCatalogue: 'catalogue/lists.json',
    holidays: 'catalogue/holidays.json',
  })
  const report = await runMaintenance(
    { database, clock, catalogue, onRecordsLapsed: endEntriesOnLapsedBasis(lists) },
    {
      ...(batchSize === undefined ? {} : { batchSize }),
      onProgress: (phase, done, total) => {
        if (phase !== 'records') return
        progress ??= createProgress({ label: `${name}, runs of blocks`, total, unit: 'ranges' })
        progress.update(done)
      },
    },
  )
  progress?.finish(`${report.ranges} ranges in ${report.seconds.toFixed(1)} s`)
  return report
}

const name = `fides_bench_maintain_${records}`
const [pgVersion] = await query<{ version: string; shared_buffers: string }>(
  adminUrl,
  `SELECT version(), current_setting('shared_buffers') AS shared_buffers`,
)
const machine = {
  nproc: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  postgres: pgVersion!.version.split(' on ')[0]!,
  sharedBuffers: pgVersion!.shared_buffers,
  node: process.version,
}
log(
  `machine: ${machine.nproc} cores (${machine.cpu}), ${machine.memoryGiB} GiB; ${machine.postgres} (shared_buffers ${machine.sharedBuffers}); Node ${machine.node}`,
)

let expected: Expected | null = values.keep ? await readExpected(adminUrl, name) : null
let generation: { reused: boolean; seconds?: number; rowsPerSecond?: number }
if (expected) {
  log(`reusing ${name} (--keep)`)
  generation = { reused: true }
} else {
  log(`generating ${records} records into ${name} ...`)
  const generated = await generate({ records, adminUrl, name, connections: Number(values.connections), log })
  expected = generated.expected
  generation = { reused: false, seconds: +generated.seconds.toFixed(1), rowsPerSecond: generated.rowsPerSecond }
}
// with --keep the passes run on a copy, so that the kept database stays as generated
const work = values.keep ? `${name}_run` : name
if (values.keep) {
  log(`copying ${name} to ${work} ...`)
  await query(adminUrl, `DROP DATABASE IF EXISTS ${work} WITH (FORCE)`)
  await query(adminUrl, `CREATE DATABASE ${work} TEMPLATE ${name} STRATEGY FILE_COPY`)
}
const url = databaseUrl(adminUrl, work)
const clock = new ManualClock(BENCH_NOW)
const passAt = clock.now().toISOString()
const database = await openPostgres(url, 4)
let failed = false
try {
  await migrateToLatest(database)
  const catalogue = await activateCatalogue(database, clock, 'catalogue/record-kinds.json')
  const [counted] = await query<{ n: string }>(url, 'SELECT count(*) AS n FROM records')
  const rows = Number(counted!.n)
  // the pass starts from a clean state: nothing from the load or the copy left to write out
  await query(url, 'CHECKPOINT')

  log(`pass 1 over ${rows} records (expected: ${expected.takeDown} to take down, ${expected.erase} to erase) ...`)
  const first = await pass('pass 1', database, clock, catalogue)
  const actedOn = first.takenDown + first.erased
  log(
    `  ${first.seconds.toFixed(1)} s: ${Math.round(rows / first.seconds)} records/s examined; ${first.takenDown} taken down + ${first.erased} erased = ${actedOn} acted on (${Math.round(actedOn / first.seconds)}/s)`,
  )

  log('checking what pass 1 changed ...')
  const after = await outcome(url, passAt)
  const sum = (label: string, current: boolean, key: 'rows' | 'takenNow' | 'erasedNow' | 'untouched' | 'emptied') =>
    after.filter((o) => o.label === label && o.current === current).reduce((n, o) => n + o[key], 0)
  const checks: { check: string; ok: boolean; detail: string }[] = []
  const check = (check: string, ok: boolean, detail: string) => {
    checks.push({ check, ok, detail })
    if (!ok) failed = true
  }
  check(
    'pass 1 took down the records due for take-down',
    first.takenDown === expected.takeDown,
    `reported ${first.takenDown}, expected ${expected.takeDown} (records; their rows, all versions: ${expected.byLabel.T.rows})`,
  )
  check(
    'pass 1 erased the records due for erasure',
    first.erased === expected.erase,
    `reported ${first.erased}, expected ${expected.erase} (records; their rows, all versions: ${expected.byLabel.E.rows})`,
  )
  check(
    'every record due for take-down is taken down, by its current version',
    sum('T', true, 'takenNow') === expected.byLabel.T.records && sum('T', true, 'erasedNow') === 0,
    `${sum('T', true, 'takenNow')} of ${expected.byLabel.T.records} current versions taken down, ${sum('T', true, 'erasedNow')} erased`,
  )
  check(
    'every record due for erasure is erased, by its current version',
    sum('E', true, 'erasedNow') === expected.byLabel.E.records &&
      sum('E', true, 'emptied') === expected.byLabel.E.records,
    `${sum('E', true, 'erasedNow')} of ${expected.byLabel.E.records} current versions erased, ${sum('E', true, 'emptied')} with fields {}`,
  )
  const strays = ['N', 't', 'e'].map(
    (l) =>
      [
        l,
        sum(l, true, 'rows') + sum(l, false, 'rows') - sum(l, true, 'untouched') - sum(l, false, 'untouched'),
      ] as const,
  )
  check(
    'no record that was not due was changed (any version)',
    strays.every(([, n]) => n === 0),
    strays.map(([l, n]) => `${n} rows of class ${l}`).join(', ') +
      ` changed (older versions of records not due: ${sum('N', false, 'rows')}, many of them due by their own dates)`,
  )
  const olderDue = {
    rows: sum('T', false, 'rows') + sum('E', false, 'rows'),
    takenDown: sum('T', false, 'takenNow'),
    erased: sum('E', false, 'erasedNow'),
  }

  log('fingerprint, pass 2, fingerprint ...')
  const before = await fingerprint(url)
  const second = await pass('pass 2', database, clock, catalogue)
  const afterSecond = await fingerprint(url)
  log(
    `  ${second.seconds.toFixed(1)} s: ${Math.round(rows / second.seconds)} records/s examined; ${second.takenDown} taken down, ${second.erased} erased, ${second.candidates} candidates`,
  )
  check(
    'pass 2 reports no change',
    second.takenDown === 0 && second.erased === 0 && second.objectionsOverdue === 0 && second.lapsed === 0,
    `taken down ${second.takenDown}, erased ${second.erased}, objections overdue ${second.objectionsOverdue}, lapsed ${second.lapsed}`,
  )
  check(
    'pass 2 finds nothing due',
    second.candidates === 0,
    `${second.candidates} candidates (due records it found, acted on or not)`,
  )
  check(
    'pass 2 leaves records, audit_events and notices as they were',
    JSON.stringify(before) === JSON.stringify(afterSecond),
    `before ${JSON.stringify(before)}, after ${JSON.stringify(afterSecond)}`,
  )
  for (const c of checks) log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.check}: ${c.detail}`)

  const summary = (r: MaintenanceReport) => ({
    seconds: +r.seconds.toFixed(2),
    recordsPerSecond: Math.round(rows / r.seconds),
    takenDown: r.takenDown,
    erased: r.erased,
    actedOn: r.takenDown + r.erased,
    actedOnPerSecond: Math.round((r.takenDown + r.erased) / r.seconds),
    candidates: r.candidates,
    objectionsOverdue: r.objectionsOverdue,
    lapsed: r.lapsed,
    ranges: r.ranges,
  })
  const results = {
    date: new Date().toISOString(),
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim(),
    records: rows,
    distinctRecords: expected.records,
    machine: `${machine.nproc} cores (${machine.cpu}), ${machine.memoryGiB} GiB`,
    postgres: `${machine.postgres}, shared_buffers ${machine.sharedBuffers}`,
    node: machine.node,
    benchNow: BENCH_NOW,
    batchSize: batchSize ?? 'default',
    generation,
    expected,
    pass1: { ...summary(first), olderVersionsOfDueRecords: olderDue },
    pass2: summary(second),
    idempotency: { before, after: afterSecond, identical: JSON.stringify(before) === JSON.stringify(afterSecond) },
    goal: { recordsPerSecond: GOAL, met: rows / first.seconds >= GOAL },
    checks,
    outcome: after,
  }
  await mkdir('bench/out', { recursive: true })
  await writeFile(`bench/out/maintain-${records}.json`, JSON.stringify(results, null, 2) + '\n')
  process.stdout.write(JSON.stringify(results, null, 2) + '\n')
  log(
    `${rows} records, ${(expected.dueShare * 100).toFixed(2)} % due: pass 1 ${first.seconds.toFixed(1)} s = ${Math.round(rows / first.seconds)} records/s ` +
      `(goal ${GOAL}: ${rows / first.seconds >= GOAL ? 'met' : 'not met'}), ${actedOn} acted on = ${Math.round(actedOn / first.seconds)}/s; ` +
      `pass 2 ${second.seconds.toFixed(1)} s, ${second.takenDown + second.erased} changes; ${checks.filter((c) => c.ok).length} of ${checks.length} checks passed`,
  )
} catch (error) {
  failed = true
  throw error
} finally {
  await database.close()
  if (failed) log(`checks failed: ${work} is kept for inspection (DROP DATABASE ${work})`)
  else if (work !== name || !values.keep) await query(adminUrl, `DROP DATABASE IF EXISTS ${work} WITH (FORCE)`)
  if (failed) process.exitCode = 1
}
