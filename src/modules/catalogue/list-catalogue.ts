/**
 * The list catalogue: red and black list kinds, and the measures that may follow an entry — and the
 * charter rules either must pass before it is loaded (pure; every problem reported, each with a code,
 * a JSON pointer and what it found).
 *
 * Black lists only in the four areas the State Council allows (health and safety, market order,
 * defiance of a court or administrative order, national-defence duties); every entry needs a legally
 * effective record of a kind the list names, a criterion it lists, written notice and at least 30 days
 * to object, and a finite term (at most 5 years). Measures are selected from the closed measure
 * dictionary (measures.ts), never defined here: a selection names a dictionary code, the list kind and
 * area it follows (one the dictionary allows), optionally a shorter term and the department, and for
 * high consumption the items of the SPC's closed sub-list. Name, domain, effect, legal provision and
 * whom it binds come from the dictionary; a type or item outside the charter cannot be selected.
 */
import type { LocalisedText, SubjectType } from './catalogue.ts'
import { SUBJECT_TYPES } from './catalogue.ts'
import type { CatalogueProblem } from './charter.ts'
import { pointer } from './charter.ts'
import { durationExceeds, isIsoDate, tryParseDuration } from './durations.ts'
import { BASIC_RIGHTS_TERMS, FORBIDDEN_TERM_SETS, findTerm, findTerms } from './terms.ts'
import {
  MEASURE_DICTIONARY,
  MEASURE_DICTIONARY_VERSION,
  type BasicListGroup,
  type MeasureDomainCode,
  type MeasureEffect,
  type SelectableMeasureType,
  type SubListItem,
} from './measures.ts'

export const LIST_AREAS = ['health_and_safety', 'market_order', 'defiance_of_court_order', 'national_defence'] as const
export type ListArea = (typeof LIST_AREAS)[number]

/** The longest any list entry may last, extensions included. */
export const MAX_LIST_TERM = 'P5Y'
/** The shortest time to object after notice (FAR 9.406-3 as the due-process model: 30 days). */
export const MIN_OBJECTION_WINDOW = 'P30D'
/** Removal after full performance: within 3 working days (SPC provisions, art. 10). */
export const MAX_REMOVAL_WORKING_DAYS = 3

export interface ListCriterion {
  code: string
  area?: ListArea
  name: LocalisedText
}
export interface EarlyRemoval {
  code: string
  name: LocalisedText
  withinWorkingDays: number
}

export interface ListKind {
  code: string
  type: 'black' | 'red'
  areas: ListArea[]
  name: LocalisedText
  legalBasis: LocalisedText
  /** record kinds whose legally effective records may ground an entry */
  basisKinds: string[]
  criteria: ListCriterion[]
  /** circumstances in which a subject is not to be listed (besides minority, always) */
  exclusions: { code: string; name: LocalisedText }[]
  subjectTypes: SubjectType[]
  term: { default: string; max: string }
  objectionWindow: string
  earlyRemoval: EarlyRemoval[]
  disclosure: 'public' | 'restricted'
}

/** A measure selected in the list catalogue: the dictionary's type, as the selection narrows it. */
export interface Measure {
  /** the dictionary code */
  code: string
  effect: MeasureEffect
  group: BasicListGroup
  listKind: string
  area: ListArea | null
  name: LocalisedText
  legalProvision: LocalisedText
  /** the selection's department, or the dictionary's department type (display text) */
  department: LocalisedText
  domain: MeasureDomainCode
  /** always the listed subject: no measure reaches anyone else */
  appliesTo: 'listed_subject'
  /** the selection's term, or the shorter of the dictionary's and the list's maximum */
  maxTerm: string
  /** the sub-list items selected (high consumption); empty for a measure without a sub-list */
  items: { code: string; article: string; name: LocalisedText }[]
}

