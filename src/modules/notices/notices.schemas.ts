/** The notices API's response shapes (TypeBox): validation, serialisation, OpenAPI, and the portal's types. */
import { Type } from 'typebox'

export const NoticeSchema = Type.Object({
  noticeId: Type.String({ format: 'uuid' }),
  createdAt: Type.String({ format: 'date-time' }),
  kind: Type.String(),
  objectType: Type.String(),
  objectId: Type.String(),
  body: Type.Record(Type.String(), Type.Unknown(), {
    description:
      "what the notice tells, as data (dates, codes, the catalogue's names); every text in words is a { zh, en } pair, both languages side by side (the API never answers by Accept-Language)",
  }),
})

/** Notices about my file, newest first (GET /v1/me/notices). */
export const NoticesSchema = Type.Object({ notices: Type.Array(NoticeSchema) })
