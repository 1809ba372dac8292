/**
 * bench/checks: departments checking subjects over HTTP (GET /v1/checks?subject=&domain=), against a
 * bare Fastify route doing the same grouped lookup and inquiry statement (bench/checks/bare-server.ts), in one run on this
 * machine (load generator included).
 *   node bench/checks/run.ts [--subjects 1000000] [--entries 50000] [--ended 50000] [--duration 20]
 *     [--rounds 3] [--constant-duration 20] [--keep]
 * 1. generates N organisations and E active list entries (plus ended ones) in a fresh database
 *    (bench/checks/generate.ts), or reuses the kept one (--keep);
 * 2. adds a department registered for every domain (its API key stays in this process), VACUUM
 *    ANALYZE and CHECKPOINT, then starts Fides (npm start's server, PostgreSQL, logging off, rate limit
 *    raised) and the bare server;
 * 3. the requests: random subjects, half of them listed (in force today), half not (some of those
 *    with ended entries only), the domain cycling over high_consumption, public_procurement,
 *    inspections and fast_track_approval, so that both answers happen;
 * 4. autocannon, 32 connections, D seconds, both routes in turn, in R rounds: req/s of each, the
 *    ratio check / bare per round, and the median ratio (goal >= 0.6);
 * 5. each route at a constant 1,000 requests/s from the open-loop generator (bench/lib/constant-rate.ts)
 *    for --constant-duration seconds: p50/p90/p99/max and errors (goal p99 <= 10 ms for the check);
 * 6. checks a sample of answers (applies for a listed subject with a measure in the domain, not for an
 *    unlisted one; the measures' entries are the subject's) and that `check.made` audit events grew by
 *    exactly the checks answered (exactly over the open-loop phase and the sample, where every
 *    request is awaited; over the autocannon phases, between the 2xx answers and the requests sent,
 *    since autocannon drops the requests in flight when its time is up);
 * 7. CPU time per phase (Linux /proc: the Fides process, the bare server, all postgres processes, this
 *    process as load generator, the machine's busy and stolen time), per request: where time goes.
 * Writes bench/out/checks-<N>.json and prints a one-line summary.
 * --diagnose: afterwards, Fides again with its transparency log worker parked (FIDES_LOG_INTERVAL_MS=60000:
 *    it sequences the audit events into the log once at start, then not again within the run), one
 *    saturation run and the open loop again: what the worker, which runs on the API's event loop
 *    (a tick per second, hashing each new event), costs in throughput and in tail latency.
 *    Configuration only; informational, not the bench's figures.
 * --profile DIR: the Fides server writes a V8 CPU profile (node --cpu-prof) of the whole run into DIR.
 * --keep keeps the database (fides_bench_checks_<N>, and its keys in bench/out, mode 0600) for the next
 * run with the same sizes, which then skips the generation (the data's dates are relative to the day
 * of generation: a database older than its entries' terms is generated again). Without --keep the
 * database is fides_bench_checks_<N>_<pid>, dropped at the end.
 * Needs PostgreSQL at FIDES_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { execFileSync, type ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { cpus, loadavg, totalmem } from 'node:os'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { serve } from '../lib/serve.ts'
import { openPostgres } from '../../src/db/database.ts'
import { chinaDate } from '../../src/platform/calendar.ts'
import { systemClock } from '../../src/platform/clock.ts'
import { addDepartment } from '../../src/modules/access/index.ts'
import { MEASURE_DOMAINS } from '../../src/modules/catalogue/index.ts'
import { constantRate, type ConstantRateResult } from '../lib/constant-rate.ts'
import { databaseUrl, generate, readContents, withClient, type Contents } from './generate.ts'

const { values } = parseArgs({
  options: {
    subjects: { type: 'string', default: '1000000' },
    entries: { type: 'string', default: '50000' },
    ended: { type: 'string', default: '50000' },
    duration: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '3' },
    'constant-duration': { type: 'string', default: '20' },
    keep: { type: 'boolean', default: false },
    diagnose: { type: 'boolean', default: false },
    profile: { type: 'string' },
    connections: { type: 'string', default: '32' },
  },
})
const subjects = Number(values.subjects)
const entries = Number(values.entries)
const ended = Number(values.ended)
const duration = Number(values.duration)
const constantSeconds = Number(values['constant-duration'])
const RATE = 1000
const CONNECTIONS = Number(values.connections)
const GOAL_RATIO = 0.6
const GOAL_P99_MS = 10
const DOMAINS = ['high_consumption', 'public_procurement', 'inspections', 'fast_track_approval'] as const
const FIDES = 'http://127.0.0.1:18090'
const BARE = 'http://127.0.0.1:18091'
const adminUrl = process.env.FIDES_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const log = (m: string) => process.stderr.write(m + '\n')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

// ---------------------------------------------------------------------------------------------
// Processes

// ---------------------------------------------------------------------------------------------
// CPU time from /proc (Linux): where the time goes, per phase

const TICK = 100 // USER_HZ
const hasProc = existsSync('/proc/stat')

function processSeconds(pid: number | undefined): number {
  if (!hasProc || pid === undefined) return 0
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / TICK // utime, stime
  } catch {
    return 0
  }
}

/** CPU seconds of each thread of a process, by thread id (the main thread's id is the pid). */
function threadSeconds(pid: number | undefined): Map<string, { name: string; seconds: number }> {
  const threads = new Map<string, { name: string; seconds: number }>()
  if (!hasProc || pid === undefined) return threads
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        const name = tid === String(pid) ? 'main' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
        threads.set(tid, { name, seconds: (Number(fields[11]) + Number(fields[12])) / TICK })
      } catch {
        /* gone */
      }
    }
  } catch {
    /* gone */
  }
  return threads
}

