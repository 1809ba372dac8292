/**
 * bench/sign-in: a legitimate sign-in while one address floods the sign-in with wrong passwords (issue 16).
 * Goal: the legitimate sign-in, from another address, takes <= 2 s; reported as a ratio to an unloaded
 * sign-in in the same run.
 *   npx node bench/sign-in/run.ts [--flood 30] [--rounds 5]
 *
 * The app runs in this process on the embedded database (PGlite, in memory) and listens on 127.0.0.1
 * with no trusted proxy (FIDES_TRUST_PROXY empty), so the client address the server counts is the TCP
 * connection's own: the flood connects from 127.0.0.1, the legitimate user from 127.0.0.2 (every
 * 127/8 address is loopback on Linux; `localAddress` binds the client socket to it). No header names
 * an address. Each round, on a fresh user and after letting every throttle go (the clock moves an
 * hour):
 *   1. unloaded: the user signs in alone, from 127.0.0.2;
 *   2. flood: --flood concurrent wrong passwords from 127.0.0.1 (scenario A: all at the user's own
 *      username; scenario B: each at a different username, unknown ones, the worst for hashing), and
 *      while they are in flight the user signs in from 127.0.0.2.
 * Reported: the median of each over the rounds, the ratio, and how the flood was answered.
 */
import { parseArgs } from 'node:util'
import { request } from 'node:http'
import { openPglite } from '../../src/db/database.ts'
import { migrateToLatest } from '../../src/db/migrator.ts'
import { buildApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { activateCatalogue } from '../../src/modules/catalogue/index.ts'
import { createStaffAccount } from '../../src/modules/access/index.ts'
import { ManualClock } from '../../src/platform/clock.ts'

const { values } = parseArgs({
  options: { flood: { type: 'string', default: '30' }, rounds: { type: 'string', default: '5' } },
})
const FLOOD = Number(values.flood)
const ROUNDS = Number(values.rounds)
const GOAL_MS = 2_000
const log = (s: string) => process.stderr.write(s + '\n')

const config = await loadConfig({
  FIDES_DATA_DIR: ':memory:',
  FIDES_LOG_LEVEL: 'silent',
  FIDES_RATE_LIMIT: '100000',
  FIDES_TRUST_PROXY: '',
})
const database = await openPglite(null)
await migrateToLatest(database)
// the throttles' windows move with this clock: each round starts with every throttle let go
const clock = new ManualClock(new Date())
const catalogue = await activateCatalogue(database, clock, config.catalogueFile)
const app = await buildApp({ config, database, clock, catalogue }, { logger: false })
await app.listen({ host: '127.0.0.1', port: 0 })
const port = (app.server.address() as { port: number }).port

function signIn(username: string, password: string, from: string): Promise<{ status: number; ms: number }> {
  const body = JSON.stringify({ username, password })
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        localAddress: from,
        method: 'POST',
        path: '/v1/session',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const operator = { type: 'operator', id: 'bench' } as const

async function scenario(name: string, target: (user: string, i: number) => string) {
  const unloaded: number[] = []
  const loaded: number[] = []
  const answers = new Map<number, number>()
  for (let round = 0; round < ROUNDS; round++) {
    clock.advance(3_600_000)
    const user = `bench.${name}.${round}`
    const { password } = await createStaffAccount(database, clock, operator, {
      username: user,
      displayName: 'Bench',
      role: 'officer',
    })
    const alone = await signIn(user, password, '127.0.0.2')
    if (alone.status !== 200) throw new Error(`unloaded sign-in answered ${alone.status}`)
    unloaded.push(alone.ms)
    const flood = Array.from({ length: FLOOD }, (_, i) => signIn(target(user, i), `wrong password ${i}`, '127.0.0.1'))
    const legit = await signIn(user, password, '127.0.0.2')
    if (legit.status !== 200) throw new Error(`the legitimate sign-in under the flood answered ${legit.status}`)
    loaded.push(legit.ms)
    for (const r of await Promise.all(flood)) answers.set(r.status, (answers.get(r.status) ?? 0) + 1)
  }
  const result = {
    scenario: name,
    unloadedMs: Math.round(median(unloaded)),
    underFloodMs: Math.round(median(loaded)),
    worstUnderFloodMs: Math.round(Math.max(...loaded)),
    ratio: +(median(loaded) / median(unloaded)).toFixed(2),
    floodAnswers: Object.fromEntries([...answers].sort()),
  }
  log(JSON.stringify(result))
  return result
}

// warm-up: the first scrypt and the decoy hash
await signIn('warm.up', 'nothing', '127.0.0.3')
const results = [
  await scenario('same-username', (user) => user),
  await scenario('many-usernames', (_user, i) => `nobody.${i}.${Math.random().toString(36).slice(2, 8)}`),
]
await app.close()
await database.close()
const ok = results.every((r) => r.worstUnderFloodMs <= GOAL_MS)
log(`goal: the legitimate sign-in under a flood of ${FLOOD} <= ${GOAL_MS} ms: ${ok ? 'met' : 'NOT met'}`)
process.exitCode = ok ? 0 : 1
