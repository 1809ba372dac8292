/**
 * The data set of bench/maintain: N record versions in a fresh PostgreSQL database, of which a known
 * ~5 % of records (by their current version) are due for take-down or erasure on the bench day.
 *   node bench/maintain/generate.ts [--records 10000000] [--connections 2]
 * (leaves the database `fides_bench_maintain_<N>` behind: bench/maintain/run.ts uses it with --keep)
 *
 * 1. creates the database, migrates it, activates catalogue/record-kinds.json, adds one source
 *    authorised for every kind (the real services);
 * 2. fills `subjects` and `records` directly in SQL (INSERT ... SELECT FROM generate_series, ~1 M rows
 *    a statement, on --connections connections at once), with the keys and indexes of both tables
 *    dropped during the load and built again afterwards (the same definitions, read from the catalog);
 * 3. VACUUM ANALYZE, CHECKPOINT, and a comment on the database holding the expected counts.
 *
 * Shape: ~10 records per subject, 30 % persons; organisations are enterprises (4 in 7), individual
 * businesses, cooperatives and, in turn, social organisations, public bodies and other organisations.
 * Every record has a real kind its subject's type is allowed. About 3 % of records have a version 2 (a
 * correction, loaded after all first versions) whose dates differ from version 1's, so that only the
 * current version may decide: version 1 may be due where version 2 is not, and the other way round.
 *
 * Dates: every (subject type, kind, conduct-end offset) is swept day by day over the 12 years before
 * the bench day, each day classified with the catalogue's own rules (`publicDisplayEndsOn`,
 * `erasureDueOn`), and each run of days with the same class becomes a template (plus one-day
 * templates at both ends of every run, so that the boundaries are well represented). A record picks a
 * template of the class it was drawn for, and a day inside it: its class is exact by construction.
 * - take-down due (T): an organisation, a public kind with a display window, decidedOn + window <=
 *   today, erasure not yet due;
 * - erasure due (E): decidedOn (or conductEndedOn, by the kind's retention) + period <= today, only
 *   where take-down cannot apply (persons, kinds never shown publicly), so that no record is due for
 *   both and the pass's two counts cannot overlap;
 * - due for neither (N): mostly decided in the last 60 days, some older (a person's record past its
 *   window, a conduct-end kind whose conduct has not ended: never due);
 * - already done by yesterday's pass (t: taken down, e: erased, with an empty `fields`): due for
 *   neither, as they will be in any pass after the first.
 * Each record's class is the last character of its source_record_id (`bench-<r>-<class>`), which the
 * pass never reads and erasure keeps, so that the runner can check which records were acted on.
 */
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import pg from 'pg'
import { openPostgres } from '../../src/db/database.ts'
import { migrateToLatest } from '../../src/db/migrator.ts'
import { ManualClock } from '../../src/platform/clock.ts'
import type { Actor } from '../../src/platform/audit.ts'
import {
  activateCatalogue,
  erasureDueOn,
  publicDisplayEndsOn,
  SUBJECT_TYPES,
  type RecordKind,
  type SubjectType,
} from '../../src/modules/catalogue/index.ts'
import { addSource } from '../../src/modules/sources/index.ts'

/** The bench day, in China time (display windows and deadlines count in China's calendar days). */
export const BENCH_TODAY = '2026-12-01'
/**
 * The moment of the pass: 02:00 in China, a nightly job's hour, which is still 30 November in UTC,
 * so that a pass counting days in UTC instead of China time gets the boundary records wrong.
 */
export const BENCH_NOW = '2026-12-01T02:00:00+08:00'
/** When "yesterday's pass" took down or erased the records of class t and e. */
const DONE_AT = '2026-11-30T02:00:00+08:00'
/** Bump when the data set changes: a kept database made by another version is not reused. */
const GENERATOR_VERSION = 1
const MARKER = `fides bench/maintain generator v${GENERATOR_VERSION}: `
const SEED = 7
const YEARS_BACK = 12
const RECENT_DAYS = 60
const RECORDS_PER_SUBJECT = 10
const VERSIONED_PER_MILLION = 30_000

