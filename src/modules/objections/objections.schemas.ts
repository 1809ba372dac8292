/** The objections API's request and response shapes (TypeBox): validation, serialisation, OpenAPI, and the portal's types. */
import { Type } from 'typebox'
import { SubjectBriefSchema } from '../subjects/index.ts'

/** Non-empty text of at most `maxLength` characters: reasons, statements, explanations. */
export const TextSchema = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) })

/** Evidence a subject or an officer attaches (objections, list entries, repair), up to 20 pieces. */
export const EvidenceSchema = (options: { minItems?: number } = {}) =>
  Type.Array(
    Type.Object(
      {
        description: TextSchema(1000),
        documentName: Type.Optional(Type.String({ maxLength: 200 })),
        sha256: Type.Optional(
          Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the document, lowercase hex' }),
        ),
        documentId: Type.Optional(
          Type.String({
            format: 'uuid',
            description:
              'a document the subject uploaded (POST /v1/me/evidence): its name and SHA-256 are taken from it',
          }),
        ),
      },
      { additionalProperties: false },
    ),
    { maxItems: 20, ...options },
  )

export const NewObjectionSchema = Type.Object(
  {
    recordId: Type.String({ format: 'uuid' }),
    reasons: TextSchema(4000, 'what is wrong with the record'),
    evidence: Type.Optional(EvidenceSchema()),
    statement: Type.Optional(
      Type.Union([TextSchema(1000, 'a personal statement, shown with the record wherever it is shown'), Type.Null()]),
    ),
  },
  { additionalProperties: false },
)

export const ObjectionSchema = Type.Object({
  objectionId: Type.String({ format: 'uuid' }),
  subjectId: Type.String({ format: 'uuid' }),
  target: Type.Object({
    type: Type.String(),
    id: Type.String({ format: 'uuid' }),
    kind: Type.Union([Type.String(), Type.Null()]),
    version: Type.Union([Type.Integer(), Type.Null()]),
    currentVersion: Type.Union([Type.Integer(), Type.Null()]),
    sourceRecordId: Type.Union([Type.String(), Type.Null()]),
    source: Type.Union([Type.String(), Type.Null()]),
    sourceDisplayName: Type.Optional(
      Type.Union([Type.String(), Type.Null()], { description: "the source's name as people read it" }),
    ),
  }),
  filedAt: Type.String({ format: 'date-time' }),
  filedBy: Type.String(),
  dueOn: Type.String({
    format: 'date',
    description: "the last day the source's answer is due; from the next day the record is suppressed until answered",
  }),
  status: Type.String({
    description: 'open, escalated, verified, corrected, withdrawn, upheld, dismissed, lapsed (the record was erased)',
  }),
  overdue: Type.Boolean(),
  reasons: Type.Optional(Type.String()),
  evidence: Type.Optional(EvidenceSchema()),
  statement: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  answer: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()])),
  answeredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  answeredVersion: Type.Union([Type.Integer(), Type.Null()]),
  escalatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  erased: Type.Boolean(),
  history: Type.Optional(
    Type.Array(
      Type.Object({
        at: Type.String({ format: 'date-time' }),
        action: Type.String(),
        by: Type.String(),
        actorType: Type.Optional(Type.String({ description: 'officer, source, subject, system, ...' })),
        actorName: Type.Optional(
          Type.Union([Type.String(), Type.Null()], {
            description: "who acted, as officers read it: an officer's display name, a source's (officers' reads only)",
          }),
        ),
      }),
    ),
  ),
})

/** The subject's own objections (GET /v1/me/objections). */
export const OwnObjectionsSchema = Type.Object({ objections: Type.Array(ObjectionSchema) })

/** A source's objections to answer (GET /v1/sources/me/objections). */
export const SourceQueueSchema = Type.Object({
  today: Type.String({ format: 'date' }),
  objections: Type.Array(ObjectionSchema),
})

/** The officers' queue (GET /v1/objections). */
export const OfficerQueueSchema = Type.Object({
  today: Type.String({ format: 'date' }),
  dueSoonUntil: Type.String({ format: 'date' }),
  counts: Type.Object({
    undecided: Type.Integer(),
    overdue: Type.Integer(),
    dueSoon: Type.Integer(),
    escalated: Type.Integer(),
  }),
  objections: Type.Array(
    Type.Object({
      ...ObjectionSchema.properties,
      subject: Type.Union([SubjectBriefSchema, Type.Null()], {
        description: "whom the objection is about: a person's name and identity number masked",
      }),
    }),
  ),
})
