/**
 * The maintenance pass's SQL. The erasure of a run of records is one statement that names tables of
 * several owners — records, subjects, objections, notices (and audit events through platform/audit.ts):
 * a run is found, changed and its events and notices written together, so a pass stopped anywhere leaves
 * whole runs done. test/structure.test.ts lists this file as the one place such a statement may live.
 * The statements are written out in retention.repository.sql (test/sql-snapshots.test.ts compares).
 */
import { sql, type RawBuilder } from 'kysely'
import type { Db, Tx } from '../../db/database.ts'
import { auditEventsFrom, type Actor } from '../../platform/audit.ts'
import type { KindCutoffs } from './retention.ts'

/** The records table's size in blocks and its rows per block (from the statistics; 1 if there are none yet). */
export async function recordsTableShape(db: Db): Promise<{ blocks: number; rowsPerBlock: number }> {
  const { rows } = await sql<{ blocks: number; reltuples: number; relpages: number }>`
    SELECT (pg_relation_size('records') / current_setting('block_size')::int)::int AS blocks, reltuples::float8 AS reltuples, relpages::int AS relpages
    FROM pg_class WHERE relname = 'records' AND relkind = 'r'`.execute(db)
  const row = rows[0]
  if (!row) return { blocks: 0, rowsPerBlock: 1 }
  return {
    blocks: Number(row.blocks),
    rowsPerBlock: row.relpages > 0 && row.reltuples > 0 ? Math.max(1, row.reltuples / row.relpages) : 1,
  }
}

export interface RangeResult {
  candidates: number
  erased: number
  taken_down: number
  lapsed: number
  erased_records: { subjectId: string; recordId: string }[]
}

/**
 * The statement for one run of the records table's blocks, [lo, hi) (hi null: to the end). Its CTEs
 * all see one snapshot: `due` finds the current versions due (erasure wins over take-down), the UPDATEs
 * re-check "not done yet" on the row they change (so only what they really changed produces events),
 * and the INSERTs write the events and notices.
 */
