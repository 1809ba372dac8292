/**
 * Accounts for people. Officers and auditors are created by the operator with a generated password
 * shown once (there are no default passwords). A person or an organisation's representative registers
 * by claiming an identifier; the account reaches the subject's data only after an officer has
 * verified the claim. Sign-in and registration attempts are throttled (throttles.ts) per username and
 * address with growing delays, never by a lock a stranger could set off. Sessions last 12 hours, are
 * stored as hashes with the hash of their CSRF token, and end at sign-out.
 */
import { randomUUID } from 'node:crypto'
import { availableParallelism } from 'node:os'
import type { Database, Db } from '../../db/database.ts'
import { AppError } from '../../platform/app-error.ts'
import {
  appendAuditEvents,
  listSubjectEvents,
  systemActor,
  type Actor,
  type AuditAction,
  type TrailEvent,
} from '../../platform/audit.ts'
import type { Clock } from '../../platform/clock.ts'
import { FairQueue } from '../../platform/fair-queue.ts'
import type { IdRange } from '../../platform/id-ranges.ts'
import { randomToken, sha256, type Keys } from '../../platform/crypto.ts'
import type { SessionPrincipal } from '../../platform/principal.ts'
import { apiKeyLabels, getSourceByName, sourceDisplayNames } from '../sources/index.ts'
import { readSubjectIdentity, subjectIdOf } from '../subjects/index.ts'
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from './passwords.ts'
import * as repo from './accounts.repository.ts'
import * as throttles from './throttles.repository.ts'
import { addressBucket, throttleKey, throttleLimits, type ThrottleLimit } from './throttles.ts'
import { findRelyingPartyByName } from './access.repository.ts'
import { assertNoForbiddenCategory, MEASURE_DOMAIN_NAMES, type LocalisedText } from '../catalogue/index.ts'
import { isPurpose, purposeRules } from './purposes.ts'
import { maskFreeText } from '../identifiers/index.ts'
import { insertNotices } from '../notices/index.ts'
import { chinaDate } from '../../platform/calendar.ts'
import type { LookKind } from './access.schemas.ts'
import {
  claimRefusalReasons,
  claimRefusalWords,
  claimStatus,
  type ClaimRefusalReason,
  type ClaimStatus,
} from './claims.ts'
import { listClaimDocuments, uploadDocument, type StoredDocument } from '../evidence/index.ts'
import { findSubjectSummary } from '../subjects/index.ts'

export const SESSION_MS = 12 * 3_600_000

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/

function checkUsername(username: string): void {
  if (!USERNAME.test(username))
    throw new AppError(
      'request.invalid',
      'a username is 3-64 lower-case letters, digits, dots, dashes or underscores',
      [{ pointer: '/username', detail: 'invalid username' }],
    )
}

export type StaffAccount = { username: string; displayName: string } & (
  | { role: 'officer' | 'auditor' }
  | { role: 'source'; sourceName: string }
  | { role: 'relying_party'; relyingPartyName: string }
)

/**
 * An officer's, an auditor's, a source's or a relying party's staff account (the last two bound to
 * their source or relying party, acting for it as its API key does); the generated password is
 * returned once.
 */
export async function createStaffAccount(
  database: Database,
  clock: Clock,
  actor: Actor,
  input: StaffAccount,
): Promise<{ accountId: string; password: string }> {
  checkUsername(input.username)
  const sourceId = input.role === 'source' ? (await getSourceByName(database, input.sourceName)).sourceId : null
  let relyingPartyId: string | null = null
  if (input.role === 'relying_party') {
    const party = await findRelyingPartyByName(database.db, input.relyingPartyName)
    if (!party)
      throw new AppError('request.invalid', `no relying party named ${input.relyingPartyName}`, [
        { pointer: '/relyingParty', detail: 'unknown relying party' },
      ])
    relyingPartyId = party.relyingPartyId
  }
  if (await repo.findAccountByUsername(database.db, input.username))
    throw new AppError('account.username_taken', 'that username is taken', [{ pointer: '/username', detail: 'taken' }])
  const password = generatePassword()
  const accountId = randomUUID()
  const passwordHash = await hashPassword(password)
  const now = clock.now()
  await database.transaction(async (tx) => {
    await repo.insertAccount(tx, {
      accountId,
      username: input.username,
      role: input.role,
      displayName: input.displayName,
      passwordHash,
      createdAt: now,
      sourceId,
      relyingPartyId,
    })
    await appendAuditEvents(tx, now, [
      {
        action: 'account.created',
        actor,
        subjectId: null,
        objectType: 'account',
        objectId: accountId,
        payload: { role: input.role },
      },
    ])
  })
  return { accountId, password }
}

