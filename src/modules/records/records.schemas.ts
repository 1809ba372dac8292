import { Type } from 'typebox'

const DateString = Type.String({ format: 'date', description: 'YYYY-MM-DD' })

export const RecordEnvelopeSchema = Type.Object(
  {
    sourceRecordId: Type.String({
      minLength: 1,
      maxLength: 128,
      description:
        "the source's own id for this record; sending it again with the same content changes nothing, with other content makes a new version",
    }),
    kind: Type.String({ description: 'a record kind code from the active catalogue (GET /v1/catalogue)' }),
    subject: Type.Union([
      Type.Object({
        uscc: Type.String({ description: 'Unified Social Credit Code (GB 32100-2015)' }),
        name: Type.String(),
      }),
      Type.Object({
        residentId: Type.String({
          description: 'resident identity number (GB 11643-1999); stored encrypted, never echoed',
        }),
        name: Type.String(),
      }),
    ]),
    decidedOn: DateString,
    conductEndedOn: Type.Optional(Type.Union([DateString, Type.Null()])),
    fields: Type.Record(Type.String(), Type.Unknown(), {
      description: "the kind's own fields, checked against its JSON Schema in the catalogue",
    }),
  },
  { $id: 'RecordEnvelope' },
)

export const IngestResultSchema = Type.Object({
  line: Type.Integer(),
  status: Type.Union([Type.Literal('accepted'), Type.Literal('versioned'), Type.Literal('unchanged')]),
  subjectId: Type.String({ format: 'uuid' }),
  recordId: Type.String({ format: 'uuid' }),
  version: Type.Integer(),
})

export const RejectionSchema = Type.Object({
  line: Type.Integer(),
  code: Type.String(),
  detail: Type.String(),
  errors: Type.Array(Type.Object({ pointer: Type.String(), detail: Type.String() })),
  sourceRecordId: Type.Optional(Type.String()),
})

export const BatchResponseSchema = Type.Object({
  received: Type.Integer(),
  accepted: Type.Integer(),
  versioned: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Integer(),
  results: Type.Array(IngestResultSchema),
  errors: Type.Array(RejectionSchema),
})

const FileRecordFields = {
  recordId: Type.String({ format: 'uuid' }),
  version: Type.Integer(),
  kind: Type.String(),
  source: Type.Object({ name: Type.String(), displayName: Type.String() }),
  sourceRecordId: Type.String(),
  decidedOn: DateString,
  conductEndedOn: Type.Union([DateString, Type.Null()]),
  fields: Type.Record(Type.String(), Type.Unknown()),
  identifierCheckFailed: Type.Boolean(),
  receivedAt: Type.String({ format: 'date-time' }),
  catalogueVersion: Type.String(),
  standing: Type.Union(
    ['current', 'under_objection', 'suppressed', 'withdrawn', 'erased'].map((s) => Type.Literal(s)),
    {
      description:
        "under_objection: an objection awaits the source's answer; suppressed: the answer is overdue, so the record is shown only to the subject and officers; withdrawn: taken back by its source or an officer; erased: past its retention period, only the tombstone (kind, dates, content hash) remains",
    },
  ),
  contentHash: Type.String({ description: 'SHA-256 of the content as stored, hex: what the audit trail proves' }),
  erasedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
}

const ObjectionMarkSchema = Type.Object({
  objectionId: Type.String({ format: 'uuid' }),
  status: Type.String(),
  filedAt: Type.String({ format: 'date-time' }),
  dueOn: Type.String({ format: 'date', description: "the last day the source's answer is due" }),
})

export const CreditFileSchema = Type.Object({
  subject: Type.Ref('SubjectSummary'),
  categories: Type.Array(
    Type.Object({
      category: Type.String(),
      records: Type.Array(
        Type.Object({
          ...FileRecordFields,
          kindName: Type.Object({ zh: Type.String(), en: Type.String() }),
          polarity: Type.String(),
          objection: Type.Optional(ObjectionMarkSchema),
          statement: Type.Optional(Type.String({ description: "the subject's own statement about this record" })),
          publicUntil: Type.Union([DateString, Type.Null()], {
            description: "the day its public display ends; null: never public (a person's record, a restricted kind)",
          }),
          keptUntil: Type.Union([DateString, Type.Null()], {
            description:
              'the day it is erased to a tombstone; counted from the decision, or from the end of the conduct for kinds counted from there (for a negative kind, from the decision while the conduct has not ended); null: a neutral or positive conduct that goes on, or a kind no longer in the catalogue',
          }),
          history: Type.Optional(Type.Array(Type.Object(FileRecordFields))),
          repair: Type.Optional(
            Type.Object(
              {
                open: Type.Boolean(),
                why: Type.Optional(
                  Type.Union(
                    ['not_repairable', 'never_public', 'not_in_force', 'not_published', 'too_early'].map((s) =>
                      Type.Literal(s),
                    ),
                  ),
                ),
                from: Type.Optional(DateString),
              },
              {
                description:
                  "the subject's own file only: whether credit repair may end this record's publication today (open), else why not, and for too_early the day it becomes possible (from)",
              },
            ),
          ),
        }),
      ),
    }),
  ),
})

