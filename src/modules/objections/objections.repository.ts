import { sql, type RawBuilder } from 'kysely'
import type { Db, Tx } from '../../db/database.ts'
import type { Insertable, Selectable, Updateable } from 'kysely'
import type { ObjectionStatus, ObjectionsTable } from '../../db/schema.ts'
import { inScope, type IdRange, type IdScope } from '../../platform/id-ranges.ts'
import { currentVersionOf } from '../records/index.ts'
import { sourceNames } from '../sources/index.ts'

/** An objection row, with what it is about: its record's kind, source record id and current version, and its source's name. */
export type ObjectionRow = Selectable<ObjectionsTable> & {
  source_name: string | null
  source_display_name: string | null
  kind_code: string | null
  source_record_id: string | null
  current_version: number | null
}

/** An objection with what it is about: the record's kind, its source's name and its current version. */
const selectObjection = sql`
  SELECT o.subject_id, o.objection_id, o.target_type, o.target_id, o.target_version, o.source_id, s.name AS source_name, s.display_name AS source_display_name,
    o.filed_by_type, o.filed_by_id, o.filed_at, o.due_on::text AS due_on, o.reasons, o.evidence, o.statement, o.status, o.answer,
    o.answered_at, o.answered_version, o.escalated_at, o.overdue_noticed_at, o.erased_at,
    r.kind_code, r.source_record_id, r.version AS current_version
  FROM objections o
  LEFT JOIN ${sourceNames} s ON s.source_id = o.source_id
  LEFT JOIN LATERAL ${currentVersionOf(sql`o.subject_id`, sql`o.target_id`)} r ON o.target_type = 'record'`

export async function findObjection(
  db: Db,
  objectionId: string,
  options: { sourceId?: string; subjectId?: string } = {},
): Promise<ObjectionRow | undefined> {
  const result = await sql<ObjectionRow>`${selectObjection}
    WHERE o.objection_id = ${objectionId}
    ${options.sourceId === undefined ? sql`` : sql`AND o.source_id = ${options.sourceId}`}
    ${options.subjectId === undefined ? sql`` : sql`AND o.subject_id = ${options.subjectId}`}`.execute(db)
  return result.rows[0]
}

/** Locks an objection for a change in `tx` (FOR UPDATE: two answers cannot both pass the status check). */
export async function lockObjection(
  tx: Tx,
  objectionId: string,
): Promise<{ subject_id: string; status: ObjectionStatus } | undefined> {
  const result = await sql<{ subject_id: string; status: ObjectionStatus }>`
    SELECT subject_id, status FROM objections WHERE objection_id = ${objectionId} FOR UPDATE`.execute(tx.db)
  return result.rows[0]
}

export async function listSubjectObjections(db: Db, subjectId: string): Promise<ObjectionRow[]> {
  const result =
    await sql<ObjectionRow>`${selectObjection} WHERE o.subject_id = ${subjectId} ORDER BY o.filed_at DESC, o.objection_id`.execute(
      db,
    )
  return result.rows
}

export async function listSourceObjections(
  db: Db,
  sourceId: string,
  undecidedOnly: boolean,
  limit: number,
): Promise<ObjectionRow[]> {
  const result = await sql<ObjectionRow>`${selectObjection}
    WHERE o.source_id = ${sourceId} ${undecidedOnly ? sql`AND o.status IN ('open', 'escalated')` : sql``}
    ORDER BY o.due_on, o.filed_at, o.objection_id LIMIT ${limit}`.execute(db)
  return result.rows
}

export type QueueFilter = 'undecided' | 'overdue' | 'due_soon' | 'escalated'

/** The officer's queue: undecided objections by due day, filtered; `soonUntil` is the last day that counts as "due soon". */
export async function listQueue(
  db: Db,
  filter: QueueFilter,
  today: string,
  soonUntil: string,
  limit: number,
): Promise<ObjectionRow[]> {
  const condition = {
    undecided: sql`true`,
    overdue: sql`o.due_on < ${today}::date`,
    due_soon: sql`o.due_on >= ${today}::date AND o.due_on <= ${soonUntil}::date`,
    escalated: sql`o.status = 'escalated'`,
  }[filter]
  const result = await sql<ObjectionRow>`${selectObjection}
    WHERE o.status IN ('open', 'escalated') AND ${condition}
    ORDER BY o.due_on, o.filed_at, o.objection_id LIMIT ${limit}`.execute(db)
  return result.rows
}

