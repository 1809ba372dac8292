/** The lists API's response shapes (TypeBox): validation, serialisation, OpenAPI, and the portal's types. */
import { Type } from 'typebox'
import { TrailEventSchema } from '../../platform/problem-schema.ts'
import { OFFICER_STEPS } from './lists.machine.ts'

const Localised = Type.Object({ zh: Type.String(), en: Type.String() })
const Day = Type.Union([Type.String({ format: 'date' }), Type.Null()])
export const EntrySchema = Type.Object({
  entryId: Type.String({ format: 'uuid' }),
  subjectId: Type.String({ format: 'uuid' }),
  listKind: Type.String(),
  listType: Type.String(),
  listName: Localised,
  legalBasis: Localised,
  area: Type.Union([Type.String(), Type.Null()]),
  criterion: Type.Object({ code: Type.String(), name: Localised }),
  basisRecordId: Type.String({ format: 'uuid' }),
  status: Type.String({
    description: 'proposed, noticed, objection_filed, heard, active, rejected, expired, removed_early, annulled',
  }),
  proposedOn: Type.String({ format: 'date' }),
  noticedOn: Day,
  objectionWindowEndsOn: Day,
  objectionFiledOn: Day,
  heardOn: Day,
  decidedOn: Day,
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  decidingAgency: Type.Union([Type.String(), Type.Null()]),
  startsOn: Day,
  endsOn: Day,
  endedOn: Day,
  inForce: Type.Boolean(),
  removal: Type.Union([
    Type.Object({
      condition: Type.String(),
      reportedOn: Type.String({ format: 'date' }),
      dueOn: Type.String({ format: 'date' }),
      overdue: Type.Boolean(),
    }),
    Type.Null(),
  ]),
  earlyRemoval: Type.Array(Type.Object({ code: Type.String(), name: Localised, withinWorkingDays: Type.Integer() })),
})
/** Entries: an organisation's in force (public), or every entry about the subject (self-service). */
export const EntriesSchema = Type.Object({ entries: Type.Array(EntrySchema) })

/** Every entry about the subject (GET /v1/me/list-entries), each saying whether an objection is open now. */
export const OwnEntriesSchema = Type.Object({
  entries: Type.Array(
    Type.Object({
      ...EntrySchema.properties,
      objectionOpen: Type.Boolean({
        description:
          'whether POST /v1/me/list-entries/{entryId}/objection would be accepted today: a noticed entry inside its objection window, or an entry in force, with no objection against it awaiting its decision',
      }),
      objectionOpenUntil: Type.Union([Type.String({ format: 'date' }), Type.Null()], {
        description: 'the last day (China time) an objection would be accepted, when one is open now; null otherwise',
      }),
    }),
  ),
})

/** One entry with each step's reasons and its audit events (GET /v1/lists/entries/:entryId). */
export const EntryDetailSchema = Type.Object({
  ...EntrySchema.properties,
  steps: Type.Array(
    Type.Object({
      step: Type.String(),
      on: Type.String({ format: 'date' }),
      by: Type.String(),
      reasons: Type.String(),
    }),
  ),
  history: Type.Array(TrailEventSchema),
  allowedSteps: Type.Array(Type.Union(OFFICER_STEPS.map((s) => Type.Literal(s))), {
    description: "the steps the entry's state allows today (the due-process state machine decides)",
  }),
  nextPossibleOn: Type.Union([Type.String({ format: 'date' }), Type.Null()], {
    description:
      'when a step waits for a day (a decision, for the objection window to end): the first day it can be taken',
  }),
  decidingAgencies: Type.Array(Type.Object({ name: Type.String(), displayName: Type.String() }), {
    description:
      'who may be named as the deciding agency: the government sources authorised for a record kind the list rests on',
  }),
})

export const CheckSchema = Type.Object({
  subjectId: Type.String({ format: 'uuid' }),
  domain: Type.String(),
  checkedAt: Type.String({ format: 'date-time' }),
  applies: Type.Boolean(),
  measures: Type.Array(
    Type.Object({
      measure: Type.String(),
      effect: Type.String(),
      name: Localised,
      legalProvision: Localised,
      department: Localised,
      items: Type.Array(Type.Object({ code: Type.String(), name: Localised }), {
        description:
          'the items of a closed sub-list the measure restricts (high consumption: SPC provisions, art. 3); empty for other measures',
      }),
      listEntry: Type.Object({
        entryId: Type.String({ format: 'uuid' }),
        listKind: Type.String(),
        listName: Localised,
        legalBasis: Localised,
        startsOn: Type.String({ format: 'date' }),
        endsOn: Type.String({ format: 'date' }),
      }),
      appliesUntil: Type.String({ format: 'date', description: 'the last day the measure applies' }),
    }),
  ),
})

/** Browsing the public lists (GET /v1/public/list-entries): what is asked. */
export const PublicEntriesQuerySchema = Type.Object(
  {
    listType: Type.Optional(Type.Union([Type.Literal('red'), Type.Literal('black')])),
    listKind: Type.Optional(Type.String({ maxLength: 100 })),
    agency: Type.Optional(Type.String({ maxLength: 200, description: 'the deciding agency, as entries name it' })),
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

/** A page of entries in force on public lists, with the organisation each names. */
export const PublicEntriesSchema = Type.Object({
  entries: Type.Array(
    Type.Object({
      entryId: Type.String({ format: 'uuid' }),
      listKind: Type.String(),
      listType: Type.Union([Type.Literal('red'), Type.Literal('black')]),
      listName: Localised,
      legalBasis: Localised,
      criterion: Type.Object({ code: Type.String(), name: Localised }),
      decidedOn: Day,
      decidingAgency: Type.Union([Type.String(), Type.Null()]),
      startsOn: Day,
      endsOn: Day,
      subject: Type.Object({
        subjectId: Type.String({ format: 'uuid' }),
        name: Type.String(),
        uscc: Type.Union([Type.String(), Type.Null()]),
        subjectType: Type.String(),
        divisionCode: Type.Union([Type.String(), Type.Null()]),
      }),
    }),
  ),
  page: Type.Integer(),
  more: Type.Boolean({ description: 'another page follows' }),
  listKinds: Type.Array(
    Type.Object({
      code: Type.String(),
      type: Type.Union([Type.Literal('red'), Type.Literal('black')]),
      name: Localised,
    }),
  ),
  agencies: Type.Array(Type.String()),
})