/** A list catalogue in force: its list kinds and its measures resolved against the dictionary. */
export interface ListCatalogue {
  listCatalogueVersion: string
  publishedOn: string
  /** the measure dictionary the selections were resolved against */
  measureDictionaryVersion: string
  listKinds: ListKind[]
  measures: Measure[]
}

export type ListCatalogueValidation =
  | { ok: true; catalogue: ListCatalogue }
  | { ok: false; problems: CatalogueProblem[] }

export const LIST_PROBLEM_CODES = {
  invalidStructure: 'lists.invalid_structure',
  duplicateCode: 'lists.duplicate_code',
  forbiddenSubject: 'lists.forbidden_subject',
  areaNotAllowed: 'lists.area_not_allowed',
  unknownBasisKind: 'lists.unknown_basis_kind',
  criterionArea: 'lists.criterion_area',
  termTooLong: 'lists.term_too_long',
  termDefaultExceedsMax: 'lists.term_default_exceeds_max',
  objectionWindowTooShort: 'lists.objection_window_too_short',
  removalTooSlow: 'lists.removal_too_slow',
  measureUnknownList: 'measure.unknown_list_kind',
  measureNotInDictionary: 'measure.not_in_dictionary',
  measureFixedByDictionary: 'measure.fixed_by_dictionary',
  measureOutsideCharter: 'measure.outside_charter',
  measureAreaNotAllowed: 'measure.area_not_allowed',
  measureEffectMismatch: 'measure.effect_mismatch',
  measureTermWidened: 'measure.term_widened',
  measureTermExceedsList: 'measure.term_exceeds_list',
  measureItemNotInDictionary: 'measure.item_not_in_dictionary',
  measureBasicRights: 'measure.basic_rights',
  measureTargetsOthers: 'measure.targets_others',
} as const

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0
const isLocalised = (v: unknown): v is LocalisedText => isObject(v) && isText(v.zh) && isText(v.en)
const CODE_RE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/
const quote = (v: unknown) => {
  const s = JSON.stringify(v)
  return s === undefined ? String(v) : s.length > 60 ? s.slice(0, 57) + '...' : s
}

class Problems {
  readonly list: CatalogueProblem[] = []
  add(code: string, path: string, message: string): void {
    this.list.push({ code, path, message })
  }
}

function duration(p: Problems, v: unknown, path: string, what: string): string | undefined {
  if (typeof v === 'string' && tryParseDuration(v)) return v
  p.add(
    LIST_PROBLEM_CODES.invalidStructure,
    path,
    `${what} must be an ISO 8601 date duration such as P2Y, found ${quote(v)}`,
  )
  return undefined
}

function uniqueCodes(p: Problems, items: unknown[], base: string[]): void {
  const seen = new Set<string>()
  items.forEach((item, i) => {
    const code = isObject(item) ? item.code : undefined
    if (typeof code !== 'string' || !CODE_RE.test(code))
      p.add(
        LIST_PROBLEM_CODES.invalidStructure,
        pointer(...base, i, 'code'),
        `a code is snake_case, found ${quote(code)}`,
      )
    else if (seen.has(code))
      p.add(LIST_PROBLEM_CODES.duplicateCode, pointer(...base, i, 'code'), `'${code}' is used twice`)
    else seen.add(code)
  })
}

