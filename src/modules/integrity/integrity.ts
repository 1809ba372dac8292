/**
 * State tables against the audit trail (pure). List entries, consents, objections and subject
 * accounts' claims change only through paths that write an audit event in the same transaction, so
 * each row's state can be recomputed from the events about it. A reducer per table replays one
 * object's events, oldest first, into the state its row must have now; `compare` names what differs.
 *
 * A field the events do not record (a list entry's step written before steps recorded their dates)
 * is `undefined` in the recomputed state and is not compared. An action the reducer does not know for
 * the object, or a step before the object was created, makes the trail unreadable: that is a finding
 * too, never a crash.
 */
import { LIST_ENTRY_STEP_FIELDS, type ListEntryStepField, type ObjectEvent } from '../../platform/audit.ts'
import { chinaDate } from '../../platform/calendar.ts'
import type { ConsentFacts, SubjectAccountFacts } from '../access/index.ts'
import type { EntryFacts } from '../lists/index.ts'
import type { ObjectionFacts } from '../objections/index.ts'

/** The tables checked, each with the object type of its events. */
export const STATE_TABLES = {
  list_entries: 'list_entry',
  consents: 'consent',
  objections: 'objection',
  subject_accounts: 'account',
} as const
export type StateTable = keyof typeof STATE_TABLES

/** One event about one object, as the reducers read it. */
export interface TrailEvent {
  action: string
  /** when it was written (ISO 8601) */
  at: string
  /** who wrote it, as `type:id` (how rows record who acted) */
  actor: string
  payload: Record<string, unknown>
}

/** A state with every field either known or `undefined` (not recorded by the events). */
type Recorded<T> = { [K in keyof T]: T[K] | undefined }

export type EntryState = Recorded<Omit<EntryFacts, 'subjectId' | 'entryId'>>
export type ConsentState = Omit<ConsentFacts, 'subjectId' | 'consentId'>
export type ObjectionState = Omit<ObjectionFacts, 'subjectId' | 'objectionId'>
export type SubjectAccountState = Omit<SubjectAccountFacts, 'subjectId' | 'accountId'>

/** What an object's events say about its row. */
export type Recomputed<S> =
  /** the row must exist with this state */
  | { kind: 'row'; state: S }
  /** the object was erased through the application: no row */
  | { kind: 'erased' }
  /** the events cannot be replayed: why */
  | { kind: 'unreadable'; reason: string }

const unreadable = (reason: string): { kind: 'unreadable'; reason: string } => ({ kind: 'unreadable', reason })
const text = (v: unknown): string => (typeof v === 'string' ? v : String(v))
const unknownAction = (action: string, what: string) =>
  unreadable(`${action} is not an action this check knows for ${what}`)

/** A list entry: proposed, then its steps (each records the status it leaves and the dates it set), until it is erased. */
export function recomputeEntry(events: readonly TrailEvent[]): Recomputed<EntryState> {
  let state: EntryState | undefined
  let erased = false
  for (const e of events) {
    if (erased) return unreadable(`${e.action} after the entry was erased`)
    switch (e.action) {
      case 'list_entry.proposed': {
        if (state) return unreadable('proposed twice')
        const unset = Object.fromEntries(LIST_ENTRY_STEP_FIELDS.map((f) => [f, null])) as Record<
          ListEntryStepField,
          null
        >
        state = {
          status: 'proposed',
          listKind: text(e.payload.listKind),
          criterion: text(e.payload.criterion),
          basisRecordId: text(e.payload.basisRecordId),
          proposedOn: chinaDate(new Date(e.at)),
          ...unset,
        }
        break
      }
      case 'list_entry.changed': {
        if (!state) return unreadable('a step before the entry was proposed')
        const set = e.payload.set
        const next: EntryState = { ...state, status: text(e.payload.status) as EntryState['status'] }
        for (const f of LIST_ENTRY_STEP_FIELDS) {
          // a step written before steps recorded their dates may have set any of them
          if (typeof set !== 'object' || set === null) next[f] = undefined
          else if (f in set) next[f] = (set as Record<string, string | null>)[f] ?? null
        }
        state = next
        break
      }
      case 'list_entry.erased':
        if (!state) return unreadable('erased before it was proposed')
        erased = true
        break
      case 'list_entry.viewed':
        break
      default:
        return unknownAction(e.action, 'a list entry')
    }
  }
  if (erased) return { kind: 'erased' }
  return state ? { kind: 'row', state } : unreadable('no list_entry.proposed')
}

