/**
 * The log's heartbeat inside the server: every `sequenceIntervalMs` (default: `intervalMs`), append
 * the settled audit events; every `intervalMs`, sign a checkpoint if the log grew — so new events are
 * in the log within about a second, and a checkpoint is never more than an interval behind. One tick
 * at a time; a failed tick is reported and retried. `tick()` sequences and signs at once.
 *
 * After signing, the checkpoints are appended to the checkpoint file (outside the database) and the
 * newest is submitted to the witnesses. Witnesses are asked in the background: a slow or absent
 * witness never holds up the log; a failure is reported and the next signing tick asks again.
 * `tick()` waits for the witnesses too.
 */
import type { Database } from '../../db/database.ts'
import type { Clock } from '../../platform/clock.ts'
import { startPeriodic, type Periodic } from '../../platform/periodic.ts'
import { mirrorCheckpoints } from './checkpoint-copies.ts'
import { sequence, signLatest, type LogIdentity } from './transparency.service.ts'
import { submitToWitnesses, type WitnessEndpoint } from './witnessing.ts'

export type LogWorker = Periodic

const SERVER_BATCH = 100

export interface LogWorkerOptions {
  intervalMs: number
  sequenceIntervalMs?: number
  /** the append-only checkpoint file outside the database (null: none) */
  checkpointFile?: string | null
  witnesses?: readonly WitnessEndpoint[]
  onError: (error: unknown) => void
}

export function startLogWorker(
  database: Database,
  clock: Clock,
  log: LogIdentity,
  options: LogWorkerOptions,
): LogWorker {
  const sequenceIntervalMs = Math.min(options.sequenceIntervalMs ?? options.intervalMs, options.intervalMs)
  const witnesses = options.witnesses ?? []
  let lastSigned = -Infinity
  let witnessing: Promise<void> | null = null
  const askWitnesses = () => {
    witnessing ??= submitToWitnesses(database, clock, witnesses)
      .then((submissions) => {
        for (const s of submissions) if (!s.ok) options.onError(new Error(`witness ${s.witness}: ${s.reason}`))
      }, options.onError)
      .finally(() => {
        witnessing = null
      })
    return witnessing
  }
  const periodic = startPeriodic(
    async (manual) => {
      // small batches, yielding while hashing: a tick shares the event loop with the API (bench/checks
      // measured a whole-tick batch stalling requests for 10-35 ms once a second)
      await sequence(database, { batch: SERVER_BATCH, yieldEvery: 8 })
      // signing at the log's interval, not the sequencer's: one checkpoint a second at most
      if (manual || performance.now() - lastSigned >= options.intervalMs - sequenceIntervalMs / 2) {
        lastSigned = performance.now()
        await signLatest(database, clock, log)
        if (options.checkpointFile) await mirrorCheckpoints(database, options.checkpointFile)
        if (witnesses.length > 0) {
          // asked for: after any submission under way (perhaps of an older checkpoint), this one's
          if (manual) await witnessing
          const asked = askWitnesses()
          if (manual) await asked
        }
      }
    },
    { intervalMs: sequenceIntervalMs, onError: options.onError },
  )
  return {
    tick: periodic.tick,
    async stop() {
      await periodic.stop()
      await witnessing
    },
  }
}
