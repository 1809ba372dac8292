// The charter validator: decides whether a catalogue may be published at all.
//
// It reads untrusted JSON and reports every problem it finds (one per violation, each with a
// stable code, a JSON pointer to the offending place, and a message naming what it found),
// instead of stopping at the first. Structural checks and charter checks both run on the raw
// input, defensively, so that a kind with a structural slip is still checked against the charter.
import {
  DISCLOSURES, POLARITIES, RECORD_CATEGORIES, RETENTION_FROM, SEVERITIES, SUBJECT_TYPES,
} from './catalogue.ts'
import type { Catalogue, RecordCategory, RecordKind, Severity } from './catalogue.ts'
import { DATA_ELEMENTS, DICTIONARY_VERSION } from './dictionary/index.ts'
import { FIXED_KIND_KEYS, KIND_TYPES, fixedFieldsOf } from './dictionary/kinds.ts'
import { durationExceeds, isIsoDate, isZeroDuration, tryParseDuration } from './durations.ts'
import { ELEMENT_CATEGORIES_FOR_KIND, NARROWING_KEYS, kindFieldsSchema, wideningOf, type KindElement } from './elements.ts'
import { escapePointerSegment } from './pointer.ts'
import { BEHAVIOUR_TERMS, FORBIDDEN_TERM_SETS, englishWords, findTerm, findTerms } from './terms.ts'
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
  behaviourKind: 'catalogue.behaviour_kind',
  unknownKind: 'catalogue.unknown_kind',
  fixedByDictionary: 'catalogue.fixed_by_dictionary',
  kindWidened: 'catalogue.kind_widened',
  unknownElement: 'catalogue.unknown_element',
  duplicateElement: 'catalogue.duplicate_element',
  invalidNarrowing: 'catalogue.invalid_narrowing',
  elementWidened: 'catalogue.element_widened',
  elementCategory: 'catalogue.element_category',
  elementSubjectType: 'catalogue.element_subject_type',
  elementNotPublic: 'catalogue.element_not_public',
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

const TOP_KEYS = ['catalogueVersion', 'publishedOn', 'kinds']
const KIND_KEYS = ['code', 'category', 'name', 'legalBasis', 'subjectTypes', 'polarity', 'severity', 'disclosure',
  'display', 'retention', 'repairable', 'minimumPublication', 'elements']
