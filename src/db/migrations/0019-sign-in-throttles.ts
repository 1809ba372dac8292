import { sql, type Kysely } from 'kysely'

/**
 * Sign-in and registration throttles, replacing the account lock a stranger could set off: one row per
 * throttled thing (a username from one address, an address, a username from anywhere, an address
 * registering), named by a keyed hash so that neither the username nor the address is stored. Each
 * attempt is counted before it is checked, in one statement; after the free attempts the next waits a
 * growing, capped delay (`next_attempt_at`). A working table on the coordinator.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `CREATE TABLE sign_in_throttles (
      throttle_key bytea PRIMARY KEY,
      failures integer NOT NULL CHECK (failures >= 0),
      last_attempt_at timestamptz NOT NULL,
      next_attempt_at timestamptz NOT NULL
    )`,
    `CREATE INDEX sign_in_throttles_by_last_attempt ON sign_in_throttles (last_attempt_at)`,
    // the lock they held is gone: throttles do the work, and no stranger can lock an account out
    `ALTER TABLE accounts DROP COLUMN failed_attempts`,
    `ALTER TABLE accounts DROP COLUMN locked_until`,
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE accounts ADD COLUMN failed_attempts integer NOT NULL DEFAULT 0`.execute(db)
  await sql`ALTER TABLE accounts ADD COLUMN locked_until timestamptz`.execute(db)
  await sql`DROP TABLE sign_in_throttles`.execute(db)
}