export type Label = 'N' | 'T' | 'E' | 't' | 'e'
type Class = 'none' | 'take_down' | 'erase'

/**
 * Probability of each label per million records, by subject group. Organisations are 70 % of the
 * subjects: 35,714 ppm of them is 2.5 % of all records due for take-down; erasure is 2.5 % of both.
 */
const LABEL_PPM: Record<'person' | 'organisation', [Label, number][]> = {
  person: [
    ['E', 25_000],
    ['e', 5_000],
  ],
  organisation: [
    ['T', 35_714],
    ['E', 25_000],
    ['t', 10_000],
    ['e', 5_000],
  ],
}

export interface Expected {
  /** rows in `records` (all versions) */
  rows: number
  /** distinct records */
  records: number
  subjects: number
  /** records with a version 2 */
  versioned: number
  /** records (by current version) in each class, and their rows (all versions) */
  byLabel: Record<Label, { records: number; rows: number }>
  takeDown: number
  erase: number
  /** (takeDown + erase) / records */
  dueShare: number
}

export interface Generated {
  name: string
  url: string
  expected: Expected
  seconds: number
  rowsPerSecond: number
}

export interface GenerateOptions {
  records: number
  adminUrl: string
  /** the database to create (dropped first if it exists) */
  name: string
  /** connections loading at once (default 2: the machine's cores) */
  connections?: number
  log?: (message: string) => void
}

export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl)
  url.pathname = '/' + name
  return url.toString()
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
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

// ---------------------------------------------------------------------------------------------
// Templates: runs of decision days of one class, for one subject type, kind and conduct offset.

interface Template {
  id: number
  subjectType: SubjectType
  kind: string
  cls: Class
  /** first decision day, and how many days from it */
  lo: string
  span: number
  /** conductEndedOn = decidedOn + this many days, or null (the conduct has not ended) */
  conductOffset: number | null
}

const DAY = 86_400_000
const dayNumber = (iso: string) => Date.parse(iso + 'T00:00:00Z') / DAY
const isoDay = (n: number) => new Date(n * DAY).toISOString().slice(0, 10)

/** The class of a record on `today`, by the catalogue's rules: what the pass must decide. */
export function classify(
  kind: RecordKind,
  subjectType: SubjectType,
  decidedOn: string,
  conductEndedOn: string | null,
  today: string,
): Class | 'both' {
  const erasure = erasureDueOn(kind, { decidedOn, conductEndedOn: conductEndedOn ?? undefined })
  const erase = erasure !== null && erasure <= today
  const displayEnds = subjectType === 'person' ? null : publicDisplayEndsOn(kind, decidedOn)
  const takeDown = displayEnds !== null && displayEnds <= today
  return erase && takeDown ? 'both' : erase ? 'erase' : takeDown ? 'take_down' : 'none'
}

interface Pools {
  templates: Template[]
  /** (subject type, pool) -> template ids, each repeated by its weight */
  picks: Map<string, number[]>
}

const poolKey = (subjectType: string, pool: string) => `${subjectType}\u0000${pool}`

