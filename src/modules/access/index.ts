export { isPurpose, purposeRules, purposes, type Purpose, type PurposeRule } from './purposes.ts'
export { decideVisibility, type HiddenReason, type RecordFacts, type Viewer, type Visibility } from './views.ts'
