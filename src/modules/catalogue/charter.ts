// The charter validator: decides whether a catalogue may be published at all.
//
// It reads untrusted JSON and reports every problem it finds (one per violation, each with a
// stable code, a JSON pointer to the offending place, and a message naming what it found),
// instead of stopping at the first. Structural checks and charter checks both run on the raw
// input, defensively, so that a kind with a structural slip is still checked against the charter.
import {
  DISCLOSURES, ENVELOPE_FIELD_NAMES, POLARITIES, RECORD_CATEGORIES, RETENTION_FROM, SEVERITIES, SUBJECT_TYPES,
} from './catalogue.ts'
import type { Catalogue, Severity } from './catalogue.ts'
import { durationExceeds, isIsoDate, isZeroDuration, tryParseDuration } from './durations.ts'
import { compileFieldSchema, escapePointerSegment } from './fields.ts'
import { BEHAVIOUR_TERMS, FORBIDDEN_TERM_SETS, PERSONAL_FINANCE_TERMS, englishWords, findTerm, findTerms } from './terms.ts'
import type { TermHit } from './terms.ts'

export interface CatalogueProblem {
  /** Stable dotted code, e.g. 'catalogue.forbidden_field'. */
  code: string
  /** JSON pointer to the offending place, e.g. '/kinds/3/fields/properties/religion'. */
  path: string
  message: string
}

export type CatalogueValidation =
  | { ok: true; catalogue: Catalogue }
  | { ok: false; problems: CatalogueProblem[] }

/** Every code validateCatalogue can report. */
export const PROBLEM_CODES = {
  invalidStructure: 'catalogue.invalid_structure',
  duplicateCode: 'catalogue.duplicate_code',
  unknownSubjectType: 'catalogue.unknown_subject_type',
  unknownCategory: 'catalogue.unknown_category',
  invalidDuration: 'catalogue.invalid_duration',
  displayWindowExceedsMax: 'catalogue.display_window_exceeds_max',
  displayDisclosureMismatch: 'catalogue.display_disclosure_mismatch',
  displayExceedsRetention: 'catalogue.display_exceeds_retention',
  forbiddenCategory: 'catalogue.forbidden_category',
  forbiddenField: 'catalogue.forbidden_field',
  behaviourKind: 'catalogue.behaviour_kind',
  behaviourField: 'catalogue.behaviour_field',
  openSchema: 'catalogue.open_schema',
  untypedField: 'catalogue.untyped_field',
  unboundedString: 'catalogue.unbounded_string',
  unboundedArray: 'catalogue.unbounded_array',
  fieldWithoutDescription: 'catalogue.field_without_description',
  unsupportedSchemaKeyword: 'catalogue.unsupported_schema_keyword',
  invalidFieldName: 'catalogue.invalid_field_name',
  envelopeField: 'catalogue.envelope_field',
  missingExample: 'catalogue.missing_example',
  invalidExample: 'catalogue.invalid_example',
  invalidSchema: 'catalogue.invalid_schema',
  retentionMissing: 'catalogue.retention_missing',
  retentionNotFinite: 'catalogue.retention_not_finite',
  retentionTooLong: 'catalogue.retention_too_long',
  publicWarning: 'catalogue.public_warning',
  publicUnclassifiedPenalty: 'catalogue.public_unclassified_penalty',
  publicPersonKind: 'catalogue.public_person_kind',
  penaltyDisplayTooLong: 'catalogue.penalty_display_too_long',
  personalFinanceWithoutConsent: 'catalogue.personal_finance_without_consent',
  missingMinimumPublication: 'catalogue.missing_minimum_publication',
  minimumPublicationTooShort: 'catalogue.minimum_publication_too_short',
  minimumPublicationExceedsDisplay: 'catalogue.minimum_publication_exceeds_display',
} as const

// ---- limits (DOMAIN.md "Time limits"; CHARTER "Keep negative information forever") ----

/** No kind keeps anything longer than this. */
export const MAX_RETENTION = 'P10Y'
/** Negative (and neutral, which can carry negative facts) information on natural persons: CIIR art. 16. */
export const MAX_PERSON_RETENTION = 'P5Y'
/** Longest public display of an administrative penalty, by severity (NDRC display rules). */
export const PENALTY_MAX_DISPLAY: Readonly<Record<Severity, string>> = { minor: 'P3M', general: 'P1Y', serious: 'P3Y' }
/** Shortest publication before an early end by repair, by severity (NDRC Order 58). */
export const PENALTY_MIN_PUBLICATION: Readonly<Record<Severity, string>> = { minor: 'P3M', general: 'P3M', serious: 'P1Y' }
/** A string longer than this is free text, whatever its maxLength says. */
export const MAX_STRING_LENGTH = 1000
const MAX_SCHEMA_DEPTH = 4

