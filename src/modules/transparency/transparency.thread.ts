/**
 * The log worker in a thread of its own, for PostgreSQL: sequencing hashes every audit event, and on
 * the API's event loop that work delays the requests that arrive meanwhile (bench/checks). The thread
 * opens its own small pool; the log's state row serialises it with any other sequencer. (PGlite lives
 * in the server's thread and allows one connection, so there the worker stays in-process.)
 */
import { parentPort, Worker, workerData } from 'node:worker_threads'
import { openPostgres } from '../../db/database.ts'
import { systemClock } from '../../platform/clock.ts'
import type { Periodic } from '../../platform/periodic.ts'
import { parseCosignerVerifierKey } from './cosignature.ts'
import { logIdentity } from './transparency.service.ts'
import { startLogWorker } from './transparency.worker.ts'

const THREAD_SEQUENCE_INTERVAL_MS = 100

interface ThreadData {
  url: string
  origin: string
  signingSeed: Uint8Array
  intervalMs: number
  checkpointFile?: string | null
  /** witnesses as configured: submission URL and verifier key text (key objects do not cross threads) */
  witnesses?: readonly { url: string; verifierKey: string }[]
}

/** Starts the log worker in its own thread; `tick()` runs one tick there and resolves when it is done. */
export function startLogThread(options: ThreadData & { onError: (error: unknown) => void }): Periodic {
  const { onError, ...data } = options
  const worker = new Worker(new URL(import.meta.url), { workerData: data })
  worker.unref()
  const waiting: (() => void)[] = []
  worker.on('message', (m: { type: string; message?: string }) => {
    if (m.type === 'ticked') waiting.shift()?.()
    if (m.type === 'error') onError(new Error(m.message))
  })
  worker.on('error', onError)
  return {
    tick: () =>
      new Promise<void>((resolve) => {
        waiting.push(resolve)
        worker.postMessage('tick')
      }),
    async stop() {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
      worker.postMessage('stop')
      await exited
    },
  }
}

if (parentPort && (workerData as ThreadData | undefined)?.url) {
  const data = workerData as ThreadData
  const port = parentPort
  const database = await openPostgres(data.url, 2)
  const log = startLogWorker(
    database,
    systemClock,
    logIdentity({ origin: data.origin, signingSeed: Buffer.from(data.signingSeed) }),
    {
      // in its own thread the sequencer can run often: a tenth of a second's events at a time smooths
      // the load on the machine (bench/checks at 1,000 checks/s: p99 12.9 ms with one batch a second, 9.6
      // with one every 100 ms)
      intervalMs: data.intervalMs,
      sequenceIntervalMs: THREAD_SEQUENCE_INTERVAL_MS,
      checkpointFile: data.checkpointFile ?? null,
      witnesses: (data.witnesses ?? []).map((w) => ({ url: w.url, verifier: parseCosignerVerifierKey(w.verifierKey) })),
      onError: (error) =>
        port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
    },
  )
  port.on('message', (m: string) => {
    if (m === 'tick') void log.tick().then(() => port.postMessage({ type: 'ticked' }))
    if (m === 'stop')
      void log
        .stop()
        .then(() => database.close())
        .then(() => process.exit(0))
  })
}
