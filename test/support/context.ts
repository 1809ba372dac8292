/** Factories for integration tests: a records context on a test database, sources, and valid records. */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import type { Database } from '../../src/db/database.ts'
import { ManualClock } from '../../src/platform/clock.ts'
import type { Keys } from '../../src/platform/crypto.ts'
import type { SourcePrincipal } from '../../src/platform/principal.ts'
import {
  activateCatalogue,
  kindSample,
  type ActiveCatalogue,
  type RecordKind,
} from '../../src/modules/catalogue/index.ts'
import { makeResidentId, makeUscc, seededRandom } from '../../src/modules/identifiers/index.ts'
import { addSource, type AgencyType } from '../../src/modules/sources/index.ts'
import type { RecordsContext } from '../../src/modules/records/index.ts'
import { endEntriesOnLapsedBasis, loadLists } from '../../src/modules/lists/index.ts'
import { toCsvRow } from '../../src/platform/parsers/index.ts'
import { buildApp, type App } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'

export const catalogueFile = new URL('../../catalogue/record-kinds.json', import.meta.url).pathname
const listCatalogueFile = new URL('../../catalogue/lists.json', import.meta.url).pathname
const holidaysFile = new URL('../../catalogue/holidays.json', import.meta.url).pathname

export function testKeys(): Keys {
  return { encryption: randomBytes(32), index: randomBytes(32) }
}

/** A records context on the shipped catalogues: a record that stops holding ends the list entries resting on it, as in the app. */
export async function recordsContext(
  database: Database,
  start = '2026-06-01T09:00:00Z',
): Promise<RecordsContext & { clock: ManualClock }> {
  const clock = new ManualClock(start)
  const catalogue = await activateCatalogue(database, clock, catalogueFile)
  const lists = await loadLists(new Set(catalogue.kinds.keys()), {
    listCatalogue: listCatalogueFile,
    holidays: holidaysFile,
  })
  return { database, clock, keys: testKeys(), catalogue, onRecordsLapsed: endEntriesOnLapsedBasis(lists) }
}

let sourceCounter = 0

export async function makeSource(
  ctx: RecordsContext,
  kinds: string[] | 'all',
  agencyType: AgencyType = 'market_regulator',
  displayName = 'Test source',
): Promise<SourcePrincipal & { apiKey: string }> {
  const allowed = kinds === 'all' ? [...ctx.catalogue.kinds.keys()] : kinds
  const { source, apiKey } = await addSource(
    ctx.database,
    ctx.clock,
    { type: 'operator', id: 'test' },
    {
      name: `test-source-${process.pid}-${++sourceCounter}`,
      displayName,
      agencyType,
      allowedKinds: allowed,
    },
    new Set(ctx.catalogue.kinds.keys()),
  )
  return {
    sourceId: source.sourceId,
    name: source.name,
    isGovernment: source.isGovernment,
    allowedKinds: new Set(source.allowedKinds),
    apiKey,
  }
}

/** The first kind matching `predicate`, e.g. a general administrative penalty. */
export function kindWhere(catalogue: ActiveCatalogue, predicate: (kind: RecordKind) => boolean): RecordKind {
  const kind = [...catalogue.kinds.values()].find(predicate)
  if (!kind) throw new Error('no kind in the catalogue matches')
  return kind
}

export function exampleFields(kind: RecordKind): Record<string, unknown> {
  return kindSample(kind)
}

const random = seededRandom(42)
export const newUscc = (opts?: Parameters<typeof makeUscc>[1]): string =>
  makeUscc(random, opts ?? { registrationAuthority: '9', category: '1' })
export const newResidentId = (): string => makeResidentId(random, { birthDate: '1980-05-17' })

export function organisationRecord(kind: RecordKind, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sourceRecordId: `R-${randomBytes(6).toString('hex')}`,
    kind: kind.code,
    subject: { uscc: newUscc(), name: '福州闽江食品有限公司' },
    decidedOn: '2026-03-02',
    fields: exampleFields(kind),
    ...overrides,
  }
}

