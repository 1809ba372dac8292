export {
  contentHashOf,
  decisionStands,
  DECISIONS_NO_LONGER_STANDING,
  isRealDate,
  type LapsedRecord,
  type RecordLapse,
  maskResidentIdsIn,
  recordIdOf,
  validateRecord,
  type RecordEnvelope,
  type ValidRecord,
} from './records.ts'
export { recordsLapsed, type OnRecordsLapsed, type RecordsContext } from './records.context.ts'
export {
  ingest,
  submitRecord,
  submitRecordIn,
  type IngestItem,
  type IngestResult,
  type IngestSummary,
  type Rejection,
} from './records.ingest.ts'
export { browsePublicRecords, PUBLICITY_CATEGORIES, type PublicityCategory } from './records.publicity.ts'
export {
  fieldsSeenFor,
  findRecordStanding,
  getCreditFile,
  getSubjectSummaryForSource,
  getPublicFile,
  getReport,
  type CitedRecord,
  type CreditFile,
  type CreditFileRecord,
} from './records.read.ts'
export {
  csvRowToEnvelope,
  formatOf,
  fromParsedLines,
  importFile,
  importStream,
  rejectCsvLine,
  rejectRow,
  REJECTS_CSV_HEADER,
  type ImportFormat,
  type ImportOptions,
  type ImportReport,
} from './records.import.ts'
export { repairOpening, type RepairOpening, type RepairableFacts } from './records.repairable.ts'
export { recordRoutes } from './records.routes.ts'
export { EXPORT_STYLE_HASH } from './records.export.ts'
export {
  currentVersionOf,
  currentVersionsIn,
  fieldsKnownAt,
  type KnownFields,
  firstRecordOfKindOn,
  firstRecordOfKinds,
  lockCurrentRecord,
  takeDownRecord,
  type CurrentRecord,
} from './records.repository.ts'
export {
  CreditFileSchema,
  PublicFileSchema,
  PublicProfileSchema,
  PublicityPageSchema,
  ReportSchema,
} from './records.schemas.ts'
