/** All SQL on ratings and rating_state: the tables this module owns. */
import { sql } from 'kysely'
import { PREPARED, type Db, type Tx } from '../../db/database.ts'
import { inScope, type IdScope } from '../../platform/id-ranges.ts'
import { copyTextRow } from '../../platform/parsers/index.ts'
import type { Rating } from './engine.ts'

/** The model's stored ratings of the subjects in `scope`. */
export async function ratingsIn(db: Db, scope: IdScope, modelCode: string) {
  return (
    await sql<{ subject_id: string; score: string; grade: string; reasons: Rating['reasons'] }>`
    SELECT subject_id, score::text AS score, grade, reasons FROM ratings WHERE ${inScope('subject_id', scope)} AND model_code = ${modelCode}`.execute(
      db,
    )
  ).rows
}

export interface RatingRow {
  subject_id: string
  model_code: string
  model_version: string
  rated_on: string
  rated_at: Date
  score: number
  grade: string
  tier: string
  reasons: string
}

/** First ratings, by COPY (a first pass writes one for every organisation). */
export async function copyRatings(tx: Tx, rows: readonly RatingRow[]): Promise<void> {
  await tx.copyFrom(
    'ratings',
    ['subject_id', 'model_code', 'model_version', 'rated_on', 'rated_at', 'score', 'grade', 'tier', 'reasons'],
    rows.map((r) =>
      copyTextRow([
        r.subject_id,
        r.model_code,
        r.model_version,
        r.rated_on,
        r.rated_at.toISOString(),
        r.score,
        r.grade,
        r.tier,
        r.reasons,
      ]),
    ),
  )
}

/** Changed ratings, as upserts a thousand at a time. */
export async function upsertRatings(tx: Tx, rows: readonly RatingRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await tx.db
      .insertInto('ratings')
      .values(rows.slice(i, i + 1000))
      .onConflict((oc) =>
        oc.columns(['subject_id', 'model_code']).doUpdateSet((eb) => ({
          model_version: eb.ref('excluded.model_version'),
          rated_on: eb.ref('excluded.rated_on'),
          rated_at: eb.ref('excluded.rated_at'),
          score: eb.ref('excluded.score'),
          grade: eb.ref('excluded.grade'),
          tier: eb.ref('excluded.tier'),
          reasons: eb.ref('excluded.reasons'),
        })),
      )
      .execute()
  }
}

export async function findRatingRow(db: Db, subjectId: string, modelCode: string) {
  return (
    await sql<{ model_version: string; rated_on: string; score: string; grade: string; reasons: unknown[] }>`${PREPARED}
    SELECT model_version, rated_on::text AS rated_on, score::text AS score, grade, reasons FROM ratings WHERE subject_id = ${subjectId}::uuid AND model_code = ${modelCode}`.execute(
      db,
    )
  ).rows[0]
}

/** The grades of these subjects under a model, in one indexed read (public search's page of results). */
export async function gradesOf(db: Db, subjectIds: readonly string[], modelCode: string): Promise<Map<string, string>> {
  if (subjectIds.length === 0) return new Map()
  const { rows } = await sql<{ subject_id: string; grade: string }>`
    SELECT subject_id, grade FROM ratings WHERE subject_id = ANY(${subjectIds}::uuid[]) AND model_code = ${modelCode}`.execute(
    db,
  )
  return new Map(rows.map((r) => [r.subject_id, r.grade]))
}

/** The model's pass state (created on first use), row-locked in `tx`. */
export async function lockState(tx: Tx, modelCode: string) {
  await tx.db
    .insertInto('rating_state')
    .values({ model_code: modelCode })
    .onConflict((oc) => oc.column('model_code').doNothing())
    .execute()
  return (
    await sql<{ cursor_xid: string; cursor_seq: number; full_pass_on: string | null }>`
    SELECT cursor_xid::text AS cursor_xid, cursor_seq, full_pass_on::text AS full_pass_on FROM rating_state WHERE model_code = ${modelCode} FOR UPDATE`.execute(
      tx.db,
    )
  ).rows[0]!
}

/** Where the change feed resumes. */
export async function setCursor(db: Db, modelCode: string, cursor: { xid: string; seq: number }): Promise<void> {
  await sql`UPDATE rating_state SET cursor_xid = ${cursor.xid}::xid8, cursor_seq = ${cursor.seq} WHERE model_code = ${modelCode}`.execute(
    db,
  )
}

export async function setFullPassOn(db: Db, modelCode: string, day: string): Promise<void> {
  await sql`UPDATE rating_state SET full_pass_on = ${day}::date WHERE model_code = ${modelCode}`.execute(db)
}
