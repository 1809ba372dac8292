/**
 * Relying parties, consents and the authorisation of a report. Every state change writes its audit
 * event in the same transaction; every authorised report writes its inquiry (an `inquiry.made` audit
 * event, shown to the subject) before anything is read.
 */
import { randomUUID } from 'node:crypto'
import type { Database, Db } from '../../db/database.ts'
import { AppError } from '../../platform/app-error.ts'
import { appendAuditEvents, AuditGroupWriter, type Actor } from '../../platform/audit.ts'
import type { Clock } from '../../platform/clock.ts'
import type { IdRange } from '../../platform/id-ranges.ts'
import type { RelyingPartyPrincipal } from '../../platform/principal.ts'
import { isMeasureDomain, MEASURE_DOMAINS, type RecordCategory, type SubjectType } from '../catalogue/index.ts'
import { issueDepartmentKey, issueRelyingPartyKey } from '../sources/index.ts'
import { isPurpose, purposeRules, purposes, type Purpose } from './purposes.ts'
import * as repo from './access.repository.ts'

export type { Consent, Department, RelyingParty } from './access.repository.ts'

export interface NewRelyingParty {
  name: string
  displayName: string
  partyType: string
  purposes: string[]
}

export async function addRelyingParty(
  database: Database,
  clock: Clock,
  actor: Actor,
  input: NewRelyingParty,
): Promise<{ relyingParty: repo.RelyingParty; apiKey: string }> {
  const unknown = input.purposes.filter((p) => !isPurpose(p) || purposeRules[p].subjectOnly)
  if (unknown.length > 0 || input.purposes.length === 0) {
    throw new AppError(
      'access.purpose_unknown',
      `a relying party may be registered for: ${purposes.filter((p) => !purposeRules[p].subjectOnly).join(', ')}`,
      [
        {
          pointer: '/purposes',
          detail: unknown.length ? `not permissible: ${unknown.join(', ')}` : 'at least one purpose',
        },
      ],
    )
  }
  if (await repo.findRelyingPartyByName(database.db, input.name)) {
    throw new AppError('relying_party.name_taken', `a relying party named ${input.name} exists already`, [
      { pointer: '/name', detail: 'taken' },
    ])
  }
  const now = clock.now()
  const relyingParty: repo.RelyingParty = {
    relyingPartyId: randomUUID(),
    name: input.name,
    displayName: input.displayName,
    partyType: input.partyType,
    purposes: [...new Set(input.purposes)].sort(),
    createdAt: now,
  }
  const apiKey = await database.transaction(async (tx) => {
    await repo.insertRelyingParty(tx, relyingParty)
    await appendAuditEvents(tx, now, [
      {
        action: 'relying_party.added',
        actor,
        subjectId: null,
        objectType: 'relying_party',
        objectId: relyingParty.relyingPartyId,
        payload: { name: relyingParty.name, partyType: relyingParty.partyType, purposes: relyingParty.purposes },
      },
    ])
    return issueRelyingPartyKey(tx, now, actor, relyingParty)
  })
  return { relyingParty, apiKey }
}

export interface NewDepartment {
  name: string
  displayName: string
  domains: string[]
}

/**
 * Registers a department that carries out measures, for the domains it works in, and issues its API
 * key (returned once). It will check subjects only in those domains, and every check is an inquiry.
 */
export async function addDepartment(
  database: Database,
  clock: Clock,
  actor: Actor,
  input: NewDepartment,
): Promise<{ department: repo.Department; apiKey: string }> {
  const unknown = input.domains.filter((d) => !isMeasureDomain(d))
  if (unknown.length > 0 || input.domains.length === 0) {
    throw new AppError(
      'department.domain_unknown',
      `a department may be registered for: ${MEASURE_DOMAINS.join(', ')}`,
      [
        {
          pointer: '/domains',
          detail: unknown.length ? `not a measure domain: ${unknown.join(', ')}` : 'at least one domain',
        },
      ],
    )
  }
  if (!NAME.test(input.name))
    throw new AppError('request.invalid', 'a department name is lower case letters, digits and hyphens', [
      { pointer: '/name', detail: 'like market-regulator-fujian' },
    ])
  if (await repo.findDepartmentByName(database.db, input.name)) {
    throw new AppError('department.name_taken', `a department named ${input.name} exists already`, [
      { pointer: '/name', detail: 'taken' },
    ])
  }
  const now = clock.now()
  const department: repo.Department = {
    departmentId: randomUUID(),
    name: input.name,
    displayName: input.displayName,
    domains: [...new Set(input.domains)].sort(),
    createdAt: now,
  }
  const apiKey = await database.transaction(async (tx) => {
    await repo.insertDepartment(tx, department)
    await appendAuditEvents(tx, now, [
      {
        action: 'department.added',
        actor,
        subjectId: null,
        objectType: 'department',
        objectId: department.departmentId,
        payload: { name: department.name, displayName: department.displayName, domains: department.domains },
      },
    ])
    return issueDepartmentKey(tx, now, actor, department)
  })
  return { department, apiKey }
}

