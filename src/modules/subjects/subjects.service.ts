import type { Database, Tx } from '../../db/database.ts'
import type { SubjectsTable } from '../../db/schema.ts'
import { AppError } from '../../platform/app-error.ts'
import { appendAuditEvent, appendAuditEvents, type Actor, type AuditEvent } from '../../platform/audit.ts'
import { decrypt, encrypt, type Keys } from '../../platform/crypto.ts'
import { maskPersonName, maskResidentId } from '../identifiers/index.ts'
import { subjectIdOf, type SubjectIdentity, type SubjectType } from './subjects.ts'
import * as repo from './subjects.repository.ts'
import { pinyinQueryKey } from './pinyin.ts'

/** A subject as it may leave the service: persons' identifiers and names only masked. */
export interface SubjectSummary {
  subjectId: string
  subjectType: SubjectType
  name: string
  uscc?: string
  residentIdMasked?: string
  divisionCode: string | null
  identifierCheckFailed: boolean
  registeredAt: string
}

export function subjectIdFor(keys: Keys, identity: SubjectIdentity): string {
  return subjectIdOf(keys.index, identity)
}

/** Which of these subjects are registered already (in the caller's transaction). */
export function findExistingSubjects(tx: Tx, subjectIds: readonly string[]): Promise<Set<string>> {
  return repo.findExistingSubjectIds(tx, subjectIds)
}

/**
 * Registers subjects that the caller found not to exist (`findExistingSubjects`), inside its
 * transaction, with their `subject.registered` events. Personal identifiers and names are encrypted
 * here and nowhere else. A subject registered meanwhile by another transaction fails the primary key,
 * and the caller's transaction with it: retry it.
 */
export async function registerNewSubjects(
  tx: Tx,
  keys: Keys,
  at: Date,
  actor: Actor,
  subjects: ReadonlyMap<string, SubjectIdentity>,
): Promise<void> {
  if (subjects.size === 0) return
  const rows: repo.NewSubjectRow[] = []
  const events: AuditEvent[] = []
  for (const [subjectId, identity] of subjects) {
    rows.push(
      identity.kind === 'organisation'
        ? {
            subjectId,
            subjectType: identity.subjectType,
            uscc: identity.uscc,
            name: identity.name,
            personIdEnc: null,
            personNameEnc: null,
            personIdMasked: null,
            divisionCode: identity.divisionCode,
            identifierCheckFailed: identity.identifierCheckFailed,
          }
        : {
            subjectId,
            subjectType: 'person',
            uscc: null,
            name: null,
            personIdEnc: encrypt(keys.encryption, identity.residentId),
            personNameEnc: encrypt(keys.encryption, identity.name),
            personIdMasked: maskResidentId(identity.residentId),
            divisionCode: identity.divisionCode,
            identifierCheckFailed: identity.identifierCheckFailed,
          },
    )
    events.push({
      action: 'subject.registered',
      actor,
      subjectId,
      objectType: 'subject',
      objectId: subjectId,
      payload: { subjectType: identity.subjectType, identifierCheckFailed: identity.identifierCheckFailed },
    })
  }
  await repo.copySubjects(tx, rows, at)
  await appendAuditEvents(tx, at, events)
}

/** The columns of a subject that its summary is made from (a query joining subjects may select just these). */
export type SubjectSummaryRow = Pick<
  SubjectsTable,
  | 'subject_id'
  | 'subject_type'
  | 'uscc'
  | 'name'
  | 'person_name_enc'
  | 'person_id_masked'
  | 'division_code'
  | 'identifier_check_failed'
> & { created_at: Date | string }