const TOP_KEYS = ['catalogueVersion', 'publishedOn', 'kinds']
const KIND_KEYS = ['code', 'category', 'name', 'legalBasis', 'subjectTypes', 'polarity', 'severity', 'disclosure',
  'display', 'retention', 'repairable', 'minimumPublication', 'fields']
const KIND_REQUIRED = ['code', 'category', 'name', 'legalBasis', 'subjectTypes', 'polarity', 'disclosure', 'display',
  'repairable', 'fields']
const SCHEMA_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array']
const COMMON_KEYWORDS = ['type', 'description', 'title', '$comment', 'enum', 'const', 'examples']
const TYPE_KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  string: ['maxLength', 'minLength', 'pattern', 'format'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  integer: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  boolean: [],
  array: ['items', 'minItems', 'maxItems', 'uniqueItems'],
  object: ['properties', 'required', 'additionalProperties'],
}
const ALL_KEYWORDS = new Set([...COMMON_KEYWORDS, ...Object.values(TYPE_KEYWORDS).flat()])
const FORMATS = ['date']
const CODE_RE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/
const FIELD_NAME_RE = /^[A-Za-z][A-Za-z0-9_]*$/
const VERSION_RE = /^\d{4}\.\d{1,3}$/

// ---- small helpers ----

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0
const has = (o: Json, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k)
const quote = (v: unknown): string => {
  const s = JSON.stringify(v)
  return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}...` : s
}

export function pointer(...segments: Array<string | number>): string {
  return segments.map((s) => '/' + escapePointerSegment(String(s))).join('')
}

class Problems {
  readonly list: CatalogueProblem[] = []
  add(code: string, path: string, message: string): void {
    this.list.push({ code, path, message })
  }
}

function hitMessage(hit: TermHit): string {
  return `refers to ${hit.set.label} ('${hit.term}')`
}

// ---- entry point ----

/**
 * Validates a catalogue against its format and against the charter. On success returns a
 * deep-frozen copy of the catalogue; otherwise every problem found.
 */
export function validateCatalogue(input: unknown): CatalogueValidation {
  const p = new Problems()
  if (!isObject(input)) {
    p.add(PROBLEM_CODES.invalidStructure, '', 'a catalogue is a JSON object with catalogueVersion, publishedOn and kinds')
    return { ok: false, problems: p.list }
  }
  for (const key of Object.keys(input)) {
    if (!TOP_KEYS.includes(key)) p.add(PROBLEM_CODES.invalidStructure, pointer(key), `unknown catalogue property '${key}'`)
  }
  if (typeof input.catalogueVersion !== 'string' || !VERSION_RE.test(input.catalogueVersion)) {
    p.add(PROBLEM_CODES.invalidStructure, '/catalogueVersion',
      `catalogueVersion must be a string like '2026.1', found ${quote(input.catalogueVersion)}`)
  }
  if (typeof input.publishedOn !== 'string' || !isIsoDate(input.publishedOn)) {
    p.add(PROBLEM_CODES.invalidStructure, '/publishedOn',
      `publishedOn must be a calendar date YYYY-MM-DD, found ${quote(input.publishedOn)}`)
  }
  const kinds = input.kinds
  if (!Array.isArray(kinds) || kinds.length === 0) {
    p.add(PROBLEM_CODES.invalidStructure, '/kinds', 'kinds must be a non-empty array of record kinds')
  } else {
    const seen = new Map<string, number>()
    kinds.forEach((kind: unknown, i: number) => {
      checkKind(p, kind, i)
      if (isObject(kind) && typeof kind.code === 'string') {
        const first = seen.get(kind.code)
        if (first === undefined) seen.set(kind.code, i)
        else {
          p.add(PROBLEM_CODES.duplicateCode, pointer('kinds', i, 'code'),
            `kind code '${kind.code}' is already used by /kinds/${first}; codes are stable identifiers and must be unique`)
        }
      }
    })
  }
  if (p.list.length > 0) return { ok: false, problems: p.list }
  return { ok: true, catalogue: deepFreeze(structuredClone(input) as unknown as Catalogue) }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}

// ---- one kind ----

interface KindContext {
  readonly index: number
  /** How messages name the kind: its code, or its position if it has none. */
  readonly label: string
  /** The kind applies to natural persons without requiring their consent: scan for personal finances. */
  readonly checkPersonalFinance: boolean
}

function checkKind(p: Problems, kind: unknown, i: number): void {
  const at = (...s: Array<string | number>): string => pointer('kinds', i, ...s)
  if (!isObject(kind)) {
    p.add(PROBLEM_CODES.invalidStructure, at(), `kind #${i} must be an object`)
    return
  }
  const label = typeof kind.code === 'string' && kind.code.length > 0 ? kind.code : `#${i}`
  const K = `kind '${label}'`

  for (const key of Object.keys(kind)) {
    if (!KIND_KEYS.includes(key)) p.add(PROBLEM_CODES.invalidStructure, at(key), `${K} has an unknown property '${key}'`)
  }
  for (const key of KIND_REQUIRED) {
    if (!has(kind, key)) p.add(PROBLEM_CODES.invalidStructure, at(key), `${K} is missing '${key}'`)
  }

  // code
  if (has(kind, 'code')) {
    if (typeof kind.code !== 'string' || !CODE_RE.test(kind.code) || kind.code.length > 64) {
      p.add(PROBLEM_CODES.invalidStructure, at('code'), `${K}: code must be snake_case (at most 64 characters), found ${quote(kind.code)}`)
    }
    if (typeof kind.code === 'string') scanKindText(p, K, kind.code, at('code'), 'code', true)
  }

  // category
  if (has(kind, 'category')) {
    const category = kind.category
    if (typeof category !== 'string') {
      p.add(PROBLEM_CODES.invalidStructure, at('category'), `${K}: category must be a string, found ${quote(category)}`)
    } else {
      const hits = findTerms(category, FORBIDDEN_TERM_SETS, { identifier: true })
      for (const hit of hits) {
        p.add(PROBLEM_CODES.forbiddenCategory, at('category'),
          `${K}: category '${category}' ${hitMessage(hit)}; the catalogue never holds data on ${hit.set.label}`)
      }
      if (hits.length === 0 && !(RECORD_CATEGORIES as readonly string[]).includes(category)) {
        p.add(PROBLEM_CODES.unknownCategory, at('category'),
          `${K}: unknown category '${category}'; expected one of ${RECORD_CATEGORIES.join(', ')}`)
      }
    }
  }

  // name and legal basis
  for (const key of ['name', 'legalBasis'] as const) {
    if (!has(kind, key)) continue
    const text = kind[key]
    if (!isObject(text)) {
      p.add(PROBLEM_CODES.invalidStructure, at(key), `${K}: ${key} must be an object { zh, en }`)
      continue
    }
    for (const k of Object.keys(text)) {
      if (k !== 'zh' && k !== 'en') p.add(PROBLEM_CODES.invalidStructure, at(key, k), `${K}: ${key} has an unknown language '${k}'`)
    }
    const max = key === 'name' ? 200 : 2000
    for (const lang of ['zh', 'en'] as const) {
      const v = text[lang]
      if (!isNonEmptyString(v) || v.length > max) {
        p.add(PROBLEM_CODES.invalidStructure, at(key, lang), `${K}: ${key}.${lang} must be a non-empty string of at most ${max} characters`)
      } else if (key === 'name') {
        scanKindText(p, K, v, at(key, lang), `name (${lang})`, false)
      }
    }
  }

  // subject types
  let subjectTypes: string[] = []
  if (has(kind, 'subjectTypes')) {
    const st = kind.subjectTypes
    if (!Array.isArray(st) || st.length === 0) {
      p.add(PROBLEM_CODES.invalidStructure, at('subjectTypes'), `${K}: subjectTypes must be a non-empty array`)
    } else {
      st.forEach((t: unknown, j: number) => {
        if (typeof t !== 'string' || !(SUBJECT_TYPES as readonly string[]).includes(t)) {
          p.add(PROBLEM_CODES.unknownSubjectType, at('subjectTypes', j),
            `${K}: unknown subject type ${quote(t)}; expected one of ${SUBJECT_TYPES.join(', ')}`)
        } else if (st.indexOf(t) !== j) {
          p.add(PROBLEM_CODES.invalidStructure, at('subjectTypes', j), `${K}: subject type '${t}' is listed twice`)
        } else {
          subjectTypes.push(t)
        }
      })
    }
  }
  subjectTypes = [...new Set(subjectTypes)]
  const persons = subjectTypes.includes('person')

  // enumerations
  const polarity = enumValue(p, kind, 'polarity', POLARITIES, K, at)
  const disclosure = enumValue(p, kind, 'disclosure', DISCLOSURES, K, at)
  const severity = has(kind, 'severity') ? enumValue(p, kind, 'severity', SEVERITIES, K, at) as Severity | undefined : undefined
  if (has(kind, 'repairable') && typeof kind.repairable !== 'boolean') {
    p.add(PROBLEM_CODES.invalidStructure, at('repairable'), `${K}: repairable must be true or false`)
  }

  // display
  let window: string | undefined
  let maxWindow: string | undefined
  if (has(kind, 'display') && kind.display !== null) {
    const d = kind.display
    if (!isObject(d)) {
      p.add(PROBLEM_CODES.invalidStructure, at('display'), `${K}: display must be null or { window, maxWindow }`)
    } else {
      for (const k of Object.keys(d)) {
        if (k !== 'window' && k !== 'maxWindow') p.add(PROBLEM_CODES.invalidStructure, at('display', k), `${K}: display has an unknown property '${k}'`)
      }
      window = durationValue(p, d.window, at('display', 'window'), `${K}: display.window`)
      maxWindow = durationValue(p, d.maxWindow, at('display', 'maxWindow'), `${K}: display.maxWindow`)
      if (window !== undefined && maxWindow !== undefined && durationExceeds(window, maxWindow)) {
        p.add(PROBLEM_CODES.displayWindowExceedsMax, at('display', 'window'),
          `${K}: display window ${window} is longer than its maxWindow ${maxWindow}`)
      }
    }
  }
  const displayed = has(kind, 'display') && kind.display !== null

  // retention
  const retention = checkRetention(p, kind, K, at, persons, polarity)

  // minimum publication
  let minimumPublication: string | undefined
  if (has(kind, 'minimumPublication')) {
    minimumPublication = durationValue(p, kind.minimumPublication, at('minimumPublication'), `${K}: minimumPublication`)
    if (kind.repairable !== true) {
      p.add(PROBLEM_CODES.invalidStructure, at('minimumPublication'), `${K}: minimumPublication applies only to repairable kinds`)
    }
  }

  // ---- charter: public disclosure ----
  if (disclosure !== undefined && has(kind, 'display')) {
    if (disclosure === 'public' && !displayed) {
      p.add(PROBLEM_CODES.displayDisclosureMismatch, at('display'),
        `${K} is 'public' but has no display window; a public kind says how long it is shown`)
    } else if (disclosure !== 'public' && displayed) {
      p.add(PROBLEM_CODES.displayDisclosureMismatch, at('display'),
        `${K} is '${disclosure}' but has a display window; only public kinds are shown publicly (use display: null)`)
    }
  }
  if (disclosure === 'public' && subjectTypes.length > 0 && subjectTypes.every((t) => t === 'person')) {
    p.add(PROBLEM_CODES.publicPersonKind, at('disclosure'),
      `${K} applies only to natural persons and is marked 'public'; records on natural persons are never shown to the public`)
  }
  const isPenalty = kind.category === 'administrative_penalties' || severity !== undefined
  if (isPenalty && displayed && isWarningOnly(kind)) {
    p.add(PROBLEM_CODES.publicWarning, at('display'),
      `${K} is a warning-only penalty with a public display window; warning-only penalties are never shown publicly`)
  } else if (kind.category === 'administrative_penalties' && !has(kind, 'severity') && displayed) {
    p.add(PROBLEM_CODES.publicUnclassifiedPenalty, at('display'),
      `${K} is an administrative penalty without a severity but with a public display window; ` +
      'only minor, general or serious penalties have display periods')
  }
  if (severity !== undefined && maxWindow !== undefined && durationExceeds(maxWindow, PENALTY_MAX_DISPLAY[severity])) {
    p.add(PROBLEM_CODES.penaltyDisplayTooLong, at('display', 'maxWindow'),
      `${K}: a ${severity} penalty may be shown publicly for at most ${PENALTY_MAX_DISPLAY[severity]}, not ${maxWindow}`)
  }
  if (maxWindow !== undefined && retention !== undefined && durationExceeds(maxWindow, retention)) {
    p.add(PROBLEM_CODES.displayExceedsRetention, at('display', 'maxWindow'),
      `${K}: display maxWindow ${maxWindow} outlasts the retention period ${retention}`)
  }

  // ---- charter: repair ----
  if (kind.repairable === true && polarity === 'negative' && displayed && !has(kind, 'minimumPublication')) {
    p.add(PROBLEM_CODES.missingMinimumPublication, at('minimumPublication'),
      `${K} is repairable but does not say how long it must be published before repair`)
  }
  if (minimumPublication !== undefined) {
    if (maxWindow !== undefined && durationExceeds(minimumPublication, maxWindow)) {
      p.add(PROBLEM_CODES.minimumPublicationExceedsDisplay, at('minimumPublication'),
        `${K}: minimumPublication ${minimumPublication} is longer than the display maxWindow ${maxWindow}`)
    }
    if (severity !== undefined && durationExceeds(PENALTY_MIN_PUBLICATION[severity], minimumPublication)) {
      p.add(PROBLEM_CODES.minimumPublicationTooShort, at('minimumPublication'),
        `${K}: a ${severity} penalty is published for at least ${PENALTY_MIN_PUBLICATION[severity]} before repair, not ${minimumPublication}`)
    }
  }

  // ---- fields ----
  if (has(kind, 'fields')) {
    const ctx: KindContext = {
      index: i,
      label,
      checkPersonalFinance: persons && disclosure !== 'consent_required',
    }
    checkFields(p, kind.fields, ctx)
  }
}