const NAME = /^[a-z0-9][a-z0-9-]{1,62}$/

const MAX_CONSENT_MS = 2 * 366 * 86_400_000

/**
 * Records a subject's consent to a named relying party for one purpose, until `expiresAt` (at most
 * two years). Until subjects have accounts, an officer records it from the written authorisation
 * (`evidence` says which document); the subject will grant and revoke it in self-service.
 */
export async function grantConsent(
  database: Database,
  clock: Clock,
  actor: Actor,
  input: { subjectId: string; relyingParty: string; purpose: string; expiresAt: Date; evidence: string },
): Promise<repo.Consent> {
  const party = await repo.findRelyingPartyByName(database.db, input.relyingParty)
  if (!party)
    throw new AppError('relying_party.not_found', `no relying party named ${input.relyingParty}`, [
      { pointer: '/relyingParty', detail: 'unknown relying party' },
    ])
  if (!party.purposes.includes(input.purpose)) {
    throw new AppError('consent.invalid', `${party.name} is not registered for the purpose ${input.purpose}`, [
      { pointer: '/purpose', detail: `registered: ${party.purposes.join(', ')}` },
    ])
  }
  const now = clock.now()
  if (!(input.expiresAt.getTime() > now.getTime()) || input.expiresAt.getTime() - now.getTime() > MAX_CONSENT_MS) {
    throw new AppError('consent.invalid', 'a consent must expire in the future, within two years', [
      { pointer: '/expiresAt', detail: 'in the future, at most two years away' },
    ])
  }
  const consent: repo.Consent = {
    subjectId: input.subjectId,
    consentId: randomUUID(),
    relyingPartyId: party.relyingPartyId,
    relyingPartyName: party.name,
    relyingPartyDisplayName: party.displayName,
    purpose: input.purpose,
    grantedAt: now,
    expiresAt: input.expiresAt,
    revokedAt: null,
    recordedBy: `${actor.type}:${actor.id}`,
    evidence: input.evidence,
  }
  await database.transaction(async (tx) => {
    await repo.insertConsent(tx, consent)
    await appendAuditEvents(tx, now, [
      {
        action: 'consent.granted',
        actor,
        subjectId: consent.subjectId,
        objectType: 'consent',
        objectId: consent.consentId,
        payload: {
          consentId: consent.consentId,
          relyingParty: party.name,
          purpose: consent.purpose,
          expiresAt: consent.expiresAt.toISOString(),
          evidence: consent.evidence,
        },
      },
    ])
  })
  return consent
}

export async function revokeConsent(
  database: Database,
  clock: Clock,
  actor: Actor,
  subjectId: string,
  consentId: string,
): Promise<repo.Consent> {
  const consent = await repo.findConsent(database.db, subjectId, consentId)
  if (!consent)
    throw new AppError('consent.not_found', 'no such consent for this subject', [
      { pointer: '/consentId', detail: 'unknown consent' },
    ])
  const now = clock.now()
  await database.transaction(async (tx) => {
    if (await repo.revokeConsent(tx, subjectId, consentId, now)) {
      await appendAuditEvents(tx, now, [
        {
          action: 'consent.revoked',
          actor,
          subjectId,
          objectType: 'consent',
          objectId: consentId,
          payload: { consentId, relyingParty: consent.relyingPartyName, purpose: consent.purpose },
        },
      ])
    }
  })
  return (await repo.findConsent(database.db, subjectId, consentId))!
}

/** The subject's consent in force to this relying party for this purpose, if any. */
export const findValidConsent = (
  database: Database,
  subjectId: string,
  relyingPartyId: string,
  purpose: string,
  at: Date,
): Promise<repo.Consent | undefined> => repo.findValidConsent(database.db, subjectId, relyingPartyId, purpose, at)

export const listConsents = (database: Database, subjectId: string): Promise<repo.Consent[]> =>
  repo.listConsents(database.db, subjectId)

