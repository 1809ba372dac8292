import { sql, type Selectable } from 'kysely'
import type { Db, Tx } from '../../db/database.ts'
import type { ApiKeysTable, SourcesTable } from '../../db/schema.ts'
import type { AgencyType, Source } from './sources.ts'

type SourceRow = Omit<Selectable<SourcesTable>, 'webhook_url' | 'webhook_secret_enc'>

function toSource(row: SourceRow): Source {
  return {
    sourceId: row.source_id,
    name: row.name,
    displayName: row.display_name,
    agencyType: row.agency_type as AgencyType,
    isGovernment: row.is_government,
    allowedKinds: row.allowed_kinds,
    createdAt: new Date(row.created_at),
  }
}

export async function insertSource(tx: Tx, source: Source): Promise<void> {
  await tx.db
    .insertInto('sources')
    .values({
      source_id: source.sourceId,
      name: source.name,
      display_name: source.displayName,
      agency_type: source.agencyType,
      is_government: source.isGovernment,
      allowed_kinds: source.allowedKinds,
      created_at: source.createdAt,
    })
    .execute()
}

export async function findSourceByName(db: Db, name: string): Promise<Source | undefined> {
  const row = await db.selectFrom('sources').selectAll().where('name', '=', name).executeTakeFirst()
  return row ? toSource(row) : undefined
}

export async function findSourceById(db: Db, sourceId: string): Promise<Source | undefined> {
  const row = await db.selectFrom('sources').selectAll().where('source_id', '=', sourceId).executeTakeFirst()
  return row ? toSource(row) : undefined
}

export async function listSources(db: Db): Promise<Source[]> {
  const rows = await db.selectFrom('sources').selectAll().orderBy('name').execute()
  return rows.map(toSource)
}

export type ApiKeyRole = ApiKeysTable['role']

export interface ApiKeyRow {
  keyId: string
  keyHash: Buffer
  role: ApiKeyRole
  label: string
  source: Source | null
  relyingParty: { relyingPartyId: string; name: string; displayName: string; purposes: string[] } | null
  department: { departmentId: string; name: string; displayName: string; domains: string[] } | null
}

export interface NewApiKey {
  keyId: string
  keyHash: Buffer
  role: ApiKeyRole
  sourceId: string | null
  relyingPartyId?: string | null
  departmentId?: string | null
  label: string
  createdAt: Date
}

export async function insertApiKey(tx: Tx, key: NewApiKey): Promise<void> {
  await tx.db
    .insertInto('api_keys')
    .values({
      key_id: key.keyId,
      key_hash: key.keyHash,
      role: key.role,
      source_id: key.sourceId,
      relying_party_id: key.relyingPartyId ?? null,
      department_id: key.departmentId ?? null,
      label: key.label,
      created_at: key.createdAt,
      revoked_at: null,
    })
    .execute()
}

export async function findActiveApiKey(db: Db, keyId: string): Promise<ApiKeyRow | undefined> {
  const row = await db
    .selectFrom('api_keys as k')
    .leftJoin('sources as s', 's.source_id', 'k.source_id')
    .leftJoin('relying_parties as rp', 'rp.relying_party_id', 'k.relying_party_id')
    .leftJoin('departments as d', 'd.department_id', 'k.department_id')
    .select([
      'k.key_id',
      'k.key_hash',
      'k.role',
      'k.label',
      's.source_id',
      's.name',
      's.display_name',
      's.agency_type',
      's.is_government',
      's.allowed_kinds',
      's.created_at',
      'rp.relying_party_id',
      'rp.name as rp_name',
      'rp.display_name as rp_display_name',
      'rp.purposes as rp_purposes',
      'd.department_id',
      'd.name as d_name',
      'd.display_name as d_display_name',
      'd.domains as d_domains',
    ])
    .where('k.key_id', '=', keyId)
    .where('k.revoked_at', 'is', null)
    .executeTakeFirst()
  if (!row) return undefined
  const source =
    row.source_id === null
      ? null
      : toSource({
          source_id: row.source_id,
          name: row.name!,
          display_name: row.display_name!,
          agency_type: row.agency_type!,
          is_government: row.is_government!,
          allowed_kinds: row.allowed_kinds!,
          created_at: row.created_at!,
        })
  const relyingParty =
    row.relying_party_id === null
      ? null
      : {
          relyingPartyId: row.relying_party_id,
          name: row.rp_name!,
          displayName: row.rp_display_name!,
          purposes: row.rp_purposes!,
        }
  const department =
    row.department_id === null
      ? null
      : {
          departmentId: row.department_id,
          name: row.d_name!,
          displayName: row.d_display_name!,
          domains: row.d_domains!,
        }
  return {
    keyId: row.key_id,
    keyHash: Buffer.from(row.key_hash),
    role: row.role,
    label: row.label,
    source,
    relyingParty,
    department,
  }
}