function checkListKind(p: Problems, kind: unknown, i: number, recordKinds: ReadonlySet<string>): void {
  const at = (...s: Array<string | number>) => pointer('listKinds', i, ...s)
  if (!isObject(kind)) {
    p.add(LIST_PROBLEM_CODES.invalidStructure, at(), 'a list kind is an object')
    return
  }
  const K = typeof kind.code === 'string' ? kind.code : `listKinds[${i}]`
  if (kind.type !== 'black' && kind.type !== 'red')
    p.add(LIST_PROBLEM_CODES.invalidStructure, at('type'), `${K}: type is black or red, found ${quote(kind.type)}`)
  if (!isLocalised(kind.name)) p.add(LIST_PROBLEM_CODES.invalidStructure, at('name'), `${K}: name needs zh and en`)
  if (!isLocalised(kind.legalBasis))
    p.add(LIST_PROBLEM_CODES.invalidStructure, at('legalBasis'), `${K}: every list names its legal basis, in zh and en`)
  // a list about refused data (religion, politics, relations ...) cannot exist at all
  for (const text of [
    typeof kind.code === 'string' ? kind.code : '',
    ...(isLocalised(kind.name) ? [kind.name.zh, kind.name.en] : []),
  ]) {
    for (const hit of findTerms(text, FORBIDDEN_TERM_SETS, { identifier: text === kind.code })) {
      p.add(
        LIST_PROBLEM_CODES.forbiddenSubject,
        at(text === kind.code ? 'code' : 'name'),
        `${K}: a list about ${hit.set.label} ('${hit.term}') is refused`,
      )
    }
  }
  const areas = Array.isArray(kind.areas) ? kind.areas : []
  if (!Array.isArray(kind.areas)) p.add(LIST_PROBLEM_CODES.invalidStructure, at('areas'), `${K}: areas is an array`)
  areas.forEach((a, j) => {
    if (!(LIST_AREAS as readonly unknown[]).includes(a))
      p.add(
        LIST_PROBLEM_CODES.areaNotAllowed,
        at('areas', j),
        `${K}: black lists are for serious breaches in ${LIST_AREAS.join(', ')} only, found ${quote(a)}`,
      )
  })
  if (kind.type === 'black' && areas.length === 0)
    p.add(
      LIST_PROBLEM_CODES.areaNotAllowed,
      at('areas'),
      `${K}: a black list names its area(s): ${LIST_AREAS.join(', ')}`,
    )
  if (kind.type === 'red' && areas.length > 0)
    p.add(LIST_PROBLEM_CODES.invalidStructure, at('areas'), `${K}: a red list commends; it has no breach area`)
  const basis = Array.isArray(kind.basisKinds) ? kind.basisKinds : []
  if (basis.length === 0)
    p.add(
      LIST_PROBLEM_CODES.invalidStructure,
      at('basisKinds'),
      `${K}: an entry must cite a legally effective record; name the record kinds that can be one`,
    )
  basis.forEach((b, j) => {
    if (typeof b !== 'string' || !recordKinds.has(b))
      p.add(
        LIST_PROBLEM_CODES.unknownBasisKind,
        at('basisKinds', j),
        `${K}: ${quote(b)} is not a record kind in the catalogue`,
      )
  })
  const criteria = Array.isArray(kind.criteria) ? kind.criteria : []
  if (criteria.length === 0)
    p.add(LIST_PROBLEM_CODES.invalidStructure, at('criteria'), `${K}: a list names the criteria an entry must meet`)
  uniqueCodes(p, criteria, ['listKinds', String(i), 'criteria'])
  criteria.forEach((c, j) => {
    if (!isObject(c) || !isLocalised(c.name)) {
      p.add(
        LIST_PROBLEM_CODES.invalidStructure,
        at('criteria', j),
        `${K}: a criterion has a code and a name in zh and en`,
      )
      return
    }
    if (kind.type === 'black' && areas.length > 1 && !areas.includes(c.area)) {
      p.add(
        LIST_PROBLEM_CODES.criterionArea,
        at('criteria', j, 'area'),
        `${K}: on a list of several areas each criterion names one of them (${areas.join(', ')}), found ${quote(c.area)}`,
      )
    }
  })
  if (!Array.isArray(kind.exclusions))
    p.add(LIST_PROBLEM_CODES.invalidStructure, at('exclusions'), `${K}: exclusions is an array (it may be empty)`)
  const types = Array.isArray(kind.subjectTypes) ? kind.subjectTypes : []
  if (types.length === 0 || types.some((t) => !(SUBJECT_TYPES as readonly unknown[]).includes(t))) {
    p.add(
      LIST_PROBLEM_CODES.invalidStructure,
      at('subjectTypes'),
      `${K}: subjectTypes is a non-empty list of ${SUBJECT_TYPES.join(', ')}`,
    )
  }
  const term = isObject(kind.term) ? kind.term : {}
  const def = duration(p, term.default, at('term', 'default'), `${K}: term.default`)
  const max = duration(p, term.max, at('term', 'max'), `${K}: term.max`)
  if (max && durationExceeds(max, MAX_LIST_TERM))
    p.add(
      LIST_PROBLEM_CODES.termTooLong,
      at('term', 'max'),
      `${K}: no entry lasts longer than ${MAX_LIST_TERM}, found ${max}`,
    )
  if (def && max && durationExceeds(def, max))
    p.add(
      LIST_PROBLEM_CODES.termDefaultExceedsMax,
      at('term', 'default'),
      `${K}: the default term ${def} is longer than the maximum ${max}`,
    )
  const window = duration(p, kind.objectionWindow, at('objectionWindow'), `${K}: objectionWindow`)
  if (window && durationExceeds(MIN_OBJECTION_WINDOW, window))
    p.add(
      LIST_PROBLEM_CODES.objectionWindowTooShort,
      at('objectionWindow'),
      `${K}: notice gives at least ${MIN_OBJECTION_WINDOW} to object, found ${window}`,
    )
  const removals = Array.isArray(kind.earlyRemoval) ? kind.earlyRemoval : []
  if (!Array.isArray(kind.earlyRemoval))
    p.add(LIST_PROBLEM_CODES.invalidStructure, at('earlyRemoval'), `${K}: earlyRemoval is an array`)
  uniqueCodes(p, removals, ['listKinds', String(i), 'earlyRemoval'])
  removals.forEach((r, j) => {
    const days = isObject(r) ? r.withinWorkingDays : undefined
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1)
      p.add(
        LIST_PROBLEM_CODES.invalidStructure,
        at('earlyRemoval', j, 'withinWorkingDays'),
        `${K}: withinWorkingDays is a whole number of working days`,
      )
    else if (days > MAX_REMOVAL_WORKING_DAYS)
      p.add(
        LIST_PROBLEM_CODES.removalTooSlow,
        at('earlyRemoval', j, 'withinWorkingDays'),
        `${K}: removal comes within ${MAX_REMOVAL_WORKING_DAYS} working days of the condition being met, found ${days}`,
      )
  })
  if (kind.disclosure !== 'public' && kind.disclosure !== 'restricted')
    p.add(LIST_PROBLEM_CODES.invalidStructure, at('disclosure'), `${K}: disclosure is public or restricted`)
}

