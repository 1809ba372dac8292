import { sql, type RawBuilder } from 'kysely'
import { PREPARED, type Db, type Tx } from '../../db/database.ts'
import type { ListEntriesTable, StepReason } from '../../db/schema.ts'
import { auditEventsFrom, type AuditPayloads } from '../../platform/audit.ts'
import type { IdRange } from '../../platform/id-ranges.ts'
import type { StoredCatalogueVersion } from '../catalogue/index.ts'
import { isOrganisation, subjectSummaries } from '../subjects/index.ts'
import type { Entry } from './lists.machine.ts'

export type EntryRow = Omit<ListEntriesTable, 'updated_at' | 'step_reasons'>

// dates as text on both engines
const columns = sql`subject_id, entry_id, list_kind, list_type, area, criterion, basis_record_id, status, proposed_on::text AS proposed_on, proposed_by,
  noticed_on::text AS noticed_on, objection_window_ends_on::text AS objection_window_ends_on, objection_filed_on::text AS objection_filed_on,
  heard_on::text AS heard_on, heard_by, decided_on::text AS decided_on, decided_by, deciding_agency, starts_on::text AS starts_on, ends_on::text AS ends_on,
  ended_on::text AS ended_on, removal_condition, removal_reported_on::text AS removal_reported_on, removal_due_on::text AS removal_due_on`

export function rowOf(
  subjectId: string,
  entryId: string,
  entry: Entry,
  extra: { listType: 'black' | 'red'; area: string | null; decidingAgency: string | null },
): EntryRow {
  return {
    subject_id: subjectId,
    entry_id: entryId,
    list_kind: entry.listKind,
    list_type: extra.listType,
    area: extra.area,
    criterion: entry.criterion,
    basis_record_id: entry.basisRecordId,
    status: entry.status,
    proposed_on: entry.proposedOn,
    proposed_by: entry.proposedBy,
    noticed_on: entry.noticedOn,
    objection_window_ends_on: entry.objectionWindowEndsOn,
    objection_filed_on: entry.objectionFiledOn,
    heard_on: entry.heardOn,
    heard_by: entry.heardBy,
    decided_on: entry.decidedOn,
    decided_by: entry.decidedBy,
    deciding_agency: extra.decidingAgency,
    starts_on: entry.startsOn,
    ends_on: entry.endsOn,
    ended_on: entry.endedOn,
    removal_condition: entry.removal?.condition ?? null,
    removal_reported_on: entry.removal?.reportedOn ?? null,
    removal_due_on: entry.removal?.dueOn ?? null,
  }
}

export function entryOf(row: EntryRow, subject: Entry['subject']): Entry {
  return {
    status: row.status,
    listKind: row.list_kind,
    subject,
    criterion: row.criterion,
    basisRecordId: row.basis_record_id,
    proposedOn: row.proposed_on,
    proposedBy: row.proposed_by,
    noticedOn: row.noticed_on,
    objectionWindowEndsOn: row.objection_window_ends_on,
    objectionFiledOn: row.objection_filed_on,
    heardOn: row.heard_on,
    heardBy: row.heard_by,
    decidedOn: row.decided_on,
    decidedBy: row.decided_by,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    endedOn: row.ended_on,
    removal:
      row.removal_condition === null
        ? null
        : { condition: row.removal_condition, reportedOn: row.removal_reported_on!, dueOn: row.removal_due_on! },
  }
}

export async function insertEntry(tx: Tx, row: EntryRow, at: Date): Promise<void> {
  await tx.db
    .insertInto('list_entries')
    .values({ ...row, updated_at: at })
    .execute()
}

export async function updateEntry(tx: Tx, row: EntryRow, at: Date): Promise<void> {
  const { subject_id, entry_id, ...rest } = row
  await tx.db
    .updateTable('list_entries')
    .set({ ...rest, updated_at: at })
    .where('subject_id', '=', subject_id)
    .where('entry_id', '=', entry_id)
    .execute()
}

