import type { Db, Tx } from '../../db/database.ts'
import type { AccountsTable } from '../../db/schema.ts'
import { sql, type RawBuilder, type Selectable } from 'kysely'
import type { IdRange } from '../../platform/id-ranges.ts'
import { relyingPartyRows, sourceRows } from '../sources/index.ts'

export type AccountRow = Selectable<AccountsTable>

export async function insertAccount(
  tx: Tx,
  row: {
    accountId: string
    username: string
    role: AccountRow['role']
    displayName: string
    passwordHash: string
    createdAt: Date
    sourceId?: string | null
    relyingPartyId?: string | null
  },
): Promise<void> {
  await tx.db
    .insertInto('accounts')
    .values({
      account_id: row.accountId,
      username: row.username,
      role: row.role,
      display_name: row.displayName,
      password_hash: row.passwordHash,
      created_at: row.createdAt,
      source_id: row.sourceId ?? null,
      relying_party_id: row.relyingPartyId ?? null,
    })
    .execute()
}

export async function findAccountByUsername(db: Db, username: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('username', '=', username).executeTakeFirst()
}

export async function findAccount(db: Db, accountId: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('account_id', '=', accountId).executeTakeFirst()
}

export async function insertSession(
  tx: Tx,
  row: { sessionHash: Buffer; accountId: string; csrfHash: Buffer; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await tx.db
    .insertInto('sessions')
    .values({
      session_hash: row.sessionHash,
      account_id: row.accountId,
      csrf_hash: row.csrfHash,
      created_at: row.createdAt,
      expires_at: row.expiresAt,
    })
    .execute()
}

/** Ends a session; the account it was for, or undefined if there was none. */
export async function deleteSession(tx: Tx, sessionHash: Buffer): Promise<string | undefined> {
  const row = await tx.db
    .deleteFrom('sessions')
    .where('session_hash', '=', sessionHash)
    .returning('account_id')
    .executeTakeFirst()
  return row?.account_id
}

/** A live session with its account and, for a subject, the subject its account is verified for. */
export async function findSession(db: Db, sessionHash: Buffer, at: Date) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('accounts as a', 'a.account_id', 's.account_id')
    .leftJoin('subject_accounts as b', (join) =>
      join.onRef('b.account_id', '=', 'a.account_id').on('b.verified_at', 'is not', null),
    )
    .leftJoin(sourceRows(db).as('src'), 'src.source_id', 'a.source_id')
    .leftJoin(relyingPartyRows(db).as('rp'), 'rp.relying_party_id', 'a.relying_party_id')
    .select([
      'a.account_id',
      'a.username',
      'a.role',
      'a.display_name',
      's.csrf_hash',
      'b.subject_id',
      'src.source_id',
      'src.name as source_name',
      'src.is_government as source_is_government',
      'src.allowed_kinds as source_allowed_kinds',
      'rp.relying_party_id',
      'rp.name as party_name',
      'rp.display_name as party_display_name',
      'rp.purposes as party_purposes',
    ])
    .where('s.session_hash', '=', sessionHash)
    .where('s.expires_at', '>', at)
    .executeTakeFirst()
}

export async function insertBinding(
  tx: Tx,
  row: { subjectId: string; accountId: string; claimedAt: Date },
): Promise<void> {
  await tx.db
    .insertInto('subject_accounts')
    .values({
      subject_id: row.subjectId,
      account_id: row.accountId,
      claimed_at: row.claimedAt,
      verified_at: null,
      verified_by: null,
    })
    .execute()
}

export async function findBinding(db: Db, accountId: string) {
  return db.selectFrom('subject_accounts').selectAll().where('account_id', '=', accountId).executeTakeFirst()
}

/** Claims awaiting verification, each with how many accounts its subject has verified already. */
export async function listPendingBindings(db: Db) {
  return db
    .selectFrom('subject_accounts as b')
    .innerJoin('accounts as a', 'a.account_id', 'b.account_id')
    .select((eb) => [
      'a.account_id',
      'a.username',
      'a.display_name',
      'b.subject_id',
      'b.claimed_at',
      eb
        .selectFrom('subject_accounts as v')
        .select((v) => v.fn.countAll<number>().as('n'))
        .whereRef('v.subject_id', '=', 'b.subject_id')
        .where('v.verified_at', 'is not', null)
        .as('verified_already'),
    ])
    .where('b.verified_at', 'is', null)
    .where('b.refused_at', 'is', null)
    .orderBy('b.claimed_at')
    .execute()
}