function enumValue<T extends string>(
  p: Problems, kind: Json, key: string, values: readonly T[], K: string, at: (...s: Array<string | number>) => string,
): T | undefined {
  if (!has(kind, key)) return undefined
  const v = kind[key]
  if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T
  p.add(PROBLEM_CODES.invalidStructure, at(key), `${K}: ${key} must be one of ${values.join(', ')}, found ${quote(v)}`)
  return undefined
}

function durationValue(p: Problems, v: unknown, path: string, what: string): string | undefined {
  const parsed = typeof v === 'string' ? tryParseDuration(v) : undefined
  if (typeof v !== 'string' || parsed === undefined) {
    p.add(PROBLEM_CODES.invalidDuration, path, `${what} must be an ISO 8601 duration such as 'P3M' or 'P1Y', found ${quote(v)}`)
    return undefined
  }
  if (isZeroDuration(parsed)) {
    p.add(PROBLEM_CODES.invalidDuration, path, `${what} must be longer than zero, found ${quote(v)}`)
    return undefined
  }
  return v
}

/** Scans a kind's code or name for forbidden data categories and for "behaviour" kinds. */
function scanKindText(p: Problems, K: string, text: string, path: string, where: string, identifier: boolean): void {
  for (const hit of findTerms(text, FORBIDDEN_TERM_SETS, { identifier })) {
    p.add(PROBLEM_CODES.forbiddenCategory, path,
      `${K}: ${where} ${quote(text)} ${hitMessage(hit)}; the catalogue never holds data on ${hit.set.label}`)
  }
  const behaviour = findTerm(text, BEHAVIOUR_TERMS, { identifier })
  if (behaviour !== undefined) {
    p.add(PROBLEM_CODES.behaviourKind, path,
      `${K}: ${where} ${quote(text)} ${hitMessage(behaviour)}; there is no free-text "behaviour" kind, only kinds of specific, documented facts`)
  }
}

