import { sql, type RawBuilder } from 'kysely'
import type { Db, Tx } from '../../db/database.ts'
import { copyTextRow } from '../../platform/parsers/index.ts'
import { inScope, type IdScope } from '../../platform/id-ranges.ts'

export interface NewSubjectRow {
  subjectId: string
  subjectType: string
  uscc: string | null
  name: string | null
  personIdEnc: Buffer | null
  personNameEnc: Buffer | null
  personIdMasked: string | null
  divisionCode: string
  identifierCheckFailed: boolean
}

export async function findExistingSubjectIds(tx: Tx, subjectIds: readonly string[]): Promise<Set<string>> {
  if (subjectIds.length === 0) return new Set()
  const rows = await tx.db.selectFrom('subjects').select('subject_id').where('subject_id', '=', (eb) => eb.fn.any(eb.val(subjectIds).$castTo<string[]>())).execute()
  return new Set(rows.map((r) => r.subject_id))
}

const bytea = (b: Buffer | null) => (b === null ? null : '\\x' + b.toString('hex'))

export async function copySubjects(tx: Tx, rows: readonly NewSubjectRow[], createdAt: Date): Promise<void> {
  const at = createdAt.toISOString()
  await tx.copyFrom('subjects', ['subject_id', 'subject_type', 'uscc', 'name', 'person_id_enc', 'person_name_enc', 'person_id_masked', 'division_code', 'identifier_check_failed', 'created_at'],
    rows.map((r) => copyTextRow([r.subjectId, r.subjectType, r.uscc, r.name, bytea(r.personIdEnc), bytea(r.personNameEnc), r.personIdMasked, r.divisionCode, r.identifierCheckFailed, at])))
}

export async function findSubject(db: Db, subjectId: string) {
  return db.selectFrom('subjects').selectAll().where('subject_id', '=', subjectId).executeTakeFirst()
}

export async function countSubjects(db: Db): Promise<number> {
  const row = await db.selectFrom('subjects').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

/** The subjects of `types` in `scope`, with the day (China time) each became known. */
export async function subjectsOfTypesIn(db: Db, scope: IdScope, types: readonly string[]): Promise<{ subject_id: string; created_on: string }[]> {
  return (await sql<{ subject_id: string; created_on: string }>`
    SELECT subject_id, (created_at AT TIME ZONE 'Asia/Shanghai')::date::text AS created_on FROM subjects
    WHERE ${inScope('subject_id', scope)} AND subject_type = ANY(${types}::text[])`.execute(db)).rows
}

export async function countSubjectsOfTypes(db: Db, types: readonly string[]): Promise<number> {
  return Number((await sql<{ n: string }>`SELECT count(*) AS n FROM subjects WHERE subject_type = ANY(${types}::text[])`.execute(db)).rows[0]!.n)
}

/** Organisations by USCC (`code`, exactly) or by name (`like`, `prefix`: escaped ILIKE patterns; `q` by trigram similarity), best first. */
export async function searchOrganisationRows(db: Db, match: { q: string; code: string; like: string; prefix: string }, limit: number): Promise<{ subject_id: string; name: string; uscc: string; subject_type: string }[]> {
  const { q, code, like, prefix } = match
  const { rows } = await sql<{ subject_id: string; name: string; uscc: string; subject_type: string }>`
    SELECT subject_id, name, uscc, subject_type FROM subjects
    WHERE subject_type <> 'person' AND (uscc = ${code} OR name ILIKE ${like} OR (length(${q}) >= 3 AND name % ${q}))
    ORDER BY (uscc = ${code}) DESC, (name ILIKE ${prefix}) DESC, (name ILIKE ${like}) DESC, similarity(name, ${q}) DESC, name
    LIMIT ${limit}`.execute(db)
  return rows
}

/** A subject's summary columns (SubjectSummaryRow), as a table other modules' statements join: `FROM ${subjectSummaries} su`. */
export const subjectSummaries = sql`(SELECT subject_id, subject_type, uscc, name, person_name_enc, person_id_masked, division_code, identifier_check_failed, created_at FROM subjects)`

/** Whether the subject (an SQL expression) is an organisation: true for any subject that is not a person. */
export const isOrganisation = (subjectId: RawBuilder<unknown>): RawBuilder<boolean> =>
  sql<boolean>`EXISTS (SELECT 1 FROM subjects s WHERE s.subject_id = ${subjectId} AND s.subject_type <> 'person')`
