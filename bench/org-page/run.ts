/**
 * bench/org-page: an organisation's public page (GET /org/{id}, HTML, through the real server: the
 * portal calling the profile API in-process) at a constant rate, against a bare route making the same
 * reads (bench/org-page/bare-server.ts), on PostgreSQL, in one run on this machine (load generator
 * included). The issue's goal: p99 <= 20 ms at 500 requests/s.
 *   node bench/org-page/run.ts [--organisations 100000] [--records 4] [--rate 500] [--duration 20]
 * 1. a fresh PostgreSQL database, migrated, the shipped catalogue active, one source; generated straight
 *    in SQL: N organisations (Chinese names, USCC-shaped codes, divisions), R public records each
 *    (licences and penalties with the catalogue's sample fields, decided within their display windows),
 *    one in fifty on the judgment defaulters' list in force; VACUUM ANALYZE, CHECKPOINT;
 * 2. the real server (src/server.ts, logging off, rate limit raised, no rating worker) and the bare server;
 * 3. a short warm-up of both, then the page and the bare route each at a constant R requests/s for D s
 *    from an open-loop generator (bench/lib/constant-rate.ts: latency from each request's due time),
 *    random organisations: p50, p90, p99, max.
 * Needs PostgreSQL at FIDES_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 * Do not run it while other work shares the machine: the figures would be that work's.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { cpus, totalmem } from 'node:os'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { openPostgres } from '../../src/db/database.ts'
import { migrateToLatest } from '../../src/db/migrator.ts'
import { activateCatalogue, kindSample, loadListCatalogue } from '../../src/modules/catalogue/index.ts'
import { addSource } from '../../src/modules/sources/index.ts'
import { DEFAULT_RATING_MODEL, loadRatingModel } from '../../src/modules/ratings/index.ts'
import { addDays, chinaDate } from '../../src/platform/calendar.ts'
import { systemClock } from '../../src/platform/clock.ts'
import { constantRate, type ConstantRateResult } from '../lib/constant-rate.ts'

const { values } = parseArgs({
  options: {
    organisations: { type: 'string', default: '100000' },
    records: { type: 'string', default: '4' },
    rate: { type: 'string', default: '500' },
    duration: { type: 'string', default: '20' },
  },
})
const organisations = Number(values.organisations)
const perOrganisation = Number(values.records)
const rate = Number(values.rate)
const duration = Number(values.duration)
const adminUrl = process.env.FIDES_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const log = (m: string) => process.stderr.write(m + '\n')
const PORT = 18090
const BARE_PORT = 18091
const CONNECTIONS = 32

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

function serve(args: string[], env: Record<string, string>, url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  children.push(child)
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const poll = async () => {
      try {
        if ((await fetch(url)).status < 500) return resolve(child)
      } catch {
        /* not yet */
      }
      if (Date.now() - started > 60_000) return reject(new Error(`${url} did not come up`))
      setTimeout(() => void poll(), 250)
    }
    void poll()
  })
}

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`

const name = `fides_bench_org_${process.pid}`
const dbUrl = new URL(adminUrl)
dbUrl.pathname = '/' + name
const children: ChildProcess[] = []
try {
  await withClient(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await c.query(`CREATE DATABASE ${name}`)
  })
  const env = {
    DATABASE_URL: dbUrl.toString(),
    FIDES_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    FIDES_INDEX_KEY: randomBytes(32).toString('base64'),
    FIDES_LOG_KEY: randomBytes(32).toString('base64'),
  }
  const started = performance.now()
  const database = await openPostgres(env.DATABASE_URL, 2)
  let kinds: { code: string; fields: string; window: number }[]
  let sourceId: string
  let catalogueVersion: string
  let listKinds: string[]
  let ratingModel: string
  try {
    await migrateToLatest(database)
    const catalogue = await activateCatalogue(database, systemClock, 'catalogue/record-kinds.json')
    catalogueVersion = catalogue.version
    const codes = ['admin_licence', 'admin_penalty_general', 'admin_penalty_minor']
    kinds = codes.map((code) => {
      const kind = catalogue.kinds.get(code)
      if (!kind?.display) throw new Error(`the catalogue has no public kind ${code}: adapt bench/org-page/run.ts`)
      // decided within the first 300 days of the shortest display window (a year): every record is shown
      return { code, fields: JSON.stringify(kindSample(kind)), window: 300 }
    })
    const { source } = await addSource(
      database,
      systemClock,
      { type: 'operator', id: 'bench' },
      {
        name: 'bench-regulator',
        displayName: '福州市市场监督管理局',
        agencyType: 'market_regulator',
        allowedKinds: codes,
      },
      new Set(catalogue.kinds.keys()),
    )
    sourceId = source.sourceId
    const lists = await loadListCatalogue(new Set(catalogue.kinds.keys()))
    listKinds = lists.listKinds.filter((k) => k.disclosure === 'public').map((k) => k.code)
    ratingModel = (await loadRatingModel(DEFAULT_RATING_MODEL, new Set(catalogue.kinds.keys()))).code
  } finally {
    await database.close()
  }
  const today = chinaDate(new Date())
  log(`generating ${organisations} organisations with ${perOrganisation} records each ...`)
  await withClient(env.DATABASE_URL, async (c) => {
    await c.query('SET synchronous_commit = off')
    const subject = (i: string) => `md5('fides-bench-org:' || ${i})::uuid`
    await c.query(`INSERT INTO subjects (subject_id, subject_type, uscc, name, division_code, created_at)
      SELECT ${subject('i')}, 'enterprise', '91350102' || lpad(i::text, 10, '0'),
        (ARRAY['福州','厦门','泉州','漳州','莆田'])[1 + i % 5] || (ARRAY['闽江','鼓楼','海峡','东南','榕城','鹭岛'])[1 + (i / 5) % 6] || i || '号商贸有限公司',
        '350102', now()
      FROM generate_series(1, ${organisations}) AS i`)
    const kindArray = `ARRAY[${kinds.map((k) => literal(k.code)).join(',')}]`
    const fieldsArray = `ARRAY[${kinds.map((k) => `${literal(k.fields)}::jsonb`).join(',')}]`
    await c.query(`INSERT INTO records (subject_id, record_id, version, source_id, source_record_id, kind_code, catalogue_version,
        decided_on, conduct_ended_on, fields, content_hash, identifier_check_failed, received_at)
      SELECT ${subject('i')}, md5('fides-bench-org-record:' || i || ':' || j)::uuid, 1, ${literal(sourceId)}::uuid,
        'R-' || i || '-' || j, (${kindArray})[1 + (i + j) % ${kinds.length}], ${literal(catalogueVersion)},
        date ${literal(today)} - 1 - ((i * 7 + j * 31) % ${kinds[0]!.window}), NULL,
        (${fieldsArray})[1 + (i + j) % ${kinds.length}], sha256(('bench' || i || ':' || j)::bytea), false, now()
      FROM generate_series(1, ${organisations}) AS i, generate_series(1, ${perOrganisation}) AS j`)
    // one organisation in fifty on the judgment defaulters' list (public), in force
    const blackList = listKinds.find((k) => k === 'judgment_defaulters')
    if (blackList !== undefined)
      await c.query(`INSERT INTO list_entries (subject_id, entry_id, list_kind, list_type, area, criterion, basis_record_id, status,
          proposed_on, proposed_by, noticed_on, objection_window_ends_on, decided_on, decided_by, deciding_agency, starts_on, ends_on, updated_at)
        SELECT ${subject('i')}, md5('fides-bench-org-entry:' || i)::uuid, ${literal(blackList)}, 'black', NULL, 'able_to_pay_but_refuses',
          md5('fides-bench-org-record:' || i || ':1')::uuid, 'active', date ${literal(addDays(today, -60))}, 'bench-officer',
          date ${literal(addDays(today, -55))}, date ${literal(addDays(today, -25))}, date ${literal(addDays(today, -20))}, 'bench-officer',
          '福州市中级人民法院', date ${literal(addDays(today, -20))}, date ${literal(addDays(today, 700))}, now()
        FROM generate_series(1, ${organisations}, 50) AS i`)
    log(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s; VACUUM ANALYZE, CHECKPOINT ...`)
    await c.query('VACUUM ANALYZE')
    await c.query('CHECKPOINT')
  })
  const ids = await withClient(env.DATABASE_URL, async (c) =>
    (await c.query<{ subject_id: string }>(`SELECT subject_id FROM subjects ORDER BY random() LIMIT 20000`)).rows.map(
      (r) => r.subject_id,
    ),
  )

  await serve(
    ['src/server.ts'],
    {
      ...env,
      FIDES_PORT: String(PORT),
      FIDES_LOG_LEVEL: 'silent',
      FIDES_RATE_LIMIT: '10000000',
      FIDES_DEMO: 'false',
      FIDES_RATING_INTERVAL_MS: '0',
    },
    `http://127.0.0.1:${PORT}/health`,
  )
  await serve(
    ['bench/org-page/bare-server.ts', String(BARE_PORT), listKinds.join(','), ratingModel],
    env,
    `http://127.0.0.1:${BARE_PORT}/bare/${ids[0]}`,
  )
  const open = async (what: string, base: string, route: (id: string) => string, seconds: number) => {
    log(`${what}: ${rate} req/s for ${seconds} s ...`)
    const r = await constantRate({
      base,
      rate,
      seconds,
      connections: CONNECTIONS,
      path: (i) => route(ids[i % ids.length]!),
    })
    if (r.non2xx > 0 || r.errors > 0)
      throw new Error(`${r.non2xx} non-2xx responses and ${r.errors} errors: the figures would mean nothing`)
    log(
      `  p50 ${r.p50ms} ms, p90 ${r.p90ms} ms, p99 ${r.p99ms} ms, max ${r.maxms} ms (generator lag up to ${r.maxSendLagMs} ms)`,
    )
    return r
  }
  const page = (id: string) => `/org/${id}`
  const bare = (id: string) => `/bare/${id}`
  // a page's size, to report with its latency
  const sample = await fetch(`http://127.0.0.1:${PORT}${page(ids[0]!)}`)
  const bytes = (await sample.arrayBuffer()).byteLength
  if (sample.status !== 200) throw new Error(`GET /org/{id} answered ${sample.status}`)
  await open('warm-up, the page', `http://127.0.0.1:${PORT}`, page, Math.min(3, duration))
  await open('warm-up, bare', `http://127.0.0.1:${BARE_PORT}`, bare, Math.min(3, duration))
  const results: Record<string, ConstantRateResult> = {}
  results.page = await open('the organisation page', `http://127.0.0.1:${PORT}`, page, duration)
  results.bare = await open('the bare reads', `http://127.0.0.1:${BARE_PORT}`, bare, duration)
  const out = {
    date: new Date().toISOString(),
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim(),
    organisations,
    recordsPerOrganisation: perOrganisation,
    rate,
    seconds: duration,
    connections: CONNECTIONS,
    pageBytes: bytes,
    machine: `${cpus().length} cores (${cpus()[0]?.model}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
    node: process.version,
    goal: 'page p99 <= 20 ms at 500 req/s',
    page: results.page,
    bare: results.bare,
  }
  await mkdir('bench/out', { recursive: true })
  await writeFile(`bench/out/org-page-${organisations}.json`, JSON.stringify(out, null, 2) + '\n')
  process.stdout.write(JSON.stringify(out, null, 2) + '\n')
} finally {
  for (const child of children) child.kill('SIGTERM')
  await new Promise((r) => setTimeout(r, 1000))
  await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
}