/**
 * A subject registers: an account claiming the subject of an identifier, which an officer verifies
 * before the account sees anything. The answer does not say whether Fides holds that subject.
 */
export async function registerSubjectAccount(
  database: Database,
  clock: Clock,
  keys: Keys,
  input: { username: string; password: string; displayName: string; subject: unknown; address?: string },
): Promise<{ accountId: string }> {
  checkUsername(input.username)
  const weak = passwordProblem(input.password)
  if (weak)
    throw new AppError(
      'account.weak_password',
      `the password needs ${weak.keyword === 'minLength' ? 'at least' : 'at most'} ${weak.limit} characters`,
      [
        {
          pointer: '/password',
          detail: `${weak.keyword === 'minLength' ? 'at least' : 'at most'} ${weak.limit} characters`,
          rule: weak,
        },
      ],
    )
  const identity = readSubjectIdentity(input.subject, '/subject', { today: clock.now(), mayFlag: false })
  if (identity instanceof AppError) throw identity
  // "taken" must be said (a person has to choose another name), so asking it is counted per address
  // like a sign-in, whatever the answer: a stranger cannot list usernames quickly (no address: an
  // in-process caller, the demo's seed)
  if (input.address !== undefined)
    await passThrottles(database.db, clock.now(), [
      { key: throttleKey(keys.index, 'registration', { address: input.address }), limit: throttleLimits.registration },
    ])
  if (await repo.findAccountByUsername(database.db, input.username))
    throw new AppError('account.username_taken', 'that username is taken', [{ pointer: '/username', detail: 'taken' }])
  const accountId = randomUUID()
  const subjectId = subjectIdOf(keys.index, identity)
  const passwordHash = await hashing.run(
    input.address === undefined ? 'in-process' : addressBucket(input.address),
    () => hashPassword(input.password),
  )
  const now = clock.now()
  await database.transaction(async (tx) => {
    await repo.insertAccount(tx, {
      accountId,
      username: input.username,
      role: 'subject',
      displayName: input.displayName,
      passwordHash,
      createdAt: now,
    })
    await repo.insertBinding(tx, { subjectId, accountId, claimedAt: now })
    await appendAuditEvents(tx, now, [
      {
        action: 'account.registered',
        actor: { type: 'subject', id: accountId },
        subjectId,
        objectType: 'account',
        objectId: accountId,
        payload: {},
      },
    ])
  })
  return { accountId }
}

export const listPendingAccounts = (database: Database) => repo.listPendingBindings(database.db)

/** The accounts claiming one subject, verified or not: what an officer weighs before verifying another. */
export const listSubjectAccounts = (database: Database, subjectId: string) =>
  repo.listSubjectBindings(database.db, subjectId)

/**
 * An officer's confirmation that a subject verified already gets one more account: the reason is
 * required (checked like every officer's words) and is told to the subject, never put in the audit
 * trail, whose events are kept and logged forever.
 */
export interface SecondAccountConfirmation {
  confirm: boolean
  reason: string
}

/**
 * An officer has checked the claimant's documents: the account may now see its subject's file. When
 * the subject has a verified account already, this is refused (`account.subject_already_verified`)
 * unless the officer confirms with a reason; then the event names the accounts verified before, and
 * the subject (so the holder of the first account) gets a notice in the same transaction.
 */
