/** The evidence API's response shapes (TypeBox): validation, serialisation, OpenAPI, and the portal's types. */
import { Type } from 'typebox'

/** An uploaded evidence document (POST /v1/me/evidence). */
export const DocumentSchema = Type.Object({
  documentId: Type.String({ format: 'uuid' }),
  documentName: Type.String(),
  mediaType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  uploadedAt: Type.String({ format: 'date-time' }),
})
