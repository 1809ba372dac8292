/**
 * The list catalogue: red and black list kinds, and the measures that may follow an entry — and the
 * charter rules either must pass before it is loaded (pure; every problem reported, each with a code,
 * a JSON pointer and what it found).
 *
 * Black lists only in the four areas the State Council allows (health and safety, market order,
 * defiance of a court or administrative order, national-defence duties); every entry needs a legally
 * effective record of a kind the list names, a criterion it lists, written notice and at least 30 days
 * to object, and a finite term (at most 5 years). A measure binds only the listed subject, never its
 * relatives, children or associates; never reaches social security, welfare, healthcare, compulsory
 * education, legal aid or the courts; works only in a domain related to the list's area; and lasts no
 * longer than the list's own maximum term.
 */
import type { LocalisedText, SubjectType } from './catalogue.ts'
import { SUBJECT_TYPES } from './catalogue.ts'
import type { CatalogueProblem } from './charter.ts'
import { pointer } from './charter.ts'
import { durationExceeds, isIsoDate, tryParseDuration } from './durations.ts'
import { BASIC_RIGHTS_TERMS, FORBIDDEN_TERM_SETS, findTerm, findTerms } from './terms.ts'

export const LIST_AREAS = ['health_and_safety', 'market_order', 'defiance_of_court_order', 'national_defence'] as const
export type ListArea = typeof LIST_AREAS[number]

/** The closed list of domains a measure may work in (the departments' domains, access/domains.ts, are the same). */
export const MEASURE_DOMAINS = ['public_procurement', 'licensing', 'subsidies', 'high_consumption', 'inspections', 'fast_track_approval'] as const
export type MeasureDomainCode = typeof MEASURE_DOMAINS[number]

/**
 * Which domains are related to which area: a consequence outside the domain of the breach is refused
 * (EU AI Act art. 5(1)(c)). Restricting high consumption follows only defiance of a court's order
 * (judgment defaulters). Incentives of red lists: fast-track approval and lighter inspections.
 */
export const RELATED_DOMAINS: Readonly<Record<ListArea | 'red', readonly MeasureDomainCode[]>> = {
  health_and_safety: ['licensing', 'inspections', 'public_procurement', 'subsidies'],
  market_order: ['public_procurement', 'licensing', 'subsidies', 'inspections'],
  defiance_of_court_order: ['high_consumption', 'public_procurement', 'subsidies'],
  national_defence: ['public_procurement', 'subsidies'],
  red: ['fast_track_approval', 'inspections'],
}

/** The longest any list entry may last, extensions included. */
export const MAX_LIST_TERM = 'P5Y'
/** The shortest time to object after notice (FAR 9.406-3 as the due-process model: 30 days). */
export const MIN_OBJECTION_WINDOW = 'P30D'
/** Removal after full performance: within 3 working days (SPC provisions, art. 10). */
export const MAX_REMOVAL_WORKING_DAYS = 3

export interface ListCriterion { code: string; area?: ListArea; name: LocalisedText }
export interface EarlyRemoval { code: string; name: LocalisedText; withinWorkingDays: number }

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

export interface Measure {
  code: string
  effect: 'restriction' | 'incentive'
  listKind: string
  area: ListArea | null
  name: LocalisedText
  legalProvision: LocalisedText
  department: LocalisedText
  domain: MeasureDomainCode
  /** always the listed subject: no measure reaches anyone else */
  appliesTo: 'listed_subject'
  maxTerm: string
}

export interface ListCatalogue {
  listCatalogueVersion: string
  publishedOn: string
  listKinds: ListKind[]
  measures: Measure[]
}

export type ListCatalogueValidation = { ok: true; catalogue: ListCatalogue } | { ok: false; problems: CatalogueProblem[] }

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
  measureBasicRights: 'measure.basic_rights',
  measureTargetsOthers: 'measure.targets_others',
  measureUnknownDomain: 'measure.unknown_domain',
  measureDomainUnrelated: 'measure.domain_unrelated',
  measureEffectMismatch: 'measure.effect_mismatch',
  measureTermExceedsList: 'measure.term_exceeds_list',
} as const

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0
const isLocalised = (v: unknown): v is LocalisedText => isObject(v) && isText(v.zh) && isText(v.en)
const CODE_RE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/
const quote = (v: unknown) => { const s = JSON.stringify(v); return s === undefined ? String(v) : s.length > 60 ? s.slice(0, 57) + '...' : s }

class Problems {
  readonly list: CatalogueProblem[] = []
  add(code: string, path: string, message: string): void { this.list.push({ code, path, message }) }
}

function duration(p: Problems, v: unknown, path: string, what: string): string | undefined {
  if (typeof v === 'string' && tryParseDuration(v)) return v
  p.add(LIST_PROBLEM_CODES.invalidStructure, path, `${what} must be an ISO 8601 date duration such as P2Y, found ${quote(v)}`)
  return undefined
}