export async function verifySubjectAccount(
  database: Database,
  clock: Clock,
  actor: Actor,
  accountId: string,
  confirmation?: SecondAccountConfirmation,
): Promise<{ subjectId: string; alongside: string[] }> {
  const binding = await getClaimRow(database.db, accountId)
  if (binding.verified_at !== null || binding.refused_at !== null) throw claimSettled()
  const confirmed = confirmation?.confirm === true
  const reason = confirmation?.reason.trim() ?? ''
  if (confirmed) {
    if (reason === '')
      throw new AppError('request.invalid', 'confirming a second verified account needs a reason', [
        { pointer: '/reason', detail: 'required' },
      ])
    assertNoForbiddenCategory(reason, '/reason')
  }
  const now = clock.now()
  const subjectId = binding.subject_id
  const alongside = await database.transaction(async (tx) => {
    const verified = (await repo.lockVerifiedAccounts(tx, subjectId)).filter((id) => id !== accountId)
    if (verified.length > 0 && !confirmed) {
      throw new AppError(
        'account.subject_already_verified',
        `the subject has ${verified.length} verified account(s) already: confirm with a reason to verify another`,
        [{ pointer: '/confirm', detail: 'a verified account exists' }],
      )
    }
    // decided meanwhile (verified or refused by another officer's request): this one changes nothing
    if (!(await repo.verifyBinding(tx, subjectId, accountId, now, `${actor.type}:${actor.id}`))) throw claimSettled()
    await appendAuditEvents(tx, now, [
      {
        action: 'account.verified',
        actor,
        subjectId,
        objectType: 'account',
        objectId: accountId,
        payload: verified.length > 0 ? { alongside: verified } : {},
      },
    ])
    if (verified.length > 0) {
      await insertNotices(tx, now, [
        {
          subjectId,
          kind: 'account.another_verified',
          objectType: 'account',
          objectId: accountId,
          body: { verifiedOn: chinaDate(now), accounts: verified.length + 1, reasons: maskFreeText(reason).text },
        },
      ])
    }
    return verified
  })
  return { subjectId, alongside }
}

/** The claim of a subject account (its binding), or account.not_found. */
async function getClaimRow(db: Db, accountId: string) {
  const binding = await repo.findBinding(db, accountId)
  if (!binding)
    throw new AppError('account.not_found', 'no subject account with that id', [
      { pointer: '/accountId', detail: 'unknown account' },
    ])
  return binding
}

const claimSettled = () =>
  new AppError('account.claim_settled', 'the claim was verified or refused already: it is decided once', [
    { pointer: '/accountId', detail: 'decided already' },
  ])

/** An officer's refusal of a claim: one reason from the closed list, and words to the claimant if any. */
export interface ClaimRefusal {
  reason: string
  note?: string
}

/**
 * An officer refuses a claim awaiting verification: the account never sees the subject's file. The
 * reason is one of a closed list; the officer's words (checked like every officer's, masked) go to
 * the claimant with it, never into the audit trail. One conditional UPDATE decides: of a verification
 * and a refusal (or two refusals) made at once, one wins and the other is answered account.claim_settled.
 */
export async function refuseSubjectAccount(
  database: Database,
  clock: Clock,
  actor: Actor,
  accountId: string,
  refusal: ClaimRefusal,
): Promise<{ subjectId: string; status: 'refused' }> {
  if (!(claimRefusalReasons as readonly string[]).includes(refusal.reason))
    throw new AppError('request.invalid', `the reason is one of ${claimRefusalReasons.join(', ')}`, [
      {
        pointer: '/reason',
        detail: 'not one of the reasons',
        rule: { keyword: 'enum', allowed: [...claimRefusalReasons] },
      },
    ])
  const note = refusal.note?.trim() ?? ''
  if (note !== '') assertNoForbiddenCategory(note, '/note')
  const binding = await getClaimRow(database.db, accountId)
  if (binding.verified_at !== null || binding.refused_at !== null) throw claimSettled()
  const now = clock.now()
  const subjectId = binding.subject_id
  await database.transaction(async (tx) => {
    const decided = await repo.refuseBinding(tx, subjectId, accountId, {
      at: now,
      by: `${actor.type}:${actor.id}`,
      reason: refusal.reason,
      note: note === '' ? null : maskFreeText(note).text,
    })
    if (!decided) throw claimSettled()
    await appendAuditEvents(tx, now, [
      {
        action: 'account.refused',
        actor,
        subjectId,
        objectType: 'account',
        objectId: accountId,
        payload: { reason: refusal.reason },
      },
    ])
    // the subject is told that someone tried: the genuine holder learns of an attempt on its file
    await insertNotices(tx, now, [
      {
        subjectId,
        kind: 'account.claim_refused',
        objectType: 'account',
        objectId: accountId,
        body: { refusedOn: chinaDate(now) },
      },
    ])
  })
  return { subjectId, status: 'refused' }
}

/** A claim's refusal as its reader gets it: the reason and its words, the officer's own words if any. */
export interface RefusalView {
  refusedAt: string
  reason: ClaimRefusalReason
  reasonText: { zh: string; en: string }
  note: string | null
}

