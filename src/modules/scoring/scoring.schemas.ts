/** The scoring API's request and response shapes (TypeBox): validation, serialisation, OpenAPI, and the portal's types. */
import { Type } from 'typebox'
import { MIN_MONTH_SCORES, PSI_SHIFTED, PSI_WATCH, STABILITY_STATUSES } from './stability.ts'

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

const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM, China calendar' })
export const StabilityQuery = Type.Object(
  { month: Type.Optional({ ...Month, description: 'YYYY-MM, China calendar; this month if absent' }) },
  { additionalProperties: false },
)
const StatusSchema = Type.Union(
  STABILITY_STATUSES.map((s) => Type.Literal(s)),
  {
    description: `stable (PSI below ${PSI_WATCH}), watch (${PSI_WATCH} to ${PSI_SHIFTED}), shifted (above ${PSI_SHIFTED}: flagged), too_few (fewer than ${MIN_MONTH_SCORES} scores: not judged), no_scores, no_baseline (the model file has no development distribution)`,
  },
)
const Band = {
  label: Type.String(),
  expected: Type.Number({ description: 'share in the development sample' }),
  actual: Type.Number({ description: "share of the month's scores" }),
  count: Type.Integer({ description: "the month's scores in it" }),
}

/** A model's stability report for a month (GET /v1/models/{modelId}/stability). */
export const StabilitySchema = Type.Object({
  model: ModelSummary,
  month: Month,
  scores: Type.Integer({ description: 'scores the model gave in the month' }),
  psi: Type.Union([Type.Number(), Type.Null()], { description: 'population stability index of the score bands' }),
  status: StatusSchema,
  bands: Type.Union([Type.Array(Type.Object(Band)), Type.Null()], {
    description: "the development sample's score deciles; null when the model file does not record them",
  }),
  characteristics: Type.Array(
    Type.Object({
      card: Type.String(),
      feature: Type.String(),
      scores: Type.Integer(),
      psi: Type.Union([Type.Number(), Type.Null()]),
      status: StatusSchema,
      pointsShift: Type.Union([Type.Number(), Type.Null()], {
        description: "the month's average points from this characteristic minus the development sample's",
      }),
      bins: Type.Array(Type.Object({ ...Band, points: Type.Integer() })),
    }),
  ),
})

/** The public summary of a month (GET /v1/public/model-stability): no person in it. */
export const StabilitySummarySchema = Type.Object({
  month: Month,
  models: Type.Array(
    Type.Object({
      modelId: Type.String({ format: 'uuid' }),
      name: Type.String(),
      version: Type.Integer(),
      status: Type.String({ description: 'published or withdrawn' }),
      scores: Type.Integer(),
      psi: Type.Union([Type.Number(), Type.Null()], { description: `null below ${MIN_MONTH_SCORES} scores` }),
      stability: StatusSchema,
    }),
  ),
})