/** What a selection may say; everything else about a measure is the dictionary's. */
const SELECTION_KEYS: readonly string[] = ['code', 'listKind', 'area', 'maxTerm', 'department', 'items']
/** What only the dictionary says: a selection that tries to set it is refused. */
const DICTIONARY_KEYS: readonly string[] = [
  'name',
  'domain',
  'effect',
  'appliesTo',
  'legalProvision',
  'legalBasis',
  'group',
  'follows',
  'departmentType',
  'outsideCharter',
]
/** A department's display text is bounded, and scanned like every free text. */
export const MAX_DEPARTMENT_LENGTH = 200
const DICTIONARY: ReadonlyMap<string, (typeof MEASURE_DICTIONARY)[number]> = new Map(
  MEASURE_DICTIONARY.map((m) => [m.code, m]),
)
const RELATIONS = FORBIDDEN_TERM_SETS.find((s) => s.id === 'relations')!
const D = `dictionary ${MEASURE_DICTIONARY_VERSION}`

function selectDepartment(
  p: Problems,
  type: SelectableMeasureType,
  given: unknown,
  at: (...s: Array<string | number>) => string,
  M: string,
): LocalisedText {
  if (given === undefined) return type.departmentType
  if (
    !isLocalised(given) ||
    Object.keys(given).some((k) => k !== 'zh' && k !== 'en') ||
    given.zh.length > MAX_DEPARTMENT_LENGTH ||
    given.en.length > MAX_DEPARTMENT_LENGTH
  ) {
    p.add(
      LIST_PROBLEM_CODES.invalidStructure,
      at('department'),
      `${M}: department is display text with zh and en only, each at most ${MAX_DEPARTMENT_LENGTH} characters`,
    )
    return type.departmentType
  }
  for (const text of [given.zh, given.en]) {
    const right = findTerm(text, BASIC_RIGHTS_TERMS)
    if (right)
      p.add(
        LIST_PROBLEM_CODES.measureBasicRights,
        at('department'),
        `${M}: no measure reaches ${right.set.label}; the department found '${right.term}'`,
      )
    const others = findTerm(text, RELATIONS)
    if (others)
      p.add(
        LIST_PROBLEM_CODES.measureTargetsOthers,
        at('department'),
        `${M}: a measure binds only the listed subject, never relatives, children or associates; the department found '${others.term}'`,
      )
  }
  return { zh: given.zh, en: given.en }
}

