export { cutoffsOf, lastDueDay, type KindCutoffs } from './retention.ts'
export {
  runMaintenance,
  type MaintenanceContext,
  type MaintenanceOptions,
  type MaintenanceReport,
} from './retention.service.ts'
export { startMaintenanceWorker } from './retention.worker.ts'
