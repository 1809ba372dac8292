/**
 * The maintenance pass (`fides maintain`, and hourly inside the server):
 *   1. objections unanswered past their due day: the subject is told the record is suppressed, the
 *      source is reminded (the views suppress it from that day on anyway);
 *   2. records whose public display window has ended are marked taken down (an event and a notice);
 *   3. records past their retention period are erased: every version's fields become {}, leaving the
 *      tombstone (kind, dates, content hash); the objections against them lose their words and, if
 *      undecided, lapse. One `record.erased` event per record carries the tombstone into the log.
 *
 * The records are walked in ranges of subject_id, each range one transaction and one statement: the
 * due rows are found, changed, and their events and notices written together, so a pass stopped
 * anywhere leaves whole ranges done and the rest untouched, and running it again finishes it. Every
 * change is guarded by "not done yet", so a second pass (or two at once) changes nothing.
 */
import { sql } from 'kysely'
import type { Database, Tx } from '../../db/database.ts'
import { appendAuditEvents, systemActor, type Actor } from '../../platform/audit.ts'
import { chinaDate } from '../../platform/calendar.ts'
import type { Clock } from '../../platform/clock.ts'
import type { ActiveCatalogue, Catalogue, RecordKind } from '../catalogue/index.ts'
import { sweepOverdueObjections } from '../objections/index.ts'
import { cutoffsOf, type KindCutoffs } from './retention.ts'

export interface MaintenanceContext {
  database: Database
  clock: Clock
  catalogue: ActiveCatalogue
}