type ClaimRow = NonNullable<Awaited<ReturnType<typeof repo.findBinding>>>

function refusalOf(binding: ClaimRow): RefusalView | null {
  if (binding.refused_at === null || binding.refusal_reason === null) return null
  const reason = binding.refusal_reason as ClaimRefusalReason
  return {
    refusedAt: new Date(binding.refused_at).toISOString(),
    reason,
    reasonText: claimRefusalWords[reason],
    note: binding.refusal_note,
  }
}

/** A claim where it stands: awaiting, verified or refused (with why), and the documents given with it. */
export interface OwnClaim {
  status: ClaimStatus
  claimedAt: string
  verifiedAt: string | null
  refusal: RefusalView | null
  documents: StoredDocument[]
}

async function claimView(database: Database, keys: Keys, binding: ClaimRow): Promise<OwnClaim> {
  return {
    status: claimStatus({ verifiedAt: binding.verified_at, refusedAt: binding.refused_at }),
    claimedAt: new Date(binding.claimed_at).toISOString(),
    verifiedAt: binding.verified_at === null ? null : new Date(binding.verified_at).toISOString(),
    refusal: refusalOf(binding),
    documents: await listClaimDocuments(database.db, keys, binding.subject_id, binding.account_id),
  }
}

/** The signed-in claimant's own claim (whatever its state: a refused claimant is told why here). */
export async function getOwnClaim(database: Database, keys: Keys, accountId: string): Promise<OwnClaim> {
  return claimView(database, keys, await getClaimRow(database.db, accountId))
}

/** One claim as the officer deciding it reads it: the account, the subject claimed (masked), the verified accounts it has already, the documents. */
export async function getClaim(database: Database, keys: Keys, accountId: string) {
  const binding = await getClaimRow(database.db, accountId)
  const account = await repo.findAccount(database.db, accountId)
  if (!account)
    throw new AppError('account.not_found', 'no subject account with that id', [
      { pointer: '/accountId', detail: 'unknown account' },
    ])
  const [view, verifiedAlready, subject] = await Promise.all([
    claimView(database, keys, binding),
    repo.countVerifiedBesides(database.db, binding.subject_id, accountId),
    findSubjectSummary(database, keys, binding.subject_id),
  ])
  return {
    accountId,
    username: account.username,
    displayName: account.display_name,
    subjectId: binding.subject_id,
    ...view,
    verifiedAlready,
    subject: claimedSubject(subject),
  }
}

/** The subject a claim names as an officer reads it: its type and name, its identifier masked; null when nothing names it yet. */
export function claimedSubject(subject: Awaited<ReturnType<typeof findSubjectSummary>>) {
  return subject
    ? {
        subjectType: subject.subjectType,
        name: subject.name,
        ...(subject.uscc !== undefined ? { uscc: subject.uscc } : {}),
        ...(subject.residentIdMasked !== undefined ? { residentIdMasked: subject.residentIdMasked } : {}),
      }
    : null
}

/** How many identity documents a claim may hold. */
export const CLAIM_DOCUMENTS_MAX = 10

/**
 * The claimant gives an identity document with its claim (checked and stored as every evidence
 * document is, under the subject claimed, named as this claim's): only while the claim awaits an officer.
 */
export async function uploadClaimDocument(
  ctx: { database: Database; clock: Clock; keys: Keys },
  actor: Actor,
  accountId: string,
  input: { name: string; mediaType: string; content: Buffer },
): Promise<StoredDocument> {
  const binding = await getClaimRow(ctx.database.db, accountId)
  if (binding.verified_at !== null || binding.refused_at !== null) throw claimSettled()
  const given = await listClaimDocuments(ctx.database.db, ctx.keys, binding.subject_id, accountId)
  if (given.length >= CLAIM_DOCUMENTS_MAX)
    throw new AppError('account.claim_documents_full', `a claim holds ${CLAIM_DOCUMENTS_MAX} documents at most`, [
      { pointer: '', detail: `${CLAIM_DOCUMENTS_MAX} documents at most` },
    ])
  return uploadDocument(ctx, actor, binding.subject_id, {
    ...input,
    claimAccountId: accountId,
  })
}

/** A subject account's claim as its audit events record it: what the state check (modules/integrity) recomputes from them. */
export interface SubjectAccountFacts {
  subjectId: string
  accountId: string
  claimedAt: string
  verifiedAt: string | null
  verifiedBy: string | null
  refusedAt: string | null
  refusedBy: string | null
  refusalReason: string | null
}

