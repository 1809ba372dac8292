import { sql, type Kysely } from 'kysely'

/**
 * A relying party's staff in the browser: accounts of role 'relying_party', bound to one relying
 * party, acting for it as its API key does (its purposes, its consents, every report an inquiry the
 * subject sees) — so that a report can be read and printed from the portal.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    `ALTER TABLE accounts DROP CONSTRAINT accounts_role_check`,
    `ALTER TABLE accounts ADD CONSTRAINT accounts_role_check CHECK (role IN ('officer', 'auditor', 'subject', 'source', 'relying_party'))`,
    `ALTER TABLE accounts ADD COLUMN relying_party_id uuid REFERENCES relying_parties (relying_party_id)`,
    `ALTER TABLE accounts ADD CONSTRAINT accounts_relying_party_only_for_relying_parties CHECK ((role = 'relying_party') = (relying_party_id IS NOT NULL))`,
  ])
    await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    `ALTER TABLE accounts DROP CONSTRAINT accounts_relying_party_only_for_relying_parties`,
    `ALTER TABLE accounts DROP COLUMN relying_party_id`,
    `ALTER TABLE accounts DROP CONSTRAINT accounts_role_check`,
    `ALTER TABLE accounts ADD CONSTRAINT accounts_role_check CHECK (role IN ('officer', 'auditor', 'subject', 'source'))`,
  ])
    await sql.raw(statement).execute(db)
}
