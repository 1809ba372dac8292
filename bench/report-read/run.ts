/**
 * bench/report-read: relying parties reading reports over HTTP, against a bare Fastify route running
 * the same SELECT, in one run on this machine (load generator included).
 *   node bench/report-read/run.ts [--records 1000000] [--duration 20] [--rounds 3] [--keep]
 * 1. imports N generated records (~10 per subject) into a fresh PostgreSQL database (fides import);
 * 2. VACUUM ANALYZE and CHECKPOINT (steady state), then starts Fides (npm start's server, PostgreSQL,
 *    logging off, rate limit raised) and the bare server;
 * 3. autocannon, 32 connections, D seconds, random organisations, in R rounds (--rounds, default 3;
 *    the median ratio counts): the report route
 *    (GET /v1/reports/{id}?purpose=credit_application: API key, purpose, view, inquiry written) and the bare route;
 * 4. the report route at a constant 1,000 requests/s (autocannon overallRate): latency percentiles.
 * 5. the bare route at the same constant rate: what the machine itself gives at that load;
 * 6. both routes at 1,000 req/s from an open-loop generator (bench/lib/constant-rate.ts), because
 *    autocannon's overallRate sends each second's requests in one burst.
 * --keep keeps the imported database (and its keys, in bench/out) for the next run with the same
 * --records, which then skips the import: for comparing code changes, not for a first measurement.
 * Needs PostgreSQL at FIDES_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { cpus, totalmem } from 'node:os'
import { parseArgs } from 'node:util'
import { randomBytes } from 'node:crypto'
import autocannon from 'autocannon'
import { serve } from '../lib/serve.ts'
import pg from 'pg'
import { generate } from '../ingest/generate.ts'
import { constantRate } from '../lib/constant-rate.ts'

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    duration: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
  },
})
const records = Number(values.records)
const duration = Number(values.duration)
const adminUrl = process.env.FIDES_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const file = `bench/out/records-${records}.ndjson`
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

function run(args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...env, FIDES_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
    })
    child.on('exit', (code) =>
      code === 0 || code === 2 ? resolve(out) : reject(new Error(`${args.join(' ')} exited ${code}`)),
    )
  })
}

function load(
  base: string,
  pathFor: (id: string) => string,
  ids: string[],
  headers: Record<string, string>,
  options: { connections: number; duration: number; overallRate?: number },
) {
  let i = 0
  return autocannon({
    url: base,
    connections: options.connections,
    duration: options.duration,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    requests: [
      { method: 'GET', headers, setupRequest: (request) => ({ ...request, path: pathFor(ids[i++ % ids.length]!) }) },
    ],
  })
}

const summary = (r: autocannon.Result) => {
  if (r.non2xx > 0 || r.errors > 0)
    throw new Error(`${r.non2xx} non-2xx responses and ${r.errors} errors: the figures would mean nothing`)
  return summarise(r)
}
const summarise = (r: autocannon.Result) => ({
  requestsPerSecond: Math.round(r.requests.average),
  p50ms: r.latency.p50,
  p99ms: r.latency.p99,
  errors: r.errors,
  non2xx: r.non2xx,
  timeouts: r.timeouts,
})

if (!existsSync(file)) await generate({ records, out: file, seed: 7 })
const kept = `bench/out/report-read-${records}.keep.json`
const reuse = values.keep && existsSync(kept)
const name = values.keep ? `fides_bench_read_${records}` : `fides_bench_read_${process.pid}`
const dbUrl = new URL(adminUrl)
dbUrl.pathname = '/' + name
type Setup = {
  env: { DATABASE_URL: string; FIDES_ENCRYPTION_KEY: string; FIDES_INDEX_KEY: string; FIDES_LOG_KEY: string }
  apiKey: string
  ids: string[]
}
const children: ChildProcess[] = []
let setup: Setup | undefined
try {
  if (reuse) {
    setup = JSON.parse(await readFile(kept, 'utf8')) as Setup
    setup.env.FIDES_LOG_KEY ??= randomBytes(32).toString('base64')
    log(`reusing ${name} (--keep)`)
  } else {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin(`CREATE DATABASE ${name}`)
    const env = {
      DATABASE_URL: dbUrl.toString(),
      FIDES_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      FIDES_INDEX_KEY: randomBytes(32).toString('base64'),
      FIDES_LOG_KEY: randomBytes(32).toString('base64'),
    }
    log(`importing ${records} records ...`)
    await run(
      [
        'src/cli/main.ts',
        'source',
        'add',
        '--name',
        'bench',
        '--type',
        'credit_authority',
        '--kinds',
        'admin_licence,admin_penalty_minor,admin_penalty_general,admin_penalty_serious,admin_penalty_warning,court_judgment_enforcement,judgment_defaulter,tax_arrears,tax_credit_grade,loan_account,public_body_contract_default,wage_arrears_listing,product_safety_violation,environmental_penalty,work_safety_penalty,public_procurement_breach,commendation,abnormal_operation_listing',
      ],
      env,
    )
    await run(['src/cli/main.ts', 'import', file, '--source', 'bench', '--no-progress'], env)
    const keyLine = await run(
      [
        'src/cli/main.ts',
        'relying-party',
        'add',
        '--name',
        'bench-bank',
        '--type',
        'lender',
        '--purposes',
        'credit_application',
      ],
      env,
    )
    const apiKey = /API key[^:]*: (\S+)/.exec(keyLine)![1]!
    const client = new pg.Client({ connectionString: env.DATABASE_URL })
    await client.connect()
    const ids = (
      await client.query<{ subject_id: string }>(
        `SELECT subject_id FROM subjects WHERE subject_type <> 'person' ORDER BY random() LIMIT 20000`,
      )
    ).rows.map((r) => r.subject_id)
    await client.end()
    setup = { env, apiKey, ids }
    if (values.keep) await writeFile(kept, JSON.stringify(setup) + '\n', { mode: 0o600 })
  }
  const { env, apiKey, ids } = setup
  // Measure the steady state, not the aftermath of a bulk load (or of the previous run's inquiries):
  // without this, autovacuum (which insert-only tables trigger) and a checkpoint land in the middle
  // of whichever route runs second.
  log('VACUUM ANALYZE, CHECKPOINT ...')
  const client = new pg.Client({ connectionString: env.DATABASE_URL })
  await client.connect()
  await client.query('VACUUM ANALYZE')
  await client.query('CHECKPOINT')
  await client.end()
  log(`${ids.length} organisations to read`)

  children.push(
    await serve(
      ['src/server.ts'],
      {
        ...env,
        FIDES_PORT: '18080',
        FIDES_LOG_LEVEL: 'silent',
        FIDES_RATE_LIMIT: '10000000',
        FIDES_DEMO: 'false',
        FIDES_RATING_INTERVAL_MS: '0',
      },
      'http://127.0.0.1:18080/health',
    ),
  )
  children.push(
    await serve(['bench/report-read/bare-server.ts', '18081'], env, `http://127.0.0.1:18081/bare/${ids[0]}`),
  )

  log('warm-up ...')
  const bareRoute = (id: string) => `/bare/${id}`
  const reportRoute = (id: string) => `/v1/reports/${id}?purpose=credit_application`
  const auth = { authorization: `Bearer ${apiKey}` }
  summary(await load('http://127.0.0.1:18081', bareRoute, ids, {}, { connections: 8, duration: 3 }))
  summary(await load('http://127.0.0.1:18080', reportRoute, ids, auth, { connections: 8, duration: 3 }))
  // The machine is shared and noisy: alternate the two routes, and take the median ratio of the rounds.
  const rounds: { bare: ReturnType<typeof summary>; report: ReturnType<typeof summary>; ratio: number }[] = []
  for (let round = 1; round <= Number(values.rounds); round++) {
    log(`saturation round ${round}, 32 connections, ${duration} s each: bare route ...`)
    const bare = summary(await load('http://127.0.0.1:18081', bareRoute, ids, {}, { connections: 32, duration }))
    log(`  ${bare.requestsPerSecond} req/s, p99 ${bare.p99ms} ms`)
    log(`saturation round ${round}: report route ...`)
    const report = summary(await load('http://127.0.0.1:18080', reportRoute, ids, auth, { connections: 32, duration }))
    const ratio = +(report.requestsPerSecond / bare.requestsPerSecond).toFixed(3)
    log(`  ${report.requestsPerSecond} req/s, p99 ${report.p99ms} ms = ${ratio.toFixed(2)} x bare`)
    rounds.push({ bare, report, ratio })
  }
  const medianRound = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)]!
  const { bare, report } = medianRound
  log(`median ratio over ${rounds.length} rounds: ${medianRound.ratio.toFixed(2)} x bare`)
  log(`constant 1,000 req/s, ${duration} s: report route ...`)
  const constant = summary(
    await load('http://127.0.0.1:18080', reportRoute, ids, auth, { connections: 32, duration, overallRate: 1000 }),
  )
  log(`  ${constant.requestsPerSecond} req/s, p50 ${constant.p50ms} ms, p99 ${constant.p99ms} ms`)
  log(`constant 1,000 req/s, ${duration} s: bare route ...`)
  const bareConstant = summary(
    await load('http://127.0.0.1:18081', bareRoute, ids, {}, { connections: 32, duration, overallRate: 1000 }),
  )
  log(`  ${bareConstant.requestsPerSecond} req/s, p50 ${bareConstant.p50ms} ms, p99 ${bareConstant.p99ms} ms`)
  // autocannon's overallRate sends each second's quota in a burst (see bench/lib/constant-rate.ts):
  // the same rate again, open loop, one request every millisecond, latency counted from its due time.
  const openLoop = async (base: string, route: (id: string) => string, headers: Record<string, string>) => {
    const r = await constantRate({
      base,
      rate: 1000,
      seconds: duration,
      connections: 32,
      path: (i) => route(ids[i % ids.length]!),
      headers,
    })
    if (r.non2xx > 0 || r.errors > 0)
      throw new Error(`${r.non2xx} non-2xx responses and ${r.errors} errors: the figures would mean nothing`)
    log(
      `  ${r.requestsPerSecond} req/s, p50 ${r.p50ms} ms, p90 ${r.p90ms} ms, p99 ${r.p99ms} ms, max ${r.maxms} ms (generator lag up to ${r.maxSendLagMs} ms)`,
    )
    return r
  }
  log(`open loop, 1,000 req/s, ${duration} s: report route ...`)
  const reportOpen = await openLoop('http://127.0.0.1:18080', reportRoute, auth)
  log(`open loop, 1,000 req/s, ${duration} s: bare route ...`)
  const bareOpen = await openLoop('http://127.0.0.1:18081', bareRoute, {})
  const results = {
    date: new Date().toISOString(),
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim(),
    records,
    machine: `${cpus().length} cores (${cpus()[0]?.model}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
    node: process.version,
    saturation: { connections: 32, seconds: duration, median: { bare, report, ratio: medianRound.ratio }, rounds },
    constant1000: { report: constant, bare: bareConstant },
    openLoop1000: { report: reportOpen, bare: bareOpen },
  }
  await writeFile(`bench/out/report-read-${records}.json`, JSON.stringify(results, null, 2) + '\n')
  process.stdout.write(JSON.stringify(results, null, 2) + '\n')
} finally {
  for (const child of children) child.kill('SIGTERM')
  await new Promise((r) => setTimeout(r, 1000))
  if (!values.keep) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
}