/**
 * The HTTP app over a test database, on the same keys and clock as `ctx`: configuration from `env`
 * (an embedded in-memory default, logging off unless a stream is given).
 */
export async function testApp(
  ctx: RecordsContext,
  env: Record<string, string> = {},
  logStream?: NodeJS.WritableStream,
): Promise<App> {
  const loaded = await loadConfig({ FIDES_DATA_DIR: ':memory:', FIDES_LOG_LEVEL: 'silent', ...env })
  const config = Object.freeze({ ...loaded, keys: ctx.keys })
  return buildApp(
    { config, database: ctx.database, clock: ctx.clock, catalogue: ctx.catalogue },
    logStream ? { logStream } : { logger: false },
  )
}

let accountCounter = 0

/**
 * Signs in through the API (POST /v1/session, as a browser does) and returns the session cookie and its
 * CSRF token for app.inject's headers; fails the test when sign-in is refused.
 */
export async function signInOver(
  app: App,
  username: string,
  password: string,
): Promise<{ cookie: string; csrf: string }> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/session',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ username, password }),
  })
  assert.equal(res.statusCode, 200, res.body)
  return {
    cookie: String(res.headers['set-cookie']).split(';')[0]!,
    csrf: String((JSON.parse(res.body) as { csrfToken: unknown }).csrfToken),
  }
}

/**
 * A verified subject account for `identity`: `headers()` signs in afresh (sessions expire, and tests
 * move time by weeks) and returns the cookie and CSRF headers for app.inject.
 */
export async function subjectAccount(
  ctx: RecordsContext,
  identity: { uscc: string; name: string } | { residentId: string; name: string },
): Promise<{ subjectId: string; headers(): Promise<Record<string, string>> }> {
  const { registerSubjectAccount, verifySubjectAccount, login } = await import('../../src/modules/access/index.ts')
  const username = `subject-${process.pid}-${++accountCounter}`
  const password = 'a long enough passphrase'
  const { accountId } = await registerSubjectAccount(ctx.database, ctx.clock, ctx.keys, {
    username,
    password,
    displayName: identity.name,
    subject: identity,
  })
  const { subjectId } = await verifySubjectAccount(ctx.database, ctx.clock, { type: 'officer', id: 'test' }, accountId)
  return {
    subjectId,
    async headers() {
      const session = await login(ctx.database, ctx.clock, ctx.keys, { username, password, address: '127.0.0.1' })
      return { cookie: `fides_session=${session.sessionToken}`, 'x-csrf-token': session.csrfToken }
    },
  }
}

/**
 * A CSV file of `kind` records in the columns of `fides import`, one line per entry of `rows` (each
 * overriding columns of an organisation's valid record, e.g. { decided_on: '2026-13-01' } for a bad line).
 */
export function recordsCsv(kind: RecordKind, rows: Record<string, string>[]): string {
  const example = exampleFields(kind)
  const fieldNames = Object.keys(example)
  const header = [
    'source_record_id',
    'kind',
    'uscc',
    'resident_id',
    'subject_name',
    'decided_on',
    'conduct_ended_on',
    ...fieldNames.map((f) => `fields.${f}`),
  ]
  const line = (overrides: Record<string, string>) => {
    const base: Record<string, string> = {
      source_record_id: `C-${randomBytes(6).toString('hex')}`,
      kind: kind.code,
      uscc: newUscc(),
      resident_id: '',
      subject_name: '福州"榕城",食品有限公司',
      decided_on: '2026-01-15',
      conduct_ended_on: '',
    }
    for (const f of fieldNames)
      base[`fields.${f}`] = typeof example[f] === 'object' ? JSON.stringify(example[f]) : String(example[f])
    return toCsvRow(header.map((h) => overrides[h] ?? base[h] ?? ''))
  }
  return [toCsvRow(header), ...rows.map(line)].join('')
}
