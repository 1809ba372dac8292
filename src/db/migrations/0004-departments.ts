import { sql, type Kysely } from 'kysely'

/**
 * Departments: the agencies that carry out measures linked to a list entry (a procurement centre, a
 * licensing office, a market regulator's inspection unit...), each registered for the domains it
 * works in, with API keys of their own. A reference table: small, and copied to every Citus node.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    `CREATE TABLE departments (
      department_id uuid PRIMARY KEY,
      name text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
      display_name text NOT NULL,
      domains text[] NOT NULL CHECK (cardinality(domains) > 0),
      created_at timestamptz NOT NULL
    )`,
    `ALTER TABLE api_keys ADD COLUMN department_id uuid REFERENCES departments (department_id)`,
    `ALTER TABLE api_keys DROP CONSTRAINT api_keys_owner_check`,
    `ALTER TABLE api_keys DROP CONSTRAINT api_keys_role_check`,
    `ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check CHECK (role IN ('source', 'officer', 'relying_party', 'department'))`,
    `ALTER TABLE api_keys ADD CONSTRAINT api_keys_owner_check CHECK (
      (role = 'source') = (source_id IS NOT NULL) AND (role = 'relying_party') = (relying_party_id IS NOT NULL)
      AND (role = 'department') = (department_id IS NOT NULL))`,
  ])
    await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    `DELETE FROM api_keys WHERE role = 'department'`,
    'ALTER TABLE api_keys DROP CONSTRAINT api_keys_owner_check',
    'ALTER TABLE api_keys DROP CONSTRAINT api_keys_role_check',
    'ALTER TABLE api_keys DROP COLUMN department_id',
    `ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check CHECK (role IN ('source', 'officer', 'relying_party'))`,
    `ALTER TABLE api_keys ADD CONSTRAINT api_keys_owner_check CHECK (
      (role = 'source') = (source_id IS NOT NULL) AND (role = 'relying_party') = (relying_party_id IS NOT NULL))`,
    'DROP TABLE departments',
  ])
    await sql.raw(statement).execute(db)
}
