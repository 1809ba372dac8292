export {
  deleteOldImports,
  getImport,
  IMPORT_JOB_RETENTION_DAYS,
  IMPORT_STALE_MS,
  importRejects,
  rejectedLines,
  importsIdle,
  listImports,
  recoverImports,
  startImport,
  type ImportJob,
  type ImportsContext,
  type Recovery,
  type Upload,
} from './imports.service.ts'
export { importRoutes } from './imports.routes.ts'
export { ImportJobSchema, ImportJobsSchema, RejectedLinesSchema } from './imports.schemas.ts'