/** The subject accounts' claims of the subjects in `range` (pass `tx.db` to read in a transaction's snapshot). */
export async function subjectAccountFactsInRange(db: Db, range: IdRange): Promise<SubjectAccountFacts[]> {
  return (await repo.bindingsInRange(db, range)).map((b) => ({
    subjectId: b.subject_id,
    accountId: b.account_id,
    claimedAt: new Date(b.claimed_at).toISOString(),
    verifiedAt: b.verified_at === null ? null : new Date(b.verified_at).toISOString(),
    verifiedBy: b.verified_by,
    refusedAt: b.refused_at === null ? null : new Date(b.refused_at).toISOString(),
    refusedBy: b.refused_by,
    refusalReason: b.refusal_reason,
  }))
}

// Password hashes take the cores for a while each: they are served in turn per client address, so a
// flood from one address (held to a few hashes by the throttles, but those few at once) delays another
// address's sign-in by one hash at most, not by the whole flood.
const hashing = new FairQueue(availableParallelism())

// A hash to compare against when the username is unknown, so that a wrong username costs the same time
// as a wrong password (made on first use, not when the module loads).
let decoy: Promise<string> | undefined
const decoyHash = (): Promise<string> => (decoy ??= hashPassword(generatePassword()))

export interface LoginResult {
  sessionToken: string
  csrfToken: string
  expiresAt: Date
  role: repo.AccountRow['role']
  displayName: string
}

interface Throttle {
  key: Buffer
  limit: ThrottleLimit
}

/**
 * Counts the attempt on each throttle in turn, before anything is checked; the first that holds it
 * back gives the others their count back and refuses it (429, Retry-After) before any password is
 * hashed. The counts after this attempt, in the throttles' order.
 */
async function passThrottles(
  db: Db,
  now: Date,
  list: readonly Throttle[],
): Promise<{ failures: number; nextAttemptAt: Date }[]> {
  const counts: { failures: number; nextAttemptAt: Date }[] = []
  for (const [i, { key, limit }] of list.entries()) {
    const reserved = await throttles.reserveAttempt(db, key, limit, now)
    if (reserved) {
      counts.push(reserved)
      continue
    }
    for (const earlier of list.slice(0, i)) await throttles.refundAttempt(db, earlier.key, earlier.limit, now)
    const next = await throttles.nextAttemptAt(db, key)
    const seconds = Math.max(1, Math.ceil(((next?.getTime() ?? now.getTime()) - now.getTime()) / 1000))
    throw new AppError('auth.throttled', `too many attempts: try again in ${seconds} s`, [], {
      retryAfterSeconds: seconds,
    })
  }
  await pruneNowAndThen(db, now)
  return counts
}

// throttles that have let go are forgotten once an hour (per process), a day after their last attempt
let nextPrune = 0
async function pruneNowAndThen(db: Db, now: Date): Promise<void> {
  if (now.getTime() < nextPrune) return
  nextPrune = now.getTime() + 3_600_000
  await throttles.pruneThrottles(db, new Date(now.getTime() - 86_400_000), now)
}

// officers' and auditors' accounts open the most: a run of failures on one is an alert in the audit trail
const ALERT_ROLES: ReadonlySet<repo.AccountRow['role']> = new Set(['officer', 'auditor'])

/**
 * Signs in from `address` (the client's, as the server knows it). A known and an unknown username are
 * answered alike, in the same time (an unknown one is checked against a decoy hash), and throttled alike.
 */