const KIND_REQUIRED = ['code', 'subjectTypes', 'disclosure', 'display', 'repairable', 'elements']
/** From the most open disclosure to the most restricted. */
const DISCLOSURE_ORDER: readonly string[] = ['public', 'restricted', 'consent_required']
const CODE_RE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/
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
  let merged: unknown[] = []
  if (!Array.isArray(kinds) || kinds.length === 0) {
    p.add(PROBLEM_CODES.invalidStructure, '/kinds', 'kinds must be a non-empty array of record kinds')
  } else {
    const seen = new Map<string, number>()
    merged = kinds.map((kind: unknown, i: number) => withKindType(p, kind, i))
    merged.forEach((kind: unknown, i: number) => {
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
  const catalogue = structuredClone({ ...input, kinds: merged }) as unknown as Catalogue
  const withFields: Catalogue = {
    ...catalogue,
    kinds: catalogue.kinds.map((k): RecordKind => ({ ...k, fields: kindFieldsSchema(k.elements, DATA_ELEMENTS) })),
  }
  return { ok: true, catalogue: deepFreeze(withFields) }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}

// ---- one kind ----

/**
 * The kind as the dictionary of kind types makes it: its code must name a kind type, whose name, legal basis,
 * category, polarity and severity it takes (a file that writes them is refused); its subject types and disclosure
 * may narrow the type's, never widen them.
 */
function withKindType(p: Problems, kind: unknown, i: number): unknown {
  if (!isObject(kind)) return kind
  const at = (...s: Array<string | number>): string => pointer('kinds', i, ...s)
  const K = `kind '${typeof kind.code === 'string' ? kind.code : `#${i}`}'`
  const own: Json = { ...kind }
  for (const key of FIXED_KIND_KEYS) {
    if (!has(kind, key)) continue
    p.add(PROBLEM_CODES.fixedByDictionary, at(key), `${K}: '${key}' comes from the dictionary of kind types, not from the catalogue file`)
    delete own[key]
  }
  const type = typeof kind.code === 'string' ? KIND_TYPES.find((t) => t.code === kind.code) : undefined
  if (type === undefined) {
    if (typeof kind.code === 'string') {
      p.add(PROBLEM_CODES.unknownKind, at('code'),
        `${K} is not a kind of the dictionary of kind types ${DICTIONARY_VERSION}; a catalogue selects kinds (${KIND_TYPES.map((t) => t.code).join(', ')}), it cannot create one`)
    }
    return own
  }
  if (Array.isArray(kind.subjectTypes)) {
    kind.subjectTypes.forEach((t: unknown, j: number) => {
      if (typeof t === 'string' && (SUBJECT_TYPES as readonly string[]).includes(t) && !(type.subjectTypes as readonly string[]).includes(t)) {
        p.add(PROBLEM_CODES.kindWidened, at('subjectTypes', j), `${K} may not describe ${t} (it describes ${type.subjectTypes.join(', ')} at most)`)
      }
    })
  }
  if (typeof kind.disclosure === 'string' && DISCLOSURE_ORDER.indexOf(kind.disclosure) >= 0 && DISCLOSURE_ORDER.indexOf(kind.disclosure) < DISCLOSURE_ORDER.indexOf(type.disclosure)) {
    p.add(PROBLEM_CODES.kindWidened, at('disclosure'), `${K} is '${type.disclosure}' at most open, not '${kind.disclosure}'`)
  }
  return { ...own, ...fixedFieldsOf(type) }
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

  // ---- elements ----
  if (has(kind, 'fields')) {
    p.add(PROBLEM_CODES.invalidNarrowing, at('fields'),
      `${K}: a kind does not define its fields; it lists data elements from the dictionary under 'elements'`)
  }
  if (has(kind, 'elements')) {
    const category = typeof kind.category === 'string' && (RECORD_CATEGORIES as readonly string[]).includes(kind.category) ? kind.category as RecordCategory : undefined
    checkElements(p, kind.elements, { index: i, label, category, subjectTypes, disclosure })
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

// ---- the elements a kind carries ----

const NARROWING_KEY_SET = new Set(['element', 'required', 'values', 'maxLength', 'minLength', 'minimum', 'maximum', 'maxItems'])

interface ElementContext {
  readonly index: number
  readonly label: string
  readonly category: RecordCategory | undefined
  readonly subjectTypes: readonly string[]
  readonly disclosure: string | undefined
}

/**
 * A kind names elements of the dictionary and may narrow them: everything else — an element the dictionary
 * does not hold, a wider bound, a value it does not list, a pattern, a description or an example of the
 * deployment's own — is refused, whatever it is called.
 */
function checkElements(p: Problems, elements: unknown, ctx: ElementContext): KindElement[] | undefined {
  const base = pointer('kinds', ctx.index, 'elements')
  const K = `kind '${ctx.label}'`
  if (!Array.isArray(elements) || elements.length === 0) {
    p.add(PROBLEM_CODES.invalidStructure, base, `${K}: elements must be a non-empty list of data elements from the dictionary`)
    return undefined
  }
  const before = p.list.length
  const seen = new Map<string, number>()
  const out: KindElement[] = []
  elements.forEach((entry: unknown, j: number) => {
    const at = (...s: Array<string | number>): string => pointer('kinds', ctx.index, 'elements', j, ...s)
    if (!isObject(entry)) {
      p.add(PROBLEM_CODES.invalidStructure, at(), `${K}: element #${j} must be an object { element, required }`)
      return
    }
    const mark = p.list.length
    for (const key of Object.keys(entry)) {
      if (!NARROWING_KEY_SET.has(key)) {
        p.add(PROBLEM_CODES.invalidNarrowing, at(key),
          `${K}: '${key}' is not a narrowing; names, descriptions, patterns, enumerations and examples come from the dictionary`)
      }
    }
    const code = entry.element
    if (typeof code !== 'string') {
      p.add(PROBLEM_CODES.invalidStructure, at('element'), `${K}: element #${j} names no element code`)
      return
    }
    const element = DATA_ELEMENTS.get(code)
    if (element === undefined) {
      p.add(PROBLEM_CODES.unknownElement, at('element'),
        `${K}: ${quote(code)} is not an element of the data-element dictionary ${DICTIONARY_VERSION}; a record carries only elements the dictionary names`)
      return
    }
    const E = `${K} element '${code}'`
    const first = seen.get(code)
    if (first !== undefined) p.add(PROBLEM_CODES.duplicateElement, at('element'), `${E} is listed twice (first at /elements/${first})`)
    else seen.set(code, j)
    for (const key of Object.keys(entry)) {
      if (NARROWING_KEY_SET.has(key) && key !== 'element' && key !== 'required' && !NARROWING_KEYS[element.value.type].includes(key as keyof KindElement)) {
        p.add(PROBLEM_CODES.invalidNarrowing, at(key), `${E}: '${key}' does not narrow a value of type ${element.value.type}`)
      }
    }
    if (typeof entry.required !== 'boolean') p.add(PROBLEM_CODES.invalidStructure, at('required'), `${E}: required must be true or false`)
    for (const key of ['maxLength', 'minLength', 'maxItems'] as const) {
      if (has(entry, key) && (typeof entry[key] !== 'number' || !Number.isInteger(entry[key]) || (entry[key] as number) < (key === 'minLength' ? 0 : 1))) {
        p.add(PROBLEM_CODES.invalidNarrowing, at(key), `${E}: ${key} must be a whole number`)
      }
    }
    for (const key of ['minimum', 'maximum'] as const) {
      if (has(entry, key) && (typeof entry[key] !== 'number' || !Number.isFinite(entry[key]))) p.add(PROBLEM_CODES.invalidNarrowing, at(key), `${E}: ${key} must be a number`)
    }
    if (has(entry, 'values') && (!Array.isArray(entry.values) || entry.values.length === 0 || !entry.values.every((v) => typeof v === 'string') || new Set(entry.values).size !== entry.values.length)) {
      p.add(PROBLEM_CODES.invalidNarrowing, at('values'), `${E}: values must be a non-empty list of distinct codes from the dictionary`)
    }
    if (p.list.length > mark) return
    const narrowing = entry as unknown as KindElement
    for (const w of wideningOf(element, narrowing)) p.add(PROBLEM_CODES.elementWidened, at(w.key), `${E}: ${w.message}; a kind may narrow an element, never widen it`)
    // what the element may describe, where, and to whom
    if (ctx.category !== undefined && !ELEMENT_CATEGORIES_FOR_KIND[ctx.category].includes(element.category)) {
      p.add(PROBLEM_CODES.elementCategory, at('element'),
        `${E} is a ${element.category} element; a ${ctx.category} kind carries ${ELEMENT_CATEGORIES_FOR_KIND[ctx.category].join(', ')} elements only`)
    }
    const beyond = ctx.subjectTypes.filter((t) => !(element.subjectTypes as readonly string[]).includes(t))
    if (beyond.length > 0) {
      p.add(PROBLEM_CODES.elementSubjectType, at('element'), `${E} may not describe ${beyond.join(', ')} (it describes ${element.subjectTypes.join(', ')})`)
    }
    if (ctx.disclosure === 'public' && !element.mayBePublic) {
      p.add(PROBLEM_CODES.elementNotPublic, at('element'), `${E} may never be public; a public kind cannot carry it`)
    }
    if (element.personsNeedConsent === true && ctx.subjectTypes.includes('person') && ctx.disclosure !== 'consent_required') {
      p.add(PROBLEM_CODES.personalFinanceWithoutConsent, at('element'),
        `${E} is about a natural person's finances in a kind that applies to persons; such data needs disclosure 'consent_required' (CIIR art. 14)`)
    }
    out.push(Object.fromEntries(Object.entries(narrowing).filter(([k]) => NARROWING_KEY_SET.has(k))) as unknown as KindElement)
  })
  if (p.list.length > before) return undefined
  if (!out.some((e) => e.required)) p.add(PROBLEM_CODES.invalidStructure, base, `${K}: at least one element is required`)
  return out
}
