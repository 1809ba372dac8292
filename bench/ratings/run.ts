/**
 * bench/ratings: re-rate N organisations (default 1 M) from their records, as `fides ratings recompute`
 * does, on PostgreSQL. Goal (issue 7): <= 60 s for 1 M.
 *   npx node bench/ratings/run.ts [--subjects 1000000] [--keep]
 *
 * 1. generates (or, with --keep, reuses) fides_bench_ratings_<N>: N enterprises and about 2.5 records
 *    each, straight in SQL — kinds drawn by a seeded hash (licences, penalties of every weight,
 *    court enforcement, judgment defaulters, tax arrears, abnormal operation, work safety,
 *    commendations), decided up to 2,000 days ago, and an open objection against one record in 200;
 * 2. the first full pass (every rating is new: N ratings and N rating.changed events written);
 * 3. the second full pass (nothing changed: nothing written);
 * 4. checks: one rating per organisation, events = ratings changed, the second pass wrote nothing, and
 *    500 organisations whose ratings are deleted are rated again to the same score and grade.
 * Prints progress, the grade distribution, and a summary; writes bench/out/ratings-<N>.json.
 */
import { parseArgs } from 'node:util'
import { mkdir, writeFile } from 'node:fs/promises'
import { createHash, randomUUID } from 'node:crypto'
import pg from 'pg'
import { sql } from 'kysely'
import { openPostgres } from '../../src/db/database.ts'
import { migrateToLatest } from '../../src/db/migrator.ts'
import { systemClock } from '../../src/platform/clock.ts'
import { createProgress } from '../../src/platform/progress.ts'
import { activateCatalogue } from '../../src/modules/catalogue/index.ts'
import { DEFAULT_RATING_MODEL, findRating, loadRatingModel, ratingContextOf, recomputeAll } from '../../src/modules/ratings/index.ts'

const { values } = parseArgs({ options: { subjects: { type: 'string', default: '1000000' }, keep: { type: 'boolean', default: false } } })
const N = Number(values.subjects)
const GOAL_SECONDS = 60
const GENERATOR = 'fides bench/ratings generator v1'
const adminUrl = process.env.FIDES_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const name = values.keep ? `fides_bench_ratings_${N}` : `fides_bench_ratings_${N}_${process.pid}`
const url = new URL(adminUrl)
url.pathname = '/' + name
const log = (s: string) => process.stderr.write(s + '\n')
const today = new Date().toISOString().slice(0, 10)

async function admin<T>(fn: (c: pg.Client) => Promise<T>, target = adminUrl): Promise<T> {
  const c = new pg.Client({ connectionString: target })
  await c.connect()
  try { return await fn(c) } finally { await c.end() }
}

const KINDS = ['admin_licence', 'admin_licence', 'admin_licence', 'admin_licence', 'admin_penalty_minor', 'admin_penalty_minor', 'admin_penalty_warning', 'admin_penalty_general', 'admin_penalty_serious',
  'tax_arrears', 'commendation', 'abnormal_operation_listing', 'court_judgment_enforcement', 'work_safety_penalty', 'judgment_defaulter', 'environmental_penalty']

async function generate() {
  const started = performance.now()
  await admin(async (c) => { await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); await c.query(`CREATE DATABASE ${name}`) })
  const database = await openPostgres(url.toString(), 2)
  await migrateToLatest(database)
  const catalogue = await activateCatalogue(database, systemClock, 'catalogue/record-kinds.json')
  await database.close()
  await admin(async (c) => {
    const sourceId = randomUUID()
    await c.query(`INSERT INTO sources (source_id, name, display_name, agency_type, is_government, allowed_kinds, created_at) VALUES ($1, 'bench-source', 'Bench source', 'market_regulator', true, $2, now())`, [sourceId, KINDS])
    const step = 250_000
    const progress = createProgress({ label: 'generating organisations and records', total: N, unit: 'organisations' })
    for (let from = 0; from < N; from += step) {
      const to = Math.min(N, from + step) - 1
      await c.query(`INSERT INTO subjects (subject_id, subject_type, uscc, name, created_at)
        SELECT md5('fides-bench-ratings:' || i)::uuid, 'enterprise', '91' || lpad(i::text, 16, '0'), 'Bench enterprise ' || i, now() - interval '3 years'
        FROM generate_series(${from}, ${to}) AS i`)
      await c.query(`INSERT INTO records (subject_id, record_id, version, source_id, source_record_id, kind_code, catalogue_version, decided_on, conduct_ended_on, fields, content_hash, identifier_check_failed, received_at)
        SELECT md5('fides-bench-ratings:' || i)::uuid, md5('fides-bench-ratings-record:' || i || ':' || k)::uuid, 1, $1, 'r-' || i || '-' || k,
          ($2::text[])[1 + (hashint8extended(i * 8 + k, 7) & 1023) % ${KINDS.length}], $3, current_date - ((hashint8extended(i * 8 + k, 8) & 1023) * 2)::int, NULL, '{}',
          decode(md5(i || ':' || k), 'hex'), false, now()
        FROM generate_series(${from}, ${to}) AS i, generate_series(0, 5) AS k
        WHERE k < (hashint8extended(i, 9) & 1023) % 6`, [sourceId, KINDS, catalogue.version])
      progress.update(to + 1)
    }
    progress.finish()
    // an open objection against one record in 200: those records do not count
    await c.query(`INSERT INTO objections (subject_id, objection_id, target_type, target_id, target_version, source_id, filed_by_type, filed_by_id, filed_at, due_on, reasons, evidence, status)
      SELECT subject_id, md5('obj:' || record_id)::uuid, 'record', record_id, 1, source_id, 'subject', 'bench', now(), current_date + 20, 'bench', '[]', 'open'
      FROM records WHERE (hashint8extended(hashtext(record_id::text), 10) & 1023) < 5`)
    log('VACUUM ANALYZE, CHECKPOINT ...')
    await c.query('VACUUM ANALYZE')
    await c.query('CHECKPOINT')
    await c.query(`COMMENT ON DATABASE ${name} IS '${GENERATOR}: ${N} on ${today}'`)
  }, url.toString())
  log(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s`)
}

const kept = values.keep ? await admin(async (c) => (await c.query<{ d: string | null }>(`SELECT shobj_description(oid, 'pg_database') AS d FROM pg_database WHERE datname = $1`, [name])).rows[0]?.d ?? null) : null
if (kept === `${GENERATOR}: ${N} on ${today}`) {
  log(`reusing ${name} (--keep)`)
  // a kept database is rated already: clear the ratings so that the first pass is a first pass
  await admin(async (c) => { await c.query('TRUNCATE ratings, rating_state'); await c.query('CHECKPOINT') }, url.toString())
} else await generate()

const database = await openPostgres(url.toString(), 4)
const catalogue = await activateCatalogue(database, systemClock, 'catalogue/record-kinds.json')
const rating = ratingContextOf(await loadRatingModel(DEFAULT_RATING_MODEL, new Set(catalogue.kinds.keys())))
const ctx = { database, clock: systemClock, catalogue, rating }
const counts = (await sql<{ subjects: string; records: string; objections: string }>`SELECT (SELECT count(*) FROM subjects) AS subjects, (SELECT count(*) FROM records) AS records, (SELECT count(*) FROM objections) AS objections`.execute(database.db)).rows[0]!
log(`${counts.subjects} organisations, ${counts.records} records, ${counts.objections} open objections`)
const eventsBefore = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM audit_events WHERE action = 'rating.changed'`.execute(database.db)).rows[0]!.n)