/** How many accounts the subject has verified, `accountId` aside. */
export async function countVerifiedBesides(db: Db, subjectId: string, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('subject_accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('subject_id', '=', subjectId)
    .where('account_id', '!=', accountId)
    .where('verified_at', 'is not', null)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

/** Every account claiming one subject, verified or not, oldest claim first. */
export async function listSubjectBindings(db: Db, subjectId: string) {
  return db
    .selectFrom('subject_accounts as b')
    .innerJoin('accounts as a', 'a.account_id', 'b.account_id')
    .select(['a.account_id', 'a.username', 'a.display_name', 'b.claimed_at', 'b.verified_at', 'b.refused_at'])
    .where('b.subject_id', '=', subjectId)
    .orderBy('b.claimed_at')
    .orderBy('a.account_id')
    .execute()
}

/**
 * Locks every claim of the subject (so two verifications of it take turns) and returns the accounts
 * verified for it already.
 */
export async function lockVerifiedAccounts(tx: Tx, subjectId: string): Promise<string[]> {
  const rows = await tx.db
    .selectFrom('subject_accounts')
    .select(['account_id', 'verified_at'])
    .where('subject_id', '=', subjectId)
    .orderBy('account_id')
    .forUpdate()
    .execute()
  return rows.filter((r) => r.verified_at !== null).map((r) => r.account_id)
}

export async function verifyBinding(
  tx: Tx,
  subjectId: string,
  accountId: string,
  at: Date,
  by: string,
): Promise<boolean> {
  const result = await tx.db
    .updateTable('subject_accounts')
    .set({ verified_at: at, verified_by: by })
    .where('subject_id', '=', subjectId)
    .where('account_id', '=', accountId)
    .where('verified_at', 'is', null)
    .where('refused_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/**
 * Refuses a claim still awaiting an officer: one conditional UPDATE, so of two decisions made at once
 * only one changes the row (the other finds it decided). Whether this one did.
 */
export async function refuseBinding(
  tx: Tx,
  subjectId: string,
  accountId: string,
  refusal: { at: Date; by: string; reason: string; note: string | null },
): Promise<boolean> {
  const result = await tx.db
    .updateTable('subject_accounts')
    .set({
      refused_at: refusal.at,
      refused_by: refusal.by,
      refusal_reason: refusal.reason,
      refusal_note: refusal.note,
    })
    .where('subject_id', '=', subjectId)
    .where('account_id', '=', accountId)
    .where('verified_at', 'is', null)
    .where('refused_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/**
 * Whether the document was given with a claim still awaiting an officer (evidence's Citation: its
 * clean-up keeps what is cited, so a decided claim's identity documents go a week after their upload).
 */
export const claimCitesDocument = (document: {
  subjectId: RawBuilder<unknown>
  claimAccountId: RawBuilder<unknown>
}): RawBuilder<unknown> =>
  sql`EXISTS (SELECT 1 FROM subject_accounts b WHERE b.subject_id = ${document.subjectId} AND b.account_id = ${document.claimAccountId} AND b.verified_at IS NULL AND b.refused_at IS NULL)`

/** The claims of subject accounts (verified or not) of the subjects in `range` (a pass over every one walks the ranges). */
export async function bindingsInRange(db: Db, range: IdRange) {
  const from = db.selectFrom('subject_accounts').selectAll().where('subject_id', '>=', range.from)
  return (range.to === null ? from : from.where('subject_id', '<', range.to)).execute()
}

/** Accounts' display names by account id, for trails that name who acted. */
export async function accountDisplayNames(db: Db, accountIds: readonly string[]): Promise<Map<string, string>> {
  if (accountIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('accounts')
    .select(['account_id', 'display_name'])
    .where('account_id', 'in', accountIds)
    .execute()
  return new Map(rows.map((r) => [r.account_id, r.display_name]))
}