export function maintainRangeStatement(
  lo: number,
  hi: number | null,
  cutoffs: readonly KindCutoffs[],
  at: Date,
  actor: Actor,
): RawBuilder<RangeResult> {
  const k = {
    codes: cutoffs.map((c) => c.kind),
    display: cutoffs.map((c) => c.displayCutoff),
    window: cutoffs.map((c) => c.displayWindow),
    from: cutoffs.map((c) => c.erasureFrom),
    backstop: cutoffs.map((c) => c.erasureBackstop),
    erase: cutoffs.map((c) => c.erasureCutoff),
    period: cutoffs.map((c) => c.retentionPeriod),
  }
  const now = at.toISOString()
  const by = { at: sql`${now}::timestamptz`, actorType: sql`${actor.type}::text`, actorId: sql`${actor.id}::text` }
  return sql<RangeResult>`
    WITH k AS (
      -- 1. the kinds' cutoffs for today, one row per kind (retention.ts computes them)
      SELECT * FROM unnest(${k.codes}::text[], ${k.display}::date[], ${k.window}::text[], ${k.from}::text[], ${k.backstop}::boolean[], ${k.erase}::date[], ${k.period}::text[])
        AS k(kind_code, display_cutoff, display_window, erase_from, erase_backstop, erase_cutoff, retention_period)
    ),
    -- 2. the rows of the block run whose dates make them due (cheap: dates against cutoffs) ...
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
    -- 3. ... then, for those only, the key lookups: is it the current version, is the subject an organisation
    --    (a person's records are never on public display, so only erasure concerns them)
    due AS (
      SELECT c.* FROM cand c
      WHERE (c.erase OR EXISTS (SELECT 1 FROM subjects su WHERE su.subject_id = c.subject_id AND su.subject_type <> 'person'))
        AND NOT EXISTS (SELECT 1 FROM records n WHERE n.subject_id = c.subject_id AND n.record_id = c.record_id AND n.version > c.version)
    ),
    -- 4. erasure: every version's fields become {}, once (the trigger refuses any other change to an erased row)
    erased AS (
      UPDATE records r SET fields = '{}'::jsonb, erased_at = ${now}
      FROM due d WHERE d.erase AND r.subject_id = d.subject_id AND r.record_id = d.record_id AND r.erased_at IS NULL
      RETURNING r.subject_id, r.record_id, r.version, r.decided_on, r.conduct_ended_on, r.content_hash, d.kind_code, d.erase_from, d.retention_period
    ),
    -- 5. take-down: every version leaves public display, once
    taken AS (
      UPDATE records r SET taken_down_at = ${now}
      FROM due d WHERE NOT d.erase AND r.subject_id = d.subject_id AND r.record_id = d.record_id AND r.taken_down_at IS NULL AND r.erased_at IS NULL
      RETURNING r.subject_id, r.record_id, r.version, r.decided_on, d.kind_code, d.display_window, d.version AS current_version
    ),
    -- 6. one tombstone per erased record: its kind, and each version's dates and content hash
    tombstones AS (
      SELECT subject_id, record_id, min(kind_code) AS kind_code, min(erase_from) AS erase_from, min(retention_period) AS retention_period,
        jsonb_agg(jsonb_build_object('version', version, 'decidedOn', decided_on::text, 'conductEndedOn', conduct_ended_on::text, 'contentHash', encode(content_hash, 'hex')) ORDER BY version) AS versions
      FROM erased GROUP BY subject_id, record_id
    ),
    -- 7. a record.erased event per tombstone, which carries it into the log
    erased_events AS (
      ${auditEventsFrom(
        'record.erased',
        {
          ...by,
          subjectId: sql`subject_id`,
          objectType: 'record',
          objectId: sql`record_id::text`,
          payload: {
            kind: sql`kind_code`,
            versions: sql`versions`,
            retention: sql`jsonb_build_object('period', retention_period, 'from', erase_from)`,
          },
        },
        sql`FROM tombstones ORDER BY subject_id, record_id`,
      )}
      RETURNING 1
    ),
    -- 8. the subject's notice of each erasure
    erased_notices AS (
      INSERT INTO notices (subject_id, notice_id, created_at, kind, object_type, object_id, body)
      SELECT subject_id, gen_random_uuid(), ${now}, 'record.erased', 'record', record_id::text,
        jsonb_build_object('kind', kind_code, 'retention', retention_period, 'what', jsonb_build_object(
          'zh', '保存期满：内容已删除，仅保留其墓碑（类别、日期、内容哈希）',
          'en', 'its retention period has ended: its content is erased and only its tombstone (kind, dates, content hash) remains'))
      FROM tombstones
      RETURNING 1
    ),
    -- 9. the objections against the erased records, whose words go with them
    words AS (
      SELECT o.subject_id, o.objection_id, o.status FROM objections o JOIN tombstones t ON o.subject_id = t.subject_id AND o.target_id = t.record_id
      WHERE o.erased_at IS NULL
    ),
    -- 10. their words erased; an undecided one lapses
    words_erased AS (
      UPDATE objections o SET status = CASE WHEN w.status IN ('open', 'escalated') THEN 'lapsed' ELSE o.status END,
        reasons = '', evidence = '[]'::jsonb, statement = NULL, answer = NULL, erased_at = ${now}
      FROM words w WHERE o.subject_id = w.subject_id AND o.objection_id = w.objection_id
    ),
    -- 11. an objection.lapsed event for each that lapsed
    lapsed_events AS (
      ${auditEventsFrom(
        'objection.lapsed',
        {
          ...by,
          subjectId: sql`subject_id`,
          objectType: 'objection',
          objectId: sql`objection_id::text`,
          payload: { objectionId: sql`objection_id`, reason: sql`'item_erased'::text` },
        },
        sql`FROM words WHERE status IN ('open', 'escalated') ORDER BY subject_id, objection_id`,
      )}
      RETURNING 1
    ),
    -- 12. a record.taken_down event and a notice per record taken down (one per record: its current version's row)
    taken_current AS (SELECT * FROM taken WHERE version = current_version),
    taken_events AS (
      ${auditEventsFrom(
        'record.taken_down',
        {
          ...by,
          subjectId: sql`subject_id`,
          objectType: 'record',
          objectId: sql`record_id::text`,
          payload: {
            kind: sql`kind_code`,
            version: sql`version`,
            decidedOn: sql`decided_on::text`,
            displayWindow: sql`display_window`,
          },
        },
        sql`FROM taken_current ORDER BY subject_id, record_id`,
      )}
      RETURNING 1
    ),
    taken_notices AS (
      INSERT INTO notices (subject_id, notice_id, created_at, kind, object_type, object_id, body)
      SELECT subject_id, gen_random_uuid(), ${now}, 'record.taken_down', 'record', record_id::text,
        jsonb_build_object('kind', kind_code, 'displayWindow', display_window, 'what', 'its public display window has ended: it is no longer shown to the public')
      FROM taken_current
      RETURNING 1
    )
    -- 13. what the run did, and the erased records (the list entries resting on them end in the same transaction)
    SELECT (SELECT count(*) FROM due)::int AS candidates, (SELECT count(*) FROM erased_events)::int AS erased,
      (SELECT count(*) FROM taken_events)::int AS taken_down, (SELECT count(*) FROM lapsed_events)::int AS lapsed,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('subjectId', subject_id, 'recordId', record_id)), '[]'::jsonb) FROM tombstones) AS erased_records`
}