/** Appends an officer's step and its reasons to the entry, in the step's transaction. */
export async function addStepReason(tx: Tx, subjectId: string, entryId: string, reason: StepReason): Promise<void> {
  await sql`UPDATE list_entries SET step_reasons = step_reasons || ${JSON.stringify([reason])}::jsonb WHERE subject_id = ${subjectId} AND entry_id = ${entryId}`.execute(
    tx.db,
  )
}

/** The entry's steps with their reasons (in a transaction, pass its `tx.db`). */
export async function stepReasons(db: Db, subjectId: string, entryId: string): Promise<StepReason[]> {
  const row = await db
    .selectFrom('list_entries')
    .select('step_reasons')
    .where('subject_id', '=', subjectId)
    .where('entry_id', '=', entryId)
    .executeTakeFirst()
  return row?.step_reasons ?? []
}

/** The entry, row-locked in `tx`. */
export async function lockEntry(tx: Tx, entryId: string, subjectId?: string): Promise<EntryRow | undefined> {
  const { rows } = await sql<EntryRow>`SELECT ${columns} FROM list_entries WHERE entry_id = ${entryId}
    ${subjectId === undefined ? sql`` : sql`AND subject_id = ${subjectId}`} FOR UPDATE`.execute(tx.db)
  return rows[0]
}

export async function findEntry(db: Db, entryId: string): Promise<EntryRow | undefined> {
  const { rows } = await sql<EntryRow>`SELECT ${columns} FROM list_entries WHERE entry_id = ${entryId}`.execute(db)
  return rows[0]
}

/** One subject's entries in force on `today` (the check API's one indexed lookup). */
export async function entriesInForce(db: Db, subjectId: string, today: string): Promise<EntryRow[]> {
  const { rows } = await sql<EntryRow>`SELECT ${columns} FROM list_entries
    WHERE subject_id = ${subjectId} AND status = 'active' AND ends_on > ${today}::date AND starts_on <= ${today}::date`.execute(
    db,
  )
  return rows
}

/** An organisation's entries in force of `kinds` (none for a person: a person has no public file), in one statement. */
export async function organisationEntriesInForce(
  db: Db,
  subjectId: string,
  today: string,
  kinds: readonly string[],
): Promise<EntryRow[]> {
  if (kinds.length === 0) return []
  const { rows } = await sql<EntryRow>`${PREPARED}SELECT ${columns} FROM list_entries
    WHERE subject_id = ${subjectId}::uuid AND status = 'active' AND ends_on > ${today}::date AND starts_on <= ${today}::date AND list_kind = ANY(${kinds}::text[])
      AND ${isOrganisation(sql`${subjectId}::uuid`)}`.execute(db)
  return rows
}

/** A measure a check looks for: on entries of `listKind` (in `area`, if any) that started on or after `minStart`. */
export interface CheckedMeasure {
  code: string
  listKind: string
  area: string | null
  minStart: string
}

/** One department check: whom, on which day, for which measures, and its inquiry without `applies` and `entries`. */
export interface CheckRequest {
  subjectId: string
  today: string
  measures: readonly CheckedMeasure[]
  at: Date
  actor: { type: string; id: string }
  payload: Omit<AuditPayloads['check.made'], 'applies' | 'entries'>
}

export interface CheckHit {
  entry_id: string
  list_kind: string
  area: string | null
  starts_on: string
  ends_on: string
  measure: string
}

/**
 * Department checks, many in one statement: for each, the subject's entries in force on its day that
 * carry one of its measures, and its `check.made` inquiry naming them, inserted by the same statement
 * (so committed with it, before any answer exists). Answers in the requests' order.
 */
export async function checkAndRecord(db: Db, requests: readonly CheckRequest[]): Promise<CheckHit[][]> {
  const { rows } = await checkStatement(requests).execute(db)
  const answers: CheckHit[][] = requests.map(() => [])
  for (const { i, ...hit } of rows) answers[i]!.push(hit)
  return answers
}

/**
 * The statement behind checkAndRecord (written out in lists.repository.sql): `r`, the requests; `m`,
 * the measures each looks for; `hit`, the entries in force carrying one; `inquiry`, a check.made event
 * per request naming its hits; then the hits, in the requests' order.
 */
