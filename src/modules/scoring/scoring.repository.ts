/** All SQL on score_models: the one table this module owns. */
import type { Insertable } from 'kysely'
import type { Db, Tx } from '../../db/database.ts'
import type { ScoreModelsTable } from '../../db/schema.ts'

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
