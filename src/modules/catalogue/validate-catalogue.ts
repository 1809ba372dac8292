// The catalogue validator: decides whether a catalogue may be published at all. It walks the file's
// untrusted JSON (its shape, each kind against the dictionary of kind types, each element a kind
// carries against the data-element dictionary) and calls the charter's rules (charter.ts) on what it read.
//
// It reads untrusted JSON and reports every problem it finds (one per violation, each with a
// stable code, a JSON pointer to the offending place, and a message naming what it found),
// instead of stopping at the first. Structural checks and charter checks both run on the raw
// input, defensively, so that a kind with a structural slip is still checked against the charter.
import { DISCLOSURES, POLARITIES, RECORD_CATEGORIES, SEVERITIES, SUBJECT_TYPES } from './catalogue.ts'
import type { Catalogue, RecordCategory, RecordKind, Severity } from './catalogue.ts'
import {
  PROBLEM_CODES,
  Problems,
  checkDisplayAndRepair,
  checkElementCharter,
  checkRetention,
  has,
  hitMessage,
  isObject,
  pointer,
  quote,
  scanKindText,
  type CatalogueProblem,
  type Json,
  type KindScope,
} from './charter.ts'
import { DATA_ELEMENTS, DICTIONARY_VERSION } from './dictionary/index.ts'
import { FIXED_KIND_KEYS, KIND_TYPES, fixedFieldsOf } from './dictionary/kinds.ts'
import { durationExceeds, isIsoDate, isZeroDuration, tryParseDuration } from './durations.ts'
import { NARROWING_KEYS, kindFieldsSchema, wideningOf, type KindElement } from './elements.ts'
import { FORBIDDEN_TERM_SETS, findTerms } from './terms.ts'

export type CatalogueValidation = { ok: true; catalogue: Catalogue } | { ok: false; problems: CatalogueProblem[] }

const TOP_KEYS = ['catalogueVersion', 'publishedOn', 'kinds']
const KIND_KEYS = [
  'code',
  'category',
  'name',
  'legalBasis',
  'subjectTypes',
  'polarity',
  'severity',
  'disclosure',
  'display',
  'retention',
  'repairable',
  'minimumPublication',
  'elements',
]
const KIND_REQUIRED = ['code', 'subjectTypes', 'disclosure', 'display', 'repairable', 'elements']
/** From the most open disclosure to the most restricted. */
const DISCLOSURE_ORDER: readonly string[] = ['public', 'restricted', 'consent_required']
const CODE_RE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/
const VERSION_RE = /^\d{4}\.\d{1,3}$/

const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0

// ---- entry point ----

/**
 * Validates a catalogue against its format and against the charter. On success returns a
 * deep-frozen copy of the catalogue; otherwise every problem found.
 */
