import type { Db, Tx } from '../../db/database.ts'
import type { IdRange } from '../../platform/id-ranges.ts'
import { relyingPartyRows } from '../sources/index.ts'

// relying parties and departments are stored by the sources module, with the other parties that hold API keys
export {
  findDepartmentByName,
  findRelyingPartyByName,
  insertDepartment,
  insertRelyingParty,
  type Department,
  type RelyingParty,
} from '../sources/index.ts'

export interface Consent {
  subjectId: string
  consentId: string
  relyingPartyId: string
  relyingPartyName: string
  /** the name people know it by */
  relyingPartyDisplayName: string
  purpose: string
  grantedAt: Date
  expiresAt: Date
  revokedAt: Date | null
  recordedBy: string
  evidence: string
}

function consentQuery(db: Db) {
  return db
    .selectFrom('consents as c')
    .innerJoin(relyingPartyRows(db).as('rp'), 'rp.relying_party_id', 'c.relying_party_id')
    .select([
      'c.subject_id',
      'c.consent_id',
      'c.relying_party_id',
      'rp.name',
      'rp.display_name',
      'c.purpose',
      'c.granted_at',
      'c.expires_at',
      'c.revoked_at',
      'c.recorded_by',
      'c.evidence',
    ])
}

type ConsentRow = Awaited<ReturnType<ReturnType<typeof consentQuery>['executeTakeFirstOrThrow']>>

function toConsent(row: ConsentRow): Consent {
  return {
    subjectId: row.subject_id,
    consentId: row.consent_id,
    relyingPartyId: row.relying_party_id,
    relyingPartyName: row.name,
    relyingPartyDisplayName: row.display_name,
    purpose: row.purpose,
    grantedAt: new Date(row.granted_at),
    expiresAt: new Date(row.expires_at),
    revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at),
    recordedBy: row.recorded_by,
    evidence: row.evidence,
  }
}

export async function insertConsent(
  tx: Tx,
  consent: Omit<Consent, 'relyingPartyName' | 'relyingPartyDisplayName'>,
): Promise<void> {
  await tx.db
    .insertInto('consents')
    .values({
      subject_id: consent.subjectId,
      consent_id: consent.consentId,
      relying_party_id: consent.relyingPartyId,
      purpose: consent.purpose,
      granted_at: consent.grantedAt,
      expires_at: consent.expiresAt,
      revoked_at: consent.revokedAt,
      recorded_by: consent.recordedBy,
      evidence: consent.evidence,
    })
    .execute()
}

export async function findConsent(db: Db, subjectId: string, consentId: string): Promise<Consent | undefined> {
  const row = await consentQuery(db)
    .where('c.subject_id', '=', subjectId)
    .where('c.consent_id', '=', consentId)
    .executeTakeFirst()
  return row && toConsent(row)
}

export async function listConsents(db: Db, subjectId: string): Promise<Consent[]> {
  return (await consentQuery(db).where('c.subject_id', '=', subjectId).orderBy('c.granted_at', 'desc').execute()).map(
    toConsent,
  )
}

/** The consents of the subjects in `range` (a pass over every consent walks the ranges). */
export async function consentsInRange(db: Db, range: IdRange): Promise<Consent[]> {
  const from = consentQuery(db).where('c.subject_id', '>=', range.from)
  return (await (range.to === null ? from : from.where('c.subject_id', '<', range.to)).execute()).map(toConsent)
}

/** Marks a consent revoked, if it is not already; true when this call revoked it. */
export async function revokeConsent(tx: Tx, subjectId: string, consentId: string, at: Date): Promise<boolean> {
  const result = await tx.db
    .updateTable('consents')
    .set({ revoked_at: at })
    .where('subject_id', '=', subjectId)
    .where('consent_id', '=', consentId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** The consent in force at `at` for this subject, party and purpose (the one lasting longest), if any. */
export async function findValidConsent(
  db: Db,
  subjectId: string,
  relyingPartyId: string,
  purpose: string,
  at: Date,
): Promise<Consent | undefined> {
  const row = await consentQuery(db)
    .where('c.subject_id', '=', subjectId)
    .where('c.relying_party_id', '=', relyingPartyId)
    .where('c.purpose', '=', purpose)
    .where('c.revoked_at', 'is', null)
    .where('c.granted_at', '<=', at)
    .where('c.expires_at', '>', at)
    .orderBy('c.expires_at', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row && toConsent(row)
}

/** Every relying party, by the name people know it by: whom a subject may give its consent to. */
export async function listRelyingParties(db: Db): Promise<{ name: string; displayName: string; purposes: string[] }[]> {
  const rows = await db
    .selectFrom(relyingPartyRows(db).as('rp'))
    .select(['rp.name', 'rp.display_name', 'rp.purposes'])
    .orderBy('rp.display_name')
    .orderBy('rp.name')
    .execute()
  return rows.map((r) => ({ name: r.name, displayName: r.display_name, purposes: [...r.purposes] }))
}
