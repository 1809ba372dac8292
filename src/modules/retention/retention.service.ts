/**
 * The maintenance pass (`fides maintain`, and hourly inside the server):
 *   1. objections unanswered past their due day: the subject is told the record is suppressed, the
 *      source is reminded (the views suppress it from that day on anyway);
 *   2. records whose public display window has ended are marked taken down (an event and a notice);
 *   3. records past their retention period are erased: every version's fields become {}, leaving the
 *      tombstone (kind, dates, content hash); the objections against them lose their words and, if
 *      undecided, lapse. One `record.erased` event per record carries the tombstone into the log. The
 *      list entries resting on an erased record are annulled in the same transaction (onRecordsLapsed).
 *
 * The table is walked in runs of its blocks (about `batchSize` rows each), in physical order, each run
 * one transaction and one statement: the due rows are found, changed, and their events and notices
 * written together, so a pass stopped anywhere leaves whole runs done and the rest untouched, and
 * running it again finishes it. Every change is guarded by "not done yet", so a second pass (or two
 * at once) changes nothing, and a row an update moved into a later block is passed over there.
 * (Walking by ranges of subject_id through the primary key read the heap in random order: 70 k
 * records/s at 10 M against ~200 k at 1 M; see docs/benchmarks.md.) Every row the statement touches
 * is found by its block or by a subject_id-first key, so on Citus it can run shard by shard (not
 * tried: Citus is not available here). The statements are in retention.repository.ts, a comment per step.
 */
import type { Database, Tx } from '../../db/database.ts'
import { appendAuditEvents, systemActor, type Actor } from '../../platform/audit.ts'
import { chinaDate } from '../../platform/calendar.ts'
import type { Clock } from '../../platform/clock.ts'
import { storedCatalogueContents, type ActiveCatalogue, type Catalogue, type RecordKind } from '../catalogue/index.ts'
import { claimCitesDocument } from '../access/index.ts'
import { deleteUncitedDocuments } from '../evidence/index.ts'
import { deleteOldImports } from '../imports/index.ts'
import { objectionCitesDocument, sweepOverdueObjections } from '../objections/index.ts'
import { repairCitesDocument } from '../repair/index.ts'
import { deleteOldGivenScores } from '../scoring/index.ts'
import { eraseEndedEntries, expireEntries, type Lists } from '../lists/index.ts'
import type { OnRecordsLapsed } from '../records/index.ts'
import type { Keys } from '../../platform/crypto.ts'
import { cutoffsOf } from './retention.ts'
import * as repo from './retention.repository.ts'

export interface MaintenanceContext {
  database: Database
  clock: Clock
  catalogue: ActiveCatalogue
  /** with the list catalogue, the pass also ends list entries on their end day */
  lists?: Lists & { keys: Keys }
  /** ends what rests on the records the pass erases (the list entries citing them), in the erasure's transaction */
  onRecordsLapsed: OnRecordsLapsed
}

export interface MaintenanceReport {
  objectionsOverdue: number
  takenDown: number
  erased: number
  /** undecided objections that lapsed because their record was erased */
  lapsed: number
  /** list entries that ended on their end day */
  entriesExpired: number
  /** list entries annulled because the record they rested on was erased */
  entriesAnnulled: number
  /** list entries deleted five years after they ended */
  entriesErased: number
  /** finished upload jobs deleted with their rejects after 90 days */
  importsDeleted: number
  /** evidence documents no objection or repair application cites, a week after their upload */
  documentsDeleted: number
  /** scores' rows kept for the models' monitoring, deleted after GIVEN_SCORES_KEPT_MONTHS months */
  scoresDeleted: number
  /** due records found (taken down + erased, unless a concurrent pass took some first) */
  candidates: number
  ranges: number
  seconds: number
}

export interface MaintenanceOptions {
  /** about how many records each range (transaction) holds; default 50,000 */
  batchSize?: number
  onProgress?: (phase: string, done: number, total: number) => void
  actor?: Actor
}

/**
 * Every kind any stored record can have: the catalogue in force, and for kinds it no longer lists,
 * their last definition in an earlier catalogue version — a record never outlives its retention
 * because its kind was dropped.
 */
async function retentionKinds(ctx: MaintenanceContext): Promise<RecordKind[]> {
  const kinds = new Map<string, RecordKind>()
  for (const content of await storedCatalogueContents(ctx.database.db))
    for (const kind of (content as Catalogue).kinds) kinds.set(kind.code, kind)
  for (const kind of ctx.catalogue.kinds.values()) kinds.set(kind.code, kind)
  return [...kinds.values()]
}

