/**
 * The log's heartbeat inside the server: every `intervalMs`, append the settled audit events and sign
 * a checkpoint if the log grew — so new events are in the log within about a second, and a checkpoint
 * is never more than an interval behind. One tick at a time; a failed tick is reported and retried.
 */
import type { Database } from '../../db/database.ts'
import type { Clock } from '../../platform/clock.ts'
import { sequence, signLatest, type LogIdentity } from './transparency.service.ts'

export interface LogWorker {
  /** runs one tick now (after the one in progress, if any) */
  tick(): Promise<void>
  stop(): Promise<void>
}

export function startLogWorker(database: Database, clock: Clock, log: LogIdentity, options: { intervalMs: number; onError: (error: unknown) => void }): LogWorker {
  let running: Promise<void> = Promise.resolve()
  let stopped = false
  const tick = () => {
    running = running.then(async () => {
      if (stopped) return
      try {
        await sequence(database)
        await signLatest(database, clock, log)
      } catch (error) {
        options.onError(error)
      }
    })
    return running
  }
  const timer = setInterval(() => void tick(), options.intervalMs)
  timer.unref()
  void tick()
  return {
    tick,
    async stop() {
      clearInterval(timer)
      await running
      stopped = true
    },
  }
}
