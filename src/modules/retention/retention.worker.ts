/**
 * The scheduler inside the server: the maintenance pass every `intervalMs` (hourly by default; its
 * deadlines are days, and the views apply them on the day whether or not the pass has run), and the
 * webhook outbox every few seconds.
 */
import type { Keys } from '../../platform/crypto.ts'
import { startPeriodic, type Periodic } from '../../platform/periodic.ts'
import { deliverWebhooks } from '../sources/index.ts'
import { runMaintenance, type MaintenanceContext, type MaintenanceReport } from './retention.service.ts'

export function startMaintenanceWorker(
  ctx: MaintenanceContext & { keys: Keys },
  options: {
    intervalMs: number
    webhookIntervalMs: number
    onError: (error: unknown) => void
    onPass?: (report: MaintenanceReport) => void
  },
): Periodic {
  const pass = startPeriodic(async () => options.onPass?.(await runMaintenance(ctx)), {
    intervalMs: options.intervalMs,
    onError: options.onError,
  })
  const hooks = startPeriodic(() => deliverWebhooks(ctx.database, ctx.clock, ctx.keys), {
    intervalMs: options.webhookIntervalMs,
    onError: options.onError,
  })
  return {
    async tick() {
      await pass.tick()
      await hooks.tick()
    },
    async stop() {
      await pass.stop()
      await hooks.stop()
    },
  }
}
