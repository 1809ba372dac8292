import { randomBytes, randomUUID } from 'node:crypto'
import type { Database, Tx } from '../../db/database.ts'
import type { Clock } from '../../platform/clock.ts'
import { AppError } from '../../platform/app-error.ts'
import { appendAuditEvents, type Actor } from '../../platform/audit.ts'
import { constantTimeEqual, randomToken, sha256 } from '../../platform/crypto.ts'
import type { Principal, SourcePrincipal } from '../../platform/principal.ts'
import { formatApiKey, governmentAgencyTypes, parseApiKey, type AgencyType, type Source } from './sources.ts'
import * as repo from './sources.repository.ts'

export interface NewSource {
  name: string
  displayName: string
  agencyType: AgencyType
  allowedKinds: string[]
}

const KEY_ID_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789'

function newKeyId(): string {
  const bytes = randomBytes(16)
  let id = ''
  for (const b of bytes) id += KEY_ID_ALPHABET[b % KEY_ID_ALPHABET.length]
  return id
}

function newSecret(): { keyId: string; secret: string; token: string; hash: Buffer } {
  const keyId = newKeyId()
  const secret = randomToken(32)
  return { keyId, secret, token: formatApiKey(keyId, secret), hash: sha256(secret) }
}

/**
 * Registers a source agency and issues its first API key. The key is returned once and stored only as
 * a hash. `knownKinds` is the active catalogue's kinds: a source cannot be authorised for a kind that
 * does not exist.
 */
export async function addSource(
  database: Database,
  clock: Clock,
  actor: Actor,
  input: NewSource,
  knownKinds: ReadonlySet<string>,
): Promise<{ source: Source; apiKey: string }> {
  const unknown = input.allowedKinds.filter((k) => !knownKinds.has(k))
  if (unknown.length > 0) {
    throw new AppError('request.invalid', `not in the catalogue: ${unknown.join(', ')}`, [
      { pointer: '/allowedKinds', detail: 'every kind must be in the active catalogue' },
    ])
  }
  if (await repo.findSourceByName(database.db, input.name)) {
    throw new AppError('source.name_taken', `a source named ${input.name} exists already`, [
      { pointer: '/name', detail: 'taken' },
    ])
  }
  const now = clock.now()
  const source: Source = {
    sourceId: randomUUID(),
    name: input.name,
    displayName: input.displayName,
    agencyType: input.agencyType,
    isGovernment: governmentAgencyTypes.has(input.agencyType),
    allowedKinds: [...new Set(input.allowedKinds)].sort(),
    createdAt: now,
  }
  const key = newSecret()
  await database.transaction(async (tx) => {
    await repo.insertSource(tx, source)
    await repo.insertApiKey(tx, {
      keyId: key.keyId,
      keyHash: key.hash,
      role: 'source',
      sourceId: source.sourceId,
      label: `${source.name} key`,
      createdAt: now,
    })
    await appendAuditEvents(tx, now, [
      {
        action: 'source.added',
        actor,
        subjectId: null,
        objectType: 'source',
        objectId: source.sourceId,
        payload: {
          name: source.name,
          agencyType: source.agencyType,
          isGovernment: source.isGovernment,
          allowedKinds: source.allowedKinds,
        },
      },
      {
        action: 'api_key.issued',
        actor,
        subjectId: null,
        objectType: 'api_key',
        objectId: key.keyId,
        payload: { role: 'source', label: `${source.name} key`, sourceName: source.name },
      },
    ])
  })
  return { source, apiKey: key.token }
}

/** Issues the API key of a relying party or a department inside the caller's transaction; the key is returned once, stored as a hash. */
async function issueOwnedKey(
  tx: Tx,
  at: Date,
  actor: Actor,
  name: string,
  owner: { role: 'relying_party'; relyingPartyId: string } | { role: 'department'; departmentId: string },
): Promise<string> {
  const key = newSecret()
  const label = `${name} key`
  await repo.insertApiKey(tx, { keyId: key.keyId, keyHash: key.hash, sourceId: null, label, createdAt: at, ...owner })
  await appendAuditEvents(tx, at, [
    {
      action: 'api_key.issued',
      actor,
      subjectId: null,
      objectType: 'api_key',
      objectId: key.keyId,
      payload: { role: owner.role, label, sourceName: null },
    },
  ])
  return key.token
}