/** Runs one range's statement in `tx`. */
export async function maintainRange(
  tx: Tx,
  lo: number,
  hi: number | null,
  cutoffs: readonly KindCutoffs[],
  at: Date,
  actor: Actor,
): Promise<RangeResult> {
  // The range is a run of the table's blocks, read in order (a TID range scan); the lookups by key
  // (newer versions, the subject, the rows to change) go through the primary key.
  await sql`SET LOCAL enable_seqscan = off`.execute(tx.db)
  return (await maintainRangeStatement(lo, hi, cutoffs, at, actor).execute(tx.db)).rows[0]!
}

/**
 * The statement that erases the words of objections against records erased earlier that still have
 * them (an objection filed while its record was being erased: the filing share-locked the record, so
 * the erasure waited for it, but the erasure's snapshot could not see it).
 */
export function leftoverWordsStatement(
  at: Date,
): RawBuilder<{ subject_id: string; objection_id: string; was_undecided: boolean }> {
  return sql<{ subject_id: string; objection_id: string; was_undecided: boolean }>`
    WITH words AS (
      -- 1. the objections with words whose record's current version is erased, row-locked
      SELECT o.subject_id, o.objection_id, o.status FROM objections o
      WHERE o.erased_at IS NULL AND o.target_type = 'record'
        AND EXISTS (SELECT 1 FROM records r WHERE r.subject_id = o.subject_id AND r.record_id = o.target_id AND r.erased_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM records n WHERE n.subject_id = r.subject_id AND n.record_id = r.record_id AND n.version > r.version))
      FOR UPDATE OF o
    )
    -- 2. their words erased; an undecided one lapses (its event is written by the caller)
    UPDATE objections o SET status = CASE WHEN w.status IN ('open', 'escalated') THEN 'lapsed' ELSE o.status END,
      reasons = '', evidence = '[]'::jsonb, statement = NULL, answer = NULL, erased_at = ${at.toISOString()}
    FROM words w WHERE o.subject_id = w.subject_id AND o.objection_id = w.objection_id
    RETURNING o.subject_id, o.objection_id, w.status IN ('open', 'escalated') AS was_undecided`
}

export async function eraseLeftoverWords(
  tx: Tx,
  at: Date,
): Promise<{ subject_id: string; objection_id: string; was_undecided: boolean }[]> {
  return (await leftoverWordsStatement(at).execute(tx.db)).rows
}
