/**
 * The baseline for bench/report-read: a bare Fastify route running the very statement a report runs
 * (a subject and the current version of each of its records, with their sources: compiled from
 * records.repository, so the two cannot drift apart), with no authentication, no view, no inquiry,
 * no response schema, no security headers, no rate limit. Its own process:
 *   node bench/report-read/bare-server.ts PORT
 */
import Fastify from 'fastify'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Schema } from '../../src/db/schema.ts'
import { subjectWithCurrentVersionsQuery } from '../../src/modules/records/records.repository.ts'

const port = Number(process.argv[2] ?? 18081)
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 })
// compiled once, never executed through Kysely: the route sends the text and one parameter itself
const { sql: text } = subjectWithCurrentVersionsQuery('00000000-0000-0000-0000-000000000000').compile(
  new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) }),
)
const app = Fastify({ logger: false })
app.get('/bare/:subjectId', async (request) => {
  const { subjectId } = request.params as { subjectId: string }
  const result = await pool.query(text, [subjectId])
  return { records: result.rows }
})
await app.listen({ host: '127.0.0.1', port })
process.stdout.write('ready\n')