export const issueRelyingPartyKey = (
  tx: Tx,
  at: Date,
  actor: Actor,
  relyingParty: { relyingPartyId: string; name: string },
): Promise<string> =>
  issueOwnedKey(tx, at, actor, relyingParty.name, {
    role: 'relying_party',
    relyingPartyId: relyingParty.relyingPartyId,
  })

export const issueDepartmentKey = (
  tx: Tx,
  at: Date,
  actor: Actor,
  department: { departmentId: string; name: string },
): Promise<string> =>
  issueOwnedKey(tx, at, actor, department.name, { role: 'department', departmentId: department.departmentId })

/** Issues an officer's API key (people get accounts with the access module; this is for the operator's tools). */
export async function issueOfficerKey(
  database: Database,
  clock: Clock,
  actor: Actor,
  label: string,
): Promise<{ keyId: string; apiKey: string }> {
  const key = newSecret()
  const now = clock.now()
  await database.transaction(async (tx) => {
    await repo.insertApiKey(tx, {
      keyId: key.keyId,
      keyHash: key.hash,
      role: 'officer',
      sourceId: null,
      label,
      createdAt: now,
    })
    await appendAuditEvents(tx, now, [
      {
        action: 'api_key.issued',
        actor,
        subjectId: null,
        objectType: 'api_key',
        objectId: key.keyId,
        payload: { role: 'officer', label, sourceName: null },
      },
    ])
  })
  return { keyId: key.keyId, apiKey: key.token }
}

export async function authenticateApiKey(database: Database, token: string): Promise<Principal | null> {
  const parsed = parseApiKey(token)
  if (!parsed) return null
  const row = await repo.findActiveApiKey(database.db, parsed.keyId)
  if (!row || !constantTimeEqual(row.keyHash, sha256(parsed.secret))) return null
  switch (row.role) {
    case 'officer':
      return { role: 'officer', keyId: row.keyId, label: row.label }
    case 'source': {
      const source = row.source
      if (!source) return null
      return {
        role: 'source',
        keyId: row.keyId,
        source: {
          sourceId: source.sourceId,
          name: source.name,
          isGovernment: source.isGovernment,
          allowedKinds: new Set(source.allowedKinds),
        },
      }
    }
    case 'relying_party': {
      const party = row.relyingParty
      if (!party) return null
      return {
        role: 'relying_party',
        keyId: row.keyId,
        relyingParty: {
          relyingPartyId: party.relyingPartyId,
          name: party.name,
          displayName: party.displayName,
          purposes: new Set(party.purposes),
        },
      }
    }
    case 'department': {
      const department = row.department
      if (!department) return null
      return {
        role: 'department',
        keyId: row.keyId,
        department: {
          departmentId: department.departmentId,
          name: department.name,
          displayName: department.displayName,
          domains: new Set(department.domains),
        },
      }
    }
  }
}

export async function getSourceByName(database: Database, name: string): Promise<Source> {
  const source = await repo.findSourceByName(database.db, name)
  if (!source)
    throw new AppError('source.not_found', `no source named ${name}`, [
      { pointer: '/source', detail: 'unknown source' },
    ])
  return source
}

/** A source as it acts now (its kinds may have changed since it last sent), e.g. to resume its interrupted import. */
export async function findSourcePrincipal(database: Database, sourceId: string): Promise<SourcePrincipal | undefined> {
  const source = await repo.findSourceById(database.db, sourceId)
  return (
    source && {
      sourceId: source.sourceId,
      name: source.name,
      isGovernment: source.isGovernment,
      allowedKinds: new Set(source.allowedKinds),
    }
  )
}

export const listSources = (database: Database): Promise<Source[]> => repo.listSources(database.db)
