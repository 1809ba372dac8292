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
  const rows = await tx.db
    .selectFrom('subjects')
    .select('subject_id')
    .where('subject_id', '=', (eb) => eb.fn.any(eb.val(subjectIds).$castTo<string[]>()))
    .execute()
  return new Set(rows.map((r) => r.subject_id))
}

const bytea = (b: Buffer | null) => (b === null ? null : '\\x' + b.toString('hex'))

export async function copySubjects(tx: Tx, rows: readonly NewSubjectRow[], createdAt: Date): Promise<void> {
  const at = createdAt.toISOString()
  await tx.copyFrom(
    'subjects',
    [
      'subject_id',
      'subject_type',
      'uscc',
      'name',
      'person_id_enc',
      'person_name_enc',
      'person_id_masked',
      'division_code',
      'identifier_check_failed',
      'created_at',
    ],
    rows.map((r) =>
      copyTextRow([
        r.subjectId,
        r.subjectType,
        r.uscc,
        r.name,
        bytea(r.personIdEnc),
        bytea(r.personNameEnc),
        r.personIdMasked,
        r.divisionCode,
        r.identifierCheckFailed,
        at,
      ]),
    ),
  )
}

export async function findSubject(db: Db, subjectId: string) {
  return db.selectFrom('subjects').selectAll().where('subject_id', '=', subjectId).executeTakeFirst()
}