export function buildTemplates(kinds: readonly RecordKind[], today: string): Pools {
  const templates: Template[] = []
  const picks = new Map<string, number[]>()
  const add = (subjectType: SubjectType, pool: string, id: number, weight: number) => {
    const key = poolKey(subjectType, pool)
    const list = picks.get(key) ?? []
    for (let i = 0; i < weight; i++) list.push(id)
    picks.set(key, list)
  }
  const newTemplate = (t: Omit<Template, 'id'>) => {
    const template = { ...t, id: templates.length + 1 }
    templates.push(template)
    return template
  }
  const last = dayNumber(today)
  const first = dayNumber(today) - Math.round(YEARS_BACK * 365.25)
  for (const subjectType of SUBJECT_TYPES) {
    for (const kind of kinds.filter((k) => k.subjectTypes.includes(subjectType))) {
      for (const conductOffset of [null, 0, 400]) {
        // sweep the decision days, cutting them into runs of one class
        const runs: { cls: Class | 'both'; lo: number; hi: number }[] = []
        for (let d = first; d <= last - (conductOffset ?? 0); d++) {
          const cls = classify(
            kind,
            subjectType,
            isoDay(d),
            conductOffset === null ? null : isoDay(d + conductOffset),
            today,
          )
          const run = runs.at(-1)
          if (run && run.cls === cls) run.hi = d
          else runs.push({ cls, lo: d, hi: d })
        }
        for (const { cls, lo, hi } of runs) {
          if (cls === 'both') continue // never generated: the pass's two counts must not overlap
          const base = { subjectType, kind: kind.code, cls, conductOffset }
          const range = (from: number, to: number) => newTemplate({ ...base, lo: isoDay(from), span: to - from + 1 })
          const alt = `alt:${kind.code}`
          if (cls === 'none') {
            const recent = Math.max(lo, last - RECENT_DAYS)
            if (recent <= hi) {
              const t = range(recent, hi)
              add(subjectType, 'N', t.id, 40)
              add(subjectType, alt, t.id, 4)
            }
            if (lo < recent) {
              const t = range(lo, Math.min(hi, recent - 1))
              add(subjectType, 'N', t.id, 4)
              add(subjectType, alt, t.id, 1)
            }
          } else {
            const label = cls === 'take_down' ? 'T' : 'E'
            const t = range(lo, hi)
            add(subjectType, label, t.id, 4)
            add(subjectType, alt, t.id, 1)
            // done by yesterday's pass: due yesterday already, so not on the run's last (latest) day
            if (hi > lo) add(subjectType, label.toLowerCase(), range(lo, hi - 1).id, 1)
          }
          // the boundaries: a run's first and last day, on their own
          for (const day of hi > lo ? [lo, hi] : []) {
            add(subjectType, cls === 'none' ? 'N' : cls === 'take_down' ? 'T' : 'E', range(day, day).id, 1)
          }
        }
      }
    }
    // every label a subject of this type can draw needs a template to draw from
    const group = subjectType === 'person' ? 'person' : 'organisation'
    for (const [label] of [...LABEL_PPM[group], ['N', 0] as [Label, number]]) {
      if (!picks.has(poolKey(subjectType, label)))
        throw new Error(
          `no ${label} template for ${subjectType}: the catalogue changed, adapt bench/maintain/generate.ts`,
        )
    }
  }
  // each template's class is re-checked at both ends: a run is one class throughout, by construction
  const byCode = new Map(kinds.map((k) => [k.code, k]))
  for (const t of templates) {
    for (const d of [dayNumber(t.lo), dayNumber(t.lo) + t.span - 1]) {
      const cls = classify(
        byCode.get(t.kind)!,
        t.subjectType,
        isoDay(d),
        t.conductOffset === null ? null : isoDay(d + t.conductOffset),
        today,
      )
      if (cls !== t.cls)
        throw new Error(`template ${t.id} (${t.kind}, ${t.subjectType}, ${isoDay(d)}) is ${cls}, not ${t.cls}`)
    }
  }
  return { templates, picks }
}

// ---------------------------------------------------------------------------------------------
// SQL: what each record r is (subject, type, class, template and days), computed from r alone,
// by arithmetic and lookups in constant arrays (no joins: the planner cannot misjudge them).

const LABELS: readonly Label[] = ['N', 'T', 'E', 't', 'e']
const hash = (r: string, salt: number) => `(hashint8extended(${r}, ${SEED * 100 + salt}) & 9223372036854775807)`
const st = (type: SubjectType) => SUBJECT_TYPES.indexOf(type)