export function checkStatement(requests: readonly CheckRequest[]): RawBuilder<CheckHit & { i: number }> {
  const measures = requests.flatMap((r, i) => r.measures.map((m, n) => ({ i, n, ...m })))
  return sql<CheckHit & { i: number }>`WITH r AS (
      SELECT * FROM unnest(${requests.map((_, i) => i)}::int[], ${requests.map((r) => r.subjectId)}::uuid[], ${requests.map((r) => r.today)}::date[],
        ${requests.map((r) => r.at.toISOString())}::timestamptz[], ${requests.map((r) => r.actor.type)}::text[], ${requests.map((r) => r.actor.id)}::text[],
        ${requests.map((r) => r.payload.department)}::text[], ${requests.map((r) => r.payload.departmentName)}::text[], ${requests.map((r) => r.payload.domain)}::text[])
        AS r(i, subject_id, today, at, actor_type, actor_id, department, department_name, domain)
    ), m AS (
      SELECT * FROM unnest(${measures.map((m) => m.i)}::int[], ${measures.map((m) => m.n)}::int[], ${measures.map((m) => m.code)}::text[],
        ${measures.map((m) => m.listKind)}::text[], ${measures.map((m) => m.area)}::text[], ${measures.map((m) => m.minStart)}::date[]) AS m(i, n, code, list_kind, area, min_start)
    ), hit AS (
      SELECT r.i, m.n, e.entry_id, e.list_kind, e.area, e.starts_on, e.ends_on, m.code FROM r
      JOIN list_entries e ON e.subject_id = r.subject_id AND e.status = 'active' AND e.ends_on > r.today AND e.starts_on <= r.today
      JOIN m ON m.i = r.i AND m.list_kind = e.list_kind AND (m.area IS NULL OR m.area = e.area) AND e.starts_on >= m.min_start
    ), inquiry AS (
      ${auditEventsFrom(
        'check.made',
        {
          at: sql`r.at`,
          actorType: sql`r.actor_type`,
          actorId: sql`r.actor_id`,
          subjectId: sql`r.subject_id`,
          objectType: 'subject',
          objectId: sql`r.subject_id::text`,
          payload: {
            department: sql`r.department`,
            departmentName: sql`r.department_name`,
            domain: sql`r.domain`,
            applies: sql`EXISTS (SELECT 1 FROM hit WHERE hit.i = r.i)`,
            entries: sql`COALESCE((SELECT jsonb_agg(DISTINCT hit.entry_id) FROM hit WHERE hit.i = r.i), '[]'::jsonb)`,
          },
        },
        sql`FROM r ORDER BY r.i`,
      )}
    )
    SELECT i, entry_id, list_kind, area, starts_on::text AS starts_on, ends_on::text AS ends_on, code AS measure FROM hit
    ORDER BY i, starts_on, entry_id, n`
}

export async function subjectEntries(db: Db, subjectId: string): Promise<EntryRow[]> {
  const { rows } =
    await sql<EntryRow>`SELECT ${columns} FROM list_entries WHERE subject_id = ${subjectId} ORDER BY proposed_on DESC, entry_id`.execute(
      db,
    )
  return rows
}

export type EntryFilter = 'open' | 'active' | 'removal_due' | 'removal_overdue' | 'awaiting_decision'

export async function listEntries(db: Db, filter: EntryFilter, today: string, limit: number): Promise<EntryRow[]> {
  const condition = {
    open: sql`status IN ('proposed', 'noticed', 'objection_filed', 'heard')`,
    active: sql`status = 'active'`,
    removal_due: sql`status = 'active' AND removal_due_on IS NOT NULL`,
    removal_overdue: sql`status = 'active' AND removal_due_on < ${today}::date`,
    awaiting_decision: sql`(status = 'noticed' AND objection_window_ends_on <= ${today}::date) OR status = 'heard'`,
  }[filter]
  const { rows } =
    await sql<EntryRow>`SELECT ${columns} FROM list_entries WHERE ${condition} ORDER BY coalesce(removal_due_on, objection_window_ends_on, proposed_on), entry_id LIMIT ${limit}`.execute(
      db,
    )
  return rows
}

