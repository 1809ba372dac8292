/** The scoring API's request and response shapes (TypeBox): validation, serialisation, OpenAPI, and the portal's types. */
import { Type } from 'typebox'

const Localised = Type.Object({ zh: Type.String(), en: Type.String() })

export const ModelSummary = Type.Object({
  modelId: Type.String({ format: 'uuid' }),
  name: Type.String(),
  version: Type.Integer(),
  purpose: Type.String(),
  status: Type.String({ description: 'published or withdrawn' }),
  publishedAt: Type.String({ format: 'date-time' }),
  withdrawnAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  contentHash: Type.String(),
  inputs: Type.Array(Type.String(), { description: 'the features a relying party sends' }),
  inputElements: Type.Record(
    Type.String(),
    Type.Object({
      element: Type.String({ description: 'a finance element of the data-element dictionary' }),
      month: Type.Optional(Type.Integer({ minimum: 1, description: 'of a monthly series: 1 the latest month' })),
      values: Type.Optional(
        Type.Record(Type.String(), Type.String(), {
          description: "the development file's codes and the element's code each stands for",
        }),
      ),
    }),
    { description: 'the element of a credit file each input holds' },
  ),
  characteristics: Type.Record(
    Type.String(),
    Type.Object({
      kind: Type.String({ description: 'one of the closed list of characteristic kinds (docs/scoring.md)' }),
      months: Type.Optional(Type.Integer()),
      daysPastDue: Type.Optional(Type.Integer()),
      name: Localised,
      elements: Type.Array(Type.String(), { description: 'the finance elements of the credit file it reads' }),
    }),
    { description: "the columns computed from the person's credit file as of the scoring date, never sent" },
  ),
  reasons: Type.Object(
    { published: Type.String(), withdrawn: Type.Union([Type.String(), Type.Null()]) },
    { description: "the officer's reasons for publishing and for withdrawing it" },
  ),
})

/** Every model ever published (GET /v1/models). */
export const ModelsSchema = Type.Object({ models: Type.Array(ModelSummary) })

/** The scores given about the signed-in person (GET /v1/me/scores), newest first, labelled in both languages. */
export const PersonScoresSchema = Type.Object({
  scores: Type.Array(
    Type.Object({
      at: Type.String({ format: 'date-time' }),
      by: Type.String({ description: 'the relying party that asked' }),
      purpose: Localised,
      model: Type.Object({ modelId: Type.String({ format: 'uuid' }), name: Type.String(), version: Type.Integer() }),
      score: Type.Integer(),
      band: Type.Object({ code: Type.String(), name: Localised }),
      reasons: Type.Array(Type.Object({ label: Localised, pointsLost: Type.Integer() })),
      values: Type.Array(Type.Object({ label: Localised, value: Localised, fromFile: Type.Boolean() })),
    }),
  ),
})