/**
 * All postgres processes (the postmaster, backends and background workers) of the machine, with the
 * time of those that have exited (backends of closed connections): their parent, the postmaster,
 * counts it in its cutime and cstime once it has reaped them.
 */
function postgresSeconds(): number {
  if (!hasProc) return 0
  let total = 0
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      total += (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / TICK // utime, stime, cutime, cstime
    } catch {
      /* gone */
    }
  }
  return total
}

function machineSeconds(): { busy: number; steal: number; all: number } {
  if (!hasProc) return { busy: 0, steal: 0, all: 0 }
  const [, ...t] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number)
  const [user, nice, system, idle, iowait, irq, softirq, steal] = t as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  return {
    busy: (user + nice + system + irq + softirq) / TICK,
    steal: steal / TICK,
    all: (user + nice + system + idle + iowait + irq + softirq + steal) / TICK,
  }
}

interface CpuSnapshot {
  at: number
  fidesThreads: ReturnType<typeof threadSeconds>
  fides: number
  bare: number
  postgres: number
  generator: number
  machine: ReturnType<typeof machineSeconds>
}
const children: { fides?: ChildProcess; bare?: ChildProcess } = {}

function cpuSnapshot(): CpuSnapshot {
  const own = process.cpuUsage()
  return {
    at: performance.now(),
    fidesThreads: threadSeconds(children.fides?.pid),
    fides: processSeconds(children.fides?.pid),
    bare: processSeconds(children.bare?.pid),
    postgres: postgresSeconds(),
    generator: (own.user + own.system) / 1e6,
    machine: machineSeconds(),
  }
}

/** CPU between two snapshots: cores used on average, and microseconds per request. */
function cpuBetween(a: CpuSnapshot, b: CpuSnapshot, requests: number) {
  const seconds = (b.at - a.at) / 1000
  const part = (s: number) => ({
    cores: +(s / seconds).toFixed(2),
    usPerRequest: requests > 0 ? Math.round((s / requests) * 1e6) : null,
  })
  const all = b.machine.all - a.machine.all
  return {
    seconds: +seconds.toFixed(1),
    fides: part(b.fides - a.fides),
    // the Fides server's threads that used at least 0.01 core: the main thread (the API), the log
    // worker's thread (with PostgreSQL), V8's and libuv's helpers
    fidesThreads: [...b.fidesThreads]
      .map(([tid, t]) => ({
        name: `${t.name} ${tid}`,
        cores: +((t.seconds - (a.fidesThreads.get(tid)?.seconds ?? 0)) / seconds).toFixed(2),
      }))
      .filter((t) => t.cores >= 0.01)
      .sort((x, y) => y.cores - x.cores)
      .map((t) => `${t.name}: ${t.cores}`)
      .join(', '),
    bare: part(b.bare - a.bare),
    postgres: part(b.postgres - a.postgres),
    generator: part(b.generator - a.generator),
    machineBusyShare: all > 0 ? +((b.machine.busy - a.machine.busy) / all).toFixed(2) : null,
    machineStealShare: all > 0 ? +((b.machine.steal - a.machine.steal) / all).toFixed(3) : null,
  }
}