function uniqueCodes(p: Problems, items: unknown[], base: string[]): void {
  const seen = new Set<string>()
  items.forEach((item, i) => {
    const code = isObject(item) ? item.code : undefined
    if (typeof code !== 'string' || !CODE_RE.test(code)) p.add(LIST_PROBLEM_CODES.invalidStructure, pointer(...base, i, 'code'), `a code is snake_case, found ${quote(code)}`)
    else if (seen.has(code)) p.add(LIST_PROBLEM_CODES.duplicateCode, pointer(...base, i, 'code'), `'${code}' is used twice`)
    else seen.add(code)
  })
}

function checkListKind(p: Problems, kind: unknown, i: number, recordKinds: ReadonlySet<string>): void {
  const at = (...s: Array<string | number>) => pointer('listKinds', i, ...s)
  if (!isObject(kind)) { p.add(LIST_PROBLEM_CODES.invalidStructure, at(), 'a list kind is an object'); return }
  const K = typeof kind.code === 'string' ? kind.code : `listKinds[${i}]`
  if (kind.type !== 'black' && kind.type !== 'red') p.add(LIST_PROBLEM_CODES.invalidStructure, at('type'), `${K}: type is black or red, found ${quote(kind.type)}`)
  if (!isLocalised(kind.name)) p.add(LIST_PROBLEM_CODES.invalidStructure, at('name'), `${K}: name needs zh and en`)
  if (!isLocalised(kind.legalBasis)) p.add(LIST_PROBLEM_CODES.invalidStructure, at('legalBasis'), `${K}: every list names its legal basis, in zh and en`)
  // a list about refused data (religion, politics, relations ...) cannot exist at all
  for (const text of [typeof kind.code === 'string' ? kind.code : '', ...(isLocalised(kind.name) ? [kind.name.zh, kind.name.en] : [])]) {
    for (const hit of findTerms(text, FORBIDDEN_TERM_SETS, { identifier: text === kind.code })) {
      p.add(LIST_PROBLEM_CODES.forbiddenSubject, at(text === kind.code ? 'code' : 'name'), `${K}: a list about ${hit.set.label} ('${hit.term}') is refused`)
    }
  }
  const areas = Array.isArray(kind.areas) ? kind.areas : []
  if (!Array.isArray(kind.areas)) p.add(LIST_PROBLEM_CODES.invalidStructure, at('areas'), `${K}: areas is an array`)
  areas.forEach((a, j) => {
    if (!(LIST_AREAS as readonly unknown[]).includes(a)) p.add(LIST_PROBLEM_CODES.areaNotAllowed, at('areas', j), `${K}: black lists are for serious breaches in ${LIST_AREAS.join(', ')} only, found ${quote(a)}`)
  })
  if (kind.type === 'black' && areas.length === 0) p.add(LIST_PROBLEM_CODES.areaNotAllowed, at('areas'), `${K}: a black list names its area(s): ${LIST_AREAS.join(', ')}`)
  if (kind.type === 'red' && areas.length > 0) p.add(LIST_PROBLEM_CODES.invalidStructure, at('areas'), `${K}: a red list commends; it has no breach area`)
  const basis = Array.isArray(kind.basisKinds) ? kind.basisKinds : []
  if (basis.length === 0) p.add(LIST_PROBLEM_CODES.invalidStructure, at('basisKinds'), `${K}: an entry must cite a legally effective record; name the record kinds that can be one`)
  basis.forEach((b, j) => {
    if (typeof b !== 'string' || !recordKinds.has(b)) p.add(LIST_PROBLEM_CODES.unknownBasisKind, at('basisKinds', j), `${K}: ${quote(b)} is not a record kind in the catalogue`)
  })
  const criteria = Array.isArray(kind.criteria) ? kind.criteria : []
  if (criteria.length === 0) p.add(LIST_PROBLEM_CODES.invalidStructure, at('criteria'), `${K}: a list names the criteria an entry must meet`)
  uniqueCodes(p, criteria, ['listKinds', String(i), 'criteria'])
  criteria.forEach((c, j) => {
    if (!isObject(c) || !isLocalised(c.name)) { p.add(LIST_PROBLEM_CODES.invalidStructure, at('criteria', j), `${K}: a criterion has a code and a name in zh and en`); return }
    if (kind.type === 'black' && areas.length > 1 && !areas.includes(c.area)) {
      p.add(LIST_PROBLEM_CODES.criterionArea, at('criteria', j, 'area'), `${K}: on a list of several areas each criterion names one of them (${areas.join(', ')}), found ${quote(c.area)}`)
    }
  })
  if (!Array.isArray(kind.exclusions)) p.add(LIST_PROBLEM_CODES.invalidStructure, at('exclusions'), `${K}: exclusions is an array (it may be empty)`)
  const types = Array.isArray(kind.subjectTypes) ? kind.subjectTypes : []
  if (types.length === 0 || types.some((t) => !(SUBJECT_TYPES as readonly unknown[]).includes(t))) {
    p.add(LIST_PROBLEM_CODES.invalidStructure, at('subjectTypes'), `${K}: subjectTypes is a non-empty list of ${SUBJECT_TYPES.join(', ')}`)
  }
  const term = isObject(kind.term) ? kind.term : {}
  const def = duration(p, term.default, at('term', 'default'), `${K}: term.default`)
  const max = duration(p, term.max, at('term', 'max'), `${K}: term.max`)
  if (max && durationExceeds(max, MAX_LIST_TERM)) p.add(LIST_PROBLEM_CODES.termTooLong, at('term', 'max'), `${K}: no entry lasts longer than ${MAX_LIST_TERM}, found ${max}`)
  if (def && max && durationExceeds(def, max)) p.add(LIST_PROBLEM_CODES.termDefaultExceedsMax, at('term', 'default'), `${K}: the default term ${def} is longer than the maximum ${max}`)
  const window = duration(p, kind.objectionWindow, at('objectionWindow'), `${K}: objectionWindow`)
  if (window && durationExceeds(MIN_OBJECTION_WINDOW, window)) p.add(LIST_PROBLEM_CODES.objectionWindowTooShort, at('objectionWindow'), `${K}: notice gives at least ${MIN_OBJECTION_WINDOW} to object, found ${window}`)
  const removals = Array.isArray(kind.earlyRemoval) ? kind.earlyRemoval : []
  if (!Array.isArray(kind.earlyRemoval)) p.add(LIST_PROBLEM_CODES.invalidStructure, at('earlyRemoval'), `${K}: earlyRemoval is an array`)
  uniqueCodes(p, removals, ['listKinds', String(i), 'earlyRemoval'])
  removals.forEach((r, j) => {
    const days = isObject(r) ? r.withinWorkingDays : undefined
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1) p.add(LIST_PROBLEM_CODES.invalidStructure, at('earlyRemoval', j, 'withinWorkingDays'), `${K}: withinWorkingDays is a whole number of working days`)
    else if (days > MAX_REMOVAL_WORKING_DAYS) p.add(LIST_PROBLEM_CODES.removalTooSlow, at('earlyRemoval', j, 'withinWorkingDays'), `${K}: removal comes within ${MAX_REMOVAL_WORKING_DAYS} working days of the condition being met, found ${days}`)
  })
  if (kind.disclosure !== 'public' && kind.disclosure !== 'restricted') p.add(LIST_PROBLEM_CODES.invalidStructure, at('disclosure'), `${K}: disclosure is public or restricted`)
}

