import { sql, type RawBuilder, type Selectable } from 'kysely'
import { PREPARED, type Db, type Tx } from '../../db/database.ts'
import type { RecordsTable } from '../../db/schema.ts'
import { copyTextRow } from '../../platform/parsers/index.ts'
import { inScope, type IdScope } from '../../platform/id-ranges.ts'
import { sourceNames } from '../sources/index.ts'
import { subjectSummaries, type SubjectSummaryRow } from '../subjects/index.ts'

export interface LatestVersion {
  version: number
  /** hex */
  contentHash: string
}

/** The newest version of each record in `keys` that exists already. */
export async function findLatestVersions(
  tx: Tx,
  keys: readonly { subjectId: string; recordId: string }[],
): Promise<Map<string, LatestVersion>> {
  const latest = new Map<string, LatestVersion>()
  if (keys.length === 0) return latest
  // One index probe per key (newest version first), whatever the table's statistics say: during a
  // bulk load into a fresh table they say "empty", and a join would pick a sequential scan.
  const result = await sql<{ record_id: string; version: number; content_hash: Buffer }>`
    SELECT k.record_id, l.version, l.content_hash
    FROM unnest(${keys.map((k) => k.subjectId)}::uuid[], ${keys.map((k) => k.recordId)}::uuid[]) AS k(subject_id, record_id)
    CROSS JOIN LATERAL (
      SELECT r.version, r.content_hash FROM records r
      WHERE r.subject_id = k.subject_id AND r.record_id = k.record_id
      ORDER BY r.version DESC LIMIT 1
    ) l`.execute(tx.db)
  for (const row of result.rows)
    latest.set(row.record_id, { version: row.version, contentHash: Buffer.from(row.content_hash).toString('hex') })
  return latest
}

export interface NewVersionRow {
  subjectId: string
  recordId: string
  version: number
  sourceId: string
  sourceRecordId: string
  kindCode: string
  catalogueVersion: string
  decidedOn: string
  conductEndedOn: string | null
  fieldsJson: string
  /** hex */
  contentHash: string
  identifierCheckFailed: boolean
}

const columns = [
  'subject_id',
  'record_id',
  'version',
  'source_id',
  'source_record_id',
  'kind_code',
  'catalogue_version',
  'decided_on',
  'conduct_ended_on',
  'fields',
  'content_hash',
  'identifier_check_failed',
  'received_at',
] as const

export async function copyVersions(tx: Tx, rows: readonly NewVersionRow[], receivedAt: Date): Promise<void> {
  const at = receivedAt.toISOString()
  await tx.copyFrom(
    'records',
    columns,
    rows.map((r) =>
      copyTextRow([
        r.subjectId,
        r.recordId,
        r.version,
        r.sourceId,
        r.sourceRecordId,
        r.kindCode,
        r.catalogueVersion,
        r.decidedOn,
        r.conductEndedOn,
        r.fieldsJson,
        '\\x' + r.contentHash,
        r.identifierCheckFailed,
        at,
      ]),
    ),
  )
}

export interface StoredVersion {
  record_id: string
  source_id: string
  version: number
  source_name: string
  source_display_name: string
  source_record_id: string
  kind_code: string
  catalogue_version: string
  decided_on: string
  conduct_ended_on: string | null
  fields: Record<string, unknown>
  identifier_check_failed: boolean
  received_at: Date
  content_hash: Buffer
  erased_at: Date | null
  taken_down_at: Date | null
}

const versionColumns = sql`r.record_id, r.source_id, r.version, s.name AS source_name, s.display_name AS source_display_name, r.source_record_id,
  r.kind_code, r.catalogue_version, r.decided_on::text AS decided_on, r.conduct_ended_on::text AS conduct_ended_on,
  r.fields, r.identifier_check_failed, r.received_at, r.content_hash, r.erased_at, r.taken_down_at`

/** What the objections against a subject's records say about how each is to be shown. */
export interface ObjectionFactRow {
  target_id: string
  objection_id: string
  status: string
  filed_at: string
  due_on: string
  statement: string | null
  answered_version: number | null
}

