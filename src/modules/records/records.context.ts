/**
 * What the records services run with, shared by ingestion (records.ingest.ts) and the reads
 * (records.read.ts), and the one thing they must tell others: records that stopped holding.
 */
import type { Database, Tx } from '../../db/database.ts'
import type { Actor } from '../../platform/audit.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Keys } from '../../platform/crypto.ts'
import type { ActiveCatalogue } from '../catalogue/index.ts'
import type { LapsedRecord } from './records.ts'
import * as repo from './records.repository.ts'

export interface RecordsContext {
  database: Database
  clock: Clock
  keys: Keys
  catalogue: ActiveCatalogue
  /** what ends with a record that stops holding: the list entries resting on it (see OnRecordsLapsed) */
  onRecordsLapsed: OnRecordsLapsed
}

/**
 * Ends what rests on records that stopped holding, in the transaction that changed them, and says how
 * many it ended: the list entries citing them. The lists module builds it (`endEntriesOnLapsedBasis`)
 * and it is passed in where contexts are made, because lists imports records and objections, which
 * therefore cannot import lists.
 */
export type OnRecordsLapsed = (tx: Tx, at: Date, actor: Actor, lapsed: readonly LapsedRecord[]) => Promise<number>

/**
 * Tells what rests on records that they stopped holding, in the caller's transaction, after the change
 * to them: the records are locked first, so a proposal or step citing one (which share-locks it before
 * reading its standing) either finishes before, and its entry is ended here, or reads the change.
 */
export async function recordsLapsed(
  tx: Tx,
  ctx: Pick<RecordsContext, 'onRecordsLapsed'>,
  at: Date,
  actor: Actor,
  lapsed: readonly LapsedRecord[],
): Promise<number> {
  if (lapsed.length === 0) return 0
  await repo.lockRecordsForChange(tx, lapsed)
  return ctx.onRecordsLapsed(tx, at, actor, lapsed)
}