/** A consent: granted for a party, a purpose and a term; perhaps revoked. */
export function recomputeConsent(events: readonly TrailEvent[]): Recomputed<ConsentState> {
  let state: ConsentState | undefined
  for (const e of events) {
    switch (e.action) {
      case 'consent.granted': {
        if (state) return unreadable('granted twice')
        const expiresAt = new Date(text(e.payload.expiresAt))
        if (Number.isNaN(expiresAt.getTime())) return unreadable('consent.granted without a valid expiresAt')
        state = {
          relyingParty: text(e.payload.relyingParty),
          purpose: text(e.payload.purpose),
          grantedAt: e.at,
          expiresAt: expiresAt.toISOString(),
          revokedAt: null,
        }
        break
      }
      case 'consent.revoked':
        if (!state) return unreadable('revoked before it was granted')
        if (state.revokedAt !== null) return unreadable('revoked twice')
        state = { ...state, revokedAt: e.at }
        break
      default:
        return unknownAction(e.action, 'a consent')
    }
  }
  return state ? { kind: 'row', state } : unreadable('no consent.granted')
}

/** An objection: filed, then answered, escalated, decided, noticed overdue or lapsed (looks change nothing). */
export function recomputeObjection(events: readonly TrailEvent[]): Recomputed<ObjectionState> {
  let state: ObjectionState | undefined
  for (const e of events) {
    switch (e.action) {
      case 'objection.filed': {
        if (state) return unreadable('filed twice')
        const p = e.payload
        state = {
          status: 'open',
          targetType: text(p.targetType) as ObjectionState['targetType'],
          targetId: text(p.targetId),
          targetVersion: typeof p.version === 'number' ? p.version : null,
          dueOn: text(p.dueOn),
          filedBy: e.actor,
          filedAt: e.at,
          answeredAt: null,
          answeredVersion: null,
          escalatedAt: null,
          overdueNoticedAt: null,
        }
        continue
      }
      case 'objection.viewed':
        continue
      case 'objection.answered':
      case 'objection.decided':
      case 'objection.escalated':
      case 'objection.overdue':
      case 'objection.lapsed':
        break
      default:
        return unknownAction(e.action, 'an objection')
    }
    const was = state
    if (!was) return unreadable(`${e.action} before the objection was filed`)
    switch (e.action) {
      case 'objection.answered':
      case 'objection.decided':
        state = {
          ...was,
          status: text(e.payload.outcome) as ObjectionState['status'],
          answeredAt: e.at,
          answeredVersion: typeof e.payload.version === 'number' ? e.payload.version : null,
        }
        break
      case 'objection.escalated':
        state = { ...was, status: 'escalated', escalatedAt: e.at }
        break
      case 'objection.overdue':
        state = { ...was, overdueNoticedAt: e.at }
        break
      case 'objection.lapsed':
        state = { ...was, status: 'lapsed' }
        break
    }
  }
  return state ? { kind: 'row', state } : unreadable('no objection.filed')
}

/** A subject account's claim: registered, then verified or refused by an officer (once). */
export function recomputeSubjectAccount(events: readonly TrailEvent[]): Recomputed<SubjectAccountState> {
  let state: SubjectAccountState | undefined
  for (const e of events) {
    switch (e.action) {
      case 'account.registered':
        if (state) return unreadable('registered twice')
        state = {
          claimedAt: e.at,
          verifiedAt: null,
          verifiedBy: null,
          refusedAt: null,
          refusedBy: null,
          refusalReason: null,
        }
        break
      case 'account.verified':
        if (!state) return unreadable('verified before it was registered')
        if (state.verifiedAt !== null) return unreadable('verified twice')
        if (state.refusedAt !== null) return unreadable('verified after it was refused')
        state = { ...state, verifiedAt: e.at, verifiedBy: e.actor }
        break
      case 'account.refused':
        if (!state) return unreadable('refused before it was registered')
        if (state.verifiedAt !== null || state.refusedAt !== null) return unreadable('refused once decided')
        state = { ...state, refusedAt: e.at, refusedBy: e.actor, refusalReason: String(e.payload.reason) }
        break
      // a staff account's events (no subject): they never reach a subject's trail, and change no claim
      case 'account.created':
      case 'account.locked':
      case 'account.sign_in_throttled':
      case 'account.signed_out':
        break
      default:
        return unknownAction(e.action, 'a subject account')
    }
  }
  return state ? { kind: 'row', state } : unreadable('no account.registered')
}

const column = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
const shown = (v: unknown) => (v === null ? 'empty' : String(v))

/** What differs between a row and the state its events give, column by column (fields not recorded are skipped). */
export function compare(row: object, recomputed: object): string[] {
  const differences: string[] = []
  for (const [field, expected] of Object.entries(recomputed)) {
    if (expected === undefined) continue
    const actual = (row as Record<string, unknown>)[field]
    if (actual !== expected) differences.push(`${column(field)} is ${shown(actual)}, the events say ${shown(expected)}`)
  }
  return differences
}