export function validateCatalogue(input: unknown): CatalogueValidation {
  const p = new Problems()
  if (!isObject(input)) {
    p.add(
      PROBLEM_CODES.invalidStructure,
      '',
      'a catalogue is a JSON object with catalogueVersion, publishedOn and kinds',
    )
    return { ok: false, problems: p.list }
  }
  for (const key of Object.keys(input)) {
    if (!TOP_KEYS.includes(key))
      p.add(PROBLEM_CODES.invalidStructure, pointer(key), `unknown catalogue property '${key}'`)
  }
  if (typeof input.catalogueVersion !== 'string' || !VERSION_RE.test(input.catalogueVersion)) {
    p.add(
      PROBLEM_CODES.invalidStructure,
      '/catalogueVersion',
      `catalogueVersion must be a string like '2026.1', found ${quote(input.catalogueVersion)}`,
    )
  }
  if (typeof input.publishedOn !== 'string' || !isIsoDate(input.publishedOn)) {
    p.add(
      PROBLEM_CODES.invalidStructure,
      '/publishedOn',
      `publishedOn must be a calendar date YYYY-MM-DD, found ${quote(input.publishedOn)}`,
    )
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
          p.add(
            PROBLEM_CODES.duplicateCode,
            pointer('kinds', i, 'code'),
            `kind code '${kind.code}' is already used by /kinds/${first}; codes are stable identifiers and must be unique`,
          )
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
    p.add(
      PROBLEM_CODES.fixedByDictionary,
      at(key),
      `${K}: '${key}' comes from the dictionary of kind types, not from the catalogue file`,
    )
    delete own[key]
  }
  const type = typeof kind.code === 'string' ? KIND_TYPES.find((t) => t.code === kind.code) : undefined
  if (type === undefined) {
    if (typeof kind.code === 'string') {
      p.add(
        PROBLEM_CODES.unknownKind,
        at('code'),
        `${K} is not a kind of the dictionary of kind types ${DICTIONARY_VERSION}; a catalogue selects kinds (${KIND_TYPES.map((t) => t.code).join(', ')}), it cannot create one`,
      )
    }
    return own
  }
  if (Array.isArray(kind.subjectTypes)) {
    kind.subjectTypes.forEach((t: unknown, j: number) => {
      if (
        typeof t === 'string' &&
        (SUBJECT_TYPES as readonly string[]).includes(t) &&
        !(type.subjectTypes as readonly string[]).includes(t)
      ) {
        p.add(
          PROBLEM_CODES.kindWidened,
          at('subjectTypes', j),
          `${K} may not describe ${t} (it describes ${type.subjectTypes.join(', ')} at most)`,
        )
      }
    })
  }
  if (
    typeof kind.disclosure === 'string' &&
    DISCLOSURE_ORDER.indexOf(kind.disclosure) >= 0 &&
    DISCLOSURE_ORDER.indexOf(kind.disclosure) < DISCLOSURE_ORDER.indexOf(type.disclosure)
  ) {
    p.add(
      PROBLEM_CODES.kindWidened,
      at('disclosure'),
      `${K} is '${type.disclosure}' at most open, not '${kind.disclosure}'`,
    )
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
    if (!KIND_KEYS.includes(key))
      p.add(PROBLEM_CODES.invalidStructure, at(key), `${K} has an unknown property '${key}'`)
  }
  for (const key of KIND_REQUIRED) {
    if (!has(kind, key)) p.add(PROBLEM_CODES.invalidStructure, at(key), `${K} is missing '${key}'`)
  }

  // code
  if (has(kind, 'code')) {
    if (typeof kind.code !== 'string' || !CODE_RE.test(kind.code) || kind.code.length > 64) {
      p.add(
        PROBLEM_CODES.invalidStructure,
        at('code'),
        `${K}: code must be snake_case (at most 64 characters), found ${quote(kind.code)}`,
      )
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
        p.add(
          PROBLEM_CODES.forbiddenCategory,
          at('category'),
          `${K}: category '${category}' ${hitMessage(hit)}; the catalogue never holds data on ${hit.set.label}`,
        )
      }
      if (hits.length === 0 && !(RECORD_CATEGORIES as readonly string[]).includes(category)) {
        p.add(
          PROBLEM_CODES.unknownCategory,
          at('category'),
          `${K}: unknown category '${category}'; expected one of ${RECORD_CATEGORIES.join(', ')}`,
        )
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
      if (k !== 'zh' && k !== 'en')
        p.add(PROBLEM_CODES.invalidStructure, at(key, k), `${K}: ${key} has an unknown language '${k}'`)
    }
    const max = key === 'name' ? 200 : 2000
    for (const lang of ['zh', 'en'] as const) {
      const v = text[lang]
      if (!isNonEmptyString(v) || v.length > max) {
        p.add(
          PROBLEM_CODES.invalidStructure,
          at(key, lang),
          `${K}: ${key}.${lang} must be a non-empty string of at most ${max} characters`,
        )
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
          p.add(
            PROBLEM_CODES.unknownSubjectType,
            at('subjectTypes', j),
            `${K}: unknown subject type ${quote(t)}; expected one of ${SUBJECT_TYPES.join(', ')}`,
          )
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
  const severity = has(kind, 'severity')
    ? (enumValue(p, kind, 'severity', SEVERITIES, K, at) as Severity | undefined)
    : undefined
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
        if (k !== 'window' && k !== 'maxWindow')
          p.add(PROBLEM_CODES.invalidStructure, at('display', k), `${K}: display has an unknown property '${k}'`)
      }
      window = durationValue(p, d.window, at('display', 'window'), `${K}: display.window`)
      maxWindow = durationValue(p, d.maxWindow, at('display', 'maxWindow'), `${K}: display.maxWindow`)
      if (window !== undefined && maxWindow !== undefined && durationExceeds(window, maxWindow)) {
        p.add(
          PROBLEM_CODES.displayWindowExceedsMax,
          at('display', 'window'),
          `${K}: display window ${window} is longer than its maxWindow ${maxWindow}`,
        )
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
      p.add(
        PROBLEM_CODES.invalidStructure,
        at('minimumPublication'),
        `${K}: minimumPublication applies only to repairable kinds`,
      )
    }
  }

  checkDisplayAndRepair(p, kind, K, at, {
    subjectTypes,
    polarity,
    disclosure,
    severity,
    displayed,
    maxWindow,
    retention,
    minimumPublication,
  })

  // ---- elements ----
  if (has(kind, 'fields')) {
    p.add(
      PROBLEM_CODES.invalidNarrowing,
      at('fields'),
      `${K}: a kind does not define its fields; it lists data elements from the dictionary under 'elements'`,
    )
  }
  if (has(kind, 'elements')) {
    const category =
      typeof kind.category === 'string' && (RECORD_CATEGORIES as readonly string[]).includes(kind.category)
        ? (kind.category as RecordCategory)
        : undefined
    checkElements(p, kind.elements, { index: i, label, category, subjectTypes, disclosure })
  }
}

function enumValue<T extends string>(
  p: Problems,
  kind: Json,
  key: string,
  values: readonly T[],
  K: string,
  at: (...s: Array<string | number>) => string,
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
    p.add(
      PROBLEM_CODES.invalidDuration,
      path,
      `${what} must be an ISO 8601 duration such as 'P3M' or 'P1Y', found ${quote(v)}`,
    )
    return undefined
  }
  if (isZeroDuration(parsed)) {
    p.add(PROBLEM_CODES.invalidDuration, path, `${what} must be longer than zero, found ${quote(v)}`)
    return undefined
  }
  return v
}

