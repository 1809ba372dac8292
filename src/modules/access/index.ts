export { isPurpose, purposeRules, purposes, type Purpose, type PurposeRule } from './purposes.ts'
export { decideVisibility, type HiddenReason, type RecordFacts, type Viewer, type Visibility } from './views.ts'
export { addRelyingParty, authoriseReport, grantConsent, listConsents, revokeConsent, type Consent, type NewRelyingParty, type RelyingParty, type ReportAuthorisation } from './access.service.ts'
export { accessRoutes } from './access.routes.ts'