/** A consent as its audit events record it: what the state check (modules/integrity) recomputes from them. */
export interface ConsentFacts {
  subjectId: string
  consentId: string
  relyingParty: string
  purpose: string
  grantedAt: string
  expiresAt: string
  revokedAt: string | null
}

/** The consents of the subjects in `range`, as their events record them (pass `tx.db` to read in a transaction's snapshot). */
export async function consentFactsInRange(db: Db, range: IdRange): Promise<ConsentFacts[]> {
  return (await repo.consentsInRange(db, range)).map((c) => ({
    subjectId: c.subjectId,
    consentId: c.consentId,
    relyingParty: c.relyingPartyName,
    purpose: c.purpose,
    grantedAt: c.grantedAt.toISOString(),
    expiresAt: c.expiresAt.toISOString(),
    revokedAt: c.revokedAt?.toISOString() ?? null,
  }))
}

const writers = new WeakMap<Database, AuditGroupWriter>()

/** One group writer of inquiries per database (reports' inquiries go in together; department checks are grouped whole, in the lists module). */
export function inquiryWriter(database: Database): AuditGroupWriter {
  let writer = writers.get(database)
  if (!writer) {
    writer = new AuditGroupWriter(database.db)
    writers.set(database, writer)
  }
  return writer
}

export interface ReportAuthorisation {
  purpose: Purpose
  consentId: string | null
  /** the categories the purpose opens for this subject */
  categories: RecordCategory[]
}

/**
 * Whether a relying party may ask for a report for this purpose on a subject of this type, before
 * anything about the subject is read: the purpose is known, registered for the party, and opens some
 * category for the type. Throws the refusal; returns the purpose and the categories it opens.
 */
export function reportPurpose(
  party: RelyingPartyPrincipal,
  purpose: string,
  subjectType: SubjectType,
): { purpose: Purpose; open: ReadonlySet<RecordCategory> } {
  if (!isPurpose(purpose))
    throw new AppError('access.purpose_unknown', `purpose must be one of: ${purposes.join(', ')}`, [
      { pointer: '/purpose', detail: 'not a permissible purpose' },
    ])
  const rule = purposeRules[purpose]
  if (rule.subjectOnly || !party.purposes.has(purpose)) {
    throw new AppError('access.purpose_not_registered', `${party.name} is not registered for the purpose ${purpose}`, [
      { pointer: '/purpose', detail: 'not registered for this relying party' },
    ])
  }
  const open = subjectType === 'person' ? rule.persons : rule.organisations
  if (open.size === 0) {
    throw new AppError(
      'access.purpose_not_for_subject',
      `the purpose ${purpose} does not allow a report on a natural person`,
      [{ pointer: '/purpose', detail: 'not for natural persons' }],
    )
  }
  return { purpose, open }
}

/**
 * Decides whether a relying party may have a report on this subject for the purpose it declares,
 * and if so writes the inquiry before anything is read. A refusal reads nothing and writes nothing.
 */
export async function authoriseReport(
  database: Database,
  clock: Clock,
  party: RelyingPartyPrincipal,
  subject: { subjectId: string; subjectType: SubjectType },
  purpose: string,
  consentRequiredCategories: ReadonlySet<RecordCategory>,
): Promise<ReportAuthorisation> {
  const { purpose: declared, open } = reportPurpose(party, purpose, subject.subjectType)
  const isPerson = subject.subjectType === 'person'
  const now = clock.now()
  // A consent matters for a person, and for consent-required kinds in the categories the purpose opens.
  const consentMatters = isPerson || [...consentRequiredCategories].some((c) => open.has(c))
  const consent = consentMatters
    ? await repo.findValidConsent(database.db, subject.subjectId, party.relyingPartyId, declared, now)
    : undefined
  if (isPerson && !consent) {
    throw new AppError(
      'access.consent_required',
      "a report on a natural person needs the person's valid consent to this relying party for this purpose",
      [{ pointer: '/purpose', detail: 'no valid consent' }],
    )
  }
  const categories = [...open].sort()
  // committed before anything leaves (grouped with concurrent reports' inquiries): no look goes unrecorded
  await inquiryWriter(database).append(now, {
    action: 'inquiry.made',
    actor: { type: 'relying_party', id: party.name },
    subjectId: subject.subjectId,
    objectType: 'subject',
    objectId: subject.subjectId,
    payload: {
      relyingParty: party.name,
      relyingPartyName: party.displayName,
      purpose: declared,
      consentId: consent?.consentId ?? null,
      categories,
    },
  })
  return { purpose: declared, consentId: consent?.consentId ?? null, categories }
}
