/** All SQL on score_models and given_scores: the tables this module owns. */
import { sql, type Insertable } from 'kysely'
import type { Db, Tx } from '../../db/database.ts'
import type { GivenScoresTable, ScoreModelsTable } from '../../db/schema.ts'
import type { MonthCounts } from './stability.ts'

export type ModelRow = {
  model_id: string
  name: string
  version: number
  purpose: string
  status: 'published' | 'withdrawn'
  published_at: Date | string
  withdrawn_at: Date | string | null
  content_hash: string
  content: Record<string, unknown>
  published_reasons: string
  withdrawn_reasons: string | null
}

const columns = [
  'model_id',
  'name',
  'version',
  'purpose',
  'status',
  'published_at',
  'withdrawn_at',
  'content_hash',
  'content',
  'published_reasons',
  'withdrawn_reasons',
] as const

/** The highest version of the models named `name` (0 if none). */
export async function lastVersion(tx: Tx, name: string): Promise<number> {
  const last = await tx.db
    .selectFrom('score_models')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('name', '=', name)
    .executeTakeFirst()
  return Number(last?.version ?? 0)
}

export async function insertModel(tx: Tx, row: Insertable<ScoreModelsTable>): Promise<void> {
  await tx.db.insertInto('score_models').values(row).execute()
}

/** The model's name, version and status, row-locked in `tx`. */
export function lockModel(tx: Tx, modelId: string) {
  return tx.db
    .selectFrom('score_models')
    .select(['name', 'version', 'status'])
    .where('model_id', '=', modelId)
    .forUpdate()
    .executeTakeFirst()
}

export async function withdraw(tx: Tx, modelId: string, at: Date, reasons: string): Promise<void> {
  await tx.db
    .updateTable('score_models')
    .set({ status: 'withdrawn', withdrawn_at: at, withdrawn_reasons: reasons })
    .where('model_id', '=', modelId)
    .execute()
}

export async function listModelRows(db: Db): Promise<ModelRow[]> {
  return (await db
    .selectFrom('score_models')
    .select([...columns])
    .orderBy('name')
    .orderBy('version', 'desc')
    .execute()) as ModelRow[]
}

export async function findModelRow(db: Db, modelId: string): Promise<ModelRow | undefined> {
  return (await db
    .selectFrom('score_models')
    .select([...columns])
    .where('model_id', '=', modelId)
    .executeTakeFirst()) as ModelRow | undefined
}

/** The latest published model for `purpose` (named `name`, if given). */
export async function latestPublished(db: Db, purpose: string, name?: string): Promise<ModelRow | undefined> {
  let query = db
    .selectFrom('score_models')
    .select([...columns])
    .where('status', '=', 'published')
    .where('purpose', '=', purpose)
  if (name !== undefined) query = query.where('name', '=', name)
  return (await query.orderBy('published_at', 'desc').orderBy('version', 'desc').limit(1).executeTakeFirst()) as
    | ModelRow
    | undefined
}

/** The scores given, with their inquiries' transaction (`tx`): one row per score. */
export async function insertGivenScores(tx: Tx, rows: readonly Insertable<GivenScoresTable>[]): Promise<void> {
  if (rows.length > 0)
    await tx.db
      .insertInto('given_scores')
      .values([...rows])
      .execute()
}

/** A month's scores of a model, counted: each score and how often, each card's feature's bin and how often. */
export async function monthCounts(db: Db, modelId: string, month: string): Promise<MonthCounts> {
  const scores = await db
    .selectFrom('given_scores')
    .select(['score', (eb) => eb.fn.countAll<string>().as('count')])
    .where('model_id', '=', modelId)
    .where('scored_month', '=', month)
    .groupBy('score')
    .execute()
  const bins = await sql<{ card: number; feature: string; bin: string; count: string }>`
    SELECT g.card, b.ord - 1 AS feature, b.bin, count(*) AS count
    FROM given_scores g, jsonb_array_elements_text(g.bins) WITH ORDINALITY AS b(bin, ord)
    WHERE g.model_id = ${modelId} AND g.scored_month = ${month}
    GROUP BY g.card, b.ord, b.bin`.execute(db)
  return {
    scores: scores.map((s) => ({ score: Number(s.score), count: Number(s.count) })),
    bins: bins.rows.map((b) => ({
      card: Number(b.card),
      feature: Number(b.feature),
      bin: Number(b.bin),
      count: Number(b.count),
    })),
  }
}

/** Each model's scores in a month, counted by score (the public summary reads only these). */
export async function monthScoreCounts(
  db: Db,
  month: string,
): Promise<{ model_id: string; score: number; count: number }[]> {
  const rows = await db
    .selectFrom('given_scores')
    .select(['model_id', 'score', (eb) => eb.fn.countAll<string>().as('count')])
    .where('scored_month', '=', month)
    .groupBy(['model_id', 'score'])
    .execute()
  return rows.map((r) => ({ model_id: r.model_id, score: Number(r.score), count: Number(r.count) }))
}

/** Deletes the scores given before `month` (YYYY-MM); returns how many. */
export async function deleteGivenScoresBefore(tx: Tx, month: string): Promise<number> {
  const result = await tx.db.deleteFrom('given_scores').where('scored_month', '<', month).executeTakeFirst()
  return Number(result.numDeletedRows)
}
