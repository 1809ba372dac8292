/**
 * bench/report-read: relying parties reading reports over HTTP, against a bare Fastify route running
 * the same SELECT, in one run on this machine (load generator included).
 *   node bench/report-read/run.ts [--records 1000000] [--duration 20]
 * 1. imports N generated records (~10 per subject) into a fresh PostgreSQL database (fides import);
 * 2. VACUUM ANALYZE and CHECKPOINT (steady state), then starts Fides (npm start's server, PostgreSQL,
 *    logging off, rate limit raised) and the bare server;
 * 3. autocannon, 32 connections, D seconds, random organisations: the report route
 *    (GET /v1/reports/{id}?purpose=credit_application: API key, purpose, view, inquiry written) and the bare route;
 * 4. the report route at a constant 1,000 requests/s (autocannon overallRate): latency percentiles.
 * Needs PostgreSQL at FIDES_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { cpus, totalmem } from 'node:os'
import { parseArgs } from 'node:util'
import { randomBytes } from 'node:crypto'
import autocannon from 'autocannon'
import pg from 'pg'
import { generate } from '../ingest/generate.ts'

const { values } = parseArgs({ options: { records: { type: 'string', default: '1000000' }, duration: { type: 'string', default: '20' } } })
const records = Number(values.records)
const duration = Number(values.duration)
const adminUrl = process.env.FIDES_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const file = `bench/out/records-${records}.ndjson`
const log = (m: string) => process.stderr.write(m + '\n')

async function admin(query: string) {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try { await client.query(query) } finally { await client.end() }
}

function run(args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env, FIDES_LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (d) => { out += d })
    child.on('exit', (code) => (code === 0 || code === 2 ? resolve(out) : reject(new Error(`${args.join(' ')} exited ${code}`))))
  })
}

function serve(args: string[], env: Record<string, string>, url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] })
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const poll = async () => {
      try { if ((await fetch(url)).status < 500) return resolve(child) } catch { /* not yet */ }
      if (Date.now() - started > 60_000) return reject(new Error(`${url} did not come up`))
      setTimeout(() => void poll(), 250)
    }
    void poll()
  })
}

function load(base: string, pathFor: (id: string) => string, ids: string[], headers: Record<string, string>, options: { connections: number; duration: number; overallRate?: number }) {
  let i = 0
  return autocannon({
    url: base, connections: options.connections, duration: options.duration, ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    requests: [{ method: 'GET', headers, setupRequest: (request) => ({ ...request, path: pathFor(ids[i++ % ids.length]!) }) }],
  })
}

const summary = (r: autocannon.Result) => {
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${r.non2xx} non-2xx responses and ${r.errors} errors: the figures would mean nothing`)
  return summarise(r)
}
const summarise = (r: autocannon.Result) => ({ requestsPerSecond: Math.round(r.requests.average), p50ms: r.latency.p50, p99ms: r.latency.p99, errors: r.errors, non2xx: r.non2xx, timeouts: r.timeouts })

if (!existsSync(file)) await generate({ records, out: file, seed: 7 })
const name = `fides_bench_read_${process.pid}`
await admin(`CREATE DATABASE ${name}`)
const dbUrl = new URL(adminUrl)
dbUrl.pathname = '/' + name
const env = { DATABASE_URL: dbUrl.toString(), FIDES_ENCRYPTION_KEY: randomBytes(32).toString('base64'), FIDES_INDEX_KEY: randomBytes(32).toString('base64') }
const children: ChildProcess[] = []
try {
  log(`importing ${records} records ...`)
  await run(['src/cli/main.ts', 'source', 'add', '--name', 'bench', '--type', 'credit_authority', '--kinds', 'admin_licence,admin_penalty_minor,admin_penalty_general,admin_penalty_serious,admin_penalty_warning,court_judgment_enforcement,judgment_defaulter,tax_arrears,tax_credit_grade,loan_account,public_body_contract_default,wage_arrears_listing,product_safety_violation,environmental_penalty,work_safety_penalty,public_procurement_breach,commendation,abnormal_operation_listing'], env)
  await run(['src/cli/main.ts', 'import', file, '--source', 'bench', '--no-progress'], env)
  const keyLine = await run(['src/cli/main.ts', 'relying-party', 'add', '--name', 'bench-bank', '--type', 'lender', '--purposes', 'credit_application'], env)
  const apiKey = /API key[^:]*: (\S+)/.exec(keyLine)![1]!
  const client = new pg.Client({ connectionString: env.DATABASE_URL })
  await client.connect()
  const ids = (await client.query<{ subject_id: string }>(`SELECT subject_id FROM subjects WHERE subject_type <> 'person' ORDER BY random() LIMIT 20000`)).rows.map((r) => r.subject_id)
  // Measure the steady state, not the aftermath of a bulk load: without this, autovacuum (which
  // insert-only tables trigger) and a checkpoint land in the middle of whichever route runs second.
  log('VACUUM ANALYZE, CHECKPOINT ...')
  await client.query('VACUUM ANALYZE')
  await client.query('CHECKPOINT')
  await client.end()
  log(`${ids.length} organisations to read`)

  children.push(await serve(['src/server.ts'], { ...env, FIDES_PORT: '18080', FIDES_LOG_LEVEL: 'silent', FIDES_RATE_LIMIT: '10000000', FIDES_DEMO: 'false' }, 'http://127.0.0.1:18080/health'))
  children.push(await serve(['bench/report-read/bare-server.ts', '18081'], env, `http://127.0.0.1:18081/bare/${ids[0]}`))

  log('warm-up ...')
  const bareRoute = (id: string) => `/bare/${id}`
  const reportRoute = (id: string) => `/v1/reports/${id}?purpose=credit_application`
  const auth = { authorization: `Bearer ${apiKey}` }
  summary(await load('http://127.0.0.1:18081', bareRoute, ids, {}, { connections: 8, duration: 3 }))
  summary(await load('http://127.0.0.1:18080', reportRoute, ids, auth, { connections: 8, duration: 3 }))
  log(`saturation, 32 connections, ${duration} s: bare route ...`)
  const bare = summary(await load('http://127.0.0.1:18081', bareRoute, ids, {}, { connections: 32, duration }))
  log(`  ${bare.requestsPerSecond} req/s, p99 ${bare.p99ms} ms`)
  log('saturation: report route ...')
  const report = summary(await load('http://127.0.0.1:18080', reportRoute, ids, auth, { connections: 32, duration }))
  log(`  ${report.requestsPerSecond} req/s, p99 ${report.p99ms} ms = ${(report.requestsPerSecond / bare.requestsPerSecond).toFixed(2)} x bare`)
  log(`constant 1,000 req/s, ${duration} s: report route ...`)
  const constant = summary(await load('http://127.0.0.1:18080', reportRoute, ids, auth, { connections: 32, duration, overallRate: 1000 }))
  log(`  ${constant.requestsPerSecond} req/s, p50 ${constant.p50ms} ms, p99 ${constant.p99ms} ms`)
  const results = {
    date: new Date().toISOString(), records, machine: `${cpus().length} cores (${cpus()[0]?.model}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB`, node: process.version,
    saturation: { connections: 32, seconds: duration, bare, report, ratio: +(report.requestsPerSecond / bare.requestsPerSecond).toFixed(2) },
    constant1000: constant,
  }
  await writeFile(`bench/out/report-read-${records}.json`, JSON.stringify(results, null, 2) + '\n')
  process.stdout.write(JSON.stringify(results, null, 2) + '\n')
} finally {
  for (const child of children) child.kill('SIGTERM')
  await new Promise((r) => setTimeout(r, 1000))
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
}