/** A row that does not agree with the audit trail. Names the table and the row's id, never a personal identifier. */
export interface StateFinding {
  table: StateTable
  /** the entry's, consent's, objection's or account's id */
  id: string
  /**
   * no_events: a row no event tells of (written behind the application's back); differs: a row
   * changed behind its back; deleted: events of an object whose row is gone without its erasure;
   * unreadable: events the check cannot replay
   */
  problem: 'no_events' | 'differs' | 'deleted' | 'unreadable'
  detail: string
}

/**
 * Checks one object: its row (if any) against its events (oldest first; none if there are none).
 * Returns the finding, or nothing when they agree.
 */
export function checkObject<S extends object>(
  table: StateTable,
  id: string,
  row: object | undefined,
  events: readonly TrailEvent[],
  recompute: (events: readonly TrailEvent[]) => Recomputed<S>,
): StateFinding | undefined {
  if (events.length === 0)
    return row
      ? {
          table,
          id,
          problem: 'no_events',
          detail: "no audit event tells of this row: it was written behind the application's back",
        }
      : undefined
  const recomputed = recompute(events)
  switch (recomputed.kind) {
    case 'unreadable':
      return { table, id, problem: 'unreadable', detail: `its audit events cannot be replayed: ${recomputed.reason}` }
    case 'erased':
      return row
        ? { table, id, problem: 'differs', detail: 'the events say it was erased, but the row is there' }
        : undefined
    case 'row': {
      if (!row) return { table, id, problem: 'deleted', detail: 'the events say it exists, but the row is gone' }
      const differences = compare(row, recomputed.state)
      return differences.length === 0 ? undefined : { table, id, problem: 'differs', detail: differences.join('; ') }
    }
  }
}

/** The rows of one range of subjects, table by table. */
export interface RangeRows {
  list_entries: readonly EntryFacts[]
  consents: readonly ConsentFacts[]
  objections: readonly ObjectionFacts[]
  subject_accounts: readonly SubjectAccountFacts[]
}

/** Each object's events, oldest first, by object type, subject and object id. */
function trailsOf(events: readonly ObjectEvent[]): Map<string, Map<string, TrailEvent[]>> {
  const byType = new Map<string, Map<string, TrailEvent[]>>()
  for (const e of [...events].sort((a, b) => a.seq - b.seq)) {
    const trails = byType.get(e.objectType) ?? byType.set(e.objectType, new Map()).get(e.objectType)!
    const key = `${e.subjectId}/${e.objectId}`
    const trail = trails.get(key) ?? trails.set(key, []).get(key)!
    trail.push({ action: e.action, at: e.occurredAt, actor: `${e.actorType}:${e.actorId}`, payload: e.payload })
  }
  return byType
}

function checkTable<S extends object, R extends { subjectId: string }>(
  table: StateTable,
  rows: readonly R[],
  idOf: (row: R) => string,
  trails: Map<string, TrailEvent[]> | undefined,
  recompute: (events: readonly TrailEvent[]) => Recomputed<S>,
): StateFinding[] {
  const findings: StateFinding[] = []
  const unmatched = new Map(trails)
  for (const row of [...rows].sort((a, b) => (idOf(a) < idOf(b) ? -1 : 1))) {
    const key = `${row.subjectId}/${idOf(row)}`
    const finding = checkObject(table, idOf(row), row, unmatched.get(key) ?? [], recompute)
    unmatched.delete(key)
    if (finding) findings.push(finding)
  }
  for (const [key, events] of [...unmatched].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const finding = checkObject(table, key.slice(key.indexOf('/') + 1), undefined, events, recompute)
    if (finding) findings.push(finding)
  }
  return findings
}

/** Every row of one range of subjects against the events about the objects of those subjects (any order). */
export function checkRange(rows: RangeRows, events: readonly ObjectEvent[]): StateFinding[] {
  const trails = trailsOf(events)
  return [
    ...checkTable(
      'list_entries',
      rows.list_entries,
      (r) => r.entryId,
      trails.get(STATE_TABLES.list_entries),
      recomputeEntry,
    ),
    ...checkTable('consents', rows.consents, (r) => r.consentId, trails.get(STATE_TABLES.consents), recomputeConsent),
    ...checkTable(
      'objections',
      rows.objections,
      (r) => r.objectionId,
      trails.get(STATE_TABLES.objections),
      recomputeObjection,
    ),
    ...checkTable(
      'subject_accounts',
      rows.subject_accounts,
      (r) => r.accountId,
      trails.get(STATE_TABLES.subject_accounts),
      recomputeSubjectAccount,
    ),
  ]
}
