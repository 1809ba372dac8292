// The published catalogue's HTTP shapes: the catalogue in force resolved for reading, its stored versions, and what changed.
import { Type, type Static } from 'typebox'

const Localised = Type.Object({ zh: Type.String(), en: Type.String() })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])
const Duration = (description: string) =>
  Type.String({ description: `${description} (ISO 8601 date duration, e.g. P3Y)` })

export const PublishedElementSchema = Type.Object({
  code: Type.String({ description: 'the field name in a record of this kind' }),
  name: Localised,
  description: Localised,
  category: Type.String({ description: 'common (what every decision carries) or the record category it belongs to' }),
  type: Type.String({
    description:
      'identifier, name, text, date, month, year, code, codes, amount, count, score, boolean or coded_string',
  }),
  required: Type.Boolean(),
  bounds: Type.Object(
    {
      minLength: Type.Optional(Type.Integer()),
      maxLength: Type.Optional(Type.Integer()),
      pattern: Type.Optional(Type.String()),
      minimum: Type.Optional(Type.Number()),
      maximum: Type.Optional(Type.Number()),
      maxItems: Type.Optional(Type.Integer()),
      length: Type.Optional(Type.Integer()),
    },
    { description: "the bounds of the value once the kind has narrowed the dictionary's element" },
  ),
  unit: Nullable(
    Type.String({
      description:
        "amounts: record_currency (the record's currency element) or CNY; counts: persons, accounts, months or days",
    }),
  ),
  values: Type.Array(Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String() }), {
    description: 'code and codes: the values the kind allows, with their labels',
  }),
  legend: Nullable(Localised),
  subjectTypes: Type.Array(Type.String(), { description: 'whom the element may describe' }),
  mayBePublic: Type.Boolean({ description: 'whether a record of a public kind may carry it' }),
  personsNeedConsent: Type.Boolean({
    description:
      "about a person's income, deposits, securities, insurance, real estate or tax: read only with the person's consent",
  }),
  legalBasis: Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String() }),
  source: Type.String({ description: 'the national catalogue item or record format the element comes from' }),
})

export const PublishedKindSchema = Type.Object({
  code: Type.String(),
  category: Type.String(),
  name: Localised,
  legalBasis: Localised,
  subjectTypes: Type.Array(Type.String()),
  polarity: Type.String({ description: 'positive, negative or neutral' }),
  severity: Nullable(Type.String({ description: 'minor, general or serious' })),
  disclosure: Type.String({ description: 'public, restricted or consent_required' }),
  display: Nullable(
    Type.Object({
      window: Duration('how long a record is shown publicly from its decision'),
      maxWindow: Duration('the longest it may ever be shown'),
    }),
  ),
  retention: Type.Object({
    period: Duration('when a record is erased'),
    from: Type.String({ description: 'decision or conduct_end' }),
  }),
  repairable: Type.Boolean(),
  minimumPublication: Nullable(
    Duration('the least time a repairable record is published before credit repair may end it'),
  ),
  elements: Type.Array(PublishedElementSchema),
})

const ListKindSchema = Type.Object({
  code: Type.String(),
  type: Type.String({ description: 'black or red' }),
  areas: Type.Array(Type.String()),
  name: Localised,
  legalBasis: Localised,
  basisKinds: Type.Array(Type.String(), {
    description: 'the record kinds whose legally effective records may ground an entry',
  }),
  criteria: Type.Array(Type.Object({ code: Type.String(), area: Type.Optional(Type.String()), name: Localised })),
  exclusions: Type.Array(Type.Object({ code: Type.String(), name: Localised })),
  subjectTypes: Type.Array(Type.String()),
  term: Type.Object({
    default: Duration("an entry's term unless the decision says longer"),
    max: Duration('the longest an entry lasts'),
  }),
  objectionWindow: Duration('the time to object after notice'),
  earlyRemoval: Type.Array(Type.Object({ code: Type.String(), name: Localised, withinWorkingDays: Type.Integer() })),
  disclosure: Type.String({ description: 'public or restricted' }),
})

const MeasureSchema = Type.Object({
  code: Type.String({ description: "the measure dictionary's code" }),
  effect: Type.String({ description: 'restriction or incentive' }),
  group: Type.String(),
  groupName: Localised,
  listKind: Type.String({ description: 'the list kind it follows' }),
  area: Nullable(Type.String({ description: 'the area of serious breach it answers (black lists)' })),
  name: Localised,
  legalProvision: Localised,
  department: Localised,
  domain: Type.String(),
  appliesTo: Type.String({ description: 'always the listed subject' }),
  maxTerm: Duration("the longest it applies from the entry's start"),
  items: Type.Array(Type.Object({ code: Type.String(), article: Type.String(), name: Localised }), {
    description: 'the items of a closed sub-list it restricts (high consumption); empty otherwise',
  }),
})

