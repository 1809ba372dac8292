/**
 * bench/log: the transparency log at scale, on PostgreSQL.
 *   node bench/log/run.ts [--events 10000000] [--proofs 1000] [--batch 10000]
 * 1. writes N audit events (inquiries, as reports make them) into a fresh database with one COPY
 *    stream (not timed: the audit trail exists already; the log is what is measured);
 * 2. appends them all to the log with the real sequencer, in batches of --batch: events/s;
 * 3. VACUUM ANALYZE and CHECKPOINT (steady state), signs a checkpoint, then asks for inclusion proofs of random leaves in the full tree, one after
 *    another, through the service (two indexed queries each) and through HTTP (app.inject): median, p99;
 *    every proof is verified against the signed root (not timed);
 * 4. `verifyLog`: recomputes every leaf from its event, rebuilds the tree, checks the checkpoint.
 * Needs PostgreSQL at FIDES_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { cpus, totalmem } from 'node:os'
import { parseArgs } from 'node:util'
import { execFileSync } from 'node:child_process'
import pg from 'pg'
import { openPostgres } from '../../src/db/database.ts'
import { migrateToLatest } from '../../src/db/migrator.ts'
import { copyTextRow } from '../../src/platform/parsers/index.ts'
import { createProgress } from '../../src/platform/progress.ts'
import { systemClock } from '../../src/platform/clock.ts'
import { buildApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { activateCatalogue } from '../../src/modules/catalogue/index.ts'
import {
  inclusionProof,
  logIdentity,
  openCheckpoint,
  sequence,
  signLatest,
  verifierOf,
  verifyInclusion,
  verifyLog,
} from '../../src/modules/transparency/index.ts'

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '10000000' },
    proofs: { type: 'string', default: '1000' },
    batch: { type: 'string', default: '10000' },
  },
})
const events = Number(values.events)
const proofs = Number(values.proofs)
const batch = Number(values.batch)
const adminUrl = process.env.FIDES_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const log = (m: string) => process.stderr.write(m + '\n')

async function admin(query: string) {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    await client.query(query)
  } finally {
    await client.end()
  }
}

const percentile = (sorted: number[], q: number) =>
  +sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(3)

const name = `fides_bench_log_${process.pid}`
await admin(`CREATE DATABASE ${name}`)
const url = new URL(adminUrl)
url.pathname = '/' + name
const env = {
  DATABASE_URL: url.toString(),
  FIDES_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  FIDES_INDEX_KEY: randomBytes(32).toString('base64'),
  FIDES_LOG_KEY: randomBytes(32).toString('base64'),
  FIDES_LOG_ORIGIN: 'bench.fides/log',
  FIDES_LOG_LEVEL: 'silent',
  FIDES_DEMO: 'false',
  FIDES_RATE_LIMIT: '10000000',
  FIDES_RATING_INTERVAL_MS: '0',
}
const database = await openPostgres(env.DATABASE_URL)
try {
  await migrateToLatest(database)
  const config = await loadConfig(env)
  const identity = logIdentity(config.log)

  log(`writing ${events} audit events (one COPY stream) ...`)
  const write = createProgress({ label: 'audit events', total: events, unit: 'events' })
  const subjects = Array.from({ length: 10_000 }, () => randomUUID())
  const occurredAt = new Date().toISOString()
  const payload = JSON.stringify({
    relyingParty: 'bench-bank',
    relyingPartyName: '闽江商业银行',
    purpose: 'credit_application',
    consentId: null,
    categories: ['finance', 'judicial'],
  })
  await database.transaction(async (tx) => {
    async function* rows() {
      for (let i = 0; i < events; i++) {
        const subject = subjects[i % subjects.length]!
        yield copyTextRow([
          occurredAt,
          'relying_party',
          'bench-bank',
          'inquiry.made',
          subject,
          'subject',
          subject,
          payload,
        ])
        if (i % 100_000 === 0) write.update(i)
      }
    }
    await tx.copyFrom(
      'audit_events',
      ['occurred_at', 'actor_type', 'actor_id', 'action', 'subject_id', 'object_type', 'object_id', 'payload'],
      rows(),
    )
  })
  write.finish()
  const client = new pg.Client({ connectionString: env.DATABASE_URL })
  await client.connect()
  await client.query('VACUUM ANALYZE audit_events')
  await client.query('CHECKPOINT')
  await client.end()

  log(`sequencing (batches of ${batch}) ...`)
  const appendProgress = createProgress({ label: 'log append', total: events, unit: 'events' })
  const appendStarted = performance.now()
  const appendCpu = process.cpuUsage()
  let appended = 0
  // ten batches per call, so that progress shows
  while (appended < events) {
    const n = await sequence(database, { batch, maxBatches: 10 })
    if (n === 0) break
    appended += n
    appendProgress.update(appended)
  }
  const appendSeconds = (performance.now() - appendStarted) / 1000
  const cpu = process.cpuUsage(appendCpu)
  const appendNodeCpuSeconds = (cpu.user + cpu.system) / 1e6
  appendProgress.finish()
  log(
    `  ${appended} events in ${appendSeconds.toFixed(1)} s = ${Math.round(appended / appendSeconds)} events/s (Node busy ${((appendNodeCpuSeconds / appendSeconds) * 100).toFixed(0)} % of it)`,
  )

  // proofs are timed at steady state, as a serving log is: the bulk append's dirty pages written out, statistics fresh
  const maintenance = new pg.Client({ connectionString: env.DATABASE_URL })
  await maintenance.connect()
  await maintenance.query('VACUUM ANALYZE log_nodes, log_leaves, log_state')
  await maintenance.query('CHECKPOINT')
  await maintenance.end()

  const note = await signLatest(database, systemClock, identity)
  const verifier = verifierOf(identity.key)
  const checkpoint = openCheckpoint(note, verifier)
  if (!checkpoint.ok) throw new Error(checkpoint.reason)
  const size = checkpoint.value.size

  log(`${proofs} inclusion proofs at ${size} leaves (service) ...`)
  const leaves = Array.from({ length: proofs }, () => Math.floor(Math.random() * size))
  const firstProof = performance.now()
  await inclusionProof(database, 0, size) // the first proof loads the cache of upper subtree hashes
  const cacheLoadMs = performance.now() - firstProof
  log(`  first proof (loads the upper levels): ${cacheLoadMs.toFixed(0)} ms`)
  for (const leaf of leaves.slice(0, 50)) await inclusionProof(database, leaf, size) // warm-up
  const serviceMs: number[] = []
  for (const leaf of leaves) {
    const t = performance.now()
    const p = await inclusionProof(database, leaf, size)
    serviceMs.push(performance.now() - t)
    if (!verifyInclusion(leaf, size, p.leafHash, p.proof, checkpoint.value.root))
      throw new Error(`the proof of leaf ${leaf} does not verify`)
  }
  serviceMs.sort((a, b) => a - b)
  log(`  median ${percentile(serviceMs, 0.5)} ms, p99 ${percentile(serviceMs, 0.99)} ms`)

  log(`${proofs} inclusion proofs at ${size} leaves (HTTP, app.inject) ...`)
  const catalogue = await activateCatalogue(database, systemClock, config.catalogueFile)
  const app = await buildApp({ config, database, clock: systemClock, catalogue })
  const httpMs: number[] = []
  for (const leaf of leaves) {
    const t = performance.now()
    const res = await app.inject({ method: 'GET', url: `/v1/log/proof/inclusion?leaf=${leaf}&size=${size}` })
    httpMs.push(performance.now() - t)
    if (res.statusCode !== 200) throw new Error(res.body)
  }
  await app.close()
  httpMs.sort((a, b) => a - b)
  log(`  median ${percentile(httpMs, 0.5)} ms, p99 ${percentile(httpMs, 0.99)} ms`)

  log(`full verification of ${size} leaves ...`)
  const verifyProgress = createProgress({ label: 'verify', total: size, unit: 'leaves' })
  const verifyStarted = performance.now()
  const report = await verifyLog(database, verifier, (done) => verifyProgress.update(done))
  const verifySeconds = (performance.now() - verifyStarted) / 1000
  verifyProgress.finish()
  if (report.problems.length > 0)
    throw new Error(
      `verification found ${report.problems.length} problems: ${JSON.stringify(report.problems.slice(0, 3))}`,
    )
  log(`  ${size} leaves in ${verifySeconds.toFixed(1)} s = ${Math.round(size / verifySeconds)} leaves/s`)

  const results = {
    date: new Date().toISOString(),
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim(),
    events,
    machine: `${cpus().length} cores (${cpus()[0]?.model}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
    node: process.version,
    append: {
      events: appended,
      seconds: +appendSeconds.toFixed(2),
      eventsPerSecond: Math.round(appended / appendSeconds),
      batch,
      nodeCpuSeconds: +appendNodeCpuSeconds.toFixed(2),
    },
    inclusionProof: {
      treeSize: size,
      samples: proofs,
      firstProofMs: Math.round(cacheLoadMs),
      serviceMedianMs: percentile(serviceMs, 0.5),
      serviceP99Ms: percentile(serviceMs, 0.99),
      httpMedianMs: percentile(httpMs, 0.5),
      httpP99Ms: percentile(httpMs, 0.99),
    },
    verify: { leaves: size, seconds: +verifySeconds.toFixed(1), leavesPerSecond: Math.round(size / verifySeconds) },
  }
  await writeFile(`bench/out/log-${events}.json`, JSON.stringify(results, null, 2) + '\n')
  process.stdout.write(JSON.stringify(results, null, 2) + '\n')
} finally {
  await database.close()
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
}