function isWarningOnly(kind: Json): boolean {
  const texts: string[] = []
  if (typeof kind.code === 'string') texts.push(kind.code)
  if (isObject(kind.name) && typeof kind.name.en === 'string') texts.push(kind.name.en)
  if (texts.some((t) => englishWords(t).some((w) => w === 'warning' || w === 'warnings'))) return true
  return isObject(kind.name) && typeof kind.name.zh === 'string' && kind.name.zh.includes('警告')
}

function checkRetention(
  p: Problems, kind: Json, K: string, at: (...s: Array<string | number>) => string,
  persons: boolean, polarity: string | undefined,
): string | undefined {
  if (!has(kind, 'retention') || kind.retention === null || kind.retention === undefined) {
    p.add(PROBLEM_CODES.retentionMissing, at('retention'),
      `${K} has no retention period; every kind is erased after a finite period`)
    return undefined
  }
  const r = kind.retention
  if (!isObject(r)) {
    p.add(PROBLEM_CODES.retentionNotFinite, at('retention'),
      `${K}: retention ${quote(r)} is not { period, from } with a finite ISO 8601 period; every kind is erased after a finite period`)
    return undefined
  }
  for (const k of Object.keys(r)) {
    if (k !== 'period' && k !== 'from') p.add(PROBLEM_CODES.invalidStructure, at('retention', k), `${K}: retention has an unknown property '${k}'`)
  }
  if (typeof r.from !== 'string' || !(RETENTION_FROM as readonly string[]).includes(r.from)) {
    p.add(PROBLEM_CODES.invalidStructure, at('retention', 'from'),
      `${K}: retention.from must be one of ${RETENTION_FROM.join(', ')}, found ${quote(r.from)}`)
  }
  if (!has(r, 'period') || r.period === null || r.period === undefined) {
    p.add(PROBLEM_CODES.retentionMissing, at('retention', 'period'),
      `${K} has no retention period; every kind is erased after a finite period`)
    return undefined
  }
  const parsed = typeof r.period === 'string' ? tryParseDuration(r.period) : undefined
  if (parsed === undefined || isZeroDuration(parsed)) {
    p.add(PROBLEM_CODES.retentionNotFinite, at('retention', 'period'),
      `${K}: retention period ${quote(r.period)} is not a finite ISO 8601 duration such as 'P5Y'; every kind is erased after a finite period`)
    return undefined
  }
  const period = r.period as string
  if (persons && (polarity === 'negative' || polarity === 'neutral') && durationExceeds(period, MAX_PERSON_RETENTION)) {
    p.add(PROBLEM_CODES.retentionTooLong, at('retention', 'period'),
      `${K}: ${polarity} information on natural persons is erased within ${MAX_PERSON_RETENTION} (CIIR art. 16), but retention is ${period}`)
  } else if (durationExceeds(period, MAX_RETENTION)) {
    p.add(PROBLEM_CODES.retentionTooLong, at('retention', 'period'),
      `${K}: retention ${period} is longer than the ${MAX_RETENTION} the charter allows for any kind`)
  }
  return period
}

