import { sql, type Kysely } from 'kysely'

/**
 * Relying parties (a reference table: who may ask for reports, for which registered purposes), their
 * API keys, and consents (per subject: subject_id first). Inquiries are audit events, not a table:
 * every look is then append-only and reaches the transparency log by the one code path.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `CREATE TABLE relying_parties (
      relying_party_id uuid PRIMARY KEY,
      name text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
      display_name text NOT NULL,
      party_type text NOT NULL,
      purposes text[] NOT NULL,
      created_at timestamptz NOT NULL
    )`,
    `ALTER TABLE api_keys ADD COLUMN relying_party_id uuid REFERENCES relying_parties (relying_party_id)`,
    `ALTER TABLE api_keys DROP CONSTRAINT api_keys_role_check`,
    `ALTER TABLE api_keys DROP CONSTRAINT api_keys_check`,
    `ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check CHECK (role IN ('source', 'officer', 'relying_party'))`,
    `ALTER TABLE api_keys ADD CONSTRAINT api_keys_owner_check CHECK (
      (role = 'source') = (source_id IS NOT NULL) AND (role = 'relying_party') = (relying_party_id IS NOT NULL))`,
    `CREATE TABLE consents (
      subject_id uuid NOT NULL,
      consent_id uuid NOT NULL,
      relying_party_id uuid NOT NULL REFERENCES relying_parties (relying_party_id),
      purpose text NOT NULL,
      granted_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      recorded_by text NOT NULL,
      evidence text NOT NULL,
      PRIMARY KEY (subject_id, consent_id),
      CHECK (expires_at > granted_at)
    )`,
    `CREATE INDEX consents_by_party ON consents (subject_id, relying_party_id, purpose)`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    'DROP TABLE consents',
    'ALTER TABLE api_keys DROP CONSTRAINT api_keys_owner_check',
    'ALTER TABLE api_keys DROP CONSTRAINT api_keys_role_check',
    'ALTER TABLE api_keys DROP COLUMN relying_party_id',
    `ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check CHECK (role IN ('source', 'officer'))`,
    `ALTER TABLE api_keys ADD CONSTRAINT api_keys_check CHECK ((role = 'source') = (source_id IS NOT NULL))`,
    'DROP TABLE relying_parties',
  ])
    await sql.raw(statement).execute(db)
}
