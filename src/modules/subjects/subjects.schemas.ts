import { Type } from 'typebox'

export const SubjectSummarySchema = Type.Object(
  {
    subjectId: Type.String({ format: 'uuid', description: 'pseudonymous id: a keyed hash of the identifier' }),
    subjectType: Type.String(),
    name: Type.String({ description: "organisation name; a person's name only masked" }),
    uscc: Type.Optional(Type.String()),
    residentIdMasked: Type.Optional(Type.String({ description: 'e.g. 110105********002X' })),
    divisionCode: Type.Union([Type.String(), Type.Null()]),
    identifierCheckFailed: Type.Boolean({ description: 'the identifier failed its check character and awaits review' }),
    registeredAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'SubjectSummary' },
)

/** Whom an item of a queue is about: a person's name and identity number masked, as in every answer. */
export const SubjectBriefSchema = Type.Object({
  subjectType: Type.String(),
  name: Type.String({ description: "organisation name; a person's name only masked" }),
  uscc: Type.Optional(Type.String()),
  residentIdMasked: Type.Optional(Type.String({ description: 'e.g. 110105********002X' })),
})

export const SubjectLookupSchema = Type.Union([
  Type.Object({ uscc: Type.String() }, { additionalProperties: false }),
  Type.Object({ residentId: Type.String() }, { additionalProperties: false }),
])

export const SubjectRegistrationSchema = Type.Union([
  Type.Object({
    uscc: Type.String({ description: 'Unified Social Credit Code' }),
    name: Type.String({ maxLength: 200 }),
  }),
  Type.Object({
    residentId: Type.String({ description: 'resident identity number; stored encrypted, never echoed' }),
    name: Type.String({ maxLength: 200 }),
  }),
])

/** Public search: results per page unless the query asks for fewer or more (at most 50). */
export const SEARCH_PAGE = 20

export const SearchQuerySchema = Type.Object({
  q: Type.String({
    minLength: 1,
    maxLength: 100,
    description: 'part of a name (Chinese characters, or pinyin: full or initials), or a USCC',
  }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, description: 'results per page' })),
  page: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 50,
      description: 'the page, from 1; the first thousand matches can be paged through',
    }),
  ),
})

export const SearchResultsSchema = Type.Object({
  results: Type.Array(
    Type.Object({
      subjectId: Type.String({ format: 'uuid' }),
      name: Type.String(),
      uscc: Type.String(),
      subjectType: Type.String({
        description:
          'enterprise, individual_business, cooperative, social_organisation, public_body, other_organisation',
      }),
      grade: Type.Union([Type.String(), Type.Null()], {
        description: 'its credit grade, where the rating model discloses grades to the public; null if not rated',
      }),
    }),
  ),
  total: Type.Integer({ description: 'how many organisations match (at least this many when totalCapped)' }),
  totalCapped: Type.Boolean({ description: 'the count stopped at its cap: more match than total' }),
  page: Type.Integer({ description: 'the page answered, from 1' }),
  more: Type.Boolean({ description: 'more organisations match than this page and the ones before it' }),
})
