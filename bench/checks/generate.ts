/**
 * The data set of bench/checks: N organisations and E list entries in force, in a fresh PostgreSQL
 * database `fides_bench_checks_<N>`.
 *   node bench/checks/generate.ts [--subjects 1000000] [--entries 50000] [--ended 50000]
 * (leaves the database behind: bench/checks/run.ts reuses it with --keep)
 *
 * 1. creates the database, migrates it and activates catalogue/record-kinds.json (the real code);
 * 2. fills `subjects` and `list_entries` in SQL (INSERT ... SELECT FROM generate_series):
 *    - subject i is an enterprise with id md5('fides-bench-checks:' || i)::uuid and an 18-character
 *      USCC-like text (the check is asked by subject id, so it need not be a valid code);
 *    - entry j (0 <= j < E) is active on the bench kind j % 4, for subject hash(j) mod N (so a few
 *      subjects have two entries), with a criterion of its kind from catalogue/lists.json, the area
 *      of the kind's measure, and dates around the real today (China time): noticed, decided and
 *      started in the last 300 days, ending after the kind's default term (one year or more), so that
 *      every active entry's measure applies today and for at least 65 more days;
 *    - ended entry j (0 <= j < ended) is expired (its term over) or rejected, for subject hash'(j)
 *      mod N: rows the partial index `list_entries_in_force` leaves out and the check must not see;
 * 3. VACUUM ANALYZE, CHECKPOINT, and a comment on the database with what it holds (for reuse).
 */
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import pg from 'pg'
import { openPostgres } from '../../src/db/database.ts'
import { migrateToLatest } from '../../src/db/migrator.ts'
import { addDays, chinaDate } from '../../src/platform/calendar.ts'
import { systemClock } from '../../src/platform/clock.ts'
import { activateCatalogue, addDuration, loadListCatalogue } from '../../src/modules/catalogue/index.ts'

/** Bump when the data set changes: a kept database made by another version is not reused. */
const GENERATOR_VERSION = 1
const MARKER = `fides bench/checks generator v${GENERATOR_VERSION}: `
const SEED = 11
/** active entries started at most this many days before today */
const STARTED_WITHIN_DAYS = 300

/** The shipped list kinds the bench lists subjects on, and the domain of each one's measure. */
export const BENCH_KINDS = [
  'judgment_defaulters',
  'seriously_untrustworthy',
  'tax_d_grade',
  'a_grade_taxpayers',
] as const

export interface BenchKind {
  code: string
  listType: 'black' | 'red'
  /** the area of the kind's measure (null: the measure is for any area) */
  area: string | null
  criteria: string[]
  /** the kind's default term, ISO 8601 */
  term: string
  /** the domain of the measure that follows the kind, and how long at most it lasts (ISO 8601) */
  domain: string
  maxTerm: string
}

export interface Contents {
  subjects: number
  entries: number
  ended: number
  /** subjects with at least one active entry */
  listedSubjects: number
  /** China date the dates were drawn around */
  generatedOn: string
  /** the first day on which some active entry or its measure may no longer be in force */
  validUntil: string
  kinds: BenchKind[]
}

export interface GenerateOptions {
  subjects: number
  entries: number
  ended: number
  adminUrl: string
  name: string
  log?: (message: string) => void
}

export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl)
  url.pathname = '/' + name
  return url.toString()
}

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

