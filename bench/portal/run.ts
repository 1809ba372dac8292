/**
 * bench/portal: the public organisation page (`GET /org/{id}`, server-rendered from the public API)
 * on N organisations (default 100 k) with their records, on PostgreSQL. Goals (issue 8): p99 <= 20 ms
 * at a constant 500 requests/s; a first page load <= 200 KB transferred.
 *   npx node bench/portal/run.ts [--subjects 100000] [--seconds 20] [--keep]
 *
 * 1. the organisations database of bench/ratings (bench/ratings/generate.ts), rated once so that the
 *    pages show grades;
 * 2. starts Fides (npm start's server: PostgreSQL, logging off, rate limit raised, rating worker off)
 *    and waits until the transparency log has taken the rating pass's events (steady state);
 * 3. a first load: the page and everything it references (it references nothing: no script, no style
 *    sheet, no font, no image) — bytes transferred;
 * 4. open loop at 500 requests/s for --seconds on random organisations' pages, then the same on the
 *    public-file API route (`GET /v1/public/subjects/{id}`) and on the profile route the page is built
 *    from (`.../profile`: file, list entries, grade), to compare in one run;
 * 5. checks: every answer 200, and a sample of pages holds the organisation's name.
 */
import { parseArgs } from 'node:util'
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { openPostgres } from '../../src/db/database.ts'
import { systemClock } from '../../src/platform/clock.ts'
import { activateCatalogue } from '../../src/modules/catalogue/index.ts'
import {
  DEFAULT_RATING_MODEL,
  loadRatingModel,
  ratingContextOf,
  recomputeAll,
} from '../../src/modules/ratings/index.ts'
import { constantRate } from '../lib/constant-rate.ts'
import { organisationsDatabase, withClient } from '../ratings/generate.ts'

const { values } = parseArgs({
  options: {
    subjects: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '20' },
    keep: { type: 'boolean', default: false },
  },
})
const N = Number(values.subjects)
const SECONDS = Number(values.seconds)
const RATE = 500
const GOAL_P99_MS = 20
const GOAL_BYTES = 200_000
const PORT = 18095
const BASE = `http://127.0.0.1:${PORT}`
const log = (s: string) => process.stderr.write(s + '\n')

const db = await organisationsDatabase({ subjects: N, keep: values.keep, log })
{
  const database = await openPostgres(db.url, 4)
  const catalogue = await activateCatalogue(database, systemClock, 'catalogue/record-kinds.json')
  const rating = ratingContextOf(await loadRatingModel(DEFAULT_RATING_MODEL, new Set(catalogue.kinds.keys())))
  const r = await recomputeAll({ database, clock: systemClock, catalogue, rating })
  log(`rated ${r.subjects} organisations (${r.changed} changed) in ${r.seconds.toFixed(1)} s`)
  await database.close()
}
const ids = await withClient(
  db.url,
  async (c) =>
    (
      await c.query<{ subject_id: string; name: string }>(
        'SELECT subject_id, name FROM subjects ORDER BY random() LIMIT 20000',
      )
    ).rows,
)

