import { sql, type Kysely } from 'kysely'

/**
 * Accounts for people (officers, auditors, subjects), their sessions, and the binding of a subject's
 * account to its subject. The binding is per-subject data (subject_id first); accounts and sessions
 * are small reference tables. Passwords are scrypt hashes; session ids and CSRF tokens are stored
 * only as SHA-256 hashes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `CREATE TABLE accounts (
      account_id uuid PRIMARY KEY,
      username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
      role text NOT NULL CHECK (role IN ('officer', 'auditor', 'subject')),
      display_name text NOT NULL,
      password_hash text NOT NULL,
      failed_attempts integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      created_at timestamptz NOT NULL
    )`,
    `CREATE TABLE sessions (
      session_hash bytea PRIMARY KEY,
      account_id uuid NOT NULL REFERENCES accounts (account_id),
      csrf_hash bytea NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL
    )`,
    `CREATE INDEX sessions_by_account ON sessions (account_id)`,
    `CREATE TABLE subject_accounts (
      subject_id uuid NOT NULL,
      account_id uuid NOT NULL REFERENCES accounts (account_id),
      claimed_at timestamptz NOT NULL,
      verified_at timestamptz,
      verified_by text,
      PRIMARY KEY (subject_id, account_id)
    )`,
    `CREATE INDEX subject_accounts_by_account ON subject_accounts (account_id)`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['subject_accounts', 'sessions', 'accounts']) await sql.raw(`DROP TABLE ${table}`).execute(db)
}