export async function queueCounts(
  db: Db,
  today: string,
  soonUntil: string,
): Promise<{ undecided: number; overdue: number; dueSoon: number; escalated: number }> {
  const result = await sql<{ undecided: number; overdue: number; due_soon: number; escalated: number }>`
    SELECT count(*)::int AS undecided,
      (count(*) FILTER (WHERE due_on < ${today}::date))::int AS overdue,
      (count(*) FILTER (WHERE due_on >= ${today}::date AND due_on <= ${soonUntil}::date))::int AS due_soon,
      (count(*) FILTER (WHERE status = 'escalated'))::int AS escalated
    FROM objections WHERE status IN ('open', 'escalated')`.execute(db)
  const row = result.rows[0]!
  return { undecided: row.undecided, overdue: row.overdue, dueSoon: row.due_soon, escalated: row.escalated }
}

export type { CurrentRecord } from '../records/index.ts'
export { lockCurrentRecord } from '../records/index.ts'

/** Versions up to this one are withdrawn (by their source's answer or an officer's decision). */
export async function withdrawnThrough(tx: Tx, subjectId: string, recordId: string): Promise<number> {
  const result = await sql<{ v: number | null }>`
    SELECT max(answered_version) AS v FROM objections
    WHERE subject_id = ${subjectId} AND target_id = ${recordId} AND status IN ('withdrawn', 'upheld')`.execute(tx.db)
  return result.rows[0]?.v ?? 0
}

/** An objection's state without its words: what its audit events record. */
export type ObjectionStateRow = Pick<
  Selectable<ObjectionsTable>,
  | 'subject_id'
  | 'objection_id'
  | 'status'
  | 'target_type'
  | 'target_id'
  | 'target_version'
  | 'filed_by_type'
  | 'filed_by_id'
  | 'filed_at'
  | 'due_on'
  | 'answered_at'
  | 'answered_version'
  | 'escalated_at'
  | 'overdue_noticed_at'
>

/** The objections of the subjects in `range`, without their words (a pass over every objection walks the ranges). */
export async function objectionsInRange(db: Db, range: IdRange): Promise<ObjectionStateRow[]> {
  const result =
    await sql<ObjectionStateRow>`SELECT subject_id, objection_id, status, target_type, target_id, target_version, filed_by_type, filed_by_id,
      filed_at, due_on::text AS due_on, answered_at, answered_version, escalated_at, overdue_noticed_at
    FROM objections WHERE subject_id >= ${range.from}::uuid ${range.to === null ? sql`` : sql`AND subject_id < ${range.to}::uuid`}`.execute(
      db,
    )
  return result.rows
}

/** Erases the words of the objections against these list entries; the undecided ones lapse. Returns those that lapsed. */
export async function eraseListEntryObjections(
  tx: Tx,
  at: Date,
  entries: readonly { subjectId: string; entryId: string }[],
): Promise<{ subject_id: string; objection_id: string }[]> {
  const { rows } = await sql<{ subject_id: string; objection_id: string; was_undecided: boolean }>`
    WITH words AS (
      SELECT o.subject_id, o.objection_id, o.status FROM objections o
      JOIN unnest(${entries.map((e) => e.subjectId)}::uuid[], ${entries.map((e) => e.entryId)}::uuid[]) AS k(subject_id, entry_id)
        ON o.subject_id = k.subject_id AND o.target_id = k.entry_id
      WHERE o.target_type = 'list_entry' AND o.erased_at IS NULL
      FOR UPDATE OF o
    )
    UPDATE objections o SET reasons = '', evidence = '[]'::jsonb, statement = NULL, answer = NULL, erased_at = ${at.toISOString()},
      status = CASE WHEN w.status IN ('open', 'escalated') THEN 'lapsed' ELSE o.status END
    FROM words w WHERE o.subject_id = w.subject_id AND o.objection_id = w.objection_id
    RETURNING o.subject_id, o.objection_id, w.status IN ('open', 'escalated') AS was_undecided`.execute(tx.db)
  return rows.filter((r) => r.was_undecided).map(({ subject_id, objection_id }) => ({ subject_id, objection_id }))
}

/** Lapses the open or escalated objections against these list entries; returns which. */
export async function lapseListEntryObjections(
  tx: Tx,
  entries: readonly { subjectId: string; entryId: string }[],
): Promise<{ subject_id: string; objection_id: string }[]> {
  const { rows } = await sql<{ subject_id: string; objection_id: string }>`
    UPDATE objections o SET status = 'lapsed'
    FROM unnest(${entries.map((e) => e.subjectId)}::uuid[], ${entries.map((e) => e.entryId)}::uuid[]) AS k(subject_id, entry_id)
    WHERE o.subject_id = k.subject_id AND o.target_id = k.entry_id AND o.target_type = 'list_entry' AND o.status IN ('open', 'escalated')
    RETURNING o.subject_id, o.objection_id`.execute(tx.db)
  return rows
}