const env = {
  DATABASE_URL: db.url,
  FIDES_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  FIDES_INDEX_KEY: randomBytes(32).toString('base64'),
  FIDES_LOG_KEY: randomBytes(32).toString('base64'),
  FIDES_PORT: String(PORT),
  FIDES_LOG_LEVEL: 'silent',
  FIDES_RATE_LIMIT: '10000000',
  FIDES_DEMO: 'false',
  FIDES_RATING_INTERVAL_MS: '0',
}
const server: ChildProcess = spawn(process.execPath, ['src/server.ts'], {
  env: { ...process.env, ...env },
  stdio: ['ignore', 'ignore', 'inherit'],
})
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${BASE}/health`)).ok) break
    } catch {
      /* not yet */
    }
    if (i > 600) throw new Error('the server did not start')
    await new Promise((r) => setTimeout(r, 100))
  }
  // steady state: the rating pass's events are in the transparency log before the measurement (the
  // server's log thread sequences them in the background)
  for (;;) {
    const backlog = await withClient(db.url, async (c) =>
      Number(
        (await c.query<{ n: string }>('SELECT (SELECT count(*) FROM audit_events) - (SELECT size FROM log_state) AS n'))
          .rows[0]!.n,
      ),
    )
    if (backlog <= 0) break
    log(`  waiting for the transparency log to take ${backlog} events ...`)
    await new Promise((r) => setTimeout(r, 2000))
  }
  // 3. a first load
  const first = await fetch(`${BASE}/org/${ids[0]!.subject_id}`)
  const page = await first.text()
  const referenced = [...page.matchAll(/<(?:script|link|img)[^>]*(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)
  const firstBytes = Buffer.byteLength(page)
  log(`first load: ${firstBytes} bytes, ${referenced.length} resources referenced (goal <= ${GOAL_BYTES} bytes)`)
  // warm-up: every sampled organisation's page once (so that no phase below pays for a cold cache the
  // next one then finds warm), then 3 s at the rate
  for (let i = 0; i < ids.length; i += 16)
    await Promise.all(ids.slice(i, i + 16).map(async (s) => (await fetch(`${BASE}/org/${s.subject_id}`)).text()))
  await constantRate({
    base: BASE,
    rate: RATE,
    seconds: 3,
    connections: 32,
    path: (i) => `/org/${ids[i % ids.length]!.subject_id}`,
  })
  const pageRun = await constantRate({
    base: BASE,
    rate: RATE,
    seconds: SECONDS,
    connections: 32,
    path: (i) => `/org/${ids[(i * 7919) % ids.length]!.subject_id}`,
  })
  log(
    `organisation page at ${RATE}/s for ${SECONDS} s: p50 ${pageRun.p50ms} ms, p90 ${pageRun.p90ms} ms, p99 ${pageRun.p99ms} ms, max ${pageRun.maxms} ms; ${pageRun.non2xx} non-2xx, ${pageRun.errors} errors (generator lag up to ${pageRun.maxSendLagMs} ms)`,
  )
  const apiRun = await constantRate({
    base: BASE,
    rate: RATE,
    seconds: SECONDS,
    connections: 32,
    path: (i) => `/v1/public/subjects/${ids[(i * 7919) % ids.length]!.subject_id}`,
  })
  log(
    `its public-file API route at ${RATE}/s: p50 ${apiRun.p50ms} ms, p99 ${apiRun.p99ms} ms; ${apiRun.non2xx} non-2xx`,
  )
  const profileRun = await constantRate({
    base: BASE,
    rate: RATE,
    seconds: SECONDS,
    connections: 32,
    path: (i) => `/v1/public/subjects/${ids[(i * 7919) % ids.length]!.subject_id}/profile`,
  })
  log(
    `the profile API route the page is built from, at ${RATE}/s: p50 ${profileRun.p50ms} ms, p99 ${profileRun.p99ms} ms; ${profileRun.non2xx} non-2xx`,
  )
  // 5. checks
  const problems: string[] = []
  if (pageRun.non2xx + pageRun.errors > 0) problems.push(`${pageRun.non2xx} non-2xx and ${pageRun.errors} errors`)
  for (const s of ids.slice(0, 50)) {
    const html = await (await fetch(`${BASE}/org/${s.subject_id}?lang=en`)).text()
    if (!html.includes(s.name)) problems.push(`${s.subject_id}: its name is not on its page`)
  }
  log(problems.length === 0 ? 'checks: all pass' : `checks: ${problems.join('; ')}`)
  const met = pageRun.p99ms <= GOAL_P99_MS && firstBytes <= GOAL_BYTES && problems.length === 0
  await mkdir('bench/out', { recursive: true })
  await writeFile(
    `bench/out/portal-${N}.json`,
    JSON.stringify(
      {
        subjects: N,
        rate: RATE,
        seconds: SECONDS,
        firstBytes,
        referenced: referenced.length,
        page: pageRun,
        api: apiRun,
        profile: profileRun,
        problems,
        met,
      },
      null,
      2,
    ) + '\n',
  )
  console.log(
    `bench/portal ${N} organisations: page p99 ${pageRun.p99ms} ms at ${RATE}/s (API route ${apiRun.p99ms} ms; goal <= ${GOAL_P99_MS} ms), first load ${firstBytes} bytes (goal <= ${GOAL_BYTES}): ${met ? 'met' : 'MISSED'}`,
  )
} finally {
  server.kill('SIGTERM')
  if (!values.keep) {
    await new Promise((r) => setTimeout(r, 500))
    await db.drop()
  }
}
