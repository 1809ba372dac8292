/** The notices API's response shapes (TypeBox): validation, serialisation, OpenAPI, and the portal's types. */
import { Type } from 'typebox'

export const NoticeSchema = Type.Object({
  noticeId: Type.String({ format: 'uuid' }),
  createdAt: Type.String({ format: 'date-time' }),
  kind: Type.String(),
  objectType: Type.String(),
  objectId: Type.String(),
  body: Type.Record(Type.String(), Type.Unknown()),
})

/** Notices about my file, newest first (GET /v1/me/notices). */
export const NoticesSchema = Type.Object({ notices: Type.Array(NoticeSchema) })
