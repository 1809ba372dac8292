import { sql, type Kysely } from 'kysely'

/**
 * A subject account's claim can be refused as well as verified: when, by whom, the reason (a code from
 * the closed list in modules/access/claims.ts) and the officer's optional words to the claimant (masked,
 * never in the audit trail). A claim is decided once: verified or refused, never both. The claimant's
 * identity documents are evidence documents that name the claim (the account) they were given for.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `ALTER TABLE subject_accounts
      ADD COLUMN refused_at timestamptz,
      ADD COLUMN refused_by text,
      ADD COLUMN refusal_reason text,
      ADD COLUMN refusal_note text,
      ADD CONSTRAINT subject_accounts_decided_once CHECK (verified_at IS NULL OR refused_at IS NULL),
      ADD CONSTRAINT subject_accounts_refusal_whole CHECK ((refused_at IS NULL) = (refusal_reason IS NULL))`,
    `ALTER TABLE evidence_documents ADD COLUMN claim_account_id uuid`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `ALTER TABLE evidence_documents DROP COLUMN claim_account_id`,
    `ALTER TABLE subject_accounts DROP CONSTRAINT subject_accounts_refusal_whole,
      DROP CONSTRAINT subject_accounts_decided_once,
      DROP COLUMN refusal_note, DROP COLUMN refusal_reason, DROP COLUMN refused_by, DROP COLUMN refused_at`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}