// ---------------------------------------------------------------------------------------------
// Load

interface Pair {
  subject: string
  domain: string
  listed: boolean
}
const checkPath = (p: Pair) => `/v1/checks?subject=${p.subject}&domain=${p.domain}`
const barePath = (p: Pair) => `/bare/checks?subject=${p.subject}&domain=${p.domain}`

function saturate(
  base: string,
  path: (p: Pair) => string,
  pairs: Pair[],
  headers: Record<string, string>,
  options: { connections: number; duration: number },
) {
  let i = 0
  return autocannon({
    url: base,
    connections: options.connections,
    duration: options.duration,
    requests: [
      { method: 'GET', headers, setupRequest: (request) => ({ ...request, path: path(pairs[i++ % pairs.length]!) }) },
    ],
  })
}

const summary = (r: autocannon.Result) => {
  if (r.non2xx > 0 || r.errors > 0)
    throw new Error(`${r.non2xx} non-2xx responses and ${r.errors} errors: the figures would mean nothing`)
  return {
    requestsPerSecond: Math.round(r.requests.average),
    p50ms: r.latency.p50,
    p99ms: r.latency.p99,
    answered2xx: r['2xx'],
    sent: r.requests.sent,
    errors: r.errors,
    timeouts: r.timeouts,
  }
}

// ---------------------------------------------------------------------------------------------
// Answers

interface CheckAnswer {
  subjectId: string
  domain: string
  applies: boolean
  measures: { measure: string; listEntry: { entryId: string; listKind: string } }[]
}
interface Listed {
  entryIds: string[]
  kinds: string[]
}

/** Checks each answer of a sample against the data; returns the problems found and the checks answered 2xx. */
async function verify(
  sample: Pair[],
  listed: Map<string, Listed>,
  domainOf: Map<string, string>,
  auth: Record<string, string>,
) {
  const problems: string[] = []
  let checks2xx = 0
  let appliesTrue = 0
  let appliesFalse = 0
  let next = 0
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < sample.length) {
        const p = sample[next++]!
        const expected = listed.get(p.subject)
        const expectApplies = expected !== undefined && expected.kinds.some((k) => domainOf.get(k) === p.domain)
        const response = await fetch(FIDES + checkPath(p), { headers: auth })
        if (response.status !== 200) {
          problems.push(`check ${p.subject} ${p.domain}: HTTP ${response.status}`)
          await response.body?.cancel()
          continue
        }
        checks2xx++
        const answer = (await response.json()) as CheckAnswer
        if (answer.applies) appliesTrue++
        else appliesFalse++
        if (answer.subjectId !== p.subject || answer.domain !== p.domain)
          problems.push(`check ${p.subject} ${p.domain}: answered for ${answer.subjectId} ${answer.domain}`)
        if (answer.applies !== expectApplies)
          problems.push(
            `check ${p.subject} ${p.domain}: applies ${answer.applies}, expected ${expectApplies} (${expected ? 'listed on ' + expected.kinds.join(', ') : 'not listed'})`,
          )
        if (answer.applies !== answer.measures.length > 0)
          problems.push(
            `check ${p.subject} ${p.domain}: applies ${answer.applies} with ${answer.measures.length} measures`,
          )
        for (const m of answer.measures) {
          if (!expected?.entryIds.includes(m.listEntry.entryId) || domainOf.get(m.listEntry.listKind) !== p.domain)
            problems.push(
              `check ${p.subject} ${p.domain}: measure ${m.measure} on entry ${m.listEntry.entryId} (${m.listEntry.listKind})`,
            )
        }
        // the baseline finds the same entries (it does the same grouped lookup, without the answer's words)
        const bare = await fetch(BARE + barePath(p))
        const hits =
          bare.status === 200
            ? ((await bare.json()) as { hits: { entry_id: string }[] }).hits
                .map((h) => h.entry_id)
                .sort()
                .join()
            : null
        const answered = answer.measures
          .map((m) => m.listEntry.entryId)
          .sort()
          .join()
        if (hits !== answered)
          problems.push(`bare ${p.subject} ${p.domain}: HTTP ${bare.status}, entries ${hits}, the check's ${answered}`)
      }
    }),
  )
  return { sample: sample.length, checks2xx, appliesTrue, appliesFalse, problems }
}