/** Subject s's type, as its index in SUBJECT_TYPES: 3 in 10 persons, then 4 enterprises, and so on. */
const subjectTypeSql = (
  s: string,
) => `CASE WHEN ${s} % 10 < 3 THEN ${st('person')} WHEN ${s} % 10 < 7 THEN ${st('enterprise')}
  WHEN ${s} % 10 = 7 THEN ${st('individual_business')} WHEN ${s} % 10 = 8 THEN ${st('cooperative')}
  ELSE (ARRAY[${st('social_organisation')}, ${st('public_body')}, ${st('other_organisation')}])[(${s} / 10) % 3 + 1] END`

/** The label's index in LABELS, drawn from u in [0, 1e6) by the subject type's probabilities. */
function labelSql(u: string, subjectType: string): string {
  const cases = (list: [Label, number][]) => {
    let sum = 0
    return (
      list.map(([label, ppm]) => `WHEN ${u} < ${(sum += ppm)} THEN ${LABELS.indexOf(label)}`).join(' ') +
      ` ELSE ${LABELS.indexOf('N')}`
    )
  }
  return `CASE WHEN ${subjectType} = ${st('person')} THEN CASE ${cases(LABEL_PPM.person)} END ELSE CASE ${cases(LABEL_PPM.organisation)} END END`
}

const subjectIdSql = (s: string) => `md5('fides-bench-maintain:' || ${s})::uuid`
const intArray = (list: readonly number[]) => `'{${list.join(',')}}'::int[]`
const textArray = (list: readonly string[]) => `ARRAY[${list.map(literal).join(', ')}]::text[]`

/** The templates and pools as SQL array constants (1-based: template ids and pool ids index them). */
export interface Lookup {
  kinds: string
  /** per template id: first day (days since 1970), span, conduct offset (-1: none), kind (index in kinds), its alternative pool */
  lo: string
  span: string
  offset: string
  kind: string
  alt: string
  /** per pool id: start in picks, size */
  start: string
  size: string
  picks: string
  /** per subject type index * 5 + label index + 1: the pool id (0: unreachable) */
  pool: string
}

export function lookupArrays({ templates, picks }: Pools, kindCodes: readonly string[]): Lookup {
  const poolIds = new Map([...picks.keys()].map((key, i) => [key, i + 1]))
  const flat: number[] = []
  const start: number[] = []
  const size: number[] = []
  for (const ids of picks.values()) {
    start.push(flat.length + 1)
    size.push(ids.length)
    flat.push(...ids)
  }
  const pool = SUBJECT_TYPES.flatMap((type) => LABELS.map((label) => poolIds.get(poolKey(type, label)) ?? 0))
  templates.forEach((t, i) => {
    if (t.id !== i + 1) throw new Error('template ids must be 1..n in order')
  })
  return {
    kinds: textArray(kindCodes),
    lo: intArray(templates.map((t) => dayNumber(t.lo))),
    span: intArray(templates.map((t) => t.span)),
    offset: intArray(templates.map((t) => t.conductOffset ?? -1)),
    kind: intArray(templates.map((t) => kindCodes.indexOf(t.kind) + 1)),
    alt: intArray(templates.map((t) => poolIds.get(poolKey(t.subjectType, `alt:${t.kind}`))!)),
    start: intArray(start),
    size: intArray(size),
    picks: intArray(flat),
    pool: intArray(pool),
  }
}

/**
 * For every r of `rows` (a query with a column r): its subject, label, whether it has a version 2,
 * and two sets of dates: `cur_` (the current version's, from the label's template) and `alt_` (from
 * another template of the same kind: version 1's dates when there is a version 2).
 */
