export {
  deleteUncitedDocuments,
  EVIDENCE_MAX_BYTES,
  EVIDENCE_MEDIA_TYPES,
  readDocument,
  resolveEvidence,
  uploadDocument,
  type EvidenceContext,
  type StoredDocument,
} from './evidence.service.ts'
export { evidenceRoutes } from './evidence.routes.ts'
export { DocumentSchema } from './evidence.schemas.ts'