// ---- the `fields` schema ----

function checkFields(p: Problems, fields: unknown, ctx: KindContext): void {
  const base = pointer('kinds', ctx.index, 'fields')
  const K = `kind '${ctx.label}'`
  if (!isObject(fields)) {
    p.add(PROBLEM_CODES.invalidStructure, base, `${K}: fields must be a JSON Schema object`)
    return
  }
  const before = p.list.length
  if (fields.type !== 'object') {
    p.add(PROBLEM_CODES.invalidStructure, `${base}/type`, `${K}: fields must have type 'object', found ${quote(fields.type)}`)
  }
  walkSchema(p, fields, base, [], 0, ctx, true)

  const examples = fields.examples
  if (!Array.isArray(examples) || examples.length === 0) {
    p.add(PROBLEM_CODES.missingExample, `${base}/examples`,
      `${K}: fields must have an 'examples' array with at least one valid fields object`)
    return
  }
  // Only a schema that passed every check above is handed to ajv.
  if (p.list.length > before) return
  let validate: (v: unknown) => Array<{ pointer: string; message: string }>
  try {
    validate = compileFieldSchema(fields)
  } catch (e) {
    p.add(PROBLEM_CODES.invalidSchema, base, `${K}: fields schema does not compile: ${e instanceof Error ? e.message : String(e)}`)
    return
  }
  examples.forEach((example: unknown, j: number) => {
    const errors = validate(example)
    if (errors.length > 0) {
      p.add(PROBLEM_CODES.invalidExample, `${base}/examples/${j}`,
        `${K}: example ${j} does not validate: ${errors.map((e) => `${e.pointer || '(fields)'} ${e.message}`).join('; ')}`)
    }
  })
}

