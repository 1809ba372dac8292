import { sql, type RawBuilder } from 'kysely'
import type { Db } from '../../db/database.ts'
import type { ThrottleLimit } from './throttles.ts'

/** The delay (ms) before the next attempt once `failures` are counted: none within the free attempts, then doubling, capped. */
const delaySql = (failures: RawBuilder<unknown>, limit: ThrottleLimit) =>
  sql`CASE WHEN ${failures} < ${limit.free}::int THEN 0 ELSE LEAST(${limit.capMs}::float8, ${limit.baseMs}::float8 * power(2, LEAST(${failures} - ${limit.free}::int, 40))) END`

/**
 * Counts one attempt before it is checked, in one statement: the count after it, or undefined when
 * the throttle holds the attempt back (nothing counted). Parallel attempts each take their own count,
 * so no more than `free` go through at once.
 */
export async function reserveAttempt(
  db: Db,
  key: Buffer,
  limit: ThrottleLimit,
  now: Date,
): Promise<{ failures: number; nextAttemptAt: Date } | undefined> {
  // what is left of the count after leaking one per leakMs since the last attempt, plus this one (no
  // time has passed if the clock reads earlier than the last attempt: a clock set back adds nothing)
  const failures = sql`(GREATEST(t.failures - floor(GREATEST(extract(epoch FROM (${now}::timestamptz - t.last_attempt_at)), 0) * 1000 / ${limit.leakMs}::int)::int, 0) + 1)`
  const row = await sql<{ failures: number; next_attempt_at: Date }>`
    INSERT INTO sign_in_throttles AS t (throttle_key, failures, last_attempt_at, next_attempt_at)
    VALUES (${key}, 1, ${now}::timestamptz, ${now}::timestamptz + (${delaySql(sql`1`, limit)}) * interval '1 millisecond')
    ON CONFLICT (throttle_key) DO UPDATE SET failures = ${failures}, last_attempt_at = ${now}::timestamptz,
      next_attempt_at = ${now}::timestamptz + (${delaySql(failures, limit)}) * interval '1 millisecond'
    WHERE t.next_attempt_at <= ${now}::timestamptz
      -- the clock was set back behind the last attempt: the wait is counted again from now, by the count
      -- (a wait read off the old clock could keep everyone out for as long as the clock moved)
      OR t.last_attempt_at > ${now}::timestamptz
    RETURNING t.failures, t.next_attempt_at`.execute(db)
  const first = row.rows[0]
  return first ? { failures: first.failures, nextAttemptAt: new Date(first.next_attempt_at) } : undefined
}

/** When the throttle lets the next attempt through. */
export async function nextAttemptAt(db: Db, key: Buffer): Promise<Date | undefined> {
  const row = await db
    .selectFrom('sign_in_throttles')
    .select('next_attempt_at')
    .where('throttle_key', '=', key)
    .executeTakeFirst()
  return row ? new Date(row.next_attempt_at) : undefined
}

/** Gives back one counted attempt (it was not a failure); back within the free attempts, nothing is held back. */
export async function refundAttempt(db: Db, key: Buffer, limit: ThrottleLimit, now: Date): Promise<void> {
  await sql`UPDATE sign_in_throttles SET failures = GREATEST(failures - 1, 0),
      next_attempt_at = CASE WHEN failures - 1 < ${limit.free}::int THEN LEAST(next_attempt_at, ${now}::timestamptz) ELSE next_attempt_at END
    WHERE throttle_key = ${key}`.execute(db)
}

/** Forgets a throttle (its owner got in). */
export async function clearThrottle(db: Db, key: Buffer): Promise<void> {
  await db.deleteFrom('sign_in_throttles').where('throttle_key', '=', key).execute()
}

/** Forgets throttles untouched since `before` and holding nothing back. */
export async function pruneThrottles(db: Db, before: Date, now: Date): Promise<number> {
  const result = await db
    .deleteFrom('sign_in_throttles')
    .where('last_attempt_at', '<', before)
    .where('next_attempt_at', '<=', now)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}