// ---------------------------------------------------------------------------------------------

type Env = { DATABASE_URL: string; FIDES_ENCRYPTION_KEY: string; FIDES_INDEX_KEY: string; FIDES_LOG_KEY: string }
const name = values.keep ? `fides_bench_checks_${subjects}` : `fides_bench_checks_${subjects}_${process.pid}`
const url = databaseUrl(adminUrl, name)
const keptKeys = `bench/out/checks-${subjects}.keep.json`
const today = chinaDate(new Date())
await mkdir('bench/out', { recursive: true })
const processes: ChildProcess[] = []
try {
  // 1. the data
  let contents = values.keep ? await readContents(adminUrl, name) : null
  let env: Env | undefined
  if (contents && (contents.entries !== entries || contents.ended !== ended || contents.subjects !== subjects)) {
    log(`${name} holds other sizes: generating it again`)
    contents = null
  }
  if (contents && contents.validUntil <= today) {
    log(`${name} was generated on ${contents.generatedOn}: some of its entries end by now, generating it again`)
    contents = null
  }
  if (contents && existsSync(keptKeys)) env = JSON.parse(await readFile(keptKeys, 'utf8')) as Env
  if (contents && env) {
    log(`reusing ${name} (--keep), generated on ${contents.generatedOn}`)
  } else {
    log(`generating ${name}: ${subjects} subjects, ${entries} active and ${ended} ended list entries ...`)
    contents = await generate({ subjects, entries, ended, adminUrl, name })
    env = {
      DATABASE_URL: url,
      FIDES_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      FIDES_INDEX_KEY: randomBytes(32).toString('base64'),
      FIDES_LOG_KEY: randomBytes(32).toString('base64'),
    }
    if (values.keep) await writeFile(keptKeys, JSON.stringify(env) + '\n', { mode: 0o600 })
  }
  const data: Contents = contents

  // 2. the department (its key only in memory), and the requests
  const database = await openPostgres(url, 2)
  let apiKey: string
  try {
    apiKey = (
      await addDepartment(
        database,
        systemClock,
        { type: 'operator', id: 'bench' },
        {
          name: `bench-checks-${Date.now().toString(36)}`,
          displayName: 'bench/checks',
          domains: [...MEASURE_DOMAINS],
        },
      )
    ).apiKey
  } finally {
    await database.close()
  }
  const auth = { authorization: `Bearer ${apiKey}` }
  const domainOf = new Map(data.kinds.map((k) => [k.code, k.domain]))
  const { listed, unlisted } = await withClient(url, async (client) => {
    const listedRows = (
      await client.query<{ subject_id: string; entry_ids: string[]; kinds: string[] }>(
        `
      SELECT subject_id, array_agg(entry_id::text) AS entry_ids, array_agg(list_kind) AS kinds FROM list_entries
      WHERE status = 'active' AND starts_on <= $1::date AND ends_on > $1::date GROUP BY subject_id ORDER BY random() LIMIT 10000`,
        [today],
      )
    ).rows
    // not listed: mostly subjects with no entry at all, one in five with ended entries only
    const unlistedRows = (
      await client.query<{ subject_id: string }>(`
      (SELECT subject_id FROM subjects s WHERE NOT EXISTS (SELECT 1 FROM list_entries e WHERE e.subject_id = s.subject_id) ORDER BY random() LIMIT 8000)
      UNION ALL
      (SELECT DISTINCT subject_id FROM list_entries e WHERE NOT EXISTS (SELECT 1 FROM list_entries a WHERE a.subject_id = e.subject_id AND a.status = 'active') ORDER BY 1 LIMIT 2000)`)
    ).rows
    log('VACUUM ANALYZE, CHECKPOINT ...')
    await client.query('VACUUM ANALYZE')
    await client.query('CHECKPOINT')
    return {
      listed: new Map(listedRows.map((r) => [r.subject_id, { entryIds: r.entry_ids, kinds: r.kinds }])),
      unlisted: unlistedRows.map((r) => r.subject_id),
    }
  })
  // interleaved at random, half listed; the domain cycles
  const random = (n: number) => Math.floor(Math.random() * n)
  const listedIds = [...listed.keys()]
  const pairs: Pair[] = Array.from({ length: 20_000 }, (_, i) => {
    const isListed = random(2) === 0
    const subject = isListed ? listedIds[random(listedIds.length)]! : unlisted[random(unlisted.length)]!
    return { subject, domain: DOMAINS[i % DOMAINS.length]!, listed: isListed }
  })
  const expectedApplyShare =
    pairs.filter((p) => p.listed && listed.get(p.subject)!.kinds.some((k) => domainOf.get(k) === p.domain)).length /
    pairs.length
  log(
    `${listed.size} listed and ${unlisted.length} unlisted subjects; ${pairs.length} requests, ${(expectedApplyShare * 100).toFixed(1)} % of them "applies"`,
  )

  // 3. the servers
  // the rating worker's daily pass over every organisation is its own workload (bench/ratings), not the checks'
  const serverEnv = {
    ...env,
    FIDES_PORT: '18090',
    FIDES_LOG_LEVEL: 'silent',
    FIDES_RATE_LIMIT: '10000000',
    FIDES_DEMO: 'false',
    FIDES_RATING_INTERVAL_MS: '0',
  }
  children.fides = await serve(
    [...(values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : []), 'src/server.ts'],
    serverEnv,
    `${FIDES}/health`,
  )
  processes.push(children.fides)
  children.bare = await serve(
    ['bench/checks/bare-server.ts', '18091'],
    { DATABASE_URL: env.DATABASE_URL },
    `${BARE}${barePath(pairs[0]!)}`,
  )
  processes.push(children.bare)
  const auditSeq = () =>
    withClient(url, async (c) =>
      Number((await c.query<{ seq: string | null }>(`SELECT max(seq) AS seq FROM audit_events`)).rows[0]!.seq ?? 0),
    )
  const checksSince = (seq: number) =>
    withClient(url, async (c) =>
      Number(
        (
          await c.query<{ n: string }>(
            `SELECT count(*) AS n FROM audit_events WHERE seq > $1 AND action = 'check.made' AND actor_type = 'department'`,
            [seq],
          )
        ).rows[0]!.n,
      ),
    )
  const auditStart = await auditSeq()
  let autocannon2xx = 0
  let autocannonSent = 0
  const countChecks = (s: ReturnType<typeof summary>) => {
    autocannon2xx += s.answered2xx
    autocannonSent += s.sent
    return s
  }

  // 4. saturation
  log('warm-up ...')
  summary(await saturate(BARE, barePath, pairs, {}, { connections: 8, duration: 3 }))
  countChecks(summary(await saturate(FIDES, checkPath, pairs, auth, { connections: 8, duration: 3 })))
  // The machine is shared and noisy: alternate the two routes, and take the median ratio of the rounds.
  type Run = ReturnType<typeof summary> & { cpu: ReturnType<typeof cpuBetween> }
  const measured = async (fn: () => Promise<ReturnType<typeof summary>>): Promise<Run> => {
    const a = cpuSnapshot()
    const s = await fn()
    return { ...s, cpu: cpuBetween(a, cpuSnapshot(), s.answered2xx) }
  }
  const rounds: { bare: Run; check: Run; ratio: number }[] = []
  for (let round = 1; round <= Number(values.rounds); round++) {
    log(`saturation round ${round}, ${CONNECTIONS} connections, ${duration} s each: bare route ...`)
    const bare = await measured(async () =>
      summary(await saturate(BARE, barePath, pairs, {}, { connections: CONNECTIONS, duration })),
    )
    log(
      `  ${bare.requestsPerSecond} req/s, p99 ${bare.p99ms} ms (cores: bare ${bare.cpu.bare.cores}, postgres ${bare.cpu.postgres.cores}, generator ${bare.cpu.generator.cores}; steal ${bare.cpu.machineStealShare})`,
    )
    log(`saturation round ${round}: check route ...`)
    const check = await measured(async () =>
      countChecks(summary(await saturate(FIDES, checkPath, pairs, auth, { connections: CONNECTIONS, duration }))),
    )
    const ratio = +(check.requestsPerSecond / bare.requestsPerSecond).toFixed(3)
    log(
      `  ${check.requestsPerSecond} req/s, p99 ${check.p99ms} ms = ${ratio.toFixed(2)} x bare (cores: fides ${check.cpu.fides.cores} [${check.cpu.fidesThreads}], postgres ${check.cpu.postgres.cores}, generator ${check.cpu.generator.cores}; steal ${check.cpu.machineStealShare})`,
    )
    rounds.push({ bare, check, ratio })
  }
  const medianRound = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)]!
  log(`median ratio over ${rounds.length} rounds: ${medianRound.ratio.toFixed(2)} x bare (goal >= ${GOAL_RATIO})`)

  // 5. constant rate, open loop; 6. the answers and the audit trail
  const openLoop = async (base: string, path: (p: Pair) => string, headers: Record<string, string>) => {
    const a = cpuSnapshot()
    const r = await constantRate({
      base,
      rate: RATE,
      seconds: constantSeconds,
      connections: CONNECTIONS,
      path: (i) => path(pairs[i % pairs.length]!),
      headers,
    })
    const cpu = cpuBetween(a, cpuSnapshot(), r.ok)
    log(
      `  ${r.requestsPerSecond} req/s, p50 ${r.p50ms} ms, p90 ${r.p90ms} ms, p99 ${r.p99ms} ms, max ${r.maxms} ms; ${r.non2xx} non-2xx, ${r.errors} errors (generator lag up to ${r.maxSendLagMs} ms; steal ${cpu.machineStealShare})`,
    )
    return { ...r, cpu }
  }
  await sleep(1000) // autocannon's dropped requests are answered (and their events written) by now
  const openStart = await auditSeq()
  log(`open loop, ${RATE} req/s, ${constantSeconds} s: check route ...`)
  const checkOpen: ConstantRateResult & { cpu: ReturnType<typeof cpuBetween> } = await openLoop(FIDES, checkPath, auth)
  log(`open loop, ${RATE} req/s, ${constantSeconds} s: bare route ...`)
  const bareOpen = await openLoop(BARE, barePath, {})
  log('checking a sample of answers ...')
  // half listed with the domain of one of their entries (applies), half listed in another domain or not listed
  const sample: Pair[] = [
    ...listedIds
      .slice(0, 200)
      .map((subject) => ({ subject, domain: domainOf.get(listed.get(subject)!.kinds[0]!)!, listed: true })),
    ...pairs.slice(0, 200),
  ]
  const verified = await verify(sample, listed, domainOf, auth)
  const openEvents = await checksSince(openStart)
  const allEvents = await checksSince(auditStart)
  const exactExpected = checkOpen.ok + verified.checks2xx
  const audit = {
    openLoopAndSample: { expected: exactExpected, events: openEvents, ok: openEvents === exactExpected },
    whole: {
      events: allEvents,
      atLeast: autocannon2xx + exactExpected,
      atMost: autocannonSent + exactExpected,
      ok: allEvents >= autocannon2xx + exactExpected && allEvents <= autocannonSent + exactExpected,
    },
  }
  log(
    `sample: ${verified.sample} checks, ${verified.appliesTrue} applies, ${verified.appliesFalse} does not apply, ${verified.problems.length} problems`,
  )
  for (const p of verified.problems.slice(0, 10)) log(`  ${p}`)
  log(
    `check.made events: ${openEvents} over the open loop and the sample for ${exactExpected} checks answered (${audit.openLoopAndSample.ok ? 'exact' : 'MISMATCH'}); ` +
      `${allEvents} over the whole run, for ${autocannon2xx + exactExpected} to ${autocannonSent + exactExpected} checks (${audit.whole.ok ? 'within' : 'OUTSIDE'})`,
  )

  const pgVersion = await withClient(
    url,
    async (c) => (await c.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0]!.v,
  )
  const results = {
    date: new Date().toISOString(),
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim(),
    machine: `${cpus().length} cores (${cpus()[0]?.model}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
    node: process.version,
    postgres: pgVersion,
    loadAverageAtEnd: loadavg().map((l) => +l.toFixed(2)),
    database: name,
    data: {
      subjects: data.subjects,
      activeEntries: data.entries,
      endedEntries: data.ended,
      listedSubjects: data.listedSubjects,
      generatedOn: data.generatedOn,
    },
    requests: {
      pairs: pairs.length,
      listedShare: +(pairs.filter((p) => p.listed).length / pairs.length).toFixed(3),
      appliesShare: +expectedApplyShare.toFixed(3),
      domains: DOMAINS,
    },
    saturation: {
      connections: CONNECTIONS,
      seconds: duration,
      rounds,
      median: {
        bare: medianRound.bare.requestsPerSecond,
        check: medianRound.check.requestsPerSecond,
        ratio: medianRound.ratio,
      },
      goal: GOAL_RATIO,
      met: medianRound.ratio >= GOAL_RATIO,
    },
    openLoop1000: {
      seconds: constantSeconds,
      check: checkOpen,
      bare: bareOpen,
      goalP99ms: GOAL_P99_MS,
      met: checkOpen.p99ms <= GOAL_P99_MS && checkOpen.errors === 0 && checkOpen.non2xx === 0,
    },
    answers: verified,
    audit,
    diagnosis: undefined as unknown,
  }
  if (values.diagnose) {
    log('diagnosis: Fides again, its transparency log worker parked (FIDES_LOG_INTERVAL_MS=60000) ...')
    children.fides.kill('SIGTERM')
    await sleep(1500)
    children.fides = await serve(['src/server.ts'], { ...serverEnv, FIDES_LOG_INTERVAL_MS: '60000' }, `${FIDES}/health`)
    processes.push(children.fides)
    summary(await saturate(FIDES, checkPath, pairs, auth, { connections: 8, duration: 3 }))
    log(`  saturation, ${CONNECTIONS} connections, ${duration} s: check route ...`)
    const check = await measured(async () =>
      summary(await saturate(FIDES, checkPath, pairs, auth, { connections: CONNECTIONS, duration })),
    )
    log(
      `  ${check.requestsPerSecond} req/s, p99 ${check.p99ms} ms = ${(check.requestsPerSecond / medianRound.bare.requestsPerSecond).toFixed(2)} x the median bare round (cores: fides ${check.cpu.fides.cores}, postgres ${check.cpu.postgres.cores})`,
    )
    await sleep(1000)
    log(`  open loop, ${RATE} req/s, ${constantSeconds} s: check route ...`)
    const open = await openLoop(FIDES, checkPath, auth)
    results.diagnosis = {
      logWorkerParked: {
        saturation: check,
        ratioToMedianBare: +(check.requestsPerSecond / medianRound.bare.requestsPerSecond).toFixed(3),
        openLoop1000: open,
      },
    }
  }
  await writeFile(`bench/out/checks-${subjects}.json`, JSON.stringify(results, null, 2) + '\n')
  process.stdout.write(
    `bench/checks ${subjects} subjects, ${entries} entries: ${medianRound.check.requestsPerSecond} vs ${medianRound.bare.requestsPerSecond} req/s = ${medianRound.ratio.toFixed(2)} x bare (median of ${rounds.length}, goal >= ${GOAL_RATIO}: ${results.saturation.met ? 'met' : 'MISSED'}); ` +
      `at ${RATE} req/s p99 ${checkOpen.p99ms} ms (bare ${bareOpen.p99ms} ms; goal <= ${GOAL_P99_MS} ms: ${results.openLoop1000.met ? 'met' : 'MISSED'}), ${checkOpen.errors + checkOpen.non2xx} errors; ` +
      `answers ${verified.problems.length === 0 ? 'correct' : `${verified.problems.length} WRONG`}; audit ${audit.openLoopAndSample.ok && audit.whole.ok ? 'exact' : 'MISMATCH'} -> bench/out/checks-${subjects}.json\n`,
  )
  if (verified.problems.length > 0 || !audit.openLoopAndSample.ok || !audit.whole.ok) process.exitCode = 1
} finally {
  for (const child of processes) child.kill('SIGTERM')
  await sleep(1000)
  if (!values.keep) await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
}