function selectItems(
  p: Problems,
  type: SelectableMeasureType,
  given: unknown,
  at: (...s: Array<string | number>) => string,
  M: string,
): Measure['items'] {
  const strip = (x: SubListItem) => ({ code: x.code, article: x.article, name: x.name })
  if (type.items === null) {
    if (given !== undefined) p.add(LIST_PROBLEM_CODES.invalidStructure, at('items'), `${M} has no sub-list of items`)
    return []
  }
  const all = type.items
  if (given === undefined) return all.filter((x) => x.outsideCharter === null).map(strip)
  if (!Array.isArray(given) || given.length === 0) {
    p.add(
      LIST_PROBLEM_CODES.invalidStructure,
      at('items'),
      `${M}: items is a non-empty array of item codes (leave it out to select every item)`,
    )
    return []
  }
  const chosen = new Set<string>()
  given.forEach((code, j) => {
    const item = typeof code === 'string' ? all.find((x) => x.code === code) : undefined
    if (!item)
      p.add(
        LIST_PROBLEM_CODES.measureItemNotInDictionary,
        at('items', j),
        `${M}: ${quote(code)} is not an item of its closed sub-list in ${D} (${all.map((x) => x.code).join(', ')}); nothing beyond them`,
      )
    else if (item.outsideCharter !== null)
      p.add(
        LIST_PROBLEM_CODES.measureOutsideCharter,
        at('items', j),
        `${M}: item ${item.article} is outside the charter and never selectable: ${item.outsideCharter.reason.en}`,
      )
    else if (chosen.has(item.code))
      p.add(LIST_PROBLEM_CODES.duplicateCode, at('items', j), `${M}: item '${item.code}' is selected twice`)
    else chosen.add(item.code)
  })
  return all.filter((x) => chosen.has(x.code)).map(strip)
}