export function planSql(rows: string, k: Lookup): string {
  const pick = (pool: string, h: string) => `(${k.picks})[(${k.start})[${pool}] + (${h} % (${k.size})[${pool}])::int]`
  const decided = (t: string, h: string) => `date '1970-01-01' + (${k.lo})[${t}] + (${h} % (${k.span})[${t}])::int`
  const offset = (t: string) => `nullif((${k.offset})[${t}], -1)`
  return `plan_r AS (
      SELECT r, r / ${RECORDS_PER_SUBJECT} AS s, ${hash('r', 1)} % 1000000 AS u, ${hash('r', 2)} AS x, ${hash('r', 3)} AS y,
        ${hash('r', 4)} AS z, ${hash('r', 5)} AS w, ${hash('r', 6)} % 1000000 AS v
      FROM (${rows}) AS source_rows
    ), plan_t AS (
      SELECT r, s, u, x, y, z, w, v, ${subjectTypeSql('s')} AS st FROM plan_r OFFSET 0
    ), plan_l AS (
      SELECT r, s, x, y, z, w, v, st, ${labelSql('u', 'st')} AS lab FROM plan_t OFFSET 0
    ), plan_m AS (
      SELECT r, s, y, z, w, v, st, lab, ${pick(`(${k.pool})[st * ${LABELS.length} + lab + 1]`, 'x')} AS m FROM plan_l OFFSET 0
    ), plan_a AS (
      SELECT r, s, y, w, v, st, lab, m, ${pick(`(${k.alt})[m]`, 'z')} AS a FROM plan_m OFFSET 0
    ), plan AS (
      SELECT r, s, st, (${textArray(LABELS)})[lab + 1] AS label, (${k.kinds})[(${k.kind})[m]] AS kind_code,
        (lab NOT IN (${LABELS.indexOf('t')}, ${LABELS.indexOf('e')}) AND v < ${VERSIONED_PER_MILLION}) AS versioned,
        ${decided('m', 'y')} AS cur_decided, ${offset('m')} AS cur_offset,
        ${decided('a', 'w')} AS alt_decided, ${offset('a')} AS alt_offset
      FROM plan_a
    )`
}

const RECORD_COLUMNS = `subject_id, record_id, version, source_id, source_record_id, kind_code, catalogue_version, decided_on,
  conduct_ended_on, fields, content_hash, identifier_check_failed, received_at, taken_down_at, erased_at`
const RANDOM_32_BYTES = `uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())`
const receivedAt = (day: string) => `((${day}) + time '01:00') AT TIME ZONE 'Asia/Shanghai'`

function subjectsSql(from: number, to: number): string {
  return `INSERT INTO subjects (subject_id, subject_type, uscc, name, person_id_enc, person_name_enc, person_id_masked, division_code, identifier_check_failed, created_at)
    SELECT ${subjectIdSql('s')}, st,
      CASE WHEN st = 'person' THEN NULL ELSE '91350100' || lpad(s::text, 10, '0') END,
      CASE WHEN st = 'person' THEN NULL ELSE 'bench organisation ' || s END,
      CASE WHEN st = 'person' THEN uuid_send(gen_random_uuid()) END,
      CASE WHEN st = 'person' THEN uuid_send(gen_random_uuid()) END,
      CASE WHEN st = 'person' THEN '350102**********' || lpad((s % 100)::text, 2, '0') END,
      '350102', false, timestamptz '2014-01-01T00:00:00+08:00'
    FROM (SELECT s, (${textArray(SUBJECT_TYPES)})[${subjectTypeSql('s')} + 1] AS st FROM generate_series(${from}::bigint, ${to}::bigint) AS s) AS g`
}

