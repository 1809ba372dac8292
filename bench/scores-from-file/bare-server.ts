/**
 * The baseline for bench/scores-from-file: a bare Fastify route doing the reads of a score from the file as the
 * product does them — the person's valid consent (access), the subject's current records with the
 * objections against them (records' `findSubjectWithCurrentVersions`, the statement of a lender's report) and the
 * lenders' looks (the audit events) — through a Database over a pg pool of Fides's
 * default size, so the two cannot drift apart. What it leaves out is what the comparison measures: authentication,
 * the purpose's registration, the identity's pseudonym, the visibility of each record, the model, the aggregates, the scoring, the inquiry
 * written before the answer, the response schema, security headers, the rate limit. Its own process:
 *   node bench/scores-from-file/bare-server.ts PORT   (DATABASE_URL in the environment)
 *   POST /bare/scores { subjectId, relyingPartyId }
 */
import Fastify from 'fastify'
import { openPostgres } from '../../src/db/database.ts'
import { listSubjectEvents } from '../../src/platform/audit.ts'
import { findValidConsent } from '../../src/modules/access/index.ts'
import { findSubjectWithCurrentVersions } from '../../src/modules/records/records.repository.ts'

const port = Number(process.argv[2] ?? 18093)
const database = await openPostgres(process.env.DATABASE_URL!, Number(process.env.FIDES_DB_POOL_SIZE ?? 10))
const app = Fastify({ logger: false })
app.post('/bare/scores', async (request) => {
  const { subjectId, relyingPartyId } = request.body as { subjectId: string; relyingPartyId: string }
  const now = new Date()
  const consent = await findValidConsent(database, subjectId, relyingPartyId, 'credit_application', now)
  const [accounts, looks] = await Promise.all([
    findSubjectWithCurrentVersions(database.db, subjectId),
    listSubjectEvents(database.db, subjectId, ['inquiry.made', 'score.made']),
  ])
  return { consent: consent !== undefined, records: accounts?.versions.length ?? 0, looks: looks.length }
})
app.get('/health', async () => ({ ok: true }))
await app.listen({ port, host: '127.0.0.1' })
