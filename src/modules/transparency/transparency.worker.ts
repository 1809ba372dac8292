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

export function startLogWorker(database: Database, clock: Clock, log: LogIdentity, options: { intervalMs: number; onError: (error: unknown) => void }): LogWorker {
  return startPeriodic(async () => {
    await sequence(database)
    await signLatest(database, clock, log)
  }, options)
}
