export { contentHashOf, isRealDate, maskResidentIdsIn, recordIdOf, validateRecord, type RecordEnvelope, type ValidRecord } from './records.ts'
export { findRecordStanding, getCreditFile, getPublicFile, getReport, ingest, submitRecord, submitRecordIn, type CreditFile, type CreditFileRecord, type IngestItem, type IngestResult, type IngestSummary, type RecordsContext, type Rejection } from './records.service.ts'
export { csvRowToEnvelope, formatOf, fromParsedLines, importFile, importStream, rejectCsvLine, rejectRow, REJECTS_CSV_HEADER, type ImportFormat, type ImportOptions, type ImportReport } from './records.import.ts'
export { recordRoutes } from './records.routes.ts'
