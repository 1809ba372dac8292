/**
 * The baseline for bench/checks: a bare Fastify route doing the database work of a check as the
 * product does it — the same grouped statement, `checkAndRecord` from lists.repository through the
 * same `GroupRunner`, with the same measures of the domain (from the shipped catalogues), so the
 * lookups and the `check.made` inquiries of many checks go in one statement and one commit — through
 * a Kysely over a pg pool of Fides's default size, so the two cannot drift apart. What it leaves out
 * is what the comparison measures: authentication, the domain's registration, the answer's words,
 * the response schema, security headers, the rate limit. Its inquiries name the actor `bench:bare`,
 * so run.ts counts the product's apart. Its own process:
 *   node bench/checks/bare-server.ts PORT   (DATABASE_URL in the environment)
 *   GET /bare/checks?subject=<subject id>&domain=<measure domain>
 */
import Fastify from 'fastify'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Schema } from '../../src/db/schema.ts'
import { chinaDate } from '../../src/platform/calendar.ts'
import { GroupRunner } from '../../src/platform/group.ts'
import {
  DEFAULT_LIST_CATALOGUE_PATH,
  earliestStartRunningOn,
  loadCatalogue,
} from '../../src/modules/catalogue/index.ts'
import { checkAndRecord, type CheckHit, type CheckRequest } from '../../src/modules/lists/lists.repository.ts'
import { loadLists } from '../../src/modules/lists/index.ts'

// dates as text, like src/db/database.ts
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v)
const port = Number(process.argv[2] ?? 18091)
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.FIDES_DB_POOL_SIZE ?? 10),
})
const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) })
const catalogue = await loadCatalogue()
const { lists } = await loadLists(new Set(catalogue.kinds.map((k) => k.code)), {
  listCatalogue: DEFAULT_LIST_CATALOGUE_PATH,
  holidays: 'catalogue/holidays.json',
})
const runner = new GroupRunner<CheckRequest, CheckHit[]>((requests) => checkAndRecord(db, requests))
const actor = { type: 'bench', id: 'bare' }

const app = Fastify({ logger: false })
app.get('/bare/checks', async (request) => {
  const { subject, domain } = request.query as { subject: string; domain: string }
  const now = new Date()
  const today = chinaDate(now)
  const measures = lists.measures
    .filter((m) => m.domain === domain)
    .map((m) => ({
      code: m.code,
      listKind: m.listKind,
      area: m.area,
      minStart: earliestStartRunningOn(today, m.maxTerm),
    }))
  const hits = await runner.submit({
    subjectId: subject,
    today,
    measures,
    at: now,
    actor,
    payload: { department: 'bare', departmentName: 'bench/checks bare route', domain },
  })
  return { applies: hits.length > 0, hits }
})
await app.listen({ host: '127.0.0.1', port })
process.stdout.write('ready\n')
