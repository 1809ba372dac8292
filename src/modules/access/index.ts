export { isPurpose, purposeRules, purposes, type Purpose, type PurposeRule } from './purposes.ts'
export {
  decideVisibility,
  standingOf,
  type HiddenReason,
  type RecordFacts,
  type RecordLifecycle,
  type Standing,
  type Viewer,
  type Visibility,
} from './views.ts'
export {
  addDepartment,
  addRelyingParty,
  authoriseReport,
  reportPurpose,
  consentFactsInRange,
  findValidConsent,
  grantConsent,
  inquiryWriter,
  listConsents,
  revokeConsent,
  type Consent,
  type ConsentFacts,
  type Department,
  type NewDepartment,
  type NewRelyingParty,
  type RelyingParty,
  type ReportAuthorisation,
} from './access.service.ts'
export { accessRoutes } from './access.routes.ts'
export {
  actorKey,
  actorNames,
  namedTrail,
  authenticateSession,
  CLAIM_DOCUMENTS_MAX,
  createStaffAccount,
  getClaim,
  getOwnClaim,
  listInquiries,
  type Inquiry,
  login,
  logout,
  refuseSubjectAccount,
  registerSubjectAccount,
  subjectAccountFactsInRange,
  uploadClaimDocument,
  type SubjectAccountFacts,
  verifySubjectAccount,
} from './accounts.service.ts'
export { accountsRoutes } from './accounts.routes.ts'
export { claimCitesDocument } from './accounts.repository.ts'
export { claimRefusalReasons, claimRefusalWords, type ClaimRefusalReason, type ClaimStatus } from './claims.ts'
export { accountsPolicy } from './accounts.policy.ts'
export { generatePassword, PASSWORD_MIN_LENGTH } from './passwords.ts'
export { addressBucket, throttleLimits } from './throttles.ts'
export {
  ConsentSchema,
  ConsentsSchema,
  ClaimSchema,
  InquiriesSchema,
  OwnClaimSchema,
  lookKinds,
  type LookKind,
  MeSchema,
  PendingAccountsSchema,
  RelyingPartiesSchema,
  SessionSchema,
  SubjectAccountsSchema,
} from './access.schemas.ts'
