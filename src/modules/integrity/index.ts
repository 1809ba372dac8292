export {
  checkObject,
  checkRange,
  compare,
  recomputeConsent,
  recomputeEntry,
  recomputeObjection,
  recomputeSubjectAccount,
  STATE_TABLES,
  type Recomputed,
  type StateFinding,
  type StateTable,
  type TrailEvent,
} from './integrity.ts'
export { verifyState, type StateVerification, type StateVerifyOptions } from './integrity.service.ts'
export { FINDINGS_LISTED, integrityRoutes } from './integrity.routes.ts'
export { integrityPolicy } from './integrity.policy.ts'
export { StateCheckSchema } from './integrity.schemas.ts'
