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
 * tried: Citus is not available here).
 */
import { sql } from 'kysely'
import type { Database, Tx } from '../../db/database.ts'
import { appendAuditEvents, auditEventsFrom, systemActor, type Actor } from '../../platform/audit.ts'
import { chinaDate } from '../../platform/calendar.ts'
import type { Clock } from '../../platform/clock.ts'
import type { ActiveCatalogue, Catalogue, RecordKind } from '../catalogue/index.ts'
import { deleteUncitedDocuments } from '../evidence/index.ts'
import { deleteOldImports } from '../imports/index.ts'
import { sweepOverdueObjections } from '../objections/index.ts'
import { eraseEndedEntries, expireEntries, type Lists } from '../lists/index.ts'
import type { OnRecordsLapsed } from '../records/index.ts'
import type { Keys } from '../../platform/crypto.ts'
import { cutoffsOf, type KindCutoffs } from './retention.ts'

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
  const rows = await ctx.database.db.selectFrom('catalogue_versions').select(['content']).orderBy('loaded_at').execute()
  for (const row of rows) for (const kind of (row.content as Catalogue).kinds) kinds.set(kind.code, kind)
  for (const kind of ctx.catalogue.kinds.values()) kinds.set(kind.code, kind)
  return [...kinds.values()]
}

/** The table's size in blocks and its rows per block (from the statistics; 1 if there are none yet). */
async function tableShape(database: Database): Promise<{ blocks: number; rowsPerBlock: number }> {
  const { rows } = await sql<{ blocks: number; reltuples: number; relpages: number }>`
    SELECT (pg_relation_size('records') / current_setting('block_size')::int)::int AS blocks, reltuples::float8 AS reltuples, relpages::int AS relpages
    FROM pg_class WHERE relname = 'records' AND relkind = 'r'`.execute(database.db)
  const row = rows[0]
  if (!row) return { blocks: 0, rowsPerBlock: 1 }
  return { blocks: Number(row.blocks), rowsPerBlock: row.relpages > 0 && row.reltuples > 0 ? Math.max(1, row.reltuples / row.relpages) : 1 }
}

/**
 * One range in one statement. The CTEs all see one snapshot: `due` finds the current versions due
 * (erasure wins over take-down), the UPDATEs re-check "not done yet" on the row they change (so only
 * what they really changed produces events), and the INSERTs write the events and notices.
 */
