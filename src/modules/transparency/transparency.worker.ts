/**
 * The log's heartbeat inside the server: every `intervalMs`, append the settled audit events and sign
 * a checkpoint if the log grew — so new events are in the log within about a second, and a checkpoint
 * is never more than an interval behind. One tick at a time; a failed tick is reported and retried.
 */
import type { Database } from '../../db/database.ts'
import type { Clock } from '../../platform/clock.ts'
import { startPeriodic, type Periodic } from '../../platform/periodic.ts'
import { sequence, signLatest, type LogIdentity } from './transparency.service.ts'

export type LogWorker = Periodic

const SERVER_BATCH = 100

export function startLogWorker(database: Database, clock: Clock, log: LogIdentity, options: { intervalMs: number; onError: (error: unknown) => void }): LogWorker {
  return startPeriodic(async () => {
    // small batches, yielding while hashing: a tick shares the event loop with the API (bench/checks
    // measured a whole-tick batch stalling requests for 10-35 ms once a second)
    await sequence(database, { batch: SERVER_BATCH, yieldEvery: 8 })
    await signLatest(database, clock, log)
  }, options)
}