function walkSchema(
  p: Problems, node: unknown, path: string, names: readonly string[], depth: number, ctx: KindContext, isRoot: boolean,
): void {
  const K = `kind '${ctx.label}'`
  const F = names.length === 0 ? `${K} fields` : `${K} field '${names.join('.')}'`
  if (!isObject(node)) {
    p.add(PROBLEM_CODES.invalidStructure, path, `${F}: a field schema must be an object`)
    return
  }
  if (depth > MAX_SCHEMA_DEPTH) {
    p.add(PROBLEM_CODES.invalidStructure, path, `${F}: fields nest deeper than ${MAX_SCHEMA_DEPTH} levels`)
    return
  }
  for (const key of Object.keys(node)) {
    if (!ALL_KEYWORDS.has(key)) {
      p.add(PROBLEM_CODES.unsupportedSchemaKeyword, `${path}/${escapePointerSegment(key)}`,
        `${F} uses '${key}', which is outside the catalogue's JSON Schema subset ` +
        '(type, description, enum, const, string/number/array/object bounds, properties, required, additionalProperties: false, examples)')
    }
  }

  // texts describing the field
  for (const key of ['description', 'title', '$comment'] as const) {
    if (!has(node, key)) continue
    const text = node[key]
    if (typeof text !== 'string') {
      p.add(PROBLEM_CODES.invalidStructure, `${path}/${key}`, `${F}: ${key} must be a string`)
      continue
    }
    scanFieldText(p, text, `${path}/${key}`, F, key, ctx, false)
  }
  const isProperty = !isRoot && names.length > 0 && !path.endsWith('/items')
  if (isProperty && (!isNonEmptyString(node.description) || node.description.length > 500)) {
    p.add(PROBLEM_CODES.fieldWithoutDescription, path, `${F} needs a description (at most 500 characters) saying what it holds`)
  }

  // type
  const type = node.type
  if (!has(node, 'type')) {
    p.add(PROBLEM_CODES.untypedField, path, `${F} has no type; every field says what it holds`)
    return
  }
  if (typeof type !== 'string' || !SCHEMA_TYPES.includes(type)) {
    p.add(PROBLEM_CODES.invalidStructure, `${path}/type`, `${F}: type must be one of ${SCHEMA_TYPES.join(', ')}, found ${quote(type)}`)
    return
  }
  for (const key of Object.keys(node)) {
    if (ALL_KEYWORDS.has(key) && !COMMON_KEYWORDS.includes(key) && !(TYPE_KEYWORDS[type] ?? []).includes(key)) {
      p.add(PROBLEM_CODES.invalidStructure, `${path}/${key}`, `${F}: '${key}' does not apply to type '${type}'`)
    }
  }

  // enum / const values
  if (has(node, 'enum')) {
    const values = node.enum
    if (!Array.isArray(values) || values.length === 0 ||
      !values.every((v) => (typeof v === 'string' && v.length > 0) || typeof v === 'number') ||
      new Set(values).size !== values.length) {
      p.add(PROBLEM_CODES.invalidStructure, `${path}/enum`, `${F}: enum must be a non-empty list of distinct strings or numbers`)
    } else {
      values.forEach((v, j) => {
        if (typeof v === 'string') scanFieldText(p, v, `${path}/enum/${j}`, F, 'enum value', ctx, true)
      })
    }
  }
  if (has(node, 'const')) {
    const v = node.const
    if (typeof v === 'string') scanFieldText(p, v, `${path}/const`, F, 'const value', ctx, true)
    else if (typeof v !== 'number' && typeof v !== 'boolean') {
      p.add(PROBLEM_CODES.invalidStructure, `${path}/const`, `${F}: const must be a string, number or boolean`)
    }
  }

  switch (type) {
    case 'string': {
      const max = node.maxLength
      if (max === undefined) {
        p.add(PROBLEM_CODES.unboundedString, path, `${F} is a string without maxLength; free text is not a field`)
      } else if (typeof max !== 'number' || !Number.isInteger(max) || max < 1) {
        p.add(PROBLEM_CODES.invalidStructure, `${path}/maxLength`, `${F}: maxLength must be a positive integer`)
      } else if (max > MAX_STRING_LENGTH) {
        p.add(PROBLEM_CODES.unboundedString, `${path}/maxLength`,
          `${F} allows ${max} characters; a string longer than ${MAX_STRING_LENGTH} is free text, not a field`)
      }
      if (has(node, 'format') && !FORMATS.includes(String(node.format))) {
        p.add(PROBLEM_CODES.invalidStructure, `${path}/format`, `${F}: format must be one of ${FORMATS.join(', ')}, found ${quote(node.format)}`)
      }
      if (has(node, 'pattern')) {
        let ok = typeof node.pattern === 'string'
        if (ok) {
          try { new RegExp(node.pattern as string, 'u') } catch { ok = false }
        }
        if (!ok) p.add(PROBLEM_CODES.invalidStructure, `${path}/pattern`, `${F}: pattern must be a valid regular expression`)
      }
      for (const k of ['minLength'] as const) {
        if (has(node, k) && (typeof node[k] !== 'number' || !Number.isInteger(node[k]) || (node[k] as number) < 0)) {
          p.add(PROBLEM_CODES.invalidStructure, `${path}/${k}`, `${F}: ${k} must be a non-negative integer`)
        }
      }
      break
    }
    case 'number':
    case 'integer':
      for (const k of TYPE_KEYWORDS.number ?? []) {
        if (has(node, k) && (typeof node[k] !== 'number' || !Number.isFinite(node[k]))) {
          p.add(PROBLEM_CODES.invalidStructure, `${path}/${k}`, `${F}: ${k} must be a number`)
        }
      }
      break
    case 'boolean':
      break
    case 'array': {
      if (!has(node, 'items')) {
        p.add(PROBLEM_CODES.untypedField, path, `${F} is an array without an item schema`)
      }
      const max = node.maxItems
      if (max === undefined) {
        p.add(PROBLEM_CODES.unboundedArray, path, `${F} is an array without maxItems`)
      } else if (typeof max !== 'number' || !Number.isInteger(max) || max < 1) {
        p.add(PROBLEM_CODES.invalidStructure, `${path}/maxItems`, `${F}: maxItems must be a positive integer`)
      }
      if (has(node, 'minItems') && (typeof node.minItems !== 'number' || !Number.isInteger(node.minItems) || node.minItems < 0)) {
        p.add(PROBLEM_CODES.invalidStructure, `${path}/minItems`, `${F}: minItems must be a non-negative integer`)
      }
      if (has(node, 'uniqueItems') && typeof node.uniqueItems !== 'boolean') {
        p.add(PROBLEM_CODES.invalidStructure, `${path}/uniqueItems`, `${F}: uniqueItems must be true or false`)
      }
      if (has(node, 'items')) walkSchema(p, node.items, `${path}/items`, [...names.slice(0, -1), `${names.at(-1) ?? ''}[]`], depth + 1, ctx, false)
      break
    }
    case 'object':
      checkObject(p, node, path, names, depth, ctx, isRoot)
      break
  }
}

