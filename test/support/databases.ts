/**
 * The same tests on both engines: `describeEachEngine` runs a block once on PGlite (in memory) and
 * once on a fresh PostgreSQL database created for it and dropped after.
 */
import { after, before, describe } from 'node:test'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { sql } from 'kysely'
import { openPglite, openPostgres, type Database } from '../../src/db/database.ts'
import { migrateToLatest } from '../../src/db/migrator.ts'

export const engines = ['pglite', 'postgres'] as const
export type Engine = (typeof engines)[number]

export const adminUrl = process.env.FIDES_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export interface TestDatabase {
  database: Database
  url?: string
  drop(): Promise<void>
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `fides_test_${process.pid}_${randomBytes(4).toString('hex')}`
  await admin((c) => c.query(`CREATE DATABASE ${name}`))
  const url = new URL(adminUrl)
  url.pathname = '/' + name
  return {
    url: url.toString(),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  }
}

export async function createTestDatabase(engine: Engine, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const database = await openPglite(null)
    if (options.migrate !== false) await migrateToLatest(database)
    return { database, drop: () => database.close() }
  }
  const created = await createPostgresDatabase()
  const database = await openPostgres(created.url, 4)
  if (options.migrate !== false) await migrateToLatest(database)
  return {
    database,
    url: created.url,
    drop: async () => {
      await database.close()
      await created.drop()
    },
  }
}

/** Runs `body` once per engine, each with its own migrated database. */
export function describeEachEngine(name: string, body: (db: () => Database, engine: Engine) => void): void {
  describeOnEngines(engines, name, body)
}

/**
 * Runs `body` on one engine: for the browser journeys, which test the pages (every API test runs on
 * both engines, and each engine is under some of the journeys); on both they took two thirds of the
 * suite's time.
 */
export function describeOnEngine(
  engine: Engine,
  name: string,
  body: (db: () => Database, engine: Engine) => void,
): void {
  describeOnEngines([engine], name, body)
}

function describeOnEngines(
  list: readonly Engine[],
  name: string,
  body: (db: () => Database, engine: Engine) => void,
): void {
  for (const engine of list) {
    describe(`${name} [${engine}]`, () => {
      let test: TestDatabase | undefined
      before(async () => {
        test = await createTestDatabase(engine)
      })
      after(async () => {
        await test?.drop()
      })
      body(() => {
        if (!test) throw new Error('database not ready')
        return test.database
      }, engine)
    })
  }
}

/**
 * Waits until every audit event in `database` is settled: older than the oldest transaction still
 * running anywhere on the server. The sequencer and the rating feed read only settled events, and
 * other test files' transactions (in other databases of the same server) hold the horizon back for a
 * moment. PGlite has one connection: its events are settled at once.
 */
export async function whenSettled(database: Database): Promise<void> {
  if (database.engine === 'pglite') return
  for (let waited = 0; waited < 30_000; waited += 20) {
    const { rows } = await sql<{
      ok: boolean
    }>`SELECT coalesce((SELECT xid FROM audit_events ORDER BY xid DESC LIMIT 1) < pg_snapshot_xmin(pg_current_snapshot()), true) AS ok`.execute(
      database.db,
    )
    if (rows[0]!.ok) return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error('audit events not settled after 30 s: a transaction is left open')
}