const pass = async (label: string) => {
  let progress: ReturnType<typeof createProgress> | undefined
  const r = await recomputeAll(ctx, { onProgress: (done, total, t) => { progress ??= createProgress({ label, total, unit: 'ranges' }); progress.update(done, `${t.subjects} organisations, ${t.changed} changed`) } })
  progress?.finish()
  log(`${label}: ${r.subjects} organisations in ${r.seconds.toFixed(1)} s (${Math.round(r.subjects / r.seconds)} per s), ${r.changed} ratings written`)
  return r
}
const first = await pass('first pass (every rating new)')
const second = await pass('second pass (nothing changed)')

// checks
const problems: string[] = []
const ratings = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ratings`.execute(database.db)).rows[0]!.n)
if (ratings !== Number(counts.subjects)) problems.push(`${ratings} ratings for ${counts.subjects} organisations`)
const events = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM audit_events WHERE action = 'rating.changed'`.execute(database.db)).rows[0]!.n) - eventsBefore
if (events !== first.changed + second.changed) problems.push(`${events} rating.changed events for ${first.changed + second.changed} changes`)
if (second.changed !== 0) problems.push(`the second pass changed ${second.changed}`)
const sample = (await sql<{ subject_id: string }>`SELECT subject_id FROM subjects ORDER BY md5(subject_id::text) LIMIT 500`.execute(database.db)).rows.map((r) => r.subject_id)
const stored = new Map<string, string>()
for (const id of sample) { const r = await findRating(ctx, id); stored.set(id, JSON.stringify([r?.score, r?.grade])) }
await sql`DELETE FROM ratings WHERE subject_id = ANY(${sample}::uuid[])`.execute(database.db)
const again = await recomputeAll(ctx)
for (const id of sample) { const r = await findRating(ctx, id); if (JSON.stringify([r?.score, r?.grade]) !== stored.get(id)) problems.push(`${id}: ${stored.get(id)} then ${JSON.stringify([r?.score, r?.grade])}`) }
if (again.changed !== sample.length) problems.push(`re-rating the sample wrote ${again.changed}, not ${sample.length}`)
const grades = (await sql<{ grade: string; n: string }>`SELECT grade, count(*) AS n FROM ratings GROUP BY grade ORDER BY grade`.execute(database.db)).rows
log(`grades: ${grades.map((g) => `${g.grade} ${g.n}`).join(', ')}`)
log(problems.length === 0 ? 'checks: all pass' : `checks: ${problems.length} problems\n  ${problems.slice(0, 10).join('\n  ')}`)
await database.close()
if (!values.keep) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))

const summary = {
  subjects: Number(counts.subjects), records: Number(counts.records), objections: Number(counts.objections),
  first: { seconds: +first.seconds.toFixed(1), changed: first.changed }, second: { seconds: +second.seconds.toFixed(1), changed: second.changed },
  grades: Object.fromEntries(grades.map((g) => [g.grade, Number(g.n)])), goalSeconds: GOAL_SECONDS, met: first.seconds <= GOAL_SECONDS && problems.length === 0, problems: problems.length,
  fingerprint: createHash('sha256').update(JSON.stringify(grades)).digest('hex').slice(0, 12),
}
await mkdir('bench/out', { recursive: true })
await writeFile(`bench/out/ratings-${N}.json`, JSON.stringify(summary, null, 2) + '\n')
console.log(`bench/ratings ${N} organisations, ${counts.records} records: first pass ${first.seconds.toFixed(1)} s, second ${second.seconds.toFixed(1)} s (goal <= ${GOAL_SECONDS} s: ${summary.met ? 'met' : 'MISSED'}); ${problems.length} problems`)