/** Checks one selection against the dictionary and the list kinds; its resolved measure if it passes. */
function selectMeasure(
  p: Problems,
  selection: unknown,
  i: number,
  lists: ReadonlyMap<string, Json>,
): Measure | undefined {
  const at = (...s: Array<string | number>) => pointer('measures', i, ...s)
  if (!isObject(selection)) {
    p.add(
      LIST_PROBLEM_CODES.invalidStructure,
      at(),
      'a measure is a selection from the measure dictionary: an object with a code',
    )
    return undefined
  }
  const before = p.list.length
  const M = typeof selection.code === 'string' ? selection.code : `measures[${i}]`
  for (const key of Object.keys(selection)) {
    if (DICTIONARY_KEYS.includes(key))
      p.add(
        LIST_PROBLEM_CODES.measureFixedByDictionary,
        at(key),
        `${M}: ${key} comes from the measure dictionary; a catalogue selects a measure, it cannot redefine it`,
      )
    else if (!SELECTION_KEYS.includes(key))
      p.add(
        LIST_PROBLEM_CODES.invalidStructure,
        at(key),
        `${M}: unknown property '${key}'; a selection has ${SELECTION_KEYS.join(', ')}`,
      )
  }
  // the code is compared as written: no folding of case, width, spaces or look-alike letters
  const type = typeof selection.code === 'string' ? DICTIONARY.get(selection.code) : undefined
  if (!type) {
    p.add(
      LIST_PROBLEM_CODES.measureNotInDictionary,
      at('code'),
      `${quote(selection.code)} is not a measure type in ${D}: a catalogue selects measures, it cannot create one`,
    )
    return undefined
  }
  if (type.outsideCharter !== null) {
    p.add(
      LIST_PROBLEM_CODES.measureOutsideCharter,
      at('code'),
      `${M}: outside the charter and never selectable: ${type.outsideCharter.reason.en}`,
    )
    return undefined
  }
  const department = selectDepartment(p, type, selection.department, at, M)
  const items = selectItems(p, type, selection.items, at, M)
  const list = typeof selection.listKind === 'string' ? lists.get(selection.listKind) : undefined
  if (!list) {
    p.add(
      LIST_PROBLEM_CODES.measureUnknownList,
      at('listKind'),
      `${M}: follows no list kind in this catalogue (${quote(selection.listKind)})`,
    )
    return undefined
  }
  const red = list.type === 'red'
  if ((type.effect === 'incentive') !== red) {
    p.add(
      LIST_PROBLEM_CODES.measureEffectMismatch,
      at('listKind'),
      `${M} is ${type.effect === 'incentive' ? 'an incentive: it follows red lists only' : 'a restriction: it follows black lists only'}, found ${quote(selection.listKind)}`,
    )
  }
  let area: ListArea | null = null
  if (red) {
    if (selection.area !== undefined && selection.area !== null)
      p.add(LIST_PROBLEM_CODES.invalidStructure, at('area'), `${M}: a red list commends; it has no breach area`)
  } else {
    const areas = Array.isArray(list.areas) ? (list.areas as unknown[]) : []
    if (!areas.includes(selection.area))
      p.add(
        LIST_PROBLEM_CODES.measureAreaNotAllowed,
        at('area'),
        `${M}: names the breach area it answers, one of the list's (${areas.join(', ')}), found ${quote(selection.area)}`,
      )
    else if (!(type.follows as readonly unknown[]).includes(selection.area))
      p.add(
        LIST_PROBLEM_CODES.measureAreaNotAllowed,
        at('area'),
        `${M} may follow a breach of ${type.follows.join(', ')} only (${D}), found ${quote(selection.area)}`,
      )
    else area = selection.area as ListArea
  }
  // the term: the dictionary's, bounded by the list's; a selection may shorten it, never lengthen it
  const listMax =
    isObject(list.term) && typeof list.term.max === 'string' && tryParseDuration(list.term.max)
      ? list.term.max
      : undefined
  let maxTerm = listMax && durationExceeds(type.maxTerm, listMax) ? listMax : type.maxTerm
  if (selection.maxTerm !== undefined) {
    const term = duration(p, selection.maxTerm, at('maxTerm'), `${M}: maxTerm`)
    if (term && durationExceeds(term, type.maxTerm))
      p.add(
        LIST_PROBLEM_CODES.measureTermWidened,
        at('maxTerm'),
        `${M}: lasts at most ${type.maxTerm} (${D}); a catalogue may shorten it, found ${term}`,
      )
    else if (term && listMax && durationExceeds(term, listMax))
      p.add(
        LIST_PROBLEM_CODES.measureTermExceedsList,
        at('maxTerm'),
        `${M}: lasts at most as long as the entry it follows (${listMax}), found ${term}`,
      )
    else if (term) maxTerm = term
  }
  if (p.list.length > before) return undefined
  return {
    code: type.code,
    effect: type.effect,
    group: type.group,
    listKind: String(selection.listKind),
    area,
    name: type.name,
    legalProvision: type.legalProvision,
    department,
    domain: type.domain,
    appliesTo: type.appliesTo,
    maxTerm,
    items,
  }
}