export const PublicFileSchema = Type.Object({
  subject: Type.Object({
    subjectId: Type.String({ format: 'uuid' }),
    subjectType: Type.String(),
    name: Type.String(),
    uscc: Type.Optional(Type.String()),
    divisionCode: Type.Union([Type.String(), Type.Null()]),
  }),
  records: Type.Array(
    Type.Object({
      recordId: Type.String({ format: 'uuid' }),
      kind: Type.String(),
      kindName: Type.Object({ zh: Type.String(), en: Type.String() }),
      category: Type.String(),
      polarity: Type.String(),
      decidedOn: DateString,
      publicUntil: Type.String({ format: 'date', description: 'shown to the public until (exclusive) this day' }),
      source: Type.Object({ displayName: Type.String() }),
      fields: Type.Record(Type.String(), Type.Unknown()),
      underObjection: Type.Boolean({ description: "an objection against it awaits the source's answer" }),
      statement: Type.Optional(Type.String({ description: "the organisation's own statement about this record" })),
    }),
  ),
})

/** An organisation's public file with its entries on public lists and its grade (GET /v1/public/subjects/:subjectId/profile). */
export const PublicProfileSchema = Type.Object({
  ...PublicFileSchema.properties,
  listEntries: Type.Array(Type.Unknown(), { description: 'as GET /v1/public/subjects/{id}/list-entries' }),
  generatedAt: Type.String({
    format: 'date-time',
    description: 'when this answer was made (a printed report says so)',
  }),
  rating: Type.Union([
    Type.Object({
      grade: Type.String(),
      ratedOn: Type.String({ format: 'date' }),
      model: Type.Object({ code: Type.String(), version: Type.String() }),
    }),
    Type.Null(),
  ]),
})

export const ReportSchema = Type.Object({
  subject: Type.Ref('SubjectSummary'),
  purpose: Type.String(),
  consentId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  generatedAt: Type.String({ format: 'date-time' }),
  categories: CreditFileSchema.properties.categories,
})

/** POST /v1/reports: the subject by its identifier (a person's identity number never in a URL). */
export const ReportRequestSchema = Type.Object({
  purpose: Type.String({
    description: 'a purpose the relying party is registered for, as in GET /v1/reports/{subjectId}',
  }),
  subject: Type.Union([
    Type.Object({ uscc: Type.String({ description: 'Unified Social Credit Code' }) }),
    Type.Object({
      residentId: Type.String({ description: 'resident identity number; never echoed' }),
      name: Type.String({ description: "the person's name, as on the identity card", maxLength: 200 }),
    }),
  ]),
})

const Localised = Type.Object({ zh: Type.String(), en: Type.String() })

/** Browsing licences and penalties (GET /v1/public/records): what is asked. */
export const PublicityQuerySchema = Type.Object(
  {
    category: Type.Union([Type.Literal('licensing'), Type.Literal('administrative_penalties')], {
      description: 'administrative licences, or administrative penalties',
    }),
    source: Type.Optional(Type.String({ format: 'uuid', description: 'the deciding agency (a source)' })),
    region: Type.Optional(
      Type.String({
        pattern: '^[0-9]{2}([0-9]{2}){0,2}$',
        description: "the organisation's administrative division: 2 (province), 4 (city) or 6 digits",
      }),
    ),
    from: Type.Optional(Type.String({ format: 'date', description: 'decided on or after' })),
    to: Type.Optional(Type.String({ format: 'date', description: 'decided on or before' })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
)

/** A page of public licences or penalties, newest decision first, and the agencies there are to choose from. */
export const PublicityPageSchema = Type.Object({
  records: Type.Array(
    Type.Object({
      recordId: Type.String({ format: 'uuid' }),
      kind: Type.String(),
      kindName: Localised,
      decidedOn: DateString,
      publicUntil: Type.String({ format: 'date', description: 'shown to the public until (exclusive) this day' }),
      source: Type.Object({ sourceId: Type.String({ format: 'uuid' }), displayName: Type.String() }),
      subject: Type.Object({
        subjectId: Type.String({ format: 'uuid' }),
        name: Type.String(),
        uscc: Type.Union([Type.String(), Type.Null()]),
        subjectType: Type.String(),
      }),
      fields: Type.Record(Type.String(), Type.Unknown()),
      underObjection: Type.Boolean(),
    }),
  ),
  page: Type.Integer(),
  more: Type.Boolean({ description: 'another page follows' }),
  agencies: Type.Array(Type.Object({ sourceId: Type.String({ format: 'uuid' }), displayName: Type.String() })),
})
