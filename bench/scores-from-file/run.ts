/**
 * bench/scores-from-file: relying parties scoring persons from their credit files over HTTP (POST /v1/scores with the
 * person and the purpose: the model's characteristics computed from the stored credit accounts as of now), against a
 * bare Fastify route doing the same reads (bench/scores-from-file/bare-server.ts), in one run on this machine (load
 * generator included), on PostgreSQL. The goal (issue 19): Fides >= 0.6 x the bare route, at saturation.
 *   node bench/scores-from-file/run.ts [--persons 1000] [--accounts 3] [--duration 20] [--rounds 3] [--connections 32]
 * 1. a fresh database (fides_bench_scores_<pid>, dropped at the end): the migrations, the shipped catalogue, a lender
 *    source, P persons with A credit accounts each (loan_account records, through the product's ingestion), a relying
 *    party registered for credit_application, each person's consent to it, and a model fitted on a synthetic
 *    sample in the shipped characteristics (catalogue/scorecards/from-file.spec.json), published;
 * 2. VACUUM ANALYZE, then Fides (src/server.ts, logging off, rate limit raised) and the bare server;
 * 3. autocannon, C connections, D seconds, both routes in turn, in R rounds, random persons: req/s of each, the
 *    ratio Fides / bare per round and the median ratio;
 * 4. checks that every 2xx answer of Fides wrote its `score.made` inquiry (the inquiries grew by at least the 2xx
 *    answers less those in flight when autocannon stopped) and that an answer carries the values computed.
 * Writes bench/out/scores-from-file-<P>.json and prints a one-line summary.
 * Needs PostgreSQL at FIDES_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { cpus, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { serve } from '../lib/serve.ts'
import pg from 'pg'
import { openPostgres } from '../../src/db/database.ts'
import { migrateToLatest } from '../../src/db/migrator.ts'
import { systemClock } from '../../src/platform/clock.ts'
import { makeResidentId } from '../../src/modules/identifiers/index.ts'
import { addRelyingParty, grantConsent } from '../../src/modules/access/index.ts'
import { activateCatalogue } from '../../src/modules/catalogue/index.ts'
import { submitRecord } from '../../src/modules/records/index.ts'
import { addSource } from '../../src/modules/sources/index.ts'
import {
  fitScorecard,
  loadProtectedList,
  publishModel,
  seededRandom,
  type ModelSpec,
} from '../../src/modules/scoring/index.ts'

const { values } = parseArgs({
  options: {
    persons: { type: 'string', default: '1000' },
    accounts: { type: 'string', default: '3' },
    duration: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '32' },
  },
})
const PERSONS = Number(values.persons)
const ACCOUNTS = Number(values.accounts)
const DURATION = Number(values.duration)
const ROUNDS = Number(values.rounds)
const CONNECTIONS = Number(values.connections)
const GOAL_RATIO = 0.6
const FIDES = 'http://127.0.0.1:18092'
const BARE = 'http://127.0.0.1:18093'
const adminUrl = process.env.FIDES_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const log = (s: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`)

async function admin(statement: string, on = adminUrl): Promise<void> {
  const client = new pg.Client({ connectionString: on })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

/** A model on the shipped characteristics, fitted on a synthetic sample: what it scores does not matter here, what it reads does. */
function benchModel(spec: ModelSpec) {
  const random = seededRandom(3)
  const columns = [...Object.keys(spec.columns), 'bad']
  const rows = Array.from({ length: 3000 }, () => {
    const worst = Math.floor(random() * 4)
    const utilisation = Math.round(random() * 100) / 100
    const logit = -2.5 + 0.7 * worst + 1.8 * utilisation
    const row: Record<string, string> = {
      months_since_60dpd: worst >= 2 ? String(Math.floor(random() * 12)) : '',
      worst_delay_12m: String(worst),
      opened_12m: String(Math.floor(random() * 3)),
      open_accounts: String(1 + Math.floor(random() * 4)),
      utilisation: String(utilisation),
      oldest_account_months: String(6 + Math.floor(random() * 120)),
      past_due_amount: '0',
      inquiries_12m: String(Math.floor(random() * 6)),
      bad: random() < 1 / (1 + Math.exp(-logit)) ? '1' : '0',
    }
    return columns.map((c) => row[c]!)
  })
  return fitScorecard(
    { columns, rows },
    { target: 'bad', name: 'bench-file', protectedList: loadProtectedList(), spec },
  )
}

