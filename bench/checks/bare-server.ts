/**
 * The baseline for bench/checks: a bare Fastify route doing the check's one indexed lookup, the
 * subject's entries in force today (China time), by calling `entriesInForce` from
 * lists.repository through a Kysely over a pg pool of Fides's default size (so the two cannot drift
 * apart), with no authentication, no domain check, no measures, no audit event, no response schema,
 * no security headers, no rate limit. Its own process:
 *   node bench/checks/bare-server.ts PORT   (DATABASE_URL in the environment)
 *   GET /bare/checks?subject=<subject id>&domain=<ignored>
 */
import Fastify from 'fastify'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Schema } from '../../src/db/schema.ts'
import { chinaDate } from '../../src/platform/calendar.ts'
import { entriesInForce } from '../../src/modules/lists/lists.repository.ts'

// dates as text, like src/db/database.ts (entriesInForce casts them itself; this only keeps the two alike)
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v)
const port = Number(process.argv[2] ?? 18091)
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.FIDES_DB_POOL_SIZE ?? 10) })
const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) })
const app = Fastify({ logger: false })
app.get('/bare/checks', async (request) => {
  const { subject } = request.query as { subject: string; domain?: string }
  return { entries: await entriesInForce(db, subject, chinaDate(new Date())) }
})
await app.listen({ host: '127.0.0.1', port })
process.stdout.write('ready\n')