export async function login(
  database: Database,
  clock: Clock,
  keys: Keys,
  input: { username: string; password: string; address: string },
): Promise<LoginResult> {
  const username = input.username.toLowerCase()
  const now = clock.now()
  const address = { key: throttleKey(keys.index, 'address', { address: input.address }), limit: throttleLimits.address }
  const fromAddress = {
    key: throttleKey(keys.index, 'usernameFromAddress', { username, address: input.address }),
    limit: throttleLimits.usernameFromAddress,
  }
  const everywhere = { key: throttleKey(keys.index, 'username', { username }), limit: throttleLimits.username }
  const [, one, all] = await passThrottles(database.db, now, [address, fromAddress, everywhere])
  const account = await repo.findAccountByUsername(database.db, username)
  const stored = account?.password_hash ?? (await decoyHash())
  const ok = await hashing.run(addressBucket(input.address), () => verifyPassword(input.password, stored))
  if (!account || !ok) {
    // the alert, once a run of failures reaches the free attempts (not at every one after)
    const alert =
      all!.failures === everywhere.limit.free
        ? { scope: 'all_addresses' as const, until: all!.nextAttemptAt }
        : one!.failures === fromAddress.limit.free && account && ALERT_ROLES.has(account.role)
          ? { scope: 'one_address' as const, until: one!.nextAttemptAt }
          : undefined
    if (account && alert) {
      await database.transaction((tx) =>
        appendAuditEvents(tx, now, [
          {
            action: 'account.sign_in_throttled',
            actor: systemActor,
            subjectId: null,
            objectType: 'account',
            objectId: account.account_id,
            payload: { scope: alert.scope, until: alert.until.toISOString() },
          },
        ]),
      )
    }
    throw new AppError('auth.invalid_credentials', 'wrong username or password')
  }
  const sessionToken = randomToken(32)
  const csrfToken = randomToken(32)
  const expiresAt = new Date(now.getTime() + SESSION_MS)
  await database.transaction(async (tx) => {
    // the owner got in: this attempt was no failure, and their own address owes nothing for this username
    await throttles.clearThrottle(tx.db, fromAddress.key)
    for (const check of [address, everywhere]) await throttles.refundAttempt(tx.db, check.key, check.limit, now)
    await repo.insertSession(tx, {
      sessionHash: sha256(sessionToken),
      accountId: account.account_id,
      csrfHash: sha256(csrfToken),
      createdAt: now,
      expiresAt,
    })
  })
  return { sessionToken, csrfToken, expiresAt, role: account.role, displayName: account.display_name }
}

/** Ends the session at once (any role's), with its audit event; an unknown or ended session changes nothing. */
export async function logout(database: Database, clock: Clock, actor: Actor, sessionToken: string): Promise<void> {
  const now = clock.now()
  await database.transaction(async (tx) => {
    const accountId = await repo.deleteSession(tx, sha256(sessionToken))
    if (accountId)
      await appendAuditEvents(tx, now, [
        {
          action: 'account.signed_out',
          actor,
          subjectId: null,
          objectType: 'account',
          objectId: accountId,
          payload: {},
        },
      ])
  })
}

export async function authenticateSession(
  database: Database,
  clock: Clock,
  sessionToken: string,
): Promise<SessionPrincipal | null> {
  const row = await repo.findSession(database.db, sha256(sessionToken), clock.now())
  if (!row) return null
  // named by its id, not its username (which can be a name): this is what the audit trail and the log record
  const keyId = `account:${row.account_id}`
  const csrfHash = Buffer.from(row.csrf_hash)
  switch (row.role) {
    case 'officer':
      return { principal: { role: 'officer', keyId, label: row.display_name }, csrfHash }
    case 'auditor':
      return { principal: { role: 'auditor', keyId, label: row.display_name }, csrfHash }
    case 'subject':
      return { principal: { role: 'subject', keyId, label: row.display_name, subjectId: row.subject_id }, csrfHash }
    case 'source': {
      if (!row.source_id || !row.source_name) return null
      const source = {
        sourceId: row.source_id,
        name: row.source_name,
        isGovernment: row.source_is_government ?? false,
        allowedKinds: new Set(row.source_allowed_kinds ?? []),
      }
      return { principal: { role: 'source', keyId, source }, csrfHash }
    }
    case 'relying_party': {
      if (!row.relying_party_id || !row.party_name) return null
      const relyingParty = {
        relyingPartyId: row.relying_party_id,
        name: row.party_name,
        displayName: row.party_display_name ?? row.party_name,
        purposes: new Set(row.party_purposes ?? []),
      }
      return { principal: { role: 'relying_party', keyId, relyingParty }, csrfHash }
    }
  }
}

export interface Inquiry {
  at: string
  by: string
  byType: 'relying_party' | 'officer' | 'auditor' | 'department'
  look: LookKind
  /** the subject set it going: an officer reading its own objection, repair application or document, or a report it asked for itself */
  startedBySubject: boolean
  /** what was looked at and why, in both languages */
  purpose: LocalisedText
  /** a report's or score's declared purpose (purposes.ts); a check's measure domain */
  purposeCode: string | null
  consentId: string | null
  categories: string[]
}