export async function entryCounts(
  db: Db,
  today: string,
): Promise<{ open: number; awaitingDecision: number; active: number; removalDue: number; removalOverdue: number }> {
  const { rows } = await sql<{ open: number; awaiting: number; active: number; due: number; overdue: number }>`
    SELECT (count(*) FILTER (WHERE status IN ('proposed', 'noticed', 'objection_filed', 'heard')))::int AS open,
      (count(*) FILTER (WHERE (status = 'noticed' AND objection_window_ends_on <= ${today}::date) OR status = 'heard'))::int AS awaiting,
      (count(*) FILTER (WHERE status = 'active'))::int AS active,
      (count(*) FILTER (WHERE status = 'active' AND removal_due_on IS NOT NULL))::int AS due,
      (count(*) FILTER (WHERE status = 'active' AND removal_due_on < ${today}::date))::int AS overdue
    FROM list_entries WHERE status NOT IN ('rejected', 'expired', 'removed_early', 'annulled')`.execute(db)
  const r = rows[0]!
  return { open: r.open, awaitingDecision: r.awaiting, active: r.active, removalDue: r.due, removalOverdue: r.overdue }
}

/** The entries of the subjects in `range` (a pass over every entry walks the ranges). */
export async function entriesInRange(db: Db, range: IdRange): Promise<EntryRow[]> {
  const { rows } = await sql<EntryRow>`SELECT ${columns} FROM list_entries
    WHERE subject_id >= ${range.from}::uuid ${range.to === null ? sql`` : sql`AND subject_id < ${range.to}::uuid`}`.execute(
    db,
  )
  return rows
}

/** The entries citing any of `records` as their basis that have not ended, row-locked (by subject first: the key's order). */
export async function lockEntriesCiting(
  tx: Tx,
  records: readonly { subjectId: string; recordId: string }[],
): Promise<EntryRow[]> {
  const { rows } = await sql<EntryRow>`SELECT ${columns} FROM list_entries
    WHERE (subject_id, basis_record_id) IN (SELECT * FROM unnest(${records.map((r) => r.subjectId)}::uuid[], ${records.map((r) => r.recordId)}::uuid[]))
      AND status NOT IN ('rejected', 'expired', 'removed_early', 'annulled')
    ORDER BY subject_id, entry_id FOR UPDATE`.execute(tx.db)
  return rows
}

/** Writes entries the state machine ended (an ending changes only the status and the end day), in one statement. */
export async function endEntries(tx: Tx, rows: readonly EntryRow[], at: Date): Promise<void> {
  if (rows.length === 0) return
  await sql`UPDATE list_entries e SET status = k.status, ended_on = k.ended_on, updated_at = ${at.toISOString()}
    FROM unnest(${rows.map((r) => r.subject_id)}::uuid[], ${rows.map((r) => r.entry_id)}::uuid[], ${rows.map((r) => r.status)}::text[], ${rows.map((r) => r.ended_on)}::date[])
      AS k(subject_id, entry_id, status, ended_on)
    WHERE e.subject_id = k.subject_id AND e.entry_id = k.entry_id`.execute(tx.db)
}

/** Active entries whose end day has come: the maintenance pass expires them (row-locked, skipping those being changed). */
export async function lockDueToExpire(tx: Tx, today: string, limit: number): Promise<EntryRow[]> {
  const { rows } =
    await sql<EntryRow>`SELECT ${columns} FROM list_entries WHERE status = 'active' AND ends_on <= ${today}::date
    ORDER BY ends_on LIMIT ${limit} FOR UPDATE SKIP LOCKED`.execute(tx.db)
  return rows
}

/** Deletes the entries that ended on or before `lastEnded`; returns them. */
export async function deleteEndedEntries(
  tx: Tx,
  lastEnded: string,
): Promise<{ subject_id: string; entry_id: string; list_kind: string }[]> {
  const { rows } = await sql<{ subject_id: string; entry_id: string; list_kind: string }>`
      DELETE FROM list_entries WHERE ended_on IS NOT NULL AND ended_on <= ${lastEnded}::date RETURNING subject_id, entry_id, list_kind`.execute(
    tx.db,
  )
  return rows
}