async function maintainRange(tx: Tx, lo: number, hi: number | null, cutoffs: readonly KindCutoffs[], at: Date, actor: Actor) {
  const k = {
    codes: cutoffs.map((c) => c.kind), display: cutoffs.map((c) => c.displayCutoff), window: cutoffs.map((c) => c.displayWindow),
    from: cutoffs.map((c) => c.erasureFrom), backstop: cutoffs.map((c) => c.erasureBackstop), erase: cutoffs.map((c) => c.erasureCutoff), period: cutoffs.map((c) => c.retentionPeriod),
  }
  const now = at.toISOString()
  const by = { at: sql`${now}::timestamptz`, actorType: sql`${actor.type}::text`, actorId: sql`${actor.id}::text` }
  // The range is a run of the table's blocks, read in order (a TID range scan); the lookups by key
  // (newer versions, the subject, the rows to change) go through the primary key.
  await sql`SET LOCAL enable_seqscan = off`.execute(tx.db)
  const result = await sql<{ candidates: number; erased: number; taken_down: number; lapsed: number; erased_records: { subjectId: string; recordId: string }[] }>`
    WITH k AS (
      SELECT * FROM unnest(${k.codes}::text[], ${k.display}::date[], ${k.window}::text[], ${k.from}::text[], ${k.backstop}::boolean[], ${k.erase}::date[], ${k.period}::text[])
        AS k(kind_code, display_cutoff, display_window, erase_from, erase_backstop, erase_cutoff, retention_period)
    ),
    -- the rows of the block run whose dates make them due (cheap: dates against cutoffs) ...
    cand AS MATERIALIZED (
      SELECT r.subject_id, r.record_id, r.version, r.kind_code, r.decided_on, k.display_window, k.erase_from, k.retention_period,
        -- the retention base (catalogue retentionBaseOf): a conduct not ended counts from the decision where the kind has
        -- the backstop, and is not due (NULL) where not: coalesce to false, or NOT erase would skip the row
        coalesce((k.erase_from = 'decision' AND r.decided_on <= k.erase_cutoff)
          OR (k.erase_from = 'conduct_end' AND coalesce(r.conduct_ended_on, CASE WHEN k.erase_backstop THEN r.decided_on END) <= k.erase_cutoff), false) AS erase
      FROM records r JOIN k ON k.kind_code = r.kind_code
      WHERE r.ctid >= ${`(${lo},0)`}::tid ${hi === null ? sql`` : sql`AND r.ctid < ${`(${hi},0)`}::tid`}
        AND r.erased_at IS NULL
        AND ((k.erase_from = 'decision' AND r.decided_on <= k.erase_cutoff)
          OR (k.erase_from = 'conduct_end' AND coalesce(r.conduct_ended_on, CASE WHEN k.erase_backstop THEN r.decided_on END) <= k.erase_cutoff)
          OR (r.taken_down_at IS NULL AND r.decided_on <= k.display_cutoff))
    ),
    -- ... then, for those only, the key lookups: is it the current version, is the subject an organisation
    due AS (
      SELECT c.* FROM cand c
      WHERE (c.erase OR EXISTS (SELECT 1 FROM subjects su WHERE su.subject_id = c.subject_id AND su.subject_type <> 'person'))
        AND NOT EXISTS (SELECT 1 FROM records n WHERE n.subject_id = c.subject_id AND n.record_id = c.record_id AND n.version > c.version)
    ),
    erased AS (
      UPDATE records r SET fields = '{}'::jsonb, erased_at = ${now}
      FROM due d WHERE d.erase AND r.subject_id = d.subject_id AND r.record_id = d.record_id AND r.erased_at IS NULL
      RETURNING r.subject_id, r.record_id, r.version, r.decided_on, r.conduct_ended_on, r.content_hash, d.kind_code, d.erase_from, d.retention_period
    ),
    taken AS (
      UPDATE records r SET taken_down_at = ${now}
      FROM due d WHERE NOT d.erase AND r.subject_id = d.subject_id AND r.record_id = d.record_id AND r.taken_down_at IS NULL AND r.erased_at IS NULL
      RETURNING r.subject_id, r.record_id, r.version, r.decided_on, d.kind_code, d.display_window, d.version AS current_version
    ),
    tombstones AS (
      SELECT subject_id, record_id, min(kind_code) AS kind_code, min(erase_from) AS erase_from, min(retention_period) AS retention_period,
        jsonb_agg(jsonb_build_object('version', version, 'decidedOn', decided_on::text, 'conductEndedOn', conduct_ended_on::text, 'contentHash', encode(content_hash, 'hex')) ORDER BY version) AS versions
      FROM erased GROUP BY subject_id, record_id
    ),
    erased_events AS (
      ${auditEventsFrom('record.erased', {
        ...by, subjectId: sql`subject_id`, objectType: 'record', objectId: sql`record_id::text`,
        payload: { kind: sql`kind_code`, versions: sql`versions`, retention: sql`jsonb_build_object('period', retention_period, 'from', erase_from)` },
      }, sql`FROM tombstones ORDER BY subject_id, record_id`)}
      RETURNING 1
    ),
    erased_notices AS (
      INSERT INTO notices (subject_id, notice_id, created_at, kind, object_type, object_id, body)
      SELECT subject_id, gen_random_uuid(), ${now}, 'record.erased', 'record', record_id::text,
        jsonb_build_object('kind', kind_code, 'retention', retention_period, 'what', 'its retention period has ended: its content is erased and only its tombstone (kind, dates, content hash) remains')
      FROM tombstones
      RETURNING 1
    ),
    words AS (
      SELECT o.subject_id, o.objection_id, o.status FROM objections o JOIN tombstones t ON o.subject_id = t.subject_id AND o.target_id = t.record_id
      WHERE o.erased_at IS NULL
    ),
    words_erased AS (
      UPDATE objections o SET status = CASE WHEN w.status IN ('open', 'escalated') THEN 'lapsed' ELSE o.status END,
        reasons = '', evidence = '[]'::jsonb, statement = NULL, answer = NULL, erased_at = ${now}
      FROM words w WHERE o.subject_id = w.subject_id AND o.objection_id = w.objection_id
    ),
    lapsed_events AS (
      ${auditEventsFrom('objection.lapsed', {
        ...by, subjectId: sql`subject_id`, objectType: 'objection', objectId: sql`objection_id::text`,
        payload: { objectionId: sql`objection_id`, reason: sql`'item_erased'::text` },
      }, sql`FROM words WHERE status IN ('open', 'escalated') ORDER BY subject_id, objection_id`)}
      RETURNING 1
    ),
    taken_current AS (SELECT * FROM taken WHERE version = current_version),
    taken_events AS (
      ${auditEventsFrom('record.taken_down', {
        ...by, subjectId: sql`subject_id`, objectType: 'record', objectId: sql`record_id::text`,
        payload: { kind: sql`kind_code`, version: sql`version`, decidedOn: sql`decided_on::text`, displayWindow: sql`display_window` },
      }, sql`FROM taken_current ORDER BY subject_id, record_id`)}
      RETURNING 1
    ),
    taken_notices AS (
      INSERT INTO notices (subject_id, notice_id, created_at, kind, object_type, object_id, body)
      SELECT subject_id, gen_random_uuid(), ${now}, 'record.taken_down', 'record', record_id::text,
        jsonb_build_object('kind', kind_code, 'displayWindow', display_window, 'what', 'its public display window has ended: it is no longer shown to the public')
      FROM taken_current
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM due)::int AS candidates, (SELECT count(*) FROM erased_events)::int AS erased,
      (SELECT count(*) FROM taken_events)::int AS taken_down, (SELECT count(*) FROM lapsed_events)::int AS lapsed,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('subjectId', subject_id, 'recordId', record_id)), '[]'::jsonb) FROM tombstones) AS erased_records`.execute(tx.db)
  return result.rows[0]!
}