/**
 * An officer's or auditor's reads of one thing about the subject: each is a look the subject sees. Keyed
 * by the event's action, or `action:variant` where one action reads different things (`officerReadOf`).
 */
const OFFICER_READS = {
  'subject.looked_up': {
    look: 'lookup',
    purpose: { zh: '按身份证号码查找您', en: 'looked you up by identity number' },
    startedBySubject: false,
  },
  'subject.consents_viewed': {
    look: 'consents',
    purpose: { zh: '查看您的授权', en: 'read your consents' },
    startedBySubject: false,
  },
  'objection.viewed': {
    look: 'objection',
    purpose: { zh: '处理您的异议时查看', en: 'read your objection' },
    startedBySubject: true,
  },
  'repair.viewed': {
    look: 'repair',
    purpose: { zh: '处理您的信用修复申请时查看', en: 'read your credit repair application' },
    startedBySubject: true,
  },
  'list_entry.viewed': {
    look: 'list_entry',
    purpose: { zh: '查看关于您的名单条目', en: 'read a list entry about you' },
    startedBySubject: false,
  },
  'evidence.viewed': {
    look: 'evidence',
    purpose: { zh: '打开您提交的证明文件', en: 'opened a document you gave as evidence' },
    startedBySubject: true,
  },
  // the same action, on a document given with a claim to the subject's file (payload.claim)
  'evidence.viewed:claim': {
    look: 'claim_document',
    purpose: {
      zh: '打开了认领您档案时提交的身份证明文件',
      en: 'opened an identity document given with a claim to your file',
    },
    startedBySubject: true,
  },
} as const satisfies Partial<
  Record<
    AuditAction | `${AuditAction}:${string}`,
    { look: LookKind; purpose: LocalisedText; startedBySubject: boolean }
  >
>

/** A declared purpose's name in both languages (purposes.ts); a code no longer in the list, as it is. */
const purposeName = (code: string): LocalisedText =>
  isPurpose(code) ? purposeRules[code].name : { zh: code, en: code.replace(/_/g, ' ') }

/** A measure domain's name in both languages (catalogue/measures.ts). */
const domainName = (code: string): LocalisedText =>
  Object.hasOwn(MEASURE_DOMAIN_NAMES, code)
    ? MEASURE_DOMAIN_NAMES[code as keyof typeof MEASURE_DOMAIN_NAMES]
    : { zh: code, en: code.replace(/_/g, ' ') }
type OfficerRead = keyof typeof OFFICER_READS
const OFFICER_READ_ACTIONS = [...new Set(Object.keys(OFFICER_READS).map((key) => key.split(':')[0] as AuditAction))]

/** The table entry an event is, if it is an officer's or auditor's read. */
function officerReadOf(event: { action: string; payload: Record<string, unknown> }) {
  const key =
    event.action === 'evidence.viewed' && event.payload.claim === true ? `${event.action}:claim` : event.action
  return Object.hasOwn(OFFICER_READS, key) ? OFFICER_READS[key as OfficerRead] : undefined
}