// ---- relying parties and departments: the other parties that hold API keys ----

export interface RelyingParty {
  relyingPartyId: string
  name: string
  displayName: string
  partyType: string
  purposes: string[]
  createdAt: Date
}

export interface Department {
  departmentId: string
  name: string
  displayName: string
  domains: string[]
  createdAt: Date
}

export async function insertDepartment(tx: Tx, department: Department): Promise<void> {
  await tx.db
    .insertInto('departments')
    .values({
      department_id: department.departmentId,
      name: department.name,
      display_name: department.displayName,
      domains: department.domains,
      created_at: department.createdAt,
    })
    .execute()
}

export async function findDepartmentByName(db: Db, name: string): Promise<Department | undefined> {
  const row = await db.selectFrom('departments').selectAll().where('name', '=', name).executeTakeFirst()
  return (
    row && {
      departmentId: row.department_id,
      name: row.name,
      displayName: row.display_name,
      domains: row.domains,
      createdAt: new Date(row.created_at),
    }
  )
}

export async function insertRelyingParty(tx: Tx, party: RelyingParty): Promise<void> {
  await tx.db
    .insertInto('relying_parties')
    .values({
      relying_party_id: party.relyingPartyId,
      name: party.name,
      display_name: party.displayName,
      party_type: party.partyType,
      purposes: party.purposes,
      created_at: party.createdAt,
    })
    .execute()
}

export async function findRelyingPartyByName(db: Db, name: string): Promise<RelyingParty | undefined> {
  const row = await db.selectFrom('relying_parties').selectAll().where('name', '=', name).executeTakeFirst()
  return (
    row && {
      relyingPartyId: row.relying_party_id,
      name: row.name,
      displayName: row.display_name,
      partyType: row.party_type,
      purposes: row.purposes,
      createdAt: new Date(row.created_at),
    }
  )
}

// ---- pieces other modules' statements join ----

/** The sources' names, as a table to join in raw SQL: `JOIN ${sourceNames} s ON s.source_id = ...`. */
export const sourceNames = sql`(SELECT source_id, name, display_name FROM sources)`

/** What a session needs of a source, as a query to join (`.leftJoin(sourceRows(db).as('src'), ...)`). */
export const sourceRows = (db: Db) =>
  db.selectFrom('sources').select(['source_id', 'name', 'is_government', 'allowed_kinds'])

/** What others show of a relying party, as a query to join (`.innerJoin(relyingPartyRows(db).as('rp'), ...)`). */
export const relyingPartyRows = (db: Db) =>
  db.selectFrom('relying_parties').select(['relying_party_id', 'name', 'display_name', 'purposes'])

/** The labels of API keys by key id (an officer's key is named by its label), for trails that name who acted. */
export async function apiKeyLabels(db: Db, keyIds: readonly string[]): Promise<Map<string, string>> {
  if (keyIds.length === 0) return new Map()
  const rows = await db.selectFrom('api_keys').select(['key_id', 'label']).where('key_id', 'in', keyIds).execute()
  return new Map(rows.map((r) => [r.key_id, r.label]))
}

/** Sources' display names by name, for trails that name who acted. */
export async function sourceDisplayNames(db: Db, names: readonly string[]): Promise<Map<string, string>> {
  if (names.length === 0) return new Map()
  const rows = await db.selectFrom('sources').select(['name', 'display_name']).where('name', 'in', names).execute()
  return new Map(rows.map((r) => [r.name, r.display_name]))
}