/**
 * Erases the words of objections against records erased earlier that still have them (an objection
 * filed while its record was being erased: the filing share-locked the record, so the erasure waited
 * for it, but the erasure's snapshot could not see it).
 */
async function eraseLeftoverWords(tx: Tx, at: Date, actor: Actor): Promise<number> {
  const rows = await sql<{ subject_id: string; objection_id: string; was_undecided: boolean }>`
    WITH words AS (
      SELECT o.subject_id, o.objection_id, o.status FROM objections o
      WHERE o.erased_at IS NULL AND o.target_type = 'record'
        AND EXISTS (SELECT 1 FROM records r WHERE r.subject_id = o.subject_id AND r.record_id = o.target_id AND r.erased_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM records n WHERE n.subject_id = r.subject_id AND n.record_id = r.record_id AND n.version > r.version))
      FOR UPDATE OF o
    )
    UPDATE objections o SET status = CASE WHEN w.status IN ('open', 'escalated') THEN 'lapsed' ELSE o.status END,
      reasons = '', evidence = '[]'::jsonb, statement = NULL, answer = NULL, erased_at = ${at.toISOString()}
    FROM words w WHERE o.subject_id = w.subject_id AND o.objection_id = w.objection_id
    RETURNING o.subject_id, o.objection_id, w.status IN ('open', 'escalated') AS was_undecided`.execute(tx.db)
  const lapsed = rows.rows.filter((r) => r.was_undecided)
  await appendAuditEvents(tx, at, lapsed.map((r) => ({ action: 'objection.lapsed' as const, actor, subjectId: r.subject_id, objectType: 'objection', objectId: r.objection_id, payload: { objectionId: r.objection_id, reason: 'item_erased' as const } })))
  return lapsed.length
}

export async function runMaintenance(ctx: MaintenanceContext, options: MaintenanceOptions = {}): Promise<MaintenanceReport> {
  const started = performance.now()
  const actor = options.actor ?? systemActor
  const at = ctx.clock.now()
  const today = chinaDate(at)
  const report: MaintenanceReport = { objectionsOverdue: 0, takenDown: 0, erased: 0, lapsed: 0, entriesExpired: 0, entriesAnnulled: 0, entriesErased: 0, importsDeleted: 0, documentsDeleted: 0, candidates: 0, ranges: 0, seconds: 0 }

  report.objectionsOverdue = await sweepOverdueObjections(ctx.database, at, actor)
  options.onProgress?.('objections', report.objectionsOverdue, report.objectionsOverdue)
  if (ctx.lists) {
    report.entriesExpired = await expireEntries({ database: ctx.database, clock: ctx.clock, ...ctx.lists }, actor)
    report.entriesErased = await eraseEndedEntries(ctx, actor)
  }

  const cutoffs = (await retentionKinds(ctx)).map((kind) => cutoffsOf(kind, today))
  const batchSize = options.batchSize ?? 50_000
  const { blocks, rowsPerBlock } = await tableShape(ctx.database)
  const perRange = Math.max(1, Math.floor(batchSize / rowsPerBlock))
  const count = Math.max(1, Math.ceil(blocks / perRange))
  report.ranges = count
  for (let i = 0; i < count; i++) {
    // the last range is open-ended: it also covers rows written since the pass began
    const hi = i === count - 1 ? null : (i + 1) * perRange
    const done = await ctx.database.transaction(async (tx) => {
      const range = await maintainRange(tx, i * perRange, hi, cutoffs, at, actor)
      // the range's erasures end the entries resting on those records, with them (the UPDATE holds the records' locks)
      const annulled = await ctx.onRecordsLapsed(tx, at, actor, range.erased_records.map((r) => ({ ...r, lapse: 'erased' as const })))
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
    report.documentsDeleted = await deleteUncitedDocuments(tx, at)
    const { seconds: _s, candidates: _c, ranges: _r, ...counts } = report
    if (counts.objectionsOverdue + counts.takenDown + counts.erased + counts.lapsed + counts.entriesExpired + counts.entriesAnnulled + counts.entriesErased + counts.importsDeleted + counts.documentsDeleted > 0) {
      await appendAuditEvents(tx, at, [{ action: 'maintenance.completed', actor, subjectId: null, objectType: 'maintenance', objectId: today, payload: { overdue: counts.objectionsOverdue, takenDown: counts.takenDown, erased: counts.erased, lapsed: counts.lapsed, entriesExpired: counts.entriesExpired, entriesAnnulled: counts.entriesAnnulled, entriesErased: counts.entriesErased, importsDeleted: counts.importsDeleted, documentsDeleted: counts.documentsDeleted } }])
    }
  })
  report.seconds = (performance.now() - started) / 1000
  return report
}