/** A subject's row as it may leave the service: a person's name decrypted only to be masked. */
export function subjectSummaryOf(keys: Keys, row: SubjectSummaryRow): SubjectSummary {
  const summary: SubjectSummary = {
    subjectId: row.subject_id,
    subjectType: row.subject_type as SubjectType,
    name: row.person_name_enc ? maskPersonName(decrypt(keys.encryption, row.person_name_enc)) : (row.name ?? ''),
    divisionCode: row.division_code,
    identifierCheckFailed: row.identifier_check_failed,
    registeredAt: new Date(row.created_at).toISOString(),
  }
  if (row.uscc) summary.uscc = row.uscc
  if (row.person_id_masked) summary.residentIdMasked = row.person_id_masked
  return summary
}

export async function findSubjectSummary(
  database: Database,
  keys: Keys,
  subjectId: string,
): Promise<SubjectSummary | undefined> {
  const row = await repo.findSubject(database.db, subjectId)
  return row && subjectSummaryOf(keys, row)
}

/**
 * A queue's items, each with whom it is about (`subject`): a short form of the summary, a person's name
 * and identity number masked as everywhere; null when the subject is gone. One read for the page.
 */
export async function withSubjectBriefs<T extends { subjectId: string }>(
  database: Database,
  keys: Keys,
  items: readonly T[],
): Promise<(T & { subject: SubjectBrief | null })[]> {
  const rows = await repo.findSubjects(database.db, [...new Set(items.map((i) => i.subjectId))])
  const briefs = new Map(
    rows.map((row): [string, SubjectBrief] => {
      const { subjectType, name, uscc, residentIdMasked } = subjectSummaryOf(keys, row)
      return [
        row.subject_id,
        { subjectType, name, ...(uscc ? { uscc } : {}), ...(residentIdMasked ? { residentIdMasked } : {}) },
      ]
    }),
  )
  return items.map((i) => ({ ...i, subject: briefs.get(i.subjectId) ?? null }))
}

/** A subject as a queue names it: its type, name and identifier, masked for a person. */
export type SubjectBrief = Pick<SubjectSummary, 'subjectType' | 'name' | 'uscc' | 'residentIdMasked'>

export async function getSubjectSummary(database: Database, keys: Keys, subjectId: string): Promise<SubjectSummary> {
  const summary = await findSubjectSummary(database, keys, subjectId)
  if (!summary)
    throw new AppError('subject.not_found', 'no subject with that id', [
      { pointer: '/subjectId', detail: 'unknown subject' },
    ])
  return summary
}

/** Registers a subject explicitly (it is also registered by its first record). Returns whether it was new. */
export async function registerSubject(
  database: Database,
  keys: Keys,
  at: Date,
  actor: Actor,
  identity: SubjectIdentity,
): Promise<{ subject: SubjectSummary; created: boolean }> {
  const subjectId = subjectIdOf(keys.index, identity)
  const created = await database.transaction(async (tx) => {
    if ((await findExistingSubjects(tx, [subjectId])).size > 0) return false
    await registerNewSubjects(tx, keys, at, actor, new Map([[subjectId, identity]]))
    return true
  })
  return { subject: await getSubjectSummary(database, keys, subjectId), created }
}

export const countSubjects = (database: Database): Promise<number> => repo.countSubjects(database.db)

/** A person's own identity number and name, in clear: only for the subject's own view and export. */
export async function findOwnIdentity(
  database: Database,
  keys: Keys,
  subjectId: string,
): Promise<{ residentId?: string; name?: string }> {
  const row = await repo.findSubject(database.db, subjectId)
  if (!row?.person_id_enc || !row.person_name_enc) return {}
  return {
    residentId: decrypt(keys.encryption, row.person_id_enc),
    name: decrypt(keys.encryption, row.person_name_enc),
  }
}

/** A name as people write it, for comparing: compatibility forms folded, spaces and middle dots dropped, case ignored. */
const nameKey = (name: string): string =>
  name
    .normalize('NFKC')
    .replace(/[\s\u00b7\u2027\u30fb\u2022.]/g, '')
    .toLowerCase()

/**
 * Whether a person with this id is registered under this name (a relying party looking a person up
 * gives both, as a credit bureau asks). False for an unknown id: the answer says nothing more.
 */
