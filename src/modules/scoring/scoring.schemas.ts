/** The scoring API's request and response shapes (TypeBox): validation, serialisation, OpenAPI, and the portal's types. */
import { Type } from 'typebox'

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
  reasons: Type.Object(
    { published: Type.String(), withdrawn: Type.Union([Type.String(), Type.Null()]) },
    { description: "the officer's reasons for publishing and for withdrawing it" },
  ),
})

/** Every model ever published (GET /v1/models). */
export const ModelsSchema = Type.Object({ models: Type.Array(ModelSummary) })
