export { apply, ENDED, type BasisLapse, inForce, isMinor, propose, type Entry, type EntryEvent, type EntryStatus, type EntrySubject, type Refusal, type Step } from './lists.machine.ts'
export {
  annulEntry, checkSubject, decideEntry, endEntriesOnLapsedBasis, endEntryByRepair, ENDED_ENTRY_RETENTION, entryFactsInRange, entryQueue, eraseEndedEntries, expireEntries, subjectOfListEntry, findEntryView, getEntry, hearEntry, listOwnEntries, listPublicEntries, listStatistics, noticeEntry,
  objectToEntry, proposeEntry, removeEntryEarly, reportRemovalCondition, type CheckResult, type EntryFacts, type EntryView, type ListsContext, type NewEntry, type Officer, type Statistics,
} from './lists.service.ts'
export { listRoutes } from './lists.routes.ts'
export { activateListCatalogue, listCatalogueVersions, loadLists, type Lists } from './lists.load.ts'
export { listsPolicy } from './lists.policy.ts'
export { CheckSchema, EntriesSchema, EntryDetailSchema, EntrySchema } from './lists.schemas.ts'