export async function personNameMatches(
  database: Database,
  keys: Keys,
  subjectId: string,
  name: string,
): Promise<boolean> {
  const row = await repo.findSubject(database.db, subjectId)
  if (!row?.person_name_enc) return false
  return nameKey(decrypt(keys.encryption, row.person_name_enc)) === nameKey(name)
}

/** An officer looked a person up by identity number: recorded (whether or not Fides holds the person), and shown to the person. */
export async function recordPersonLookup(database: Database, at: Date, actor: Actor, subjectId: string): Promise<void> {
  await appendAuditEvent(database.db, at, {
    action: 'subject.looked_up',
    actor,
    subjectId,
    objectType: 'subject',
    objectId: subjectId,
    payload: { by: 'resident_id' },
  })
}

export interface OrganisationFound {
  subjectId: string
  name: string
  uscc: string
  subjectType: string
}

/** A page of public search: the organisations on it, how many match in all (at least, when `totalCapped`), and whether there are more. */
export interface OrganisationsFound {
  results: OrganisationFound[]
  total: number
  totalCapped: boolean
  page: number
  more: boolean
}

/** What a USCC may be, case aside: 18 characters of its alphabet (the check character unchecked). */
const USCC_SHAPE = /^[0-9A-HJ-NP-RTUWXY]{18}$/

/**
 * How many matches a search counts, per step, before it says "more than": also how far it pages (a
 * visitor refines the query rather than reading a thousand names).
 */
export const SEARCH_COUNT_CAP = 1000

/**
 * Organisations by USCC (exactly), by name or by pinyin. By name: names starting with the words first,
 * then names holding them; by pinyin (the query is Latin letters: full pinyin or initials, with or
 * without spaces and tones, or a Latin name's own letters): pinyin starting with it, initials starting
 * with it, pinyin holding it. Then, on a first page that is not full, names alike by trigram similarity
 * (a typo, a missing character). Each step in an index's order and bounded: page `page` of `size`,
 * the count of all matches up to SEARCH_COUNT_CAP a step, `more` when there are others. Persons never.
 */
export async function searchOrganisations(
  database: Database,
  query: string,
  { size, page = 1 }: { size: number; page?: number },
): Promise<OrganisationsFound> {
  const q = query.trim().normalize('NFKC')
  const none = { results: [], total: 0, totalCapped: false, page, more: false }
  if (q === '') return none
  const offset = (page - 1) * size
  if (offset >= SEARCH_COUNT_CAP) return none
  const want = offset + size
  const code = q.toUpperCase()
  const byCode = USCC_SHAPE.test(code) ? await repo.findOrganisationByUscc(database.db, code) : undefined
  let found: repo.OrganisationHit[]
  let total: number
  if (byCode) {
    found = [byCode]
    total = 1
  } else {
    const literal = q.replace(/[\\%_]/g, (c) => '\\' + c)
    const within = '%' + literal + '%'
    const key = pinyinQueryKey(q)
    ;({ hits: found, total } =
      key === null
        ? await repo.organisationsByName(database.db, literal + '%', within, want, SEARCH_COUNT_CAP)
        : await repo.organisationsByPinyin(database.db, key, want, SEARCH_COUNT_CAP))
    if (page === 1 && total < size && [...q].length >= 3) {
      const seen = new Set(found.map((f) => f.subject_id))
      const alike = (await repo.organisationsByNameAlike(database.db, q, within, size)).filter(
        (r) => !seen.has(r.subject_id),
      )
      found = [...found, ...alike.slice(0, size - found.length)]
      total = found.length
    }
  }
  return {
    results: found
      .slice(offset, want)
      .map((r) => ({ subjectId: r.subject_id, name: r.name, uscc: r.uscc, subjectType: r.subject_type })),
    total,
    totalCapped: total >= SEARCH_COUNT_CAP,
    page,
    more: want < total,
  }
}