const objectionFactColumns = sql`o.target_id, o.objection_id, o.status, o.filed_at, o.due_on::text AS due_on, o.statement, o.answered_version`

/** The objections against one subject's records (or one of them), oldest first. */
export async function listObjectionFacts(db: Db, subjectId: string, recordId?: string): Promise<ObjectionFactRow[]> {
  const result = await sql<ObjectionFactRow>`
    SELECT ${objectionFactColumns} FROM objections o
    WHERE o.subject_id = ${subjectId} AND o.target_type = 'record' ${recordId === undefined ? sql`` : sql`AND o.target_id = ${recordId}`}
    ORDER BY o.filed_at, o.objection_id`.execute(db)
  return result.rows
}

/** Whether `sourceId` has submitted any record about the subject (erased ones too: it knew of the subject). */
export async function sourceHasRecordOn(db: Db, subjectId: string, sourceId: string): Promise<boolean> {
  const row = await db
    .selectFrom('records')
    .select('record_id')
    .where('subject_id', '=', subjectId)
    .where('source_id', '=', sourceId)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/** The current version of one record (in a transaction, pass its `tx.db`). */
export async function findCurrentVersion(
  db: Db,
  subjectId: string,
  recordId: string,
): Promise<StoredVersion | undefined> {
  const result = await sql<StoredVersion>`
    SELECT ${versionColumns} FROM records r JOIN ${sourceNames} s ON s.source_id = r.source_id
    WHERE r.subject_id = ${subjectId} AND r.record_id = ${recordId} ORDER BY r.version DESC LIMIT 1`.execute(db)
  return result.rows[0]
}

/**
 * Share-locks a record's current version for a transaction that rests something on it (a list entry's
 * step): a change that ends what rests on records locks them first (`lockRecordsForChange`), so one
 * waits for the other. Read the record after this, in a statement of its own (it sees what committed).
 */
export async function shareLockCurrentVersion(tx: Tx, subjectId: string, recordId: string): Promise<void> {
  await sql`SELECT 1 FROM records WHERE subject_id = ${subjectId} AND record_id = ${recordId} ORDER BY version DESC LIMIT 1 FOR SHARE`.execute(
    tx.db,
  )
}

/** Locks every version of records that stopped holding, before what rests on them is ended (see shareLockCurrentVersion). */
export async function lockRecordsForChange(
  tx: Tx,
  keys: readonly { subjectId: string; recordId: string }[],
): Promise<void> {
  await sql`SELECT 1 FROM records r JOIN unnest(${keys.map((k) => k.subjectId)}::uuid[], ${keys.map((k) => k.recordId)}::uuid[]) AS k(subject_id, record_id)
    ON r.subject_id = k.subject_id AND r.record_id = k.record_id FOR NO KEY UPDATE OF r`.execute(tx.db)
}

/** Every version of every record of one subject, newest version first within each record. */
export async function listSubjectVersions(db: Db, subjectId: string, onlyCurrent: boolean): Promise<StoredVersion[]> {
  const result = await sql<StoredVersion>`
    SELECT ${onlyCurrent ? sql`DISTINCT ON (r.record_id)` : sql``} ${versionColumns}
    FROM records r JOIN ${sourceNames} s ON s.source_id = r.source_id
    WHERE r.subject_id = ${subjectId}
    ORDER BY r.record_id, r.version DESC`.execute(db)
  return result.rows
}

type SubjectWithVersionRow = { [K in keyof StoredVersion]: StoredVersion[K] | null } & {
  subject_id: string
  subject_type: string
  subject_uscc: string | null
  subject_name: string | null
  subject_person_name_enc: Buffer | null
  subject_person_id_masked: string | null
  subject_division_code: string | null
  subject_identifier_check_failed: boolean
  subject_created_at: Date
  /** every objection against the subject's records (null without any), the same on every row */
  subject_objections: ObjectionFactRow[] | null
}

/**
 * The one statement behind a report and a public file: a subject and the current version of each of
 * its records (one round trip, one snapshot). Exported for bench/report-read, whose bare route runs
 * exactly this. Both tables are distributed by subject_id, so on Citus it is a single-shard query.
 */
export function subjectWithCurrentVersionsQuery(subjectId: string) {
  return sql<SubjectWithVersionRow>`${PREPARED}
    SELECT su.subject_id, su.subject_type, su.uscc AS subject_uscc, su.name AS subject_name, su.person_name_enc AS subject_person_name_enc,
      su.person_id_masked AS subject_person_id_masked, su.division_code AS subject_division_code,
      su.identifier_check_failed AS subject_identifier_check_failed, su.created_at AS subject_created_at, ob.subject_objections, v.*
    FROM ${subjectSummaries} su
    LEFT JOIN LATERAL (
      SELECT json_agg(o ORDER BY o.filed_at, o.objection_id) AS subject_objections
      FROM (SELECT ${objectionFactColumns} FROM objections o WHERE o.subject_id = su.subject_id AND o.target_type = 'record') o
    ) ob ON true
    LEFT JOIN LATERAL (
      SELECT DISTINCT ON (r.record_id) ${versionColumns}
      FROM records r JOIN ${sourceNames} s ON s.source_id = r.source_id
      WHERE r.subject_id = su.subject_id
      ORDER BY r.record_id, r.version DESC
    ) v ON true
    WHERE su.subject_id = ${subjectId}`
}

/** A subject, the current version of each of its records and the objections against them; undefined when there is no such subject. */
export async function findSubjectWithCurrentVersions(
  db: Db,
  subjectId: string,
): Promise<{ subject: SubjectSummaryRow; versions: StoredVersion[]; objections: ObjectionFactRow[] } | undefined> {
  const { rows } = await subjectWithCurrentVersionsQuery(subjectId).execute(db)
  const first = rows[0]
  if (!first) return undefined
  const subject: SubjectSummaryRow = {
    subject_id: first.subject_id,
    subject_type: first.subject_type,
    uscc: first.subject_uscc,
    name: first.subject_name,
    person_name_enc: first.subject_person_name_enc,
    person_id_masked: first.subject_person_id_masked,
    division_code: first.subject_division_code,
    identifier_check_failed: first.subject_identifier_check_failed,
    created_at: first.subject_created_at,
  }
  // with no records, the one row carries the subject and nulls
  const versions = first.record_id === null ? [] : (rows as unknown as StoredVersion[])
  return { subject, versions, objections: first.subject_objections ?? [] }
}

/** Ends a record's public display: every version, once (the trigger lets taken_down_at be set once). */
export async function takeDownRecord(tx: Tx, subjectId: string, recordId: string, at: Date): Promise<void> {
  await sql`UPDATE records SET taken_down_at = ${at.toISOString()} WHERE subject_id = ${subjectId} AND record_id = ${recordId} AND taken_down_at IS NULL`.execute(
    tx.db,
  )
}

/** The current version of every record of the subjects in `scope`: what a rating reads of each. */
export async function currentVersionsIn(db: Db, scope: IdScope) {
  return (
    await sql<{
      subject_id: string
      record_id: string
      version: number
      kind_code: string
      decided_on: string
      conduct_ended_on: string | null
      taken_down: boolean
      erased: boolean
    }>`
    SELECT DISTINCT ON (subject_id, record_id) subject_id, record_id, version, kind_code, decided_on::text AS decided_on, conduct_ended_on::text AS conduct_ended_on,
      taken_down_at IS NOT NULL AS taken_down, erased_at IS NOT NULL AS erased
    FROM records WHERE ${inScope('subject_id', scope)}
    ORDER BY subject_id, record_id, version DESC`.execute(db)
  ).rows
}

export type CurrentRecord = Pick<
  Selectable<RecordsTable>,
  | 'subject_id'
  | 'record_id'
  | 'version'
  | 'source_id'
  | 'source_record_id'
  | 'kind_code'
  | 'decided_on'
  | 'conduct_ended_on'
  | 'erased_at'
>

/**
 * The current version of a subject's record, share-locked in `tx`: erasure (an UPDATE) waits for the
 * transaction, or the transaction sees the tombstone — an objection can never bring content back.
 */
export async function lockCurrentRecord(
  tx: Tx,
  subjectId: string,
  recordId: string,
): Promise<CurrentRecord | undefined> {
  const result = await sql<CurrentRecord>`
    SELECT subject_id, record_id, version, source_id, source_record_id, kind_code, decided_on::text AS decided_on,
      conduct_ended_on::text AS conduct_ended_on, erased_at
    FROM records WHERE subject_id = ${subjectId} AND record_id = ${recordId}
    ORDER BY version DESC LIMIT 1 FOR SHARE`.execute(tx.db)
  return result.rows[0]
}

/** A record's current version's kind, source record id and version, as a (lateral) table to join: the record given by SQL expressions. */
export const currentVersionOf = (
  subjectId: RawBuilder<unknown>,
  recordId: RawBuilder<unknown>,
): RawBuilder<unknown> => sql`(
    SELECT r.kind_code, r.source_record_id, r.version FROM records r
    WHERE r.subject_id = ${subjectId} AND r.record_id = ${recordId} ORDER BY r.version DESC LIMIT 1
  )`

/** The first record (by id) of one of `kinds` about the subject, with its source's name (the demo objects to it). */
export async function firstRecordOfKinds(
  db: Db,
  subjectId: string,
  kinds: readonly string[],
): Promise<{ record_id: string; source_name: string } | undefined> {
  const { rows } = await sql<{
    record_id: string
    source_name: string
  }>`SELECT r.record_id, s.name AS source_name FROM records r JOIN ${sourceNames} s ON s.source_id = r.source_id
    WHERE r.subject_id = ${subjectId} AND r.kind_code = ANY(${kinds}::text[]) ORDER BY r.record_id LIMIT 1`.execute(db)
  return rows[0]
}

/** The first record (by id) of `kind` about a subject of `subjectType` (the demo proposes a list entry on it). */
export async function firstRecordOfKindOn(
  db: Db,
  kind: string,
  subjectType: string,
): Promise<{ subject_id: string; record_id: string } | undefined> {
  const { rows } = await sql<{
    subject_id: string
    record_id: string
  }>`SELECT r.subject_id, r.record_id FROM records r JOIN ${subjectSummaries} s ON s.subject_id = r.subject_id
    WHERE r.kind_code = ${kind} AND s.subject_type = ${subjectType} ORDER BY r.record_id LIMIT 1`.execute(db)
  return rows[0]
}

/** A public record as the browsing of licences and penalties reads it: its current version, its organisation, the objections against it. */
export type PublicVersionRow = StoredVersion & {
  subject_id: string
  subject_name: string
  subject_uscc: string | null
  subject_type: string
  objections: ObjectionFactRow[] | null
}

/**
 * A page of records of `kinds` about organisations, newest decision first, each kind from its own first
 * day still on public display (`from`, China calendar; the visibility rule itself is applied by the
 * caller), still current (no later version), neither taken down nor erased, filtered by source,
 * the organisation's division (a prefix of its six digits) and the decision's dates; with the
 * objections against each (its standing depends on them). Walks records_public_day (migration 0029)
 * in the order asked, so a page costs its rows, not the table's.
 */
export async function publicVersionsPage(
  db: Db,
  options: {
    kinds: readonly { code: string; from: string }[]
    sourceId?: string
    division?: string
    decidedFrom?: string
    decidedTo?: string
    limit: number
    offset: number
  },
): Promise<PublicVersionRow[]> {
  if (options.kinds.length === 0) return []
  const kinds = sql.join(
    options.kinds.map((k) => sql`(r.kind_code = ${k.code} AND r.decided_on >= ${k.from}::date)`),
    sql` OR `,
  )
  const { rows } = await sql<PublicVersionRow>`
    SELECT ${versionColumns}, r.subject_id, su.name AS subject_name, su.uscc AS subject_uscc, su.subject_type,
      (SELECT json_agg(o ORDER BY o.filed_at, o.objection_id) FROM (SELECT ${objectionFactColumns} FROM objections o
        WHERE o.subject_id = r.subject_id AND o.target_type = 'record' AND o.target_id = r.record_id) o) AS objections
    FROM records r
    JOIN ${sourceNames} s ON s.source_id = r.source_id
    JOIN ${subjectSummaries} su ON su.subject_id = r.subject_id AND su.subject_type <> 'person'
    WHERE r.erased_at IS NULL AND r.taken_down_at IS NULL AND (${kinds})
      ${options.sourceId === undefined ? sql`` : sql`AND r.source_id = ${options.sourceId}::uuid`}
      ${options.division === undefined ? sql`` : sql`AND su.division_code LIKE ${options.division + '%'}`}
      ${options.decidedFrom === undefined ? sql`` : sql`AND r.decided_on >= ${options.decidedFrom}::date`}
      ${options.decidedTo === undefined ? sql`` : sql`AND r.decided_on <= ${options.decidedTo}::date`}
      AND NOT EXISTS (SELECT 1 FROM records n WHERE n.subject_id = r.subject_id AND n.record_id = r.record_id AND n.version > r.version)
    ORDER BY r.decided_on DESC, r.subject_id, r.record_id
    LIMIT ${options.limit} OFFSET ${options.offset}`.execute(db)
  return rows
}

/** The sources that have submitted records of `kinds` (the agencies a visitor may choose among), by display name. */
export async function sourcesOfKinds(
  db: Db,
  kinds: readonly string[],
): Promise<{ source_id: string; display_name: string }[]> {
  if (kinds.length === 0) return []
  const { rows } = await sql<{ source_id: string; display_name: string }>`
    SELECT s.source_id, s.display_name FROM ${sourceNames} s
    WHERE EXISTS (SELECT 1 FROM records r WHERE r.source_id = s.source_id AND r.kind_code = ANY(${kinds}::text[]))
    ORDER BY s.display_name, s.source_id`.execute(db)
  return rows
}

/** One record's fields as they were known on a date (fieldsKnownAt). */
export interface KnownFields {
  subject_id: string
  record_id: string
  fields: Record<string, unknown>
}

/**
 * The fields of records of `kinds` as they were known at `asOf`, bitemporally: each record's newest version
 * received on or before it (never a later record, never a later correction), unless erased (its fields are gone)
 * or taken down by then. Of one subject, or (`subjectId` undefined) of every person: a development sample.
 */
export async function fieldsKnownAt(
  db: Db,
  subjectId: string | undefined,
  kinds: readonly string[],
  asOf: Date,
): Promise<KnownFields[]> {
  const at = asOf.toISOString()
  const { rows } = await sql<KnownFields & { erased_at: Date | null; taken_down_at: Date | null }>`
    SELECT * FROM (
      SELECT DISTINCT ON (r.subject_id, r.record_id) r.subject_id, r.record_id, r.fields, r.erased_at, r.taken_down_at
      FROM records r
      ${subjectId === undefined ? sql`JOIN ${subjectSummaries} su ON su.subject_id = r.subject_id AND su.subject_type = 'person'` : sql``}
      WHERE ${subjectId === undefined ? sql`TRUE` : sql`r.subject_id = ${subjectId}`}
        AND r.kind_code = ANY(${[...kinds]}::text[]) AND r.received_at <= ${at}::timestamptz
      ORDER BY r.subject_id, r.record_id, r.version DESC) k
    WHERE k.erased_at IS NULL AND (k.taken_down_at IS NULL OR k.taken_down_at > ${at}::timestamptz)
    ORDER BY k.subject_id, k.record_id`.execute(db)
  return rows.map(({ subject_id, record_id, fields }) => ({ subject_id, record_id, fields }))
}