export async function countSubjects(db: Db): Promise<number> {
  const row = await db
    .selectFrom('subjects')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** An organisation as public search finds it. */
export interface OrganisationHit {
  subject_id: string
  name: string
  uscc: string
  subject_type: string
}

// Public search (migration 0027): each step reads at most `limit` rows in the order of an index, so a
// common query costs what a rare one does. Names compare as `lower(name) COLLATE "C"`, the very
// expression of subjects_name_order, so LIKE 'prefix%' is a range of it and the order is its order.
// Persons never: every step keeps `subject_type <> 'person'`, the indexes' own condition.

const HIT = sql`subject_id, name, uscc, subject_type`
const NAME = sql`lower(name) COLLATE "C"`

/** The statements of public search, built apart so that a test can EXPLAIN them. */
export const searchStatements = {
  /** The organisation with this USCC (subjects_uscc). */
  byUscc: (uscc: string) =>
    sql<OrganisationHit>`SELECT ${HIT} FROM subjects WHERE uscc = ${uscc} AND subject_type <> 'person' LIMIT 1`,
  /**
   * In one round trip, in name order: up to `limit` organisations whose name starts with the LIKE
   * pattern `prefix` (ending in %; step 1, a range of the index), then, as many as step 1 left to
   * find, among the first `window` names, those holding `within` (%...%) without starting with
   * `prefix` (step 2: walked in the index's order and stopped when found, so a common query reads a
   * few dozen rows; PostgreSQL cannot estimate how many names hold a pattern, and left to itself
   * scans and sorts them all).
   */
  byName: (prefix: string, within: string, window: number, limit: number) => sql<OrganisationHit & { step: number }>`
    WITH starting AS (SELECT ${HIT}, ${NAME} AS key FROM subjects WHERE subject_type <> 'person' AND ${NAME} LIKE lower(${prefix}) ORDER BY ${NAME}, subject_id LIMIT ${limit})
    (SELECT 1 AS step, * FROM starting)
    UNION ALL
    (SELECT 2 AS step, subject_id, name, uscc, subject_type, key
      FROM (SELECT ${HIT}, ${NAME} AS key FROM subjects WHERE subject_type <> 'person' ORDER BY ${NAME}, subject_id LIMIT ${window}) AS first
      WHERE key LIKE lower(${within}) AND NOT key LIKE lower(${prefix}) ORDER BY key, subject_id
      -- nothing is walked when the names starting with the words fill the page
      LIMIT (SELECT ${limit} - count(*) FROM starting))
    ORDER BY step, key, subject_id`,
  /** Organisations whose name holds the LIKE pattern `within` (%...%) but does not start with `prefix`, in name order: all of them read (a rare query). */
  byNameWithin: (within: string, prefix: string, limit: number) => sql<OrganisationHit>`SELECT ${HIT} FROM subjects
    WHERE subject_type <> 'person' AND ${NAME} LIKE lower(${within}) AND NOT ${NAME} LIKE lower(${prefix}) ORDER BY ${NAME}, subject_id LIMIT ${limit}`,
  /** Organisations whose name is like `text` by trigram similarity (subjects_name_trgm) without holding `within`, most alike first. */
  byNameAlike: (text: string, within: string, limit: number) => sql<OrganisationHit>`SELECT ${HIT} FROM subjects
    WHERE subject_type <> 'person' AND name % ${text} AND NOT ${NAME} LIKE lower(${within}) ORDER BY similarity(name, ${text}) DESC, ${NAME}, subject_id LIMIT ${limit}`,
}

export async function findOrganisationByUscc(db: Db, uscc: string): Promise<OrganisationHit | undefined> {
  return (await searchStatements.byUscc(uscc).execute(db)).rows[0]
}

/** How many names, in name order, a search reads before it reads them all (a rare query). */
const SEARCH_WINDOW = 2000

/**
 * Up to `limit` organisations by name, in name order: those starting with the words first, then those
 * holding them. A common query takes one statement; a rare one (fewer than needed among the first
 * SEARCH_WINDOW names) a second that reads every name holding the words.
 */
export async function organisationsByName(
  db: Db,
  prefix: string,
  within: string,
  limit: number,
): Promise<OrganisationHit[]> {
  const rows = (await searchStatements.byName(prefix, within, SEARCH_WINDOW, limit).execute(db)).rows
  const hit = ({ subject_id, name, uscc, subject_type }: OrganisationHit) => ({ subject_id, name, uscc, subject_type })
  const starting = rows.filter((r) => r.step === 1).map(hit)
  const holding = rows.filter((r) => r.step === 2).map(hit)
  const needed = limit - starting.length
  if (needed <= 0) return starting
  // the names holding the words among the first of the window are the first of all of them
  if (holding.length >= needed) return [...starting, ...holding.slice(0, needed)]
  return [...starting, ...(await searchStatements.byNameWithin(within, prefix, needed).execute(db)).rows]
}

export async function organisationsByNameAlike(
  db: Db,
  text: string,
  within: string,
  limit: number,
): Promise<OrganisationHit[]> {
  return (await searchStatements.byNameAlike(text, within, limit).execute(db)).rows
}

/** The subjects of `types` in `scope`, with the day (China time) each became known. */
export async function subjectsOfTypesIn(
  db: Db,
  scope: IdScope,
  types: readonly string[],
): Promise<{ subject_id: string; created_on: string }[]> {
  return (
    await sql<{ subject_id: string; created_on: string }>`
    SELECT subject_id, (created_at AT TIME ZONE 'Asia/Shanghai')::date::text AS created_on FROM subjects
    WHERE ${inScope('subject_id', scope)} AND subject_type = ANY(${types}::text[])`.execute(db)
  ).rows
}

export async function countSubjectsOfTypes(db: Db, types: readonly string[]): Promise<number> {
  return Number(
    (
      await sql<{ n: string }>`SELECT count(*) AS n FROM subjects WHERE subject_type = ANY(${types}::text[])`.execute(
        db,
      )
    ).rows[0]!.n,
  )
}

/** A subject's summary columns (SubjectSummaryRow), as a table other modules' statements join: `FROM ${subjectSummaries} su`. */
export const subjectSummaries = sql`(SELECT subject_id, subject_type, uscc, name, person_name_enc, person_id_masked, division_code, identifier_check_failed, created_at FROM subjects)`

/** Whether the subject (an SQL expression) is an organisation: true for any subject that is not a person. */
export const isOrganisation = (subjectId: RawBuilder<unknown>): RawBuilder<boolean> =>
  sql<boolean>`EXISTS (SELECT 1 FROM subjects s WHERE s.subject_id = ${subjectId} AND s.subject_type <> 'person')`