const ident = (name: string) => '"' + name.replace(/"/g, '""') + '"'
const literal = (text: string) => "'" + text.replace(/'/g, "''") + "'"
const textArray = (list: readonly (string | null)[]) =>
  `ARRAY[${list.map((v) => (v === null ? 'NULL' : literal(v))).join(', ')}]::text[]`
const hash = (r: string, salt: number) => `(hashint8extended(${r}, ${SEED * 100 + salt}) & 9223372036854775807)`
/** subject i's id: the generator and the runner compute it alike */
export const subjectIdSql = (i: string) => `md5('fides-bench-checks:' || ${i})::uuid`

/** The bench kinds, read from the shipped list catalogue (criteria, terms, their measures). */
export async function benchKinds(recordKinds: ReadonlySet<string>): Promise<BenchKind[]> {
  const catalogue = await loadListCatalogue(recordKinds)
  const today = chinaDate(new Date())
  const earliest = addDays(today, -(STARTED_WITHIN_DAYS + 1))
  return BENCH_KINDS.map((code) => {
    const kind = catalogue.listKinds.find((k) => k.code === code)
    const measures = catalogue.measures.filter((m) => m.listKind === code)
    if (!kind || measures.length !== 1)
      throw new Error(`catalogue/lists.json has no list kind ${code} with one measure: adapt bench/checks/generate.ts`)
    const measure = measures[0]!
    if (measure.area !== null && !kind.areas.includes(measure.area))
      throw new Error(`${code}: the measure's area ${measure.area} is not one of the kind's`)
    // the measure must apply to every active entry generated: the term and the measure's maximum
    // must both reach well past today for an entry started STARTED_WITHIN_DAYS + 1 days ago
    for (const term of [kind.term.default, measure.maxTerm]) {
      if (addDuration(earliest, term) <= addDays(today, 30))
        throw new Error(`${code}: ${term} is too short for entries started up to ${STARTED_WITHIN_DAYS} days ago`)
    }
    return {
      code,
      listType: kind.type,
      area: measure.area,
      criteria: kind.criteria.map((c) => c.code),
      term: kind.term.default,
      domain: measure.domain,
      maxTerm: measure.maxTerm,
    }
  })
}

function subjectsSql(from: number, to: number): string {
  return `INSERT INTO subjects (subject_id, subject_type, uscc, name, created_at)
    SELECT ${subjectIdSql('i')}, 'enterprise', '91' || lpad(i::text, 16, '0'), 'Bench enterprise ' || i, now()
    FROM generate_series(${from}, ${to}) AS i`
}

/** Active entries j in [from, to]. */
function activeSql(from: number, to: number, subjects: number, kinds: BenchKind[], today: string): string {
  const k = `(j % ${kinds.length}) + 1`
  // criteria per kind, flattened: kind k's criteria are at starts[k] .. starts[k] + counts[k] - 1
  const flat: string[] = []
  const starts: number[] = []
  for (const kind of kinds) {
    starts.push(flat.length + 1)
    flat.push(...kind.criteria)
  }
  return `INSERT INTO list_entries (subject_id, entry_id, list_kind, list_type, area, criterion, basis_record_id, status, proposed_on, proposed_by,
      noticed_on, objection_window_ends_on, decided_on, decided_by, deciding_agency, starts_on, ends_on, updated_at)
    SELECT s.subject_id, s.entry_id, kinds[s.k], types[s.k], areas[s.k],
      criteria[starts[s.k] + (s.h % counts[s.k])::int], s.basis, 'active',
      s.starts_on - 45, 'bench-officer', s.starts_on - 40, s.starts_on - 10, s.starts_on, 'bench-officer', 'bench agency',
      s.starts_on, (s.starts_on + terms[s.k]::interval)::date, now()
    FROM (
      SELECT ${subjectIdSql(`(${hash('j', 1)} % ${subjects})`)} AS subject_id, md5('fides-bench-checks-entry:' || j)::uuid AS entry_id,
        md5('fides-bench-checks-basis:' || j)::uuid AS basis, ${k} AS k, ${hash('j', 2)} AS h,
        date ${literal(today)} - 1 - (${hash('j', 3)} % ${STARTED_WITHIN_DAYS})::int AS starts_on
      FROM generate_series(${from}, ${to}) AS j
    ) s,
    (SELECT ${textArray(kinds.map((x) => x.code))} AS kinds, ${textArray(kinds.map((x) => x.listType))} AS types,
      ${textArray(kinds.map((x) => x.area))} AS areas, ${textArray(kinds.map((x) => x.term))} AS terms, ${textArray(flat)} AS criteria,
      '{${starts.join(',')}}'::int[] AS starts, '{${kinds.map((x) => x.criteria.length).join(',')}}'::int[] AS counts) c`
}

/** Ended entries j in [from, to]: even j expired (a one-year term over 35 to 1,000 days ago), odd j rejected. */
function endedSql(from: number, to: number, subjects: number, kinds: BenchKind[], today: string): string {
  return `INSERT INTO list_entries (subject_id, entry_id, list_kind, list_type, area, criterion, basis_record_id, status, proposed_on, proposed_by,
      noticed_on, objection_window_ends_on, decided_on, decided_by, deciding_agency, starts_on, ends_on, ended_on, updated_at)
    SELECT s.subject_id, s.entry_id, kinds[s.k], types[s.k], areas[s.k], criteria[s.k], s.basis, CASE WHEN s.expired THEN 'expired' ELSE 'rejected' END,
      s.decided_on - 45, 'bench-officer', s.decided_on - 40, s.decided_on - 10, s.decided_on, 'bench-officer', 'bench agency',
      CASE WHEN s.expired THEN s.decided_on END, CASE WHEN s.expired THEN s.decided_on + 365 END,
      CASE WHEN s.expired THEN s.decided_on + 365 ELSE s.decided_on END, now()
    FROM (
      SELECT ${subjectIdSql(`(${hash('j', 4)} % ${subjects})`)} AS subject_id, md5('fides-bench-checks-ended:' || j)::uuid AS entry_id,
        md5('fides-bench-checks-ended-basis:' || j)::uuid AS basis, ((j / 2) % ${kinds.length}) + 1 AS k, j % 2 = 0 AS expired,
        date ${literal(today)} - 400 - (${hash('j', 5)} % 1000)::int AS decided_on
      FROM generate_series(${from}, ${to}) AS j
    ) s,
    (SELECT ${textArray(kinds.map((x) => x.code))} AS kinds, ${textArray(kinds.map((x) => x.listType))} AS types,
      ${textArray(kinds.map((x) => x.area))} AS areas, ${textArray(kinds.map((x) => x.criteria[0]!))} AS criteria) c`
}

/** Creates and fills the database. */
export async function generate(options: GenerateOptions): Promise<Contents> {
  const log = options.log ?? ((m: string) => process.stderr.write(m + '\n'))
  const { name, adminUrl, subjects, entries, ended } = options
  const started = performance.now()
  const url = databaseUrl(adminUrl, name)
  await withClient(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`)
    await c.query(`CREATE DATABASE ${ident(name)}`)
  })
  const database = await openPostgres(url, 2)
  let kinds: BenchKind[]
  try {
    await migrateToLatest(database)
    const catalogue = await activateCatalogue(database, systemClock, 'catalogue/record-kinds.json')
    kinds = await benchKinds(new Set(catalogue.kinds.keys()))
  } finally {
    await database.close()
  }
  const today = chinaDate(new Date())
  const listedSubjects = await withClient(url, async (client) => {
    await client.query('SET synchronous_commit = off')
    await client.query(`SET maintenance_work_mem = '512MB'`)
    // subjects without their primary key during the load (it is built again afterwards)
    await client.query('ALTER TABLE subjects DROP CONSTRAINT subjects_pkey')
    const batch = 500_000
    for (let from = 0; from < subjects; from += batch) {
      const to = Math.min(subjects, from + batch) - 1
      await client.query(subjectsSql(from, to))
      log(`  subjects ${from}..${to} (${((performance.now() - started) / 1000).toFixed(1)} s)`)
    }
    await client.query('ALTER TABLE subjects ADD CONSTRAINT subjects_pkey PRIMARY KEY (subject_id)')
    if (entries > 0) await client.query(activeSql(0, entries - 1, subjects, kinds, today))
    if (ended > 0) await client.query(endedSql(0, ended - 1, subjects, kinds, today))
    log(
      `  ${entries} active and ${ended} ended list entries (${((performance.now() - started) / 1000).toFixed(1)} s); VACUUM ANALYZE, CHECKPOINT ...`,
    )
    await client.query('VACUUM ANALYZE')
    await client.query('CHECKPOINT')
    const { rows } = await client.query<{ n: number; active: number; bad: number }>(
      `SELECT count(DISTINCT subject_id)::int AS n, count(*)::int AS active,
      (count(*) FILTER (WHERE ends_on <= $1::date OR starts_on > $1::date OR NOT EXISTS (SELECT 1 FROM subjects s WHERE s.subject_id = e.subject_id)))::int AS bad
      FROM list_entries e WHERE status = 'active'`,
      [today],
    )
    if (rows[0]!.active !== entries || rows[0]!.bad !== 0)
      throw new Error(
        `generated ${rows[0]!.active} active entries (${rows[0]!.bad} not in force today or without a subject), not ${entries}`,
      )
    return rows[0]!.n
  })
  const contents: Contents = {
    subjects,
    entries,
    ended,
    listedSubjects,
    generatedOn: today,
    // the entry started first (STARTED_WITHIN_DAYS days ago) with the shortest term or measure ends first
    validUntil: kinds
      .flatMap((k) => [k.term, k.maxTerm])
      .map((t) => addDuration(addDays(today, -STARTED_WITHIN_DAYS), t))
      .sort()[0]!,
    kinds,
  }
  await withClient(adminUrl, (c) =>
    c.query(`COMMENT ON DATABASE ${ident(name)} IS ${literal(MARKER + JSON.stringify(contents))}`),
  )
  log(
    `generated ${subjects} subjects, ${entries} active entries on ${listedSubjects} subjects, ${ended} ended entries in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  )
  return contents
}

/** What a database this generator (this version of it) completed holds, or null. */
export async function readContents(adminUrl: string, name: string): Promise<Contents | null> {
  return withClient(adminUrl, async (c) => {
    const { rows } = await c.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
      [name],
    )
    const comment = rows[0]?.comment
    return comment?.startsWith(MARKER) ? (JSON.parse(comment.slice(MARKER.length)) as Contents) : null
  })
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      subjects: { type: 'string', default: '1000000' },
      entries: { type: 'string', default: '50000' },
      ended: { type: 'string', default: '50000' },
    },
  })
  const subjects = Number(values.subjects)
  const adminUrl = process.env.FIDES_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const contents = await generate({
    subjects,
    entries: Number(values.entries),
    ended: Number(values.ended),
    adminUrl,
    name: `fides_bench_checks_${subjects}`,
  })
  process.stdout.write(JSON.stringify(contents, null, 2) + '\n')
}