const HISTORIES = [
  'NNNNNNNNNNNNNNNNNNNNNNNN',
  'NNNNNNNNNNNNNNNNNNNN12NN',
  'NNNNNNNNNNNN1NNNNNNNNNNN',
  '////////////NNNNNNNNNNNN',
]

async function main(): Promise<void> {
  const name = `fides_bench_scores_${process.pid}`
  const url = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString()
  const env = {
    DATABASE_URL: url,
    FIDES_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    FIDES_INDEX_KEY: randomBytes(32).toString('base64'),
    FIDES_LOG_KEY: randomBytes(32).toString('base64'),
  }
  const keys = {
    encryption: Buffer.from(env.FIDES_ENCRYPTION_KEY, 'base64'),
    index: Buffer.from(env.FIDES_INDEX_KEY, 'base64'),
  }
  const children: ChildProcess[] = []
  await admin(`CREATE DATABASE ${name}`)
  try {
    // 1. the data, through the product's own services
    const database = await openPostgres(url, 4)
    const actor = { type: 'operator', id: 'bench' } as const
    const people: { residentId: string; name: string; subjectId: string }[] = []
    let relyingPartyId = ''
    let apiKey = ''
    try {
      await migrateToLatest(database)
      const catalogue = await activateCatalogue(database, systemClock)
      const { source } = await addSource(
        database,
        systemClock,
        actor,
        { name: 'bench-lender', displayName: 'bench lender', agencyType: 'lender', allowedKinds: ['loan_account'] },
        new Set(catalogue.kinds.keys()),
      )
      const ctx = { database, clock: systemClock, keys, catalogue, onRecordsLapsed: async () => 0 }
      const principal = {
        sourceId: source.sourceId,
        name: source.name,
        isGovernment: false,
        allowedKinds: new Set(source.allowedKinds),
      }
      const random = seededRandom(11)
      log(`${PERSONS} persons, ${ACCOUNTS} credit accounts each ...`)
      for (let p = 0; p < PERSONS; p++) {
        const person = { residentId: makeResidentId(random, { birthDate: '1985-03-07' }), name: '林芳' }
        let subjectId = ''
        for (let a = 0; a < ACCOUNTS; a++) {
          const openedOn = `20${18 + a}-0${1 + (p % 9)}-15`
          subjectId = (
            await submitRecord(
              ctx,
              principal,
              { type: 'source', id: source.name },
              {
                sourceRecordId: `B-${p}-${a}`,
                kind: 'loan_account',
                subject: person,
                decidedOn: openedOn,
                fields: {
                  accountNumber: `AC${p}X${a}`,
                  accountType: a === 0 ? 'credit_card' : 'instalment_loan',
                  openedOn,
                  creditLimitOrPrincipal: 20000 + 1000 * a,
                  currency: 'CNY',
                  accountStatus: 'normal',
                  repaymentHistory: HISTORIES[(p + a) % HISTORIES.length],
                  historyThrough: new Date().toISOString().slice(0, 7),
                  outstandingBalance: Math.round(random() * 20000),
                  amountPastDue: 0,
                },
              },
            )
          ).subjectId
        }
        people.push({ ...person, subjectId })
      }
      const party = await addRelyingParty(database, systemClock, actor, {
        name: 'bench-bank',
        displayName: 'bench bank',
        partyType: 'lender',
        purposes: ['credit_application'],
      })
      relyingPartyId = party.relyingParty.relyingPartyId
      apiKey = party.apiKey
      log('consents ...')
      const expiresAt = new Date(Date.now() + 365 * 86_400_000)
      for (const p of people)
        await grantConsent(database, systemClock, actor, {
          subjectId: p.subjectId,
          relyingParty: 'bench-bank',
          purpose: 'credit_application',
          expiresAt,
          evidence: 'bench',
        })
      const spec = JSON.parse(
        await readFile(new URL('../../catalogue/scorecards/from-file.spec.json', import.meta.url), 'utf8'),
      ) as ModelSpec
      await publishModel(
        { database, clock: systemClock, protectedList: loadProtectedList() },
        { type: 'officer', id: 'bench' },
        { purpose: 'credit_application', model: benchModel(spec), reasons: 'bench' },
      )
    } finally {
      await database.close()
    }

    await admin('VACUUM ANALYZE', url)
    // 2. the servers
    const serverEnv = {
      ...env,
      FIDES_PORT: '18092',
      FIDES_LOG_LEVEL: 'silent',
      FIDES_RATE_LIMIT: '10000000',
      FIDES_DEMO: 'false',
      FIDES_RATING_INTERVAL_MS: '0',
    }
    children.push(await serve(['src/server.ts'], serverEnv, `${FIDES}/health`))
    children.push(await serve(['bench/scores-from-file/bare-server.ts', '18093'], env, `${BARE}/health`))

    const sample = await fetch(`${FIDES}/v1/scores`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        subject: { residentId: people[0]!.residentId, name: people[0]!.name },
        purpose: 'credit_application',
      }),
    })
    const answer = (await sample.json()) as { values?: Record<string, unknown> }
    if (sample.status !== 200 || answer.values?.open_accounts !== ACCOUNTS)
      throw new Error(`a score from the file did not come back as expected: ${sample.status} ${JSON.stringify(answer)}`)

    // 3. saturation, both routes in turn
    const pick = () => people[Math.floor(Math.random() * people.length)]!
    const run = (target: 'fides' | 'bare') =>
      new Promise<autocannon.Result>((resolve, reject) => {
        const instance = autocannon(
          {
            url: target === 'fides' ? FIDES : BARE,
            connections: CONNECTIONS,
            duration: DURATION,
            requests: [
              {
                method: 'POST',
                path: target === 'fides' ? '/v1/scores' : '/bare/scores',
                headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
                setupRequest: (req) => {
                  const p = pick()
                  return {
                    ...req,
                    body: JSON.stringify(
                      target === 'fides'
                        ? { subject: { residentId: p.residentId, name: p.name }, purpose: 'credit_application' }
                        : { subjectId: p.subjectId, relyingPartyId },
                    ),
                  }
                },
              },
            ],
          },
          (error, result) => (error ? reject(error) : resolve(result)),
        )
        void instance
      })
    const countScores = async () => {
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      try {
        return Number(
          (await client.query(`SELECT count(*) FROM audit_events WHERE action = 'score.made'`)).rows[0].count,
        )
      } finally {
        await client.end()
      }
    }
    const rounds: { fides: number; bare: number; ratio: number; fides2xx: number; fidesErrors: number }[] = []
    for (let r = 0; r < ROUNDS; r++) {
      const before = await countScores()
      const f = await run('fides')
      const written = (await countScores()) - before
      if (written < f['2xx'] - CONNECTIONS || f.non2xx > 0)
        throw new Error(
          `round ${r + 1}: ${f['2xx']} scores answered, ${written} inquiries written, ${f.non2xx} non-2xx`,
        )
      const b = await run('bare')
      rounds.push({
        fides: f.requests.average,
        bare: b.requests.average,
        ratio: f.requests.average / b.requests.average,
        fides2xx: f['2xx'],
        fidesErrors: f.errors + f.non2xx,
      })
      log(
        `round ${r + 1}: Fides ${f.requests.average.toFixed(0)} req/s, bare ${b.requests.average.toFixed(0)} req/s, ratio ${(f.requests.average / b.requests.average).toFixed(2)}`,
      )
    }
    const ratios = rounds.map((r) => r.ratio).sort((a, b) => a - b)
    const median = ratios[Math.floor(ratios.length / 2)]!
    const out = {
      persons: PERSONS,
      accountsEach: ACCOUNTS,
      connections: CONNECTIONS,
      durationSeconds: DURATION,
      machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg() },
      rounds,
      medianRatio: median,
      goal: GOAL_RATIO,
    }
    await mkdir('bench/out', { recursive: true })
    await writeFile(`bench/out/scores-from-file-${PERSONS}.json`, JSON.stringify(out, null, 2) + '\n')
    process.stdout.write(
      `scores from the file: median ratio ${median.toFixed(2)} (goal >= ${GOAL_RATIO}) over ${ROUNDS} rounds; Fides ${rounds.map((r) => r.fides.toFixed(0)).join('/')} req/s, bare ${rounds.map((r) => r.bare.toFixed(0)).join('/')} req/s\n`,
    )
  } finally {
    for (const c of children) c.kill()
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  }
}

await main()