function checkMeasure(p: Problems, measure: unknown, i: number, lists: ReadonlyMap<string, Json>): void {
  const at = (...s: Array<string | number>) => pointer('measures', i, ...s)
  if (!isObject(measure)) { p.add(LIST_PROBLEM_CODES.invalidStructure, at(), 'a measure is an object'); return }
  const M = typeof measure.code === 'string' ? measure.code : `measures[${i}]`
  for (const key of ['name', 'legalProvision', 'department'] as const) {
    if (!isLocalised(measure[key])) p.add(LIST_PROBLEM_CODES.invalidStructure, at(key), `${M}: ${key} needs zh and en`)
  }
  // what it restricts: never a basic right, never anyone but the listed subject
  const texts = [typeof measure.code === 'string' ? measure.code : '', typeof measure.domain === 'string' ? measure.domain : '', ...(isLocalised(measure.name) ? [measure.name.zh, measure.name.en] : [])]
  for (const text of texts) {
    const identifier = text === measure.code || text === measure.domain
    const right = findTerm(text, BASIC_RIGHTS_TERMS, { identifier })
    if (right) p.add(LIST_PROBLEM_CODES.measureBasicRights, at(identifier ? (text === measure.code ? 'code' : 'domain') : 'name'), `${M}: no measure reaches ${right.set.label}; found '${right.term}'`)
    const others = findTerm(text, FORBIDDEN_TERM_SETS.find((s) => s.id === 'relations')!, { identifier })
    if (others) p.add(LIST_PROBLEM_CODES.measureTargetsOthers, at(identifier ? 'code' : 'name'), `${M}: a measure binds only the listed subject, never relatives, children or associates; found '${others.term}'`)
  }
  if (measure.appliesTo !== 'listed_subject') p.add(LIST_PROBLEM_CODES.measureTargetsOthers, at('appliesTo'), `${M}: appliesTo is 'listed_subject' and nothing else, found ${quote(measure.appliesTo)}`)
  const list = typeof measure.listKind === 'string' ? lists.get(measure.listKind) : undefined
  if (!list) { p.add(LIST_PROBLEM_CODES.measureUnknownList, at('listKind'), `${M}: follows no list kind in this catalogue (${quote(measure.listKind)})`); return }
  const red = list.type === 'red'
  if ((measure.effect === 'incentive') !== red || (measure.effect !== 'incentive' && measure.effect !== 'restriction')) {
    p.add(LIST_PROBLEM_CODES.measureEffectMismatch, at('effect'), `${M}: a ${red ? 'red list brings incentives' : 'black list brings restrictions'}, found ${quote(measure.effect)}`)
  }
  const areas = (list.areas as ListArea[] | undefined) ?? []
  const area = red ? 'red' : measure.area
  if (!red && !areas.includes(measure.area as ListArea)) {
    p.add(LIST_PROBLEM_CODES.measureDomainUnrelated, at('area'), `${M}: names the breach area it answers, one of the list's (${areas.join(', ')}), found ${quote(measure.area)}`)
  }
  if (!(MEASURE_DOMAINS as readonly unknown[]).includes(measure.domain)) {
    if (!p.list.some((x) => x.code === LIST_PROBLEM_CODES.measureBasicRights && x.path === at('domain'))) {
      p.add(LIST_PROBLEM_CODES.measureUnknownDomain, at('domain'), `${M}: the domain is one of ${MEASURE_DOMAINS.join(', ')}, found ${quote(measure.domain)}`)
    }
  } else if (typeof area === 'string' && area in RELATED_DOMAINS && !RELATED_DOMAINS[area as ListArea | 'red'].includes(measure.domain as MeasureDomainCode)) {
    p.add(LIST_PROBLEM_CODES.measureDomainUnrelated, at('domain'), `${M}: ${measure.domain} is unrelated to ${red ? 'a red list' : `a breach of ${area}`}; related: ${RELATED_DOMAINS[area as ListArea | 'red'].join(', ')}`)
  }
  const maxTerm = duration(p, measure.maxTerm, at('maxTerm'), `${M}: maxTerm`)
  const listMax = isObject(list.term) && typeof list.term.max === 'string' ? list.term.max : undefined
  if (maxTerm && listMax && tryParseDuration(listMax) && durationExceeds(maxTerm, listMax)) {
    p.add(LIST_PROBLEM_CODES.measureTermExceedsList, at('maxTerm'), `${M}: lasts at most as long as the entry it follows (${listMax}), found ${maxTerm}`)
  }
}