// ---- the elements a kind carries ----

const NARROWING_KEY_SET = new Set([
  'element',
  'required',
  'values',
  'maxLength',
  'minLength',
  'minimum',
  'maximum',
  'maxItems',
])

interface ElementContext extends KindScope {
  readonly index: number
  readonly label: string
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
    p.add(
      PROBLEM_CODES.invalidStructure,
      base,
      `${K}: elements must be a non-empty list of data elements from the dictionary`,
    )
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
        p.add(
          PROBLEM_CODES.invalidNarrowing,
          at(key),
          `${K}: '${key}' is not a narrowing; names, descriptions, patterns, enumerations and examples come from the dictionary`,
        )
      }
    }
    const code = entry.element
    if (typeof code !== 'string') {
      p.add(PROBLEM_CODES.invalidStructure, at('element'), `${K}: element #${j} names no element code`)
      return
    }
    const element = DATA_ELEMENTS.get(code)
    if (element === undefined) {
      p.add(
        PROBLEM_CODES.unknownElement,
        at('element'),
        `${K}: ${quote(code)} is not an element of the data-element dictionary ${DICTIONARY_VERSION}; a record carries only elements the dictionary names`,
      )
      return
    }
    const E = `${K} element '${code}'`
    const first = seen.get(code)
    if (first !== undefined)
      p.add(PROBLEM_CODES.duplicateElement, at('element'), `${E} is listed twice (first at /elements/${first})`)
    else seen.set(code, j)
    for (const key of Object.keys(entry)) {
      if (
        NARROWING_KEY_SET.has(key) &&
        key !== 'element' &&
        key !== 'required' &&
        !NARROWING_KEYS[element.value.type].includes(key as keyof KindElement)
      ) {
        p.add(
          PROBLEM_CODES.invalidNarrowing,
          at(key),
          `${E}: '${key}' does not narrow a value of type ${element.value.type}`,
        )
      }
    }
    if (typeof entry.required !== 'boolean')
      p.add(PROBLEM_CODES.invalidStructure, at('required'), `${E}: required must be true or false`)
    for (const key of ['maxLength', 'minLength', 'maxItems'] as const) {
      if (
        has(entry, key) &&
        (typeof entry[key] !== 'number' ||
          !Number.isInteger(entry[key]) ||
          (entry[key] as number) < (key === 'minLength' ? 0 : 1))
      ) {
        p.add(PROBLEM_CODES.invalidNarrowing, at(key), `${E}: ${key} must be a whole number`)
      }
    }
    for (const key of ['minimum', 'maximum'] as const) {
      if (has(entry, key) && (typeof entry[key] !== 'number' || !Number.isFinite(entry[key])))
        p.add(PROBLEM_CODES.invalidNarrowing, at(key), `${E}: ${key} must be a number`)
    }
    if (
      has(entry, 'values') &&
      (!Array.isArray(entry.values) ||
        entry.values.length === 0 ||
        !entry.values.every((v) => typeof v === 'string') ||
        new Set(entry.values).size !== entry.values.length)
    ) {
      p.add(
        PROBLEM_CODES.invalidNarrowing,
        at('values'),
        `${E}: values must be a non-empty list of distinct codes from the dictionary`,
      )
    }
    if (p.list.length > mark) return
    const narrowing = entry as unknown as KindElement
    for (const w of wideningOf(element, narrowing))
      p.add(PROBLEM_CODES.elementWidened, at(w.key), `${E}: ${w.message}; a kind may narrow an element, never widen it`)
    checkElementCharter(p, E, at, element, ctx)
    out.push(
      Object.fromEntries(Object.entries(narrowing).filter(([k]) => NARROWING_KEY_SET.has(k))) as unknown as KindElement,
    )
  })
  if (p.list.length > before) return undefined
  if (!out.some((e) => e.required))
    p.add(PROBLEM_CODES.invalidStructure, base, `${K}: at least one element is required`)
  return out
}
