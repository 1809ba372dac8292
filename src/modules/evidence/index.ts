export {
  deleteUncitedDocuments,
  EVIDENCE_MAX_BYTES,
  EVIDENCE_MEDIA_TYPES,
  listClaimDocuments,
  readDocument,
  resolveEvidence,
  uploadDocument,
  type EvidenceContext,
  type StoredDocument,
} from './evidence.service.ts'
export { documentSent, evidenceRoutes } from './evidence.routes.ts'
export type { Citation } from './evidence.repository.ts'
export { DocumentSchema } from './evidence.schemas.ts'