export interface MaintenanceReport {
  objectionsOverdue: number
  takenDown: number
  erased: number
  /** undecided objections that lapsed because their record was erased */
  lapsed: number
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

/** Range boundaries over the uuid space: `count` ranges by the first 32 bits. */
function uuidBounds(count: number): string[] {
  const bounds: string[] = []
  for (let i = 0; i <= count; i++) {
    if (i === count) { bounds.push('ffffffff-ffff-ffff-ffff-ffffffffffff'); break }
    const prefix = Math.floor((i * 0x1_0000_0000) / count).toString(16).padStart(8, '0')
    bounds.push(`${prefix}-0000-0000-0000-000000000000`)
  }
  return bounds
}

async function estimatedRecords(database: Database): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT greatest(reltuples, 0)::bigint AS n FROM pg_class WHERE relname = 'records' AND relkind = 'r'`.execute(database.db)
  return Number(rows[0]?.n ?? 0)
}

/**
 * One range in one statement. The CTEs all see one snapshot: `due` finds the current versions due
 * (erasure wins over take-down), the UPDATEs re-check "not done yet" on the row they change (so only
 * what they really changed produces events), and the INSERTs write the events and notices.
 */
async function maintainRange(tx: Tx, lo: string, hi: string, last: boolean, cutoffs: readonly KindCutoffs[], at: Date, actor: Actor) {
  const k = {
    codes: cutoffs.map((c) => c.kind), display: cutoffs.map((c) => c.displayCutoff), window: cutoffs.map((c) => c.displayWindow),
    from: cutoffs.map((c) => c.erasureFrom), erase: cutoffs.map((c) => c.erasureCutoff), period: cutoffs.map((c) => c.retentionPeriod),
  }
  const now = at.toISOString()
  // The range is read through the primary key (subject_id leads it), whatever the statistics say.
  await sql`SET LOCAL enable_seqscan = off`.execute(tx.db)
  const result = await sql<{ candidates: number; erased: number; taken_down: number; lapsed: number }>`
    WITH k AS (
      SELECT * FROM unnest(${k.codes}::text[], ${k.display}::date[], ${k.window}::text[], ${k.from}::text[], ${k.erase}::date[], ${k.period}::text[])
        AS k(kind_code, display_cutoff, display_window, erase_from, erase_cutoff, retention_period)
    ),
    due AS (
      SELECT r.subject_id, r.record_id, r.version, r.kind_code, r.decided_on, k.display_window, k.erase_from, k.retention_period,
        -- a conduct that has not ended (NULL) is not due: false, never NULL, or NOT erase would skip the row
        coalesce((k.erase_from = 'decision' AND r.decided_on <= k.erase_cutoff) OR (k.erase_from = 'conduct_end' AND r.conduct_ended_on <= k.erase_cutoff), false) AS erase
      FROM records r JOIN k ON k.kind_code = r.kind_code
      WHERE r.subject_id >= ${lo}::uuid AND (r.subject_id < ${hi}::uuid ${last ? sql`OR r.subject_id = ${hi}::uuid` : sql``})
        AND r.erased_at IS NULL
        AND ((k.erase_from = 'decision' AND r.decided_on <= k.erase_cutoff)
          OR (k.erase_from = 'conduct_end' AND r.conduct_ended_on <= k.erase_cutoff)
          OR (r.taken_down_at IS NULL AND r.decided_on <= k.display_cutoff
              AND EXISTS (SELECT 1 FROM subjects su WHERE su.subject_id = r.subject_id AND su.subject_type <> 'person')))
        AND NOT EXISTS (SELECT 1 FROM records n WHERE n.subject_id = r.subject_id AND n.record_id = r.record_id AND n.version > r.version)
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
      INSERT INTO audit_events (occurred_at, actor_type, actor_id, action, subject_id, object_type, object_id, payload)
      SELECT ${now}, ${actor.type}, ${actor.id}, 'record.erased', subject_id, 'record', record_id::text,
        jsonb_build_object('kind', kind_code, 'versions', versions, 'retention', jsonb_build_object('period', retention_period, 'from', erase_from))
      FROM tombstones ORDER BY subject_id, record_id
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
      INSERT INTO audit_events (occurred_at, actor_type, actor_id, action, subject_id, object_type, object_id, payload)
      SELECT ${now}, ${actor.type}, ${actor.id}, 'objection.lapsed', subject_id, 'objection', objection_id::text,
        jsonb_build_object('objectionId', objection_id, 'reason', 'item_erased')
      FROM words WHERE status IN ('open', 'escalated') ORDER BY subject_id, objection_id
      RETURNING 1
    ),
    taken_current AS (SELECT * FROM taken WHERE version = current_version),
    taken_events AS (
      INSERT INTO audit_events (occurred_at, actor_type, actor_id, action, subject_id, object_type, object_id, payload)
      SELECT ${now}, ${actor.type}, ${actor.id}, 'record.taken_down', subject_id, 'record', record_id::text,
        jsonb_build_object('kind', kind_code, 'version', version, 'decidedOn', decided_on::text, 'displayWindow', display_window)
      FROM taken_current ORDER BY subject_id, record_id
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
      (SELECT count(*) FROM taken_events)::int AS taken_down, (SELECT count(*) FROM lapsed_events)::int AS lapsed`.execute(tx.db)
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
  const report: MaintenanceReport = { objectionsOverdue: 0, takenDown: 0, erased: 0, lapsed: 0, candidates: 0, ranges: 0, seconds: 0 }

  report.objectionsOverdue = await sweepOverdueObjections(ctx.database, at, actor)
  options.onProgress?.('objections', report.objectionsOverdue, report.objectionsOverdue)

  const cutoffs = (await retentionKinds(ctx)).map((kind) => cutoffsOf(kind, today))
  const batchSize = options.batchSize ?? 50_000
  const count = Math.min(65_536, Math.max(1, Math.ceil((await estimatedRecords(ctx.database)) / batchSize)))
  const bounds = uuidBounds(count)
  report.ranges = count
  for (let i = 0; i < count; i++) {
    const done = await ctx.database.transaction((tx) => maintainRange(tx, bounds[i]!, bounds[i + 1]!, i === count - 1, cutoffs, at, actor))
    report.candidates += done.candidates
    report.erased += done.erased
    report.takenDown += done.taken_down
    report.lapsed += done.lapsed
    options.onProgress?.('records', i + 1, count)
  }
  await ctx.database.transaction(async (tx) => {
    report.lapsed += await eraseLeftoverWords(tx, at, actor)
    const { seconds: _s, candidates: _c, ranges: _r, ...counts } = report
    if (counts.objectionsOverdue + counts.takenDown + counts.erased + counts.lapsed > 0) {
      await appendAuditEvents(tx, at, [{ action: 'maintenance.completed', actor, subjectId: null, objectType: 'maintenance', objectId: today, payload: { overdue: counts.objectionsOverdue, takenDown: counts.takenDown, erased: counts.erased, lapsed: counts.lapsed } }])
    }
  })
  report.seconds = (performance.now() - started) / 1000
  return report
}