/** A measure type is selected once per list kind and area. */
function uniqueSelections(p: Problems, selections: unknown[]): void {
  const seen = new Set<string>()
  selections.forEach((m, i) => {
    if (!isObject(m) || typeof m.code !== 'string') return
    const key = JSON.stringify([m.code, m.listKind, m.area ?? null])
    if (seen.has(key))
      p.add(
        LIST_PROBLEM_CODES.duplicateCode,
        pointer('measures', i, 'code'),
        `'${m.code}' is selected twice for ${quote(m.listKind)}${m.area ? ` in ${quote(m.area)}` : ''}`,
      )
    seen.add(key)
  })
}

/** Validates a list catalogue; `recordKinds` are the record kind codes of the catalogue in force. */
export function validateListCatalogue(input: unknown, recordKinds: ReadonlySet<string>): ListCatalogueValidation {
  const p = new Problems()
  if (!isObject(input))
    return {
      ok: false,
      problems: [
        {
          code: LIST_PROBLEM_CODES.invalidStructure,
          path: '',
          message:
            'a list catalogue is an object with listCatalogueVersion, publishedOn, listKinds and measures (selections from the measure dictionary)',
        },
      ],
    }
  for (const key of Object.keys(input)) {
    if (!['listCatalogueVersion', 'publishedOn', 'listKinds', 'measures'].includes(key))
      p.add(LIST_PROBLEM_CODES.invalidStructure, pointer(key), `unknown property '${key}'`)
  }
  if (typeof input.listCatalogueVersion !== 'string' || !/^\d{4}\.\d{1,3}$/.test(input.listCatalogueVersion))
    p.add(
      LIST_PROBLEM_CODES.invalidStructure,
      '/listCatalogueVersion',
      `a version like '2026.1', found ${quote(input.listCatalogueVersion)}`,
    )
  if (typeof input.publishedOn !== 'string' || !isIsoDate(input.publishedOn))
    p.add(LIST_PROBLEM_CODES.invalidStructure, '/publishedOn', `a date YYYY-MM-DD, found ${quote(input.publishedOn)}`)
  const kinds = Array.isArray(input.listKinds) ? input.listKinds : []
  const measures = Array.isArray(input.measures) ? input.measures : []
  if (!Array.isArray(input.listKinds)) p.add(LIST_PROBLEM_CODES.invalidStructure, '/listKinds', 'listKinds is an array')
  if (!Array.isArray(input.measures)) p.add(LIST_PROBLEM_CODES.invalidStructure, '/measures', 'measures is an array')
  uniqueCodes(p, kinds, ['listKinds'])
  uniqueSelections(p, measures)
  kinds.forEach((k, i) => checkListKind(p, k, i, recordKinds))
  const byCode = new Map<string, Json>()
  for (const k of kinds) if (isObject(k) && typeof k.code === 'string') byCode.set(k.code, k)
  const resolved = measures.map((m, i) => selectMeasure(p, m, i, byCode))
  if (p.list.length > 0) return { ok: false, problems: p.list }
  const catalogue = structuredClone({
    listCatalogueVersion: input.listCatalogueVersion,
    publishedOn: input.publishedOn,
    measureDictionaryVersion: MEASURE_DICTIONARY_VERSION,
    listKinds: kinds,
    measures: resolved,
  })
  return { ok: true, catalogue: catalogue as unknown as ListCatalogue }
}