/** Every look at a subject's file, newest first: relying parties' inquiries and officers' views. Kept with the audit trail. */
export async function listInquiries(database: Database, subjectId: string): Promise<Inquiry[]> {
  const events = await listSubjectEvents(database.db, subjectId, [
    'inquiry.made',
    'check.made',
    'score.made',
    'rating.viewed',
    'subject.file_viewed',
    ...OFFICER_READ_ACTIONS,
  ])
  return events.map((e): Inquiry => {
    const none = { consentId: null, categories: [], startedBySubject: false, purposeCode: null }
    if (e.action === 'check.made') {
      return {
        ...none,
        at: e.occurredAt,
        by: String(e.payload.departmentName),
        byType: 'department',
        look: 'check',
        purpose: ((domain) => ({
          zh: `核查${domain.zh}领域是否适用联合奖惩措施${e.payload.applies ? '（有一项适用）' : ''}`,
          en: `checked for measures in ${domain.en}${e.payload.applies ? ' (one applied)' : ''}`,
        }))(domainName(String(e.payload.domain))),
        purposeCode: String(e.payload.domain),
      }
    }
    if (e.action === 'rating.viewed') {
      return {
        ...none,
        at: e.occurredAt,
        by: String(e.payload.byName),
        byType: e.actorType === 'department' ? 'department' : e.actorType === 'auditor' ? 'auditor' : 'officer',
        look: 'rating',
        purpose: {
          zh: '查看您的信用等级及原因（信用分级分类监管）',
          en: 'read your credit rating and its reasons (credit-based supervision)',
        },
      }
    }
    if (e.action === 'score.made') {
      return {
        ...none,
        at: e.occurredAt,
        by: String(e.payload.relyingPartyName),
        byType: 'relying_party',
        look: 'score',
        purpose: ((name) => ({
          zh: `${name.zh}：信用评分 ${Number(e.payload.score)}（${String(e.payload.band)} 档），评分模型 ${String(e.payload.model)} 第 ${Number(e.payload.version)} 版`,
          en: `${name.en}: credit score ${Number(e.payload.score)} (band ${String(e.payload.band)}) by the model ${String(e.payload.model)} v${Number(e.payload.version)}`,
        }))(purposeName(String(e.payload.purpose))),
        purposeCode: String(e.payload.purpose),
        startedBySubject: e.payload.purpose === 'subject_request',
        consentId: (e.payload.consentId as string | null) ?? null,
      }
    }
    if (e.action === 'inquiry.made') {
      return {
        ...none,
        at: e.occurredAt,
        by: String(e.payload.relyingPartyName),
        byType: 'relying_party',
        look: 'report',
        purpose: purposeName(String(e.payload.purpose)),
        purposeCode: String(e.payload.purpose),
        startedBySubject: e.payload.purpose === 'subject_request',
        consentId: (e.payload.consentId as string | null) ?? null,
        categories: e.payload.categories as string[],
      }
    }
    const by = e.actorType === 'auditor' ? 'auditor' : 'credit officer'
    const byType = e.actorType === 'auditor' ? 'auditor' : 'officer'
    const read = officerReadOf(e)
    if (read) return { ...none, at: e.occurredAt, by, byType, ...read }
    return {
      ...none,
      at: e.occurredAt,
      by,
      byType,
      look: 'file',
      purpose:
        e.actorType === 'auditor'
          ? { zh: '查看您的信用档案（审计）', en: 'audit of the credit authority' }
          : { zh: '查看您的信用档案（监督管理）', en: 'supervision by the credit authority' },
      categories: ['all'],
    }
  })
}

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** How an actor is keyed in `actorNames`' answer. */
export const actorKey = (actor: { type: string; id: string }): string => `${actor.type}:${actor.id}`

/**
 * The names people read for those who acted in an audit trail, keyed by `actorKey`: an officer's or
 * auditor's display name (a signed-in account's, or an API key's label), a source's display name.
 * Subjects, the platform itself and anyone unknown are left out: a page says who they are in words.
 */
export async function actorNames(
  db: Db,
  actors: readonly { type: string; id: string }[],
): Promise<Map<string, string>> {
  const staff = actors.filter((a) => a.type === 'officer' || a.type === 'auditor')
  const accountIds = staff.filter((a) => a.id.startsWith('account:')).map((a) => a.id.slice('account:'.length))
  const keyIds = staff.filter((a) => !a.id.startsWith('account:')).map((a) => a.id)
  const sources = actors.filter((a) => a.type === 'source').map((a) => a.id)
  const [accounts, keys, sourceNames] = await Promise.all([
    repo.accountDisplayNames(db, [...new Set(accountIds.filter((id) => UUID_SHAPE.test(id)))]),
    apiKeyLabels(db, [...new Set(keyIds)]),
    sourceDisplayNames(db, [...new Set(sources)]),
  ])
  const names = new Map<string, string>()
  for (const a of actors) {
    const name =
      a.type === 'source'
        ? sourceNames.get(a.id)
        : a.type === 'officer' || a.type === 'auditor'
          ? a.id.startsWith('account:')
            ? accounts.get(a.id.slice('account:'.length))
            : keys.get(a.id)
          : undefined
    if (name !== undefined) names.set(actorKey(a), name)
  }
  return names
}

/** An object's audit trail with who acted named (`actorName`) instead of their id. */
export async function namedTrail(db: Db, trail: readonly TrailEvent[]): Promise<TrailEvent[]> {
  const names = await actorNames(
    db,
    trail.flatMap((e) => (e.actorId === undefined ? [] : [{ type: e.actorType, id: e.actorId }])),
  )
  return trail.map(({ actorId, ...e }) => ({
    ...e,
    actorName: actorId === undefined ? null : (names.get(actorKey({ type: e.actorType, id: actorId })) ?? null),
  }))
}