export const PublishedCatalogueSchema = Type.Object({
  catalogueVersion: Type.String(),
  publishedOn: Type.String({ format: 'date' }),
  dictionaryVersion: Type.String({ description: 'the data-element dictionary the kinds select from' }),
  kinds: Type.Array(PublishedKindSchema),
  lists: Type.Object({
    listCatalogueVersion: Type.String(),
    publishedOn: Type.String({ format: 'date' }),
    measureDictionaryVersion: Type.String(),
    listKinds: Type.Array(ListKindSchema),
    measures: Type.Array(MeasureSchema),
  }),
})

export const CatalogueTypeSchema = Type.Union([Type.Literal('kinds'), Type.Literal('lists')], {
  description: 'kinds: the record-kind catalogue; lists: the list catalogue (list kinds and measures)',
})

const VersionFields = {
  version: Type.String(),
  publishedOn: Type.String({ format: 'date' }),
  loadedAt: Type.String({ format: 'date-time', description: 'when this deployment first loaded it' }),
  contentHash: Type.String({ description: 'SHA-256 (hex) of the canonical JSON of the content (sorted keys)' }),
  inForce: Type.Boolean(),
}

export const StoredVersionSchema = Type.Object({
  ...VersionFields,
  recordedBy: Nullable(
    Type.Object(
      {
        seq: Type.Integer({ description: "the audit event's sequence number" }),
        action: Type.String(),
        occurredAt: Type.String({ format: 'date-time' }),
        leafIndex: Nullable(
          Type.Integer({
            description:
              'its leaf in the transparency log (GET /v1/log/proof/inclusion?leaf=…); null until the log has appended it',
          }),
        ),
        canonical: Nullable(Type.String({ description: 'the bytes the leaf hashes (RFC 9162 leaf hash of them)' })),
      },
      { description: 'the audit event that recorded the version when it was first loaded' },
    ),
  ),
})

export const VersionsSchema = Type.Object({
  recordKinds: Type.Array(StoredVersionSchema, { description: 'newest first' }),
  lists: Type.Array(StoredVersionSchema, { description: 'newest first' }),
})

export const VersionContentSchema = Type.Object({
  type: CatalogueTypeSchema,
  ...VersionFields,
  content: Type.Unknown({
    description: 'the version as loaded (validated, with what the validator derives), in the format of its time',
  }),
})

const Change = Type.Object({ property: Type.String(), before: Type.Unknown(), after: Type.Unknown() })
const Item = {
  code: Type.String(),
  listKind: Nullable(Type.String({ description: 'measures: the list kind it follows' })),
  area: Nullable(Type.String({ description: 'measures: the area of breach it answers' })),
  name: Nullable(Localised),
}
const ElementRef = Type.Object({ element: Type.String(), required: Type.Boolean(), name: Nullable(Localised) })

export const DiffSchema = Type.Object({
  type: CatalogueTypeSchema,
  from: Type.Object({ version: Type.String(), publishedOn: Type.String({ format: 'date' }) }),
  to: Type.Object({ version: Type.String(), publishedOn: Type.String({ format: 'date' }) }),
  sections: Type.Array(
    Type.Object({
      section: Type.String({ description: 'kinds, listKinds or measures' }),
      added: Type.Array(Type.Object(Item)),
      removed: Type.Array(Type.Object(Item)),
      changed: Type.Array(
        Type.Object({
          ...Item,
          properties: Type.Array(Change, {
            description: 'every property that differs, before and after (null: absent)',
          }),
          elements: Nullable(
            Type.Object({
              comparedBy: Type.String({
                description:
                  'narrowing: both versions list data elements; name: one is of the 2026.1 format (a JSON Schema per kind), compared by field name and whether it is required',
              }),
              added: Type.Array(ElementRef),
              removed: Type.Array(ElementRef),
              narrowed: Type.Array(
                Type.Object({
                  element: Type.String(),
                  name: Nullable(Localised),
                  changes: Type.Array(Change),
                  labels: Type.Record(Type.String(), Localised, {
                    description: 'coded elements: the words for each code the dictionary in force knows',
                  }),
                }),
              ),
            }),
          ),
        }),
      ),
    }),
  ),
})

export type PublishedCatalogue = Static<typeof PublishedCatalogueSchema>
export type PublishedKind = Static<typeof PublishedKindSchema>
export type PublishedElement = Static<typeof PublishedElementSchema>
export type StoredVersionView = Static<typeof StoredVersionSchema>
export type Versions = Static<typeof VersionsSchema>
export type VersionContent = Static<typeof VersionContentSchema>
export type CatalogueDiffView = Static<typeof DiffSchema>
export type CatalogueType = Static<typeof CatalogueTypeSchema>