// ---- for public statistics ----

export interface StatisticsRow {
  list_kind: string
  deciding_agency: string | null
  proposed: number
  listed: number
  rejected: number
  annulled: number
  removed: number
  expired: number
  active: number
}

export interface MonthRow {
  month: string
  list_kind: string
  deciding_agency: string | null
  listed: number
  removed: number
  annulled: number
  expired: number
}

/**
 * Entries month by month from `from` (a first of the month): listed (by their decision day), removed
 * early, annulled and expired (by their end day) per list kind and deciding agency.
 */
export async function entriesByMonth(db: Db, from: string): Promise<MonthRow[]> {
  const { rows } = await sql<MonthRow>`SELECT to_char(day, 'YYYY-MM') AS month, list_kind, deciding_agency,
        (count(*) FILTER (WHERE what = 'listed'))::int AS listed, (count(*) FILTER (WHERE what = 'removed_early'))::int AS removed,
        (count(*) FILTER (WHERE what = 'annulled'))::int AS annulled, (count(*) FILTER (WHERE what = 'expired'))::int AS expired
      FROM (SELECT decided_on AS day, 'listed' AS what, list_kind, deciding_agency FROM list_entries WHERE starts_on IS NOT NULL AND decided_on >= ${from}::date
            UNION ALL
            SELECT ended_on, status, list_kind, deciding_agency FROM list_entries WHERE status IN ('removed_early', 'annulled', 'expired') AND ended_on >= ${from}::date) e
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`.execute(db)
  return rows
}

/** Counts per list kind and deciding agency (null: not decided yet), and the days from a reported removal condition to each early removal. */
export async function entryStatistics(db: Db): Promise<{ rows: StatisticsRow[]; removalDays: number[] }> {
  const { rows } = await sql<StatisticsRow>`
    SELECT list_kind, deciding_agency, count(*)::int AS proposed,
      (count(*) FILTER (WHERE starts_on IS NOT NULL))::int AS listed,
      (count(*) FILTER (WHERE status = 'rejected'))::int AS rejected,
      (count(*) FILTER (WHERE status = 'annulled'))::int AS annulled,
      (count(*) FILTER (WHERE status = 'removed_early'))::int AS removed,
      (count(*) FILTER (WHERE status = 'expired'))::int AS expired,
      (count(*) FILTER (WHERE status = 'active'))::int AS active
    FROM list_entries GROUP BY list_kind, deciding_agency ORDER BY list_kind, deciding_agency NULLS FIRST`.execute(db)
  const removal = await sql<{ days: number }>`
    SELECT (ended_on - removal_reported_on)::int AS days FROM list_entries WHERE status = 'removed_early' AND removal_reported_on IS NOT NULL`.execute(
    db,
  )
  return { rows, removalDays: removal.rows.map((r) => Number(r.days)) }
}

// ---- list catalogue versions ----

export async function findListCatalogueHash(db: Db, version: string): Promise<string | undefined> {
  return (
    await db
      .selectFrom('list_catalogue_versions')
      .select('content_hash')
      .where('list_catalogue_version', '=', version)
      .executeTakeFirst()
  )?.content_hash
}

/** Records a version once; false if another process recorded it first. */
export async function insertListCatalogueVersion(
  tx: Tx,
  row: { version: string; publishedOn: string; contentJson: string; contentHash: string; loadedAt: Date },
): Promise<boolean> {
  const inserted = await tx.db
    .insertInto('list_catalogue_versions')
    .values({
      list_catalogue_version: row.version,
      published_on: row.publishedOn,
      content: row.contentJson,
      content_hash: row.contentHash,
      loaded_at: row.loadedAt,
    })
    .onConflict((oc) => oc.column('list_catalogue_version').doNothing())
    .returning('list_catalogue_version')
    .execute()
  return inserted.length > 0
}