/** Validates a list catalogue; `recordKinds` are the record kind codes of the catalogue in force. */
export function validateListCatalogue(input: unknown, recordKinds: ReadonlySet<string>): ListCatalogueValidation {
  const p = new Problems()
  if (!isObject(input)) return { ok: false, problems: [{ code: LIST_PROBLEM_CODES.invalidStructure, path: '', message: 'a list catalogue is an object with listCatalogueVersion, publishedOn, listKinds and measures' }] }
  for (const key of Object.keys(input)) {
    if (!['listCatalogueVersion', 'publishedOn', 'listKinds', 'measures'].includes(key)) p.add(LIST_PROBLEM_CODES.invalidStructure, pointer(key), `unknown property '${key}'`)
  }
  if (typeof input.listCatalogueVersion !== 'string' || !/^\d{4}\.\d{1,3}$/.test(input.listCatalogueVersion)) p.add(LIST_PROBLEM_CODES.invalidStructure, '/listCatalogueVersion', `a version like '2026.1', found ${quote(input.listCatalogueVersion)}`)
  if (typeof input.publishedOn !== 'string' || !isIsoDate(input.publishedOn)) p.add(LIST_PROBLEM_CODES.invalidStructure, '/publishedOn', `a date YYYY-MM-DD, found ${quote(input.publishedOn)}`)
  const kinds = Array.isArray(input.listKinds) ? input.listKinds : []
  const measures = Array.isArray(input.measures) ? input.measures : []
  if (!Array.isArray(input.listKinds)) p.add(LIST_PROBLEM_CODES.invalidStructure, '/listKinds', 'listKinds is an array')
  if (!Array.isArray(input.measures)) p.add(LIST_PROBLEM_CODES.invalidStructure, '/measures', 'measures is an array')
  uniqueCodes(p, kinds, ['listKinds'])
  uniqueCodes(p, measures, ['measures'])
  kinds.forEach((k, i) => checkListKind(p, k, i, recordKinds))
  const byCode = new Map<string, Json>()
  for (const k of kinds) if (isObject(k) && typeof k.code === 'string') byCode.set(k.code, k)
  measures.forEach((m, i) => checkMeasure(p, m, i, byCode))
  if (p.list.length > 0) return { ok: false, problems: p.list }
  return { ok: true, catalogue: structuredClone(input) as unknown as ListCatalogue }
}
