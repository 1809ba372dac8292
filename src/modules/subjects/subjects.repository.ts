import { sql } from 'kysely'
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