function checkObject(
  p: Problems, node: Json, path: string, names: readonly string[], depth: number, ctx: KindContext, isRoot: boolean,
): void {
  const K = `kind '${ctx.label}'`
  const F = names.length === 0 ? `${K} fields` : `${K} field '${names.join('.')}'`
  if (node.additionalProperties !== false) {
    p.add(PROBLEM_CODES.openSchema, has(node, 'additionalProperties') ? `${path}/additionalProperties` : path,
      `${F} is open (additionalProperties is not false); every field a record may carry is named in the catalogue`)
  }
  const props = node.properties
  if (!isObject(props)) {
    p.add(PROBLEM_CODES.invalidStructure, `${path}/properties`, `${F}: an object field lists its properties`)
    return
  }
  for (const [name, schema] of Object.entries(props)) {
    const at = `${path}/properties/${escapePointerSegment(name)}`
    const fieldNames = [...names, name]
    const FN = `${K} field '${fieldNames.join('.')}'`
    if (!FIELD_NAME_RE.test(name) || name.length > 64) {
      p.add(PROBLEM_CODES.invalidFieldName, at, `${FN}: field names are identifiers (a letter, then letters, digits or _; at most 64)`)
    }
    if (isRoot && ENVELOPE_FIELD_NAMES.includes(name)) {
      p.add(PROBLEM_CODES.envelopeField, at, `${FN} repeats the record envelope; '${name}' is carried outside fields`)
    }
    scanFieldText(p, name, at, FN, 'name', ctx, true)
    const behaviour = findTerm(name, BEHAVIOUR_TERMS, { identifier: true })
    if (behaviour !== undefined) {
      p.add(PROBLEM_CODES.behaviourField, at,
        `${FN}: name ${quote(name)} ${hitMessage(behaviour)}; there are no free-text behaviour or remarks fields about a subject`)
    }
    walkSchema(p, schema, at, fieldNames, depth + 1, ctx, false)
  }
  const required = node.required
  if (has(node, 'required')) {
    if (!Array.isArray(required) || !required.every((r) => typeof r === 'string') || new Set(required).size !== required.length) {
      p.add(PROBLEM_CODES.invalidStructure, `${path}/required`, `${F}: required must be a list of distinct field names`)
    } else {
      required.forEach((r: string, j: number) => {
        if (!has(props, r)) p.add(PROBLEM_CODES.invalidStructure, `${path}/required/${j}`, `${F}: required field '${r}' is not among the properties`)
      })
    }
  } else if (isRoot) {
    p.add(PROBLEM_CODES.invalidStructure, `${path}/required`, `${F}: list the required fields (an empty list if none)`)
  }
}

/** Scans a field's name, description or enum value for forbidden data and, for persons, personal finances. */
function scanFieldText(
  p: Problems, text: string, path: string, field: string, where: string, ctx: KindContext, identifier: boolean,
): void {
  for (const hit of findTerms(text, FORBIDDEN_TERM_SETS, { identifier })) {
    p.add(PROBLEM_CODES.forbiddenField, path,
      `${field}: ${where} ${quote(text)} ${hitMessage(hit)}; the catalogue never holds data on ${hit.set.label}`)
  }
  if (ctx.checkPersonalFinance) {
    const hit = findTerm(text, PERSONAL_FINANCE_TERMS, { identifier })
    if (hit !== undefined) {
      p.add(PROBLEM_CODES.personalFinanceWithoutConsent, path,
        `${field}: ${where} ${quote(text)} ${hitMessage(hit)} in a kind that applies to natural persons; ` +
        "such data needs disclosure 'consent_required' (CIIR art. 14)")
    }
  }
}
