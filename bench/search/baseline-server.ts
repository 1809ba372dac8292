/**
 * The baseline of bench/search: the real app (buildApp, as the server builds it) with one more route,
 * `POST /bench/old-search`, running public search as it was before migration 0027: one statement that
 * finds every match (USCC, name ILIKE, trigram similarity) and sorts them all for the first page. The
 * same process also serves the new `POST /v1/public/search`, so the two compare on one stack.
 *   node bench/search/baseline-server.ts   (configured by the environment, as the server is)
 */
import { sql } from 'kysely'
import { buildApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { openDatabase } from '../../src/db/database.ts'
import { systemClock } from '../../src/platform/clock.ts'
import { activateCatalogue } from '../../src/modules/catalogue/index.ts'

const config = await loadConfig()
const database = await openDatabase(config.database)
const catalogue = await activateCatalogue(database, systemClock, config.catalogueFile)
const app = await buildApp({ config, database, clock: systemClock, catalogue })

/** The search statement before migration 0027 (src/modules/subjects/subjects.service.ts at f32a2e4). */
async function oldSearch(query: string, limit: number) {
  const q = query.trim().normalize('NFKC')
  if (q === '') return []
  const code = q.toUpperCase()
  const like = '%' + q.replace(/[\\%_]/g, (c) => '\\' + c) + '%'
  const prefix = q.replace(/[\\%_]/g, (c) => '\\' + c) + '%'
  const { rows } = await sql<{ subject_id: string; name: string; uscc: string; subject_type: string }>`
    SELECT subject_id, name, uscc, subject_type FROM subjects
    WHERE subject_type <> 'person' AND (uscc = ${code} OR name ILIKE ${like} OR (length(${q}) >= 3 AND name % ${q}))
    ORDER BY (uscc = ${code}) DESC, (name ILIKE ${prefix}) DESC, (name ILIKE ${like}) DESC, similarity(name, ${q}) DESC, name
    LIMIT ${limit}`.execute(database.db)
  return rows.map((r) => ({ subjectId: r.subject_id, name: r.name, uscc: r.uscc, subjectType: r.subject_type }))
}

app.post('/bench/old-search', { config: { policy: 'public' }, schema: { hide: true } }, async (request) => {
  const { q, limit } = request.body as { q: string; limit?: number }
  return { results: await oldSearch(q, limit ?? 20) }
})
await app.listen({ host: '127.0.0.1', port: config.port })
process.stdout.write('ready\n')
