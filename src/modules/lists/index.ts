export {
  apply,
  ENDED,
  type BasisLapse,
  inForce,
  isMinor,
  propose,
  type Entry,
  type EntryEvent,
  type EntryStatus,
  type EntrySubject,
  type Refusal,
  type Step,
} from './lists.machine.ts'
export {
  annulEntry,
  decideEntry,
  endEntriesOnLapsedBasis,
  endEntryByRepair,
  ENDED_ENTRY_RETENTION,
  entryFactsInRange,
  entryQueue,
  eraseEndedEntries,
  expireEntries,
  subjectOfListEntry,
  findEntryView,
  getEntry,
  hearEntry,
  listOwnEntries,
  listPublicEntries,
  noticeEntry,
  objectToEntry,
  proposeEntry,
  removeEntryEarly,
  reportRemovalCondition,
  type EntryFacts,
  type EntryView,
  type ListsContext,
  type NewEntry,
  type Officer,
} from './lists.service.ts'
export { listRoutes } from './lists.routes.ts'
export { activateListCatalogue, listCatalogueVersions, loadLists, type Lists } from './lists.load.ts'
export { listsPolicy } from './lists.policy.ts'
export { entriesByMonth, entryStatistics, type MonthRow, type StatisticsRow } from './lists.repository.ts'
export { checkSubject, type CheckResult } from './lists.checks.ts'
export { CheckSchema, EntriesSchema, EntryDetailSchema, EntrySchema, OwnEntriesSchema } from './lists.schemas.ts'
export { PublicEntriesSchema } from './lists.schemas.ts'
