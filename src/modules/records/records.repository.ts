import { sql } from 'kysely'
import type { Db, Tx } from '../../db/database.ts'
import { copyTextRow } from '../../platform/parsers/index.ts'

export interface LatestVersion {
  version: number
  /** hex */
  contentHash: string
}

/** The newest version of each record in `keys` that exists already. */
export async function findLatestVersions(tx: Tx, keys: readonly { subjectId: string; recordId: string }[]): Promise<Map<string, LatestVersion>> {
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
  for (const row of result.rows) latest.set(row.record_id, { version: row.version, contentHash: Buffer.from(row.content_hash).toString('hex') })
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

const columns = ['subject_id', 'record_id', 'version', 'source_id', 'source_record_id', 'kind_code', 'catalogue_version', 'decided_on', 'conduct_ended_on', 'fields', 'content_hash', 'identifier_check_failed', 'received_at'] as const

export async function copyVersions(tx: Tx, rows: readonly NewVersionRow[], receivedAt: Date): Promise<void> {
  const at = receivedAt.toISOString()
  await tx.copyFrom('records', columns, rows.map((r) => copyTextRow([
    r.subjectId, r.recordId, r.version, r.sourceId, r.sourceRecordId, r.kindCode, r.catalogueVersion, r.decidedOn, r.conductEndedOn,
    r.fieldsJson, '\\x' + r.contentHash, r.identifierCheckFailed, at,
  ])))
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
}

/** Every version of every record of one subject, newest version first within each record. */
export async function listSubjectVersions(db: Db, subjectId: string, onlyCurrent: boolean): Promise<StoredVersion[]> {
  const result = await sql<StoredVersion>`
    SELECT ${onlyCurrent ? sql`DISTINCT ON (r.record_id)` : sql``}
      r.record_id, r.source_id, r.version, s.name AS source_name, s.display_name AS source_display_name, r.source_record_id,
      r.kind_code, r.catalogue_version, r.decided_on::text AS decided_on, r.conduct_ended_on::text AS conduct_ended_on,
      r.fields, r.identifier_check_failed, r.received_at
    FROM records r JOIN sources s ON s.source_id = r.source_id
    WHERE r.subject_id = ${subjectId}
    ORDER BY r.record_id, r.version DESC`.execute(db)
  return result.rows
}