// dates as text on both engines
const versionColumns = [
  'list_catalogue_version',
  sql<string>`published_on::text`.as('published_on'),
  'content_hash',
  'loaded_at',
] as const
const versionOf = (r: {
  list_catalogue_version: string
  published_on: string
  content_hash: string
  loaded_at: Date | string
}): StoredCatalogueVersion => ({
  version: r.list_catalogue_version,
  publishedOn: r.published_on,
  contentHash: r.content_hash,
  loadedAt: new Date(r.loaded_at),
})

/** Every stored list catalogue version, newest first (by when it was loaded). */
export async function listListCatalogueVersions(db: Db): Promise<StoredCatalogueVersion[]> {
  return (
    await db
      .selectFrom('list_catalogue_versions')
      .select(versionColumns)
      .orderBy('loaded_at', 'desc')
      .orderBy('list_catalogue_version', 'desc')
      .execute()
  ).map(versionOf)
}

export async function findListCatalogueVersion(
  db: Db,
  version: string,
): Promise<(StoredCatalogueVersion & { content: unknown }) | undefined> {
  const row = await db
    .selectFrom('list_catalogue_versions')
    .select([...versionColumns, 'content'])
    .where('list_catalogue_version', '=', version)
    .executeTakeFirst()
  return row ? { ...versionOf(row), content: row.content } : undefined
}

/** An entry in force with its organisation's name, code and type, as the public browses the lists. */
export type PublicEntryRow = EntryRow & {
  subject_name: string
  subject_uscc: string | null
  subject_type: string
  division_code: string | null
}

/**
 * A page of entries in force on `today` of `kinds` (the publicly disclosed list kinds), about
 * organisations only, latest decision first, filtered by list type, list kind, deciding agency, the
 * organisation's division (a prefix of its six digits) and the decision's dates.
 */
export async function publicEntriesPage(
  db: Db,
  options: {
    kinds: readonly string[]
    today: string
    listType?: 'red' | 'black'
    agency?: string
    division?: string
    decidedFrom?: string
    decidedTo?: string
    limit: number
    offset: number
  },
): Promise<PublicEntryRow[]> {
  if (options.kinds.length === 0) return []
  const { rows } = await sql<PublicEntryRow>`
    SELECT e.*, su.name AS subject_name, su.uscc AS subject_uscc, su.subject_type, su.division_code
    FROM (SELECT ${columns} FROM list_entries
      WHERE status = 'active' AND ends_on > ${options.today}::date AND starts_on <= ${options.today}::date
        AND list_kind = ANY(${options.kinds}::text[])
        ${options.listType === undefined ? sql`` : sql`AND list_type = ${options.listType}`}
        ${options.agency === undefined ? sql`` : sql`AND deciding_agency = ${options.agency}`}
        ${options.decidedFrom === undefined ? sql`` : sql`AND decided_on >= ${options.decidedFrom}::date`}
        ${options.decidedTo === undefined ? sql`` : sql`AND decided_on <= ${options.decidedTo}::date`}
    ) e
    JOIN ${subjectSummaries} su ON su.subject_id = e.subject_id AND su.subject_type <> 'person'
    ${options.division === undefined ? sql`` : sql`WHERE su.division_code LIKE ${options.division + '%'}`}
    ORDER BY e.decided_on DESC, e.entry_id
    LIMIT ${options.limit} OFFSET ${options.offset}`.execute(db)
  return rows
}

/** The agencies that decided entries in force on `kinds`, for the visitor's filter. */
export async function agenciesInForce(db: Db, kinds: readonly string[], today: string): Promise<string[]> {
  if (kinds.length === 0) return []
  const { rows } = await sql<{ deciding_agency: string }>`
    SELECT DISTINCT deciding_agency FROM list_entries
    WHERE status = 'active' AND ends_on > ${today}::date AND starts_on <= ${today}::date AND deciding_agency IS NOT NULL
      AND list_kind = ANY(${kinds}::text[])
    ORDER BY deciding_agency`.execute(db)
  return rows.map((r) => r.deciding_agency)
}