export function firstVersionsSql(
  from: number,
  to: number,
  sourceId: string,
  catalogueVersion: string,
  lookup: Lookup,
): string {
  return `WITH ${planSql(`SELECT generate_series(${from}::bigint, ${to}::bigint) AS r`, lookup)},
    inserted AS (
      INSERT INTO records (${RECORD_COLUMNS})
      SELECT ${subjectIdSql('s')}, gen_random_uuid(), 1, ${literal(sourceId)}::uuid, 'bench-' || r || '-' || label, kind_code,
        ${literal(catalogueVersion)}, d.decided, d.decided + d.conduct_offset,
        CASE WHEN label = 'e' THEN jsonb '{}' ELSE jsonb '{"n":1}' END, ${RANDOM_32_BYTES}, false, ${receivedAt('d.decided')},
        CASE WHEN label = 't' THEN timestamptz ${literal(DONE_AT)} END, CASE WHEN label = 'e' THEN timestamptz ${literal(DONE_AT)} END
      FROM plan
      CROSS JOIN LATERAL (SELECT CASE WHEN versioned THEN alt_decided ELSE cur_decided END AS decided,
        CASE WHEN versioned THEN alt_offset ELSE cur_offset END AS conduct_offset) AS d
      RETURNING subject_id, record_id, source_record_id, received_at
    ), kept AS (
      INSERT INTO bench_maintain_versioned (r, subject_id, record_id, received_at)
      SELECT split_part(source_record_id, '-', 2)::bigint, subject_id, record_id, received_at FROM inserted
      WHERE right(source_record_id, 1) NOT IN ('t', 'e') AND ${hash("split_part(source_record_id, '-', 2)::bigint", 6)} % 1000000 < ${VERSIONED_PER_MILLION}
    )
    SELECT right(source_record_id, 1) AS label, count(*)::int AS n FROM inserted GROUP BY 1`
}

function secondVersionsSql(
  from: number,
  to: number,
  sourceId: string,
  catalogueVersion: string,
  lookup: Lookup,
): string {
  return `WITH ${planSql(`SELECT r FROM bench_maintain_versioned WHERE r BETWEEN ${from} AND ${to}`, lookup)},
    inserted AS (
      INSERT INTO records (${RECORD_COLUMNS})
      SELECT v.subject_id, v.record_id, 2, ${literal(sourceId)}::uuid, 'bench-' || plan.r || '-' || label, kind_code,
        ${literal(catalogueVersion)}, cur_decided, cur_decided + cur_offset, jsonb '{"n":2}', ${RANDOM_32_BYTES}, false,
        greatest(v.received_at, ${receivedAt('cur_decided')}) + interval '1 minute', NULL, NULL
      FROM plan JOIN bench_maintain_versioned v ON v.r = plan.r
      WHERE plan.versioned
      RETURNING source_record_id
    )
    SELECT right(source_record_id, 1) AS label, count(*)::int AS n FROM inserted GROUP BY 1`
}

/** Runs `tasks` on `connections` connections at once. */
async function onConnections(
  url: string,
  connections: number,
  tasks: (() => string)[],
  each: (rows: { label: string; n: number }[], index: number) => void,
): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(connections, tasks.length) }, () =>
      withClient(url, async (client) => {
        await client.query(`SET synchronous_commit = off`)
        while (next < tasks.length) {
          const index = next++
          const result = await client.query<{ label: string; n: number }>(tasks[index]!())
          each(result.rows, index)
        }
      }),
    ),
  )
}

/** The keys and indexes of `tables`, as statements that make them again. */
async function indexDefinitions(
  client: pg.Client,
  tables: string[],
): Promise<{ drop: string; create: string; name: string }[]> {
  const { rows } = await client.query<{
    table_name: string
    index_name: string
    constraint_name: string | null
    constraint_def: string | null
    index_def: string
  }>(
    `
    SELECT t.relname AS table_name, i.relname AS index_name, c.conname AS constraint_name, pg_get_constraintdef(c.oid) AS constraint_def, pg_get_indexdef(i.oid) AS index_def
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
    LEFT JOIN pg_constraint c ON c.conindid = i.oid AND c.conrelid = t.oid
    WHERE t.relname = ANY($1) AND t.relnamespace = 'public'::regnamespace`,
    [tables],
  )
  return rows.map((r) =>
    r.constraint_name !== null
      ? {
          name: r.index_name,
          drop: `ALTER TABLE ${ident(r.table_name)} DROP CONSTRAINT ${ident(r.constraint_name)}`,
          create: `ALTER TABLE ${ident(r.table_name)} ADD CONSTRAINT ${ident(r.constraint_name)} ${r.constraint_def}`,
        }
      : { name: r.index_name, drop: `DROP INDEX ${ident(r.index_name)}`, create: r.index_def },
  )
}

