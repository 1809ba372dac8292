/**
 * The baseline for bench/org-page: a bare Fastify route making the very reads an organisation's page
 * makes (the subject with the current version of each record and the objections against them; its
 * entries in force on public lists; its rating), in parallel as the profile route does, through the
 * repositories' own functions (so they cannot drift apart), answering JSON: no portal, no in-process
 * API call, no view decision, no HTML, no security headers, no rate limit. Its own process:
 *   node bench/org-page/bare-server.ts PORT LIST_KINDS RATING_MODEL
 */
import Fastify from 'fastify'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Schema } from '../../src/db/schema.ts'
import { findSubjectWithCurrentVersions } from '../../src/modules/records/records.repository.ts'
import { organisationEntriesInForce } from '../../src/modules/lists/lists.repository.ts'
import { findRatingRow } from '../../src/modules/ratings/ratings.repository.ts'
import { chinaDate } from '../../src/platform/calendar.ts'

const port = Number(process.argv[2] ?? 18091)
const listKinds = (process.argv[3] ?? '').split(',').filter(Boolean)
const ratingModel = process.argv[4] ?? ''
const db = new Kysely<Schema>({
  dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 }) }),
})
const app = Fastify({ logger: false })
app.get('/bare/:subjectId', async (request, reply) => {
  const { subjectId } = request.params as { subjectId: string }
  const [file, entries, rating] = await Promise.all([
    findSubjectWithCurrentVersions(db, subjectId),
    organisationEntriesInForce(db, subjectId, chinaDate(new Date()), listKinds),
    findRatingRow(db, subjectId, ratingModel),
  ])
  if (!file) return reply.status(404).send({})
  return { file, entries, rating: rating ?? null }
})
await app.listen({ host: '127.0.0.1', port })
process.stdout.write('ready\n')