/** The list entries of a subject that an objection awaits its decision against (open or escalated). */
export async function entriesUnderObjection(db: Db, subjectId: string): Promise<Set<string>> {
  const { rows } = await sql<{ target_id: string }>`
    SELECT target_id FROM objections WHERE subject_id = ${subjectId} AND target_type = 'list_entry'
      AND status IN ('open', 'escalated')`.execute(db)
  return new Set(rows.map((r) => r.target_id))
}

/** Objections filed per month (China time) from `from` (a first of the month), and how many of them were upheld: for public statistics. */
export async function objectionsByMonth(
  db: Db,
  from: string,
): Promise<{ month: string; filed: number; upheld: number }[]> {
  const { rows } = await sql<{
    month: string
    filed: number
    upheld: number
  }>`SELECT to_char(filed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, count(*)::int AS filed, (count(*) FILTER (WHERE status = 'upheld'))::int AS upheld
      FROM objections WHERE filed_at >= (${from}::date::timestamp AT TIME ZONE 'Asia/Shanghai') GROUP BY 1 ORDER BY 1`.execute(
    db,
  )
  return rows
}

/** Whether an objection of the document's subject cites it (evidence's Citation: its clean-up keeps what is cited). */
export const objectionCitesDocument = (document: {
  subjectId: RawBuilder<unknown>
  documentId: RawBuilder<unknown>
}): RawBuilder<unknown> =>
  sql`EXISTS (SELECT 1 FROM objections o WHERE o.subject_id = ${document.subjectId} AND o.evidence @> jsonb_build_array(jsonb_build_object('documentId', ${document.documentId})))`

/** The objections against records of the subjects in `scope` that bear on a rating: undecided, withdrawn or upheld. */
export async function recordObjectionsIn(db: Db, scope: IdScope) {
  return (
    await sql<{ target_id: string; status: string; due_on: string; answered_version: number | null }>`
    SELECT target_id, status, due_on::text AS due_on, answered_version FROM objections
    WHERE ${inScope('subject_id', scope)} AND target_type = 'record' AND status IN ('open', 'escalated', 'withdrawn', 'upheld')`.execute(
      db,
    )
  ).rows
}

/** Stores a new objection; an undecided one against the same item fails with the unique violation (23505). */
export async function insertObjection(tx: Tx, row: Insertable<ObjectionsTable>): Promise<void> {
  await tx.db.insertInto('objections').values(row).execute()
}

export async function updateObjection(
  tx: Tx,
  subjectId: string,
  objectionId: string,
  set: Updateable<ObjectionsTable>,
): Promise<void> {
  await tx.db
    .updateTable('objections')
    .set(set)
    .where('subject_id', '=', subjectId)
    .where('objection_id', '=', objectionId)
    .execute()
}

/** The undecided objections against a list entry, row-locked in `tx`. */
export async function lockUndecidedEntryObjections(
  tx: Tx,
  subjectId: string,
  entryId: string,
): Promise<{ objection_id: string; answer: Record<string, unknown> | null }[]> {
  const { rows } = await sql<{ objection_id: string; answer: Record<string, unknown> | null }>`
    SELECT objection_id, answer FROM objections WHERE subject_id = ${subjectId} AND target_id = ${entryId} AND target_type = 'list_entry'
      AND status IN ('open', 'escalated') FOR UPDATE`.execute(tx.db)
  return rows
}

/** Marks up to `limit` undecided objections against records, due before `today` and not yet noticed as overdue, as noticed at `at` (skipping those being changed); returns them. */
export async function markOverdue(
  tx: Tx,
  today: string,
  at: Date,
  limit: number,
): Promise<
  { subject_id: string; objection_id: string; target_id: string; source_id: string | null; due_on: string }[]
> {
  const { rows } = await sql<{
    subject_id: string
    objection_id: string
    target_id: string
    source_id: string | null
    due_on: string
  }>`
        UPDATE objections o SET overdue_noticed_at = ${at.toISOString()}
        FROM (SELECT subject_id, objection_id FROM objections
              WHERE status IN ('open', 'escalated') AND target_type = 'record' AND due_on < ${today}::date AND overdue_noticed_at IS NULL
              ORDER BY due_on LIMIT ${limit} FOR UPDATE SKIP LOCKED) d
        WHERE o.subject_id = d.subject_id AND o.objection_id = d.objection_id
        RETURNING o.subject_id, o.objection_id, o.target_id, o.source_id, o.due_on::text AS due_on`.execute(tx.db)
  return rows
}
