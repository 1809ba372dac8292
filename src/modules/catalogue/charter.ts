// The charter's rules for a catalogue of record kinds: the limits it sets (retention, public display,
// publication before repair), what no kind may hold or be (forbidden data categories, free-text
// "behaviour" kinds, warnings shown publicly), and what an element may describe, where, and to whom.
// validate-catalogue.ts walks a catalogue file and calls these on what it has read; the problems,
// their codes and pointers are defined here, where list-catalogue.ts (the list catalogue's rules) takes them too.
import { RETENTION_FROM } from './catalogue.ts'
import type { RecordCategory, Severity } from './catalogue.ts'
import { durationExceeds, isZeroDuration, tryParseDuration } from './durations.ts'
import { ELEMENT_CATEGORIES_FOR_KIND, type DataElement } from './elements.ts'
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
export const PENALTY_MIN_PUBLICATION: Readonly<Record<Severity, string>> = {
  minor: 'P3M',
  general: 'P3M',
  serious: 'P1Y',
}

// ---- small helpers ----

export type Json = Record<string, unknown>

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
export const has = (o: Json, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k)
export const quote = (v: unknown): string => {
  const s = JSON.stringify(v)
  return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}...` : s
}

export function pointer(...segments: Array<string | number>): string {
  return segments.map((s) => '/' + escapePointerSegment(String(s))).join('')
}

export class Problems {
  readonly list: CatalogueProblem[] = []
  add(code: string, path: string, message: string): void {
    this.list.push({ code, path, message })
  }
}

export function hitMessage(hit: TermHit): string {
  return `refers to ${hit.set.label} ('${hit.term}')`
}

// ---- a kind's display and repair ----

/** What the walk has read of a kind that the charter's rules look at (undefined where it found the value malformed). */
export interface KindFacts {
  readonly subjectTypes: readonly string[]
  readonly polarity: string | undefined
  readonly disclosure: string | undefined
  readonly severity: Severity | undefined
  readonly displayed: boolean
  readonly maxWindow: string | undefined
  readonly retention: string | undefined
  readonly minimumPublication: string | undefined
}

/** The charter on a kind's public display (whether, to whom and how long) and on its repair (how long it is published first). */
export function checkDisplayAndRepair(
  p: Problems,
  kind: Json,
  K: string,
  at: (...s: Array<string | number>) => string,
  facts: KindFacts,
): void {
  const { subjectTypes, polarity, disclosure, severity, displayed, maxWindow, retention, minimumPublication } = facts

  // ---- charter: public disclosure ----
  if (disclosure !== undefined && has(kind, 'display')) {
    if (disclosure === 'public' && !displayed) {
      p.add(
        PROBLEM_CODES.displayDisclosureMismatch,
        at('display'),
        `${K} is 'public' but has no display window; a public kind says how long it is shown`,
      )
    } else if (disclosure !== 'public' && displayed) {
      p.add(
        PROBLEM_CODES.displayDisclosureMismatch,
        at('display'),
        `${K} is '${disclosure}' but has a display window; only public kinds are shown publicly (use display: null)`,
      )
    }
  }
  if (disclosure === 'public' && subjectTypes.length > 0 && subjectTypes.every((t) => t === 'person')) {
    p.add(
      PROBLEM_CODES.publicPersonKind,
      at('disclosure'),
      `${K} applies only to natural persons and is marked 'public'; records on natural persons are never shown to the public`,
    )
  }
  const isPenalty = kind.category === 'administrative_penalties' || severity !== undefined
  if (isPenalty && displayed && isWarningOnly(kind)) {
    p.add(
      PROBLEM_CODES.publicWarning,
      at('display'),
      `${K} is a warning-only penalty with a public display window; warning-only penalties are never shown publicly`,
    )
  } else if (kind.category === 'administrative_penalties' && !has(kind, 'severity') && displayed) {
    p.add(
      PROBLEM_CODES.publicUnclassifiedPenalty,
      at('display'),
      `${K} is an administrative penalty without a severity but with a public display window; ` +
        'only minor, general or serious penalties have display periods',
    )
  }
  if (severity !== undefined && maxWindow !== undefined && durationExceeds(maxWindow, PENALTY_MAX_DISPLAY[severity])) {
    p.add(
      PROBLEM_CODES.penaltyDisplayTooLong,
      at('display', 'maxWindow'),
      `${K}: a ${severity} penalty may be shown publicly for at most ${PENALTY_MAX_DISPLAY[severity]}, not ${maxWindow}`,
    )
  }
  if (maxWindow !== undefined && retention !== undefined && durationExceeds(maxWindow, retention)) {
    p.add(
      PROBLEM_CODES.displayExceedsRetention,
      at('display', 'maxWindow'),
      `${K}: display maxWindow ${maxWindow} outlasts the retention period ${retention}`,
    )
  }

  // ---- charter: repair ----
  if (kind.repairable === true && polarity === 'negative' && displayed && !has(kind, 'minimumPublication')) {
    p.add(
      PROBLEM_CODES.missingMinimumPublication,
      at('minimumPublication'),
      `${K} is repairable but does not say how long it must be published before repair`,
    )
  }
  if (minimumPublication !== undefined) {
    if (maxWindow !== undefined && durationExceeds(minimumPublication, maxWindow)) {
      p.add(
        PROBLEM_CODES.minimumPublicationExceedsDisplay,
        at('minimumPublication'),
        `${K}: minimumPublication ${minimumPublication} is longer than the display maxWindow ${maxWindow}`,
      )
    }
    if (severity !== undefined && durationExceeds(PENALTY_MIN_PUBLICATION[severity], minimumPublication)) {
      p.add(
        PROBLEM_CODES.minimumPublicationTooShort,
        at('minimumPublication'),
        `${K}: a ${severity} penalty is published for at least ${PENALTY_MIN_PUBLICATION[severity]} before repair, not ${minimumPublication}`,
      )
    }
  }
}

// ---- what a kind may be called, and how long it is kept ----

/** Scans a kind's code or name for forbidden data categories and for "behaviour" kinds. */
export function scanKindText(
  p: Problems,
  K: string,
  text: string,
  path: string,
  where: string,
  identifier: boolean,
): void {
  for (const hit of findTerms(text, FORBIDDEN_TERM_SETS, { identifier })) {
    p.add(
      PROBLEM_CODES.forbiddenCategory,
      path,
      `${K}: ${where} ${quote(text)} ${hitMessage(hit)}; the catalogue never holds data on ${hit.set.label}`,
    )
  }
  const behaviour = findTerm(text, BEHAVIOUR_TERMS, { identifier })
  if (behaviour !== undefined) {
    p.add(
      PROBLEM_CODES.behaviourKind,
      path,
      `${K}: ${where} ${quote(text)} ${hitMessage(behaviour)}; there is no free-text "behaviour" kind, only kinds of specific, documented facts`,
    )
  }
}

function isWarningOnly(kind: Json): boolean {
  const texts: string[] = []
  if (typeof kind.code === 'string') texts.push(kind.code)
  if (isObject(kind.name) && typeof kind.name.en === 'string') texts.push(kind.name.en)
  if (texts.some((t) => englishWords(t).some((w) => w === 'warning' || w === 'warnings'))) return true
  return isObject(kind.name) && typeof kind.name.zh === 'string' && kind.name.zh.includes('警告')
}

export function checkRetention(
  p: Problems,
  kind: Json,
  K: string,
  at: (...s: Array<string | number>) => string,
  persons: boolean,
  polarity: string | undefined,
): string | undefined {
  if (!has(kind, 'retention') || kind.retention === null || kind.retention === undefined) {
    p.add(
      PROBLEM_CODES.retentionMissing,
      at('retention'),
      `${K} has no retention period; every kind is erased after a finite period`,
    )
    return undefined
  }
  const r = kind.retention
  if (!isObject(r)) {
    p.add(
      PROBLEM_CODES.retentionNotFinite,
      at('retention'),
      `${K}: retention ${quote(r)} is not { period, from } with a finite ISO 8601 period; every kind is erased after a finite period`,
    )
    return undefined
  }
  for (const k of Object.keys(r)) {
    if (k !== 'period' && k !== 'from')
      p.add(PROBLEM_CODES.invalidStructure, at('retention', k), `${K}: retention has an unknown property '${k}'`)
  }
  if (typeof r.from !== 'string' || !(RETENTION_FROM as readonly string[]).includes(r.from)) {
    p.add(
      PROBLEM_CODES.invalidStructure,
      at('retention', 'from'),
      `${K}: retention.from must be one of ${RETENTION_FROM.join(', ')}, found ${quote(r.from)}`,
    )
  }
  if (!has(r, 'period') || r.period === null || r.period === undefined) {
    p.add(
      PROBLEM_CODES.retentionMissing,
      at('retention', 'period'),
      `${K} has no retention period; every kind is erased after a finite period`,
    )
    return undefined
  }
  const parsed = typeof r.period === 'string' ? tryParseDuration(r.period) : undefined
  if (parsed === undefined || isZeroDuration(parsed)) {
    p.add(
      PROBLEM_CODES.retentionNotFinite,
      at('retention', 'period'),
      `${K}: retention period ${quote(r.period)} is not a finite ISO 8601 duration such as 'P5Y'; every kind is erased after a finite period`,
    )
    return undefined
  }
  const period = r.period as string
  if (persons && (polarity === 'negative' || polarity === 'neutral') && durationExceeds(period, MAX_PERSON_RETENTION)) {
    p.add(
      PROBLEM_CODES.retentionTooLong,
      at('retention', 'period'),
      `${K}: ${polarity} information on natural persons is erased within ${MAX_PERSON_RETENTION} (CIIR art. 16), but retention is ${period}`,
    )
  } else if (durationExceeds(period, MAX_RETENTION)) {
    p.add(
      PROBLEM_CODES.retentionTooLong,
      at('retention', 'period'),
      `${K}: retention ${period} is longer than the ${MAX_RETENTION} the charter allows for any kind`,
    )
  }
  return period
}

// ---- the elements a kind carries ----

/** The kind an element is carried by, as far as the charter's rules on elements look at it. */
export interface KindScope {
  readonly category: RecordCategory | undefined
  readonly subjectTypes: readonly string[]
  readonly disclosure: string | undefined
}

/** The charter on an element a kind carries (E names it in messages, at points into it). */
export function checkElementCharter(
  p: Problems,
  E: string,
  at: (...s: Array<string | number>) => string,
  element: DataElement,
  ctx: KindScope,
): void {
  // what the element may describe, where, and to whom
  if (ctx.category !== undefined && !ELEMENT_CATEGORIES_FOR_KIND[ctx.category].includes(element.category)) {
    p.add(
      PROBLEM_CODES.elementCategory,
      at('element'),
      `${E} is a ${element.category} element; a ${ctx.category} kind carries ${ELEMENT_CATEGORIES_FOR_KIND[ctx.category].join(', ')} elements only`,
    )
  }
  const beyond = ctx.subjectTypes.filter((t) => !(element.subjectTypes as readonly string[]).includes(t))
  if (beyond.length > 0) {
    p.add(
      PROBLEM_CODES.elementSubjectType,
      at('element'),
      `${E} may not describe ${beyond.join(', ')} (it describes ${element.subjectTypes.join(', ')})`,
    )
  }
  if (ctx.disclosure === 'public' && !element.mayBePublic) {
    p.add(PROBLEM_CODES.elementNotPublic, at('element'), `${E} may never be public; a public kind cannot carry it`)
  }
  if (
    element.personsNeedConsent === true &&
    ctx.subjectTypes.includes('person') &&
    ctx.disclosure !== 'consent_required'
  ) {
    p.add(
      PROBLEM_CODES.personalFinanceWithoutConsent,
      at('element'),
      `${E} is about a natural person's finances in a kind that applies to persons; such data needs disclosure 'consent_required' (CIIR art. 14)`,
    )
  }
}
