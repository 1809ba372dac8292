import { sql, type RawBuilder } from 'kysely'
import type { Db, Tx } from '../../db/database.ts'
import { copyTextRow } from '../../platform/parsers/index.ts'
import { inScope, type IdScope } from '../../platform/id-ranges.ts'
import { pinyinKeys } from './pinyin.ts'

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
      'name_pinyin',
      'name_initials',
    ],
    rows.map((r) => {
      // an organisation is found by its name in pinyin too (migration 0028)
      const keys = r.name === null ? null : pinyinKeys(r.name)
      return copyTextRow([
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
        keys?.full ?? null,
        keys?.initials ?? null,
      ])
    }),
  )
}

export async function findSubject(db: Db, subjectId: string) {
  return db.selectFrom('subjects').selectAll().where('subject_id', '=', subjectId).executeTakeFirst()
}

/** Several subjects' rows at once (a queue naming whom each item is about). */
export async function findSubjects(db: Db, subjectIds: readonly string[]) {
  if (subjectIds.length === 0) return []
  return db
    .selectFrom('subjects')
    .selectAll()
    .where('subject_id', 'in', [...subjectIds])
    .execute()
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

/** A page of a search statement: the hits, each with its step, and every row carrying the (capped) count of all matches. */
type CountedRow = { total: number } & (
  | ({ step: number; key: string } & OrganisationHit)
  | { step: null; key: null; subject_id: null; name: null; uscc: null; subject_type: null }
)

// Public search (migrations 0027, 0028): each step reads at most `want` rows in the order of an index,
// so a common query costs what a rare one does; the count of all matches reads at most `cap` rows a
// step (beyond it the page says "more than"). Names compare as `lower(name) COLLATE "C"`, the very
// expression of subjects_name_order, so LIKE 'prefix%' is a range of it and the order is its order;
// pinyin and initials likewise (`name_pinyin COLLATE "C"`, subjects_pinyin_order, subjects_initials_order).
// Persons never: every step keeps `subject_type <> 'person'`, the indexes' own condition.

const HIT = sql`subject_id, name, uscc, subject_type`
const NAME = sql`lower(name) COLLATE "C"`
const PINYIN = sql`name_pinyin COLLATE "C"`
const INITIALS = sql`name_initials COLLATE "C"`
const ORGANISATION = sql`subject_type <> 'person'`

/** Up to `cap` rows matching `condition`, counted (no order: it stops at the cap). */
const countUpTo = (condition: RawBuilder<unknown>, cap: number) =>
  sql`(SELECT count(*) FROM (SELECT 1 FROM subjects WHERE ${ORGANISATION} AND ${condition} LIMIT ${cap}) AS c)`

/** The steps' rows in their order, after the count: a search that finds nothing still answers its count. */
const counted = (total: RawBuilder<unknown>, steps: RawBuilder<unknown>) => sql<CountedRow>`
    SELECT counted.total::int AS total, hits.* FROM (SELECT ${total} AS total) AS counted
    LEFT JOIN (${steps}) AS hits ON true
    ORDER BY hits.step, hits.key, hits.subject_id`

/** The statements of public search, built apart so that a test can EXPLAIN them. */
export const searchStatements = {
  /** The organisation with this USCC (subjects_uscc). */
  byUscc: (uscc: string) =>
    sql<OrganisationHit>`SELECT ${HIT} FROM subjects WHERE uscc = ${uscc} AND ${ORGANISATION} LIMIT 1`,
  /**
   * In one round trip, in name order: up to `want` organisations whose name starts with the LIKE
   * pattern `prefix` (ending in %; step 1, a range of the index), then, as many as step 1 left to
   * find, among the first `window` names, those holding `within` (%...%) without starting with
   * `prefix` (step 2: walked in the index's order and stopped when found, so a common query reads a
   * few dozen rows; PostgreSQL cannot estimate how many names hold a pattern, and left to itself
   * scans and sorts them all); and how many match in all, up to `cap` a step.
   */
  byName: (prefix: string, within: string, window: number, want: number, cap: number) => {
    const starts = sql`${NAME} LIKE lower(${prefix})`
    const holds = sql`${NAME} LIKE lower(${within}) AND NOT ${NAME} LIKE lower(${prefix})`
    return counted(
      sql`${countUpTo(starts, cap)} + ${countUpTo(holds, cap)}`,
      sql`WITH starting AS (SELECT ${HIT}, ${NAME} AS key FROM subjects WHERE ${ORGANISATION} AND ${starts} ORDER BY ${NAME}, subject_id LIMIT ${want})
    (SELECT 1 AS step, * FROM starting)
    UNION ALL
    (SELECT 2 AS step, subject_id, name, uscc, subject_type, key
      FROM (SELECT ${HIT}, ${NAME} AS key FROM subjects WHERE ${ORGANISATION} ORDER BY ${NAME}, subject_id LIMIT ${window}) AS first
      WHERE key LIKE lower(${within}) AND NOT key LIKE lower(${prefix}) ORDER BY key, subject_id
      -- nothing is walked when the names starting with the words fill the page
      LIMIT (SELECT ${want} - count(*) FROM starting))`,
    )
  },
  /** Organisations whose name holds the LIKE pattern `within` (%...%) but does not start with `prefix`, in name order: all of them read (a rare query). */
  byNameWithin: (within: string, prefix: string, limit: number) => sql<OrganisationHit>`SELECT ${HIT} FROM subjects
    WHERE ${ORGANISATION} AND ${NAME} LIKE lower(${within}) AND NOT ${NAME} LIKE lower(${prefix}) ORDER BY ${NAME}, subject_id LIMIT ${limit}`,
  /** Organisations whose name is like `text` by trigram similarity (subjects_name_trgm) without holding `within`, most alike first. */
  byNameAlike: (text: string, within: string, limit: number) => sql<OrganisationHit>`SELECT ${HIT} FROM subjects
    WHERE ${ORGANISATION} AND name % ${text} AND NOT ${NAME} LIKE lower(${within}) ORDER BY similarity(name, ${text}) DESC, ${NAME}, subject_id LIMIT ${limit}`,
  /**
   * By pinyin, in one round trip (`key` is letters and digits only, subjects/pinyin.ts): names whose
   * pinyin starts with it (step 1, subjects_pinyin_order), then whose initials do (step 2,
   * subjects_initials_order), then, for three letters or more, whose pinyin holds it (step 3,
   * subjects_pinyin_trgm or the pinyin order, as the planner estimates: pinyin is ASCII, which its
   * statistics read well); each step up to `want` in its index's order, and the count up to `cap` a step.
   */
  byPinyin: (key: string, want: number, cap: number) => {
    const prefix = `${key}%`
    const within = `%${key}%`
    const starts = sql`${PINYIN} LIKE ${prefix}`
    const initials = sql`${INITIALS} LIKE ${prefix} AND NOT ${PINYIN} LIKE ${prefix}`
    const holds =
      key.length >= 3
        ? sql`name_pinyin LIKE ${within} AND NOT ${PINYIN} LIKE ${prefix} AND NOT ${INITIALS} LIKE ${prefix}`
        : sql`false`
    return counted(
      sql`${countUpTo(starts, cap)} + ${countUpTo(initials, cap)} + ${countUpTo(holds, cap)}`,
      sql`(SELECT 1 AS step, ${HIT}, ${PINYIN} AS key FROM subjects WHERE ${ORGANISATION} AND ${starts} ORDER BY ${PINYIN}, subject_id LIMIT ${want})
    UNION ALL
    (SELECT 2 AS step, ${HIT}, ${INITIALS} AS key FROM subjects WHERE ${ORGANISATION} AND ${initials} ORDER BY ${INITIALS}, subject_id LIMIT ${want})
    UNION ALL
    (SELECT 3 AS step, ${HIT}, ${PINYIN} AS key FROM subjects WHERE ${ORGANISATION} AND ${holds} ORDER BY ${PINYIN}, subject_id LIMIT ${want})`,
    )
  },
}

export async function findOrganisationByUscc(db: Db, uscc: string): Promise<OrganisationHit | undefined> {
  return (await searchStatements.byUscc(uscc).execute(db)).rows[0]
}

/** How many names, in name order, a search reads before it reads them all (a rare query). */
const SEARCH_WINDOW = 2000

const hitOf = ({ subject_id, name, uscc, subject_type }: OrganisationHit): OrganisationHit => ({
  subject_id,
  name,
  uscc,
  subject_type,
})

/** The hits of a counted statement, in order, and its count. */
function read(rows: readonly CountedRow[]): { hits: (OrganisationHit & { step: number })[]; total: number } {
  const hits = rows.flatMap((r) => (r.step === null ? [] : [{ ...hitOf(r), step: r.step }]))
  return { hits, total: rows[0]?.total ?? 0 }
}

/**
 * The first `want` organisations by name, in name order (those starting with the words first, then
 * those holding them), and how many match in all (up to `cap` a step). A common query takes one
 * statement; a rare one (fewer than needed among the first SEARCH_WINDOW names) a second that reads
 * every name holding the words.
 */
export async function organisationsByName(
  db: Db,
  prefix: string,
  within: string,
  want: number,
  cap: number,
): Promise<{ hits: OrganisationHit[]; total: number }> {
  const { hits, total } = read(
    (await searchStatements.byName(prefix, within, Math.max(SEARCH_WINDOW, want), want, cap).execute(db)).rows,
  )
  const starting = hits.filter((r) => r.step === 1).map(hitOf)
  const holding = hits.filter((r) => r.step === 2).map(hitOf)
  const needed = Math.min(want, total) - starting.length
  if (needed <= 0) return { hits: starting, total }
  // the names holding the words among the first of the window are the first of all of them
  if (holding.length >= needed) return { hits: [...starting, ...holding.slice(0, needed)], total }
  const rest = (await searchStatements.byNameWithin(within, prefix, needed).execute(db)).rows
  return { hits: [...starting, ...rest.map(hitOf)], total }
}

/** The first `want` organisations by pinyin (starting with it, then initials starting with it, then holding it), and the count. */
export async function organisationsByPinyin(
  db: Db,
  key: string,
  want: number,
  cap: number,
): Promise<{ hits: OrganisationHit[]; total: number }> {
  const { hits, total } = read((await searchStatements.byPinyin(key, want, cap).execute(db)).rows)
  return { hits: hits.slice(0, want).map(hitOf), total }
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
