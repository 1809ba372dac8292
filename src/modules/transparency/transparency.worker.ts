/**
 * The log's heartbeat inside the server: every `sequenceIntervalMs` (default: `intervalMs`), append
 * the settled audit events; every `intervalMs`, sign a checkpoint if the log grew — so new events are
 * in the log within about a second, and a checkpoint is never more than an interval behind. One tick
 * at a time; a failed tick is reported and retried. `tick()` sequences and signs at once.
 */
import type { Database } from '../../db/database.ts'
import type { Clock } from '../../platform/clock.ts'
import { startPeriodic, type Periodic } from '../../platform/periodic.ts'
import { sequence, signLatest, type LogIdentity } from './transparency.service.ts'

export type LogWorker = Periodic

const SERVER_BATCH = 100

export function startLogWorker(database: Database, clock: Clock, log: LogIdentity, options: { intervalMs: number; sequenceIntervalMs?: number; onError: (error: unknown) => void }): LogWorker {
  const sequenceIntervalMs = Math.min(options.sequenceIntervalMs ?? options.intervalMs, options.intervalMs)
  let lastSigned = -Infinity
  return startPeriodic(async (manual) => {
    // small batches, yielding while hashing: a tick shares the event loop with the API (bench/checks
    // measured a whole-tick batch stalling requests for 10-35 ms once a second)
    await sequence(database, { batch: SERVER_BATCH, yieldEvery: 8 })
    // signing at the log's interval, not the sequencer's: one checkpoint a second at most
    if (manual || performance.now() - lastSigned >= options.intervalMs - sequenceIntervalMs / 2) {
      lastSigned = performance.now()
      await signLatest(database, clock, log)
    }
  }, { intervalMs: sequenceIntervalMs, onError: options.onError })
}
