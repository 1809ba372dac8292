/**
 * bench/ratings: re-rate N organisations (default 1 M) from their records, as `fides ratings recompute`
 * does, on PostgreSQL. Goal (issue 7): <= 60 s for 1 M.
 *   npx node bench/ratings/run.ts [--subjects 1000000] [--keep]
 *
 * 1. generates (or, with --keep, reuses) fides_bench_orgs_<N> (bench/ratings/generate.ts): N
 *    enterprises and about 2.5 records each, and an open objection against one record in 200;
 * 2. the first full pass (every rating is new: N ratings and N rating.changed events written);
 * 3. the second full pass (nothing changed: nothing written);
 * 4. checks: one rating per organisation, events = ratings changed, the second pass wrote nothing, and
 *    500 organisations whose ratings are deleted are rated again to the same score and grade.
 * Prints progress, the grade distribution, and a summary; writes bench/out/ratings-<N>.json.
 */
import { parseArgs } from 'node:util'
import { mkdir, writeFile } from 'node:fs/promises'
import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { openPostgres } from '../../src/db/database.ts'
import { systemClock } from '../../src/platform/clock.ts'
import { createProgress } from '../../src/platform/progress.ts'
import { activateCatalogue } from '../../src/modules/catalogue/index.ts'
import { organisationsDatabase, withClient } from './generate.ts'
import {
  DEFAULT_RATING_MODEL,
  findRating,
  loadRatingModel,
  ratingContextOf,
  recomputeAll,
} from '../../src/modules/ratings/index.ts'

const { values } = parseArgs({
  options: { subjects: { type: 'string', default: '1000000' }, keep: { type: 'boolean', default: false } },
})
const N = Number(values.subjects)
const GOAL_SECONDS = 60
const log = (s: string) => process.stderr.write(s + '\n')
const db = await organisationsDatabase({ subjects: N, keep: values.keep, log })
const url = db.url
// a kept database is rated already: clear the ratings so that the first pass is a first pass
if (db.reused)
  await withClient(url, async (c) => {
    await c.query('TRUNCATE ratings, rating_state')
    await c.query('CHECKPOINT')
  })

const database = await openPostgres(url, 4)
const catalogue = await activateCatalogue(database, systemClock, 'catalogue/record-kinds.json')
const rating = ratingContextOf(await loadRatingModel(DEFAULT_RATING_MODEL, new Set(catalogue.kinds.keys())))
const ctx = { database, clock: systemClock, catalogue, rating }
const counts = (
  await sql<{
    subjects: string
    records: string
    objections: string
  }>`SELECT (SELECT count(*) FROM subjects) AS subjects, (SELECT count(*) FROM records) AS records, (SELECT count(*) FROM objections) AS objections`.execute(
    database.db,
  )
).rows[0]!
log(`${counts.subjects} organisations, ${counts.records} records, ${counts.objections} open objections`)
const eventsBefore = Number(
  (
    await sql<{ n: string }>`SELECT count(*) AS n FROM audit_events WHERE action = 'rating.changed'`.execute(
      database.db,
    )
  ).rows[0]!.n,
)

const pass = async (label: string) => {
  let progress: ReturnType<typeof createProgress> | undefined
  const r = await recomputeAll(ctx, {
    onProgress: (done, total, t) => {
      progress ??= createProgress({ label, total, unit: 'ranges' })
      progress.update(done, `${t.subjects} organisations, ${t.changed} changed`)
    },
  })
  progress?.finish()
  log(
    `${label}: ${r.subjects} organisations in ${r.seconds.toFixed(1)} s (${Math.round(r.subjects / r.seconds)} per s), ${r.changed} ratings written`,
  )
  return r
}
const first = await pass('first pass (every rating new)')
const second = await pass('second pass (nothing changed)')

// checks
const problems: string[] = []
const ratings = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ratings`.execute(database.db)).rows[0]!.n)
if (ratings !== Number(counts.subjects)) problems.push(`${ratings} ratings for ${counts.subjects} organisations`)
const events =
  Number(
    (
      await sql<{ n: string }>`SELECT count(*) AS n FROM audit_events WHERE action = 'rating.changed'`.execute(
        database.db,
      )
    ).rows[0]!.n,
  ) - eventsBefore
if (events !== first.changed + second.changed)
  problems.push(`${events} rating.changed events for ${first.changed + second.changed} changes`)
if (second.changed !== 0) problems.push(`the second pass changed ${second.changed}`)
const sample = (
  await sql<{ subject_id: string }>`SELECT subject_id FROM subjects ORDER BY md5(subject_id::text) LIMIT 500`.execute(
    database.db,
  )
).rows.map((r) => r.subject_id)
const stored = new Map<string, string>()
for (const id of sample) {
  const r = await findRating(ctx, id)
  stored.set(id, JSON.stringify([r?.score, r?.grade]))
}
await sql`DELETE FROM ratings WHERE subject_id = ANY(${sample}::uuid[])`.execute(database.db)
const again = await recomputeAll(ctx)
for (const id of sample) {
  const r = await findRating(ctx, id)
  if (JSON.stringify([r?.score, r?.grade]) !== stored.get(id))
    problems.push(`${id}: ${stored.get(id)} then ${JSON.stringify([r?.score, r?.grade])}`)
}
if (again.changed !== sample.length) problems.push(`re-rating the sample wrote ${again.changed}, not ${sample.length}`)
const grades = (
  await sql<{
    grade: string
    n: string
  }>`SELECT grade, count(*) AS n FROM ratings GROUP BY grade ORDER BY grade`.execute(database.db)
).rows
log(`grades: ${grades.map((g) => `${g.grade} ${g.n}`).join(', ')}`)
log(
  problems.length === 0
    ? 'checks: all pass'
    : `checks: ${problems.length} problems\n  ${problems.slice(0, 10).join('\n  ')}`,
)
await database.close()
if (!values.keep) await db.drop()

const summary = {
  subjects: Number(counts.subjects),
  records: Number(counts.records),
  objections: Number(counts.objections),
  first: { seconds: +first.seconds.toFixed(1), changed: first.changed },
  second: { seconds: +second.seconds.toFixed(1), changed: second.changed },
  grades: Object.fromEntries(grades.map((g) => [g.grade, Number(g.n)])),
  goalSeconds: GOAL_SECONDS,
  met: first.seconds <= GOAL_SECONDS && problems.length === 0,
  problems: problems.length,
  fingerprint: createHash('sha256').update(JSON.stringify(grades)).digest('hex').slice(0, 12),
}
await mkdir('bench/out', { recursive: true })
await writeFile(`bench/out/ratings-${N}.json`, JSON.stringify(summary, null, 2) + '\n')
console.log(
  `bench/ratings ${N} organisations, ${counts.records} records: first pass ${first.seconds.toFixed(1)} s, second ${second.seconds.toFixed(1)} s (goal <= ${GOAL_SECONDS} s: ${summary.met ? 'met' : 'MISSED'}); ${problems.length} problems`,
)
