export {
  applyForRepair,
  decideRepair,
  DECISION_WORKING_DAYS,
  FEEDBACK_WORKING_DAYS,
  giveFeedback,
  listOwnRepairs,
  readRepair,
  repairQueue,
  TAKE_DOWN_WORKING_DAYS,
  type NewRepair,
  type RepairFilter,
  type RepairView,
} from './repair.service.ts'
export { repairRoutes } from './repair.routes.ts'
export { repairPolicy } from './repair.policy.ts'
export { repairCitesDocument, repairCounts, repairsByMonth } from './repair.repository.ts'
export { OwnRepairsSchema, RepairDetailSchema, RepairSchema } from './repair.schemas.ts'
