/**
 * The baseline for bench/report-read: a bare Fastify route running the same single SELECT as a
 * report (a subject's current records with their sources), with no authentication, no view, no
 * inquiry, no serialisation schema. Run as its own process: node bench/report-read/bare-server.ts PORT
 */
import Fastify from 'fastify'
import pg from 'pg'

const port = Number(process.argv[2] ?? 18081)
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 })
const app = Fastify({ logger: false })
app.get('/bare/:subjectId', async (request) => {
  const { subjectId } = request.params as { subjectId: string }
  const result = await pool.query(`
    SELECT DISTINCT ON (r.record_id) r.record_id, r.source_id, r.version, s.name AS source_name, s.display_name AS source_display_name, r.source_record_id,
      r.kind_code, r.catalogue_version, r.decided_on::text AS decided_on, r.conduct_ended_on::text AS conduct_ended_on, r.fields, r.identifier_check_failed, r.received_at
    FROM records r JOIN sources s ON s.source_id = r.source_id WHERE r.subject_id = $1 ORDER BY r.record_id, r.version DESC`, [subjectId])
  return { records: result.rows }
})
await app.listen({ host: '127.0.0.1', port })
process.stdout.write('ready\n')
