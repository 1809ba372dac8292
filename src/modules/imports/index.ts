export { deleteOldImports, getImport, IMPORT_JOB_RETENTION_DAYS, importRejects, importsIdle, listImports, startImport, type ImportJob, type Upload } from './imports.service.ts'
export { importRoutes } from './imports.routes.ts'
