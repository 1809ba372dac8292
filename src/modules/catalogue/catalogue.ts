// The record-kind catalogue: types, vocabularies and the pure rules other modules apply to it.
import { addDuration } from './durations.ts'
import type { KindElement } from './elements.ts'

export const SUBJECT_TYPES = [
  'enterprise',
  'individual_business',
  'cooperative',
  'social_organisation',
  'public_body',
  'other_organisation',
  'person',
] as const
export type SubjectType = (typeof SUBJECT_TYPES)[number]

export const POLARITIES = ['positive', 'negative', 'neutral'] as const
export type Polarity = (typeof POLARITIES)[number]

export const DISCLOSURES = ['public', 'restricted', 'consent_required'] as const
export type Disclosure = (typeof DISCLOSURES)[number]

export const SEVERITIES = ['minor', 'general', 'serious'] as const
export type Severity = (typeof SEVERITIES)[number]

export const RECORD_CATEGORIES = [
  'licensing',
  'administrative_penalties',
  'judicial',
  'tax',
  'finance',
  'public_contracts',
  'labour',
  'product_safety',
  'environment',
  'public_procurement',
  'commendations',
  'market_supervision',
] as const
export type RecordCategory = (typeof RECORD_CATEGORIES)[number]

export const RETENTION_FROM = ['decision', 'conduct_end'] as const
export type RetentionFrom = (typeof RETENTION_FROM)[number]

export interface LocalisedText {
  zh: string
  en: string
}

/** The JSON Schema (draft 2020-12) subset a kind's `fields` may use. */
export type JsonSchemaType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array'

export interface JsonSchema {
  type: JsonSchemaType
  description?: string
  title?: string
  $comment?: string
  // string
  maxLength?: number
  minLength?: number
  pattern?: string
  format?: 'date'
  // number / integer
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  multipleOf?: number
  // any scalar
  enum?: Array<string | number>
  const?: string | number | boolean
  // array
  items?: JsonSchema
  minItems?: number
  maxItems?: number
  uniqueItems?: boolean
  // object
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: false
  examples?: unknown[]
}

/** The top of a kind's `fields`: a closed object, derived from the kind's elements. */
export interface JsonSchemaObject extends JsonSchema {
  type: 'object'
  properties: Record<string, JsonSchema>
  required: string[]
  additionalProperties: false
}

export interface DisplayWindow {
  /** How long the record is shown publicly, counted from its decision date. */
  window: string
  /** The longest it may ever be shown (extensions included). */
  maxWindow: string
}

export interface Retention {
  /** ISO 8601 duration after which the record is erased; always finite. */
  period: string
  from: RetentionFrom
}

export interface RecordKind {
  code: string
  category: RecordCategory
  name: LocalisedText
  legalBasis: LocalisedText
  subjectTypes: SubjectType[]
  polarity: Polarity
  severity?: Severity
  disclosure: Disclosure
  display: DisplayWindow | null
  retention: Retention
  repairable: boolean
  minimumPublication?: string
  /** the data elements a record of this kind carries, from the dictionary, as the kind narrows them */
  elements: KindElement[]
  /** the JSON Schema of a record's `fields`, derived from `elements` by the validator (not in the file) */
  fields: JsonSchemaObject
}

export interface Catalogue {
  catalogueVersion: string
  publishedOn: string
  kinds: RecordKind[]
}

/** A catalogue version (record kinds or lists) as stored when first loaded. */
export interface StoredCatalogueVersion {
  version: string
  publishedOn: string
  loadedAt: Date
  /** SHA-256 (hex) of the content's canonical JSON */
  contentHash: string
}

/**
 * Field names that belong to the generic record envelope, which every record carries outside
 * its `fields`: the source's record id, the kind code, the subject's identifier and name,
 * the decision date and the date the conduct ended.
 */
export const ENVELOPE_FIELD_NAMES: readonly string[] = [
  'sourceRecordId',
  'recordId',
  'kind',
  'kindCode',
  'subjectId',
  'subjectIdentifier',
  'subjectName',
  'decidedOn',
  'conductEndedOn',
]

export function findKind(catalogue: Catalogue, code: string): RecordKind | undefined {
  return catalogue.kinds.find((k) => k.code === code)
}

/** True if the kind may hold records about natural persons. */
export function appliesToPersons(kind: Pick<RecordKind, 'subjectTypes'>): boolean {
  return kind.subjectTypes.includes('person')
}

/**
 * The last day a record of this kind may be shown to the public (exclusive end: the record is
 * shown while date < the returned day), or null if the kind is never shown publicly. The
 * organisation-only rule for public display is applied elsewhere, by whoever knows the subject.
 */
export function publicDisplayEndsOn(
  kind: Pick<RecordKind, 'disclosure' | 'display'>,
  decidedOn: string,
): string | null {
  if (kind.disclosure !== 'public' || kind.display === null) return null
  return addDuration(decidedOn, kind.display.window)
}

/**
 * Whether a kind counted from the end of the conduct counts from the decision while no end is known: the
 * negative kinds (a defaulter, arrears, an abnormal-operation listing), so that negative information is
 * never kept forever for want of a date. A neutral or positive fact that goes on (a licence in force, an
 * open loan account) is kept while it goes on: its source sends the end when it comes.
 */
export function hasRetentionBackstop(kind: Pick<RecordKind, 'retention' | 'polarity'>): boolean {
  return kind.retention.from === 'conduct_end' && kind.polarity === 'negative'
}

/**
 * The day a record's retention period counts from: the decision, or the end of the conduct for the kinds
 * counted from there; while that conduct has not ended, the decision for a negative kind (the backstop,
 * hasRetentionBackstop) and none for the others (null: not counted yet).
 */
export function retentionBaseOf(
  kind: Pick<RecordKind, 'retention' | 'polarity'>,
  dates: { decidedOn: string; conductEndedOn?: string | null | undefined },
): string | null {
  switch (kind.retention.from) {
    case 'decision':
      return dates.decidedOn
    case 'conduct_end':
      return dates.conductEndedOn ?? (hasRetentionBackstop(kind) ? dates.decidedOn : null)
  }
}

/** The day a record of this kind is due for erasure (its retention base plus the kind's period), or null while not counted yet. */
export function erasureDueOn(
  kind: Pick<RecordKind, 'retention' | 'polarity'>,
  dates: { decidedOn: string; conductEndedOn?: string | null | undefined },
): string | null {
  const base = retentionBaseOf(kind, dates)
  return base === null ? null : addDuration(base, kind.retention.period)
}