/** Creates and fills the database; prints the expected counts. */
export async function generate(options: GenerateOptions): Promise<Generated> {
  const log = options.log ?? ((m: string) => process.stderr.write(m + '\n'))
  const connections = options.connections ?? 2
  const started = performance.now()
  const distinct = Math.round(options.records / (1 + VERSIONED_PER_MILLION / 1e6))
  const subjects = Math.ceil(distinct / RECORDS_PER_SUBJECT)
  const { name, adminUrl } = options
  const url = databaseUrl(adminUrl, name)
  await withClient(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`)
    await c.query(`CREATE DATABASE ${ident(name)}`)
  })

  // the schema, the catalogue and the source, through the real code
  const clock = new ManualClock(BENCH_NOW)
  const database = await openPostgres(url, 4)
  let sourceId: string
  let catalogueVersion: string
  let kinds: RecordKind[]
  try {
    await migrateToLatest(database)
    const catalogue = await activateCatalogue(database, clock, 'catalogue/record-kinds.json')
    kinds = catalogue.catalogue.kinds
    catalogueVersion = catalogue.version
    const operator: Actor = { type: 'operator', id: 'bench' }
    const { source } = await addSource(
      database,
      clock,
      operator,
      {
        name: 'bench-maintain',
        displayName: 'bench/maintain',
        agencyType: 'credit_authority',
        allowedKinds: [...catalogue.kinds.keys()],
      },
      new Set(catalogue.kinds.keys()),
    )
    sourceId = source.sourceId
  } finally {
    await database.close()
  }

  const pools = buildTemplates(kinds, BENCH_TODAY)
  const lookup = lookupArrays(
    pools,
    kinds.map((k) => k.code),
  )
  log(`${pools.templates.length} date templates over ${kinds.length} kinds, ${YEARS_BACK} years up to ${BENCH_TODAY}`)
  const byLabel = Object.fromEntries(
    (['N', 'T', 'E', 't', 'e'] as Label[]).map((l) => [l, { records: 0, rows: 0 }]),
  ) as Record<Label, { records: number; rows: number }>
  let versioned = 0
  await withClient(url, async (client) => {
    await client.query(
      `CREATE UNLOGGED TABLE bench_maintain_versioned (r bigint PRIMARY KEY, subject_id uuid NOT NULL, record_id uuid NOT NULL, received_at timestamptz NOT NULL)`,
    )
    const indexes = await indexDefinitions(client, ['subjects', 'records'])
    log(`dropping ${indexes.map((i) => i.name).join(', ')} for the load`)
    for (const i of indexes) await client.query(i.drop)

    const batch = 1_000_000
    const ranges = (total: number) =>
      Array.from(
        { length: Math.ceil(total / batch) },
        (_, i) => [i * batch, Math.min(total, (i + 1) * batch) - 1] as const,
      )
    const loadStarted = performance.now()
    let loaded = 0
    const rate = () => `${Math.round(loaded / ((performance.now() - loadStarted) / 1000) / 1000)} k rows/s`
    const subjectRanges = ranges(subjects)
    const recordRanges = ranges(distinct)
    await onConnections(
      url,
      connections,
      [
        ...subjectRanges.map(
          ([a, b]) =>
            () =>
              subjectsSql(a, b),
        ),
        ...recordRanges.map(
          ([a, b]) =>
            () =>
              firstVersionsSql(a, b, sourceId, catalogueVersion, lookup),
        ),
      ],
      (rows, index) => {
        if (index < subjectRanges.length) {
          const [a, b] = subjectRanges[index]!
          loaded += b - a + 1
          log(`  subjects ${a}..${b} (${rate()})`)
          return
        }
        for (const { label, n } of rows) {
          byLabel[label as Label].records += n
          byLabel[label as Label].rows += n
          loaded += n
        }
        const [a, b] = recordRanges[index - subjectRanges.length]!
        log(`  records ${a}..${b}, version 1 (${rate()})`)
      },
    )
    await onConnections(
      url,
      connections,
      recordRanges.map(
        ([a, b]) =>
          () =>
            secondVersionsSql(a, b, sourceId, catalogueVersion, lookup),
      ),
      (rows, index) => {
        for (const { label, n } of rows) {
          byLabel[label as Label].rows += n
          versioned += n
          loaded += n
        }
        const [a, b] = recordRanges[index]!
        log(`  records ${a}..${b}, version 2 (${rate()})`)
      },
    )
    log(
      `loaded ${loaded} rows in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s (${rate()}); building ${indexes.length} indexes ...`,
    )
    await client.query(`DROP TABLE bench_maintain_versioned`)
    await client.query(`SET maintenance_work_mem = '1GB'`)
    const indexStarted = performance.now()
    for (const i of indexes) await client.query(i.create)
    log(
      `  indexes built in ${((performance.now() - indexStarted) / 1000).toFixed(1)} s; VACUUM ANALYZE, CHECKPOINT ...`,
    )
    await client.query('VACUUM ANALYZE')
    await client.query('CHECKPOINT')
  })
  const records = Object.values(byLabel).reduce((n, l) => n + l.records, 0)
  const rows = records + versioned
  const expected: Expected = {
    rows,
    records,
    subjects,
    versioned,
    byLabel,
    takeDown: byLabel.T.records,
    erase: byLabel.E.records,
    dueShare: +((byLabel.T.records + byLabel.E.records) / records).toFixed(5),
  }
  await withClient(adminUrl, (c) =>
    c.query(`COMMENT ON DATABASE ${ident(name)} IS ${literal(MARKER + JSON.stringify(expected))}`),
  )
  const seconds = (performance.now() - started) / 1000
  log(
    `generated ${rows} rows (${records} records, ${versioned} with a version 2, ${subjects} subjects) in ${seconds.toFixed(1)} s = ${Math.round(rows / seconds)} rows/s overall`,
  )
  log(
    `expected on ${BENCH_TODAY}: ${expected.takeDown} to take down, ${expected.erase} to erase (${(expected.dueShare * 100).toFixed(2)} % of records); ` +
      `already done: ${byLabel.t.records} taken down, ${byLabel.e.records} erased; due for neither: ${byLabel.N.records}`,
  )
  return { name, url, expected, seconds, rowsPerSecond: Math.round(rows / seconds) }
}

/** The expected counts of a database this generator (this version of it) completed, or null. */
export async function readExpected(adminUrl: string, name: string): Promise<Expected | null> {
  return withClient(adminUrl, async (c) => {
    const { rows } = await c.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
      [name],
    )
    const comment = rows[0]?.comment
    return comment?.startsWith(MARKER) ? (JSON.parse(comment.slice(MARKER.length)) as Expected) : null
  })
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { records: { type: 'string', default: '10000000' }, connections: { type: 'string', default: '2' } },
  })
  const records = Number(values.records)
  const adminUrl = process.env.FIDES_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const generated = await generate({
    records,
    adminUrl,
    name: `fides_bench_maintain_${records}`,
    connections: Number(values.connections),
  })
  process.stdout.write(JSON.stringify({ ...generated, url: undefined }, null, 2) + '\n')
}
