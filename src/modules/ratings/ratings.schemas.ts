/** The ratings API's response shapes (TypeBox): validation, serialisation, OpenAPI, and the portal's types. */
import { Type } from 'typebox'

const Localised = Type.Object({ zh: Type.String(), en: Type.String() })
const Reason = Type.Object({
  component: Type.String(),
  points: Type.Number({ description: 'negative: lost; positive: added' }),
  records: Type.Integer(),
  text: Localised,
})
export const RatingSchema = Type.Object({
  subjectId: Type.String({ format: 'uuid' }),
  model: Type.Object({ code: Type.String(), version: Type.String(), name: Localised }),
  ratedOn: Type.String({ format: 'date' }),
  score: Type.Number(),
  grade: Type.String(),
  inspection: Type.Object({ tier: Type.String(), relativeFrequency: Type.Number(), text: Localised }),
  reasons: Type.Array(Reason),
})
/** An organisation's own rating and the changes of its grade (GET /v1/me/rating). */
export const OwnRatingSchema = Type.Object({
  rating: Type.Union([RatingSchema, Type.Null()]),
  history: Type.Array(
    Type.Object({
      at: Type.String(),
      score: Type.Number(),
      grade: Type.String(),
      previousGrade: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
})
