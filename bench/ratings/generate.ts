/**
 * The organisations of bench/ratings and bench/portal: N enterprises and about 2.5 records each,
 * straight in SQL, in fides_bench_orgs_<N> (kept for the next run with --keep, the same day): kinds
 * drawn by a seeded hash (licences, penalties of every weight, court enforcement, judgment defaulters,
 * tax arrears, abnormal operation, work safety, environment, commendations), decided up to 2,000 days
 * ago, and an open objection against one record in 200. One enterprise in ten has a Chinese name.
 */
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { openPostgres } from '../../src/db/database.ts'
import { migrateToLatest } from '../../src/db/migrator.ts'
import { systemClock } from '../../src/platform/clock.ts'
import { createProgress } from '../../src/platform/progress.ts'
import { activateCatalogue } from '../../src/modules/catalogue/index.ts'

const GENERATOR = 'fides bench organisations generator v1'
const KINDS = [
  'admin_licence',
  'admin_licence',
  'admin_licence',
  'admin_licence',
  'admin_penalty_minor',
  'admin_penalty_minor',
  'admin_penalty_warning',
  'admin_penalty_general',
  'admin_penalty_serious',
  'tax_arrears',
  'commendation',
  'abnormal_operation_listing',
  'court_judgment_enforcement',
  'work_safety_penalty',
  'judgment_defaulter',
  'environmental_penalty',
]

export async function withClient<T>(target: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: target })
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}

/** subject i's id, as the generator makes it */
export const benchSubjectId = (i: string) => `md5('fides-bench-orgs:' || ${i})::uuid`

export interface OrganisationsDatabase {
  url: string
  name: string
  reused: boolean
  drop(): Promise<void>
}

export async function organisationsDatabase(options: {
  subjects: number
  keep: boolean
  log?: (s: string) => void
}): Promise<OrganisationsDatabase> {
  const N = options.subjects
  const adminUrl = process.env.FIDES_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const log = options.log ?? ((s: string) => process.stderr.write(s + '\n'))
  const name = options.keep ? `fides_bench_orgs_${N}` : `fides_bench_orgs_${N}_${process.pid}`
  const target = new URL(adminUrl)
  target.pathname = '/' + name
  const url = target.toString()
  const today = new Date().toISOString().slice(0, 10)
  const drop = () => withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {})
  if (options.keep) {
    const kept = await withClient(
      adminUrl,
      async (c) =>
        (
          await c.query<{ d: string | null }>(
            `SELECT shobj_description(oid, 'pg_database') AS d FROM pg_database WHERE datname = $1`,
            [name],
          )
        ).rows[0]?.d ?? null,
    )
    if (kept === `${GENERATOR}: ${N} on ${today}`) {
      log(`reusing ${name} (--keep)`)
      return { url, name, reused: true, drop }
    }
  }
  const started = performance.now()
  await withClient(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await c.query(`CREATE DATABASE ${name}`)
  })
  const database = await openPostgres(url, 2)
  await migrateToLatest(database)
  const catalogue = await activateCatalogue(database, systemClock, 'catalogue/record-kinds.json')
  await database.close()
  await withClient(url, async (c) => {
    const sourceId = randomUUID()
    await c.query(
      `INSERT INTO sources (source_id, name, display_name, agency_type, is_government, allowed_kinds, created_at) VALUES ($1, 'bench-source', 'Bench source', 'market_regulator', true, $2, now())`,
      [sourceId, KINDS],
    )
    const step = 250_000
    const progress = createProgress({ label: 'generating organisations and records', total: N, unit: 'organisations' })
    for (let from = 0; from < N; from += step) {
      const to = Math.min(N, from + step) - 1
      await c.query(`INSERT INTO subjects (subject_id, subject_type, uscc, name, created_at)
        SELECT ${benchSubjectId('i')}, 'enterprise', '91' || lpad(i::text, 16, '0'),
          CASE WHEN i % 10 = 0 THEN (ARRAY['福州', '厦门', '泉州', '莆田', '漳州'])[1 + i % 5] || (ARRAY['长乐', '海港', '新芽', '清风', '东南'])[1 + (i / 10) % 5] || '贸易有限公司' || i ELSE 'Bench enterprise ' || i END,
          now() - interval '3 years'
        FROM generate_series(${from}, ${to}) AS i`)
      await c.query(
        `INSERT INTO records (subject_id, record_id, version, source_id, source_record_id, kind_code, catalogue_version, decided_on, conduct_ended_on, fields, content_hash, identifier_check_failed, received_at)
        SELECT ${benchSubjectId('i')}, md5('fides-bench-orgs-record:' || i || ':' || k)::uuid, 1, $1, 'r-' || i || '-' || k,
          ($2::text[])[1 + (hashint8extended(i * 8 + k, 7) & 1023) % ${KINDS.length}], $3, current_date - ((hashint8extended(i * 8 + k, 8) & 1023) * 2)::int, NULL, '{}',
          decode(md5(i || ':' || k), 'hex'), false, now()
        FROM generate_series(${from}, ${to}) AS i, generate_series(0, 5) AS k
        WHERE k < (hashint8extended(i, 9) & 1023) % 6`,
        [sourceId, KINDS, catalogue.version],
      )
      progress.update(to + 1)
    }
    progress.finish()
    // an open objection against one record in 200
    await c.query(`INSERT INTO objections (subject_id, objection_id, target_type, target_id, target_version, source_id, filed_by_type, filed_by_id, filed_at, due_on, reasons, evidence, status)
      SELECT subject_id, md5('obj:' || record_id)::uuid, 'record', record_id, 1, source_id, 'subject', 'bench', now(), current_date + 20, 'bench', '[]', 'open'
      FROM records WHERE (hashint8extended(hashtext(record_id::text), 10) & 1023) < 5`)
    log('VACUUM ANALYZE, CHECKPOINT ...')
    await c.query('VACUUM ANALYZE')
    await c.query('CHECKPOINT')
    await c.query(`COMMENT ON DATABASE ${name} IS '${GENERATOR}: ${N} on ${today}'`)
  })
  log(`generated ${N} organisations in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return { url, name, reused: false, drop }
}