/** Erases the words left behind by an objection filed during its record's erasure, with an event for each that lapsed. */
async function eraseLeftoverWords(tx: Tx, at: Date, actor: Actor): Promise<number> {
  const lapsed = (await repo.eraseLeftoverWords(tx, at)).filter((r) => r.was_undecided)
  await appendAuditEvents(
    tx,
    at,
    lapsed.map((r) => ({
      action: 'objection.lapsed' as const,
      actor,
      subjectId: r.subject_id,
      objectType: 'objection',
      objectId: r.objection_id,
      payload: { objectionId: r.objection_id, reason: 'item_erased' as const },
    })),
  )
  return lapsed.length
}

export async function runMaintenance(
  ctx: MaintenanceContext,
  options: MaintenanceOptions = {},
): Promise<MaintenanceReport> {
  const started = performance.now()
  const actor = options.actor ?? systemActor
  const at = ctx.clock.now()
  const today = chinaDate(at)
  const report: MaintenanceReport = {
    objectionsOverdue: 0,
    takenDown: 0,
    erased: 0,
    lapsed: 0,
    entriesExpired: 0,
    entriesAnnulled: 0,
    entriesErased: 0,
    importsDeleted: 0,
    documentsDeleted: 0,
    scoresDeleted: 0,
    candidates: 0,
    ranges: 0,
    seconds: 0,
  }

  report.objectionsOverdue = await sweepOverdueObjections(ctx.database, at, actor)
  options.onProgress?.('objections', report.objectionsOverdue, report.objectionsOverdue)
  if (ctx.lists) {
    report.entriesExpired = await expireEntries({ database: ctx.database, clock: ctx.clock, ...ctx.lists }, actor)
    report.entriesErased = await eraseEndedEntries(ctx, actor)
  }

  const cutoffs = (await retentionKinds(ctx)).map((kind) => cutoffsOf(kind, today))
  const batchSize = options.batchSize ?? 50_000
  const { blocks, rowsPerBlock } = await repo.recordsTableShape(ctx.database.db)
  const perRange = Math.max(1, Math.floor(batchSize / rowsPerBlock))
  const count = Math.max(1, Math.ceil(blocks / perRange))
  report.ranges = count
  for (let i = 0; i < count; i++) {
    // the last range is open-ended: it also covers rows written since the pass began
    const hi = i === count - 1 ? null : (i + 1) * perRange
    const done = await ctx.database.transaction(async (tx) => {
      const range = await repo.maintainRange(tx, i * perRange, hi, cutoffs, at, actor)
      // the range's erasures end the entries resting on those records, with them (the UPDATE holds the records' locks)
      const annulled = await ctx.onRecordsLapsed(
        tx,
        at,
        actor,
        range.erased_records.map((r) => ({ ...r, lapse: 'erased' as const })),
      )
      return { ...range, annulled }
    })
    report.entriesAnnulled += done.annulled
    report.candidates += done.candidates
    report.erased += done.erased
    report.takenDown += done.taken_down
    report.lapsed += done.lapsed
    options.onProgress?.('records', i + 1, count)
  }
  await ctx.database.transaction(async (tx) => {
    report.lapsed += await eraseLeftoverWords(tx, at, actor)
    report.importsDeleted = await deleteOldImports(tx, at)
    report.documentsDeleted = await deleteUncitedDocuments(tx, at, [
      objectionCitesDocument,
      repairCitesDocument,
      claimCitesDocument,
    ])
    report.scoresDeleted = await deleteOldGivenScores(tx, at)
    const { seconds: _s, candidates: _c, ranges: _r, ...counts } = report
    if (
      counts.objectionsOverdue +
        counts.takenDown +
        counts.erased +
        counts.lapsed +
        counts.entriesExpired +
        counts.entriesAnnulled +
        counts.entriesErased +
        counts.importsDeleted +
        counts.documentsDeleted +
        counts.scoresDeleted >
      0
    ) {
      await appendAuditEvents(tx, at, [
        {
          action: 'maintenance.completed',
          actor,
          subjectId: null,
          objectType: 'maintenance',
          objectId: today,
          payload: {
            overdue: counts.objectionsOverdue,
            takenDown: counts.takenDown,
            erased: counts.erased,
            lapsed: counts.lapsed,
            entriesExpired: counts.entriesExpired,
            entriesAnnulled: counts.entriesAnnulled,
            entriesErased: counts.entriesErased,
            importsDeleted: counts.importsDeleted,
            documentsDeleted: counts.documentsDeleted,
            scoresDeleted: counts.scoresDeleted,
          },
        },
      ])
    }
  })
  report.seconds = (performance.now() - started) / 1000
  return report
}
