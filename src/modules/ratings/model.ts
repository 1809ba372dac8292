/**
 * Enterprise rating models: declarative, versioned files (catalogue/models/). A model says which
 * record kinds cost points and how many, how the points fade, the cap of each component, the grade
 * thresholds, the grade of a new entity, the inspection tier of each grade, and what the public sees.
 * The validator holds the charter's line: a rating model may apply to organisations only — there is
 * no composite score of people — and only to record kinds the catalogue knows.
 */
import { readFile } from 'node:fs/promises'
import { parseDuration, type LocalisedText, type SubjectType } from '../catalogue/index.ts'

export interface RatingComponent {
  code: string
  kinds: string[]
  /** points per record when new */
  points: number
  /** the points fade linearly to nothing over this duration from the decision date */
  fadeOver: string
  /** the component costs (or adds) at most this much */
  cap: number
  reason: LocalisedText
}

export interface RatingModel {
  code: string
  version: string
  publishedOn: string
  name: LocalisedText
  legalBasis: LocalisedText
  appliesTo: SubjectType[]
  baseScore: number
  components: RatingComponent[]
  credits: RatingComponent[]
  grades: { grade: string; min: number }[]
  newEntity: { within: string; grade: string }
  inspection: Record<string, { tier: string; relativeFrequency: number; text: LocalisedText }>
  disclosure: { public: 'grade' | 'none' }
}

const ORGANISATION_TYPES: readonly string[] = [
  'enterprise',
  'individual_business',
  'cooperative',
  'social_organisation',
  'public_body',
  'other_organisation',
]

/** Problems of a rating model against the charter and the catalogue's kinds; none means valid. */
export function validateRatingModel(m: RatingModel, kinds: ReadonlySet<string>): string[] {
  const problems: string[] = []
  if (!Array.isArray(m.appliesTo) || m.appliesTo.length === 0)
    problems.push('appliesTo: name the organisation types it rates')
  for (const t of m.appliesTo ?? []) {
    if (t === 'person')
      problems.push(
        'appliesTo: person — the charter forbids a composite score of people; a person gets purpose-bound reports and lending scores only',
      )
    else if (!ORGANISATION_TYPES.includes(t)) problems.push(`appliesTo: unknown subject type ${t}`)
  }
  if (!(m.baseScore > 0)) problems.push('baseScore: a positive number')
  const seen = new Set<string>()
  for (const [list, sign] of [
    [m.components, 'components'],
    [m.credits ?? [], 'credits'],
  ] as const) {
    for (const c of list) {
      if (seen.has(c.code)) problems.push(`${sign} ${c.code}: the code is used twice`)
      seen.add(c.code)
      for (const k of c.kinds)
        if (!kinds.has(k)) problems.push(`${sign} ${c.code}: no record kind ${k} in the catalogue`)
      if (!(c.points > 0) || !(c.cap >= c.points))
        problems.push(`${sign} ${c.code}: points must be positive and the cap at least one record's points`)
      try {
        parseDuration(c.fadeOver)
      } catch {
        problems.push(`${sign} ${c.code}: fadeOver must be an ISO 8601 duration`)
      }
      if (!c.reason?.zh || !c.reason?.en) problems.push(`${sign} ${c.code}: a reason in Chinese and English`)
    }
  }
  const grades = m.grades ?? []
  if (
    grades.length < 2 ||
    grades.some((g, i) => i > 0 && g.min >= grades[i - 1]!.min) ||
    grades[grades.length - 1]?.min !== 0
  )
    problems.push('grades: thresholds from the highest down, the last at 0')
  for (const g of [...grades.map((x) => x.grade), m.newEntity?.grade])
    if (g && !m.inspection?.[g]) problems.push(`inspection: no tier for grade ${g}`)
  try {
    parseDuration(m.newEntity.within)
  } catch {
    problems.push('newEntity.within must be an ISO 8601 duration')
  }
  if (m.disclosure?.public !== 'grade' && m.disclosure?.public !== 'none')
    problems.push('disclosure.public: grade or none')
  return problems
}

export async function loadRatingModel(file: string | URL, kinds: ReadonlySet<string>): Promise<RatingModel> {
  const model = JSON.parse(await readFile(file, 'utf8')) as RatingModel
  model.credits ??= []
  const problems = validateRatingModel(model, kinds)
  if (problems.length > 0) throw new Error(`${String(file)}: ${problems.join('; ')}`)
  return model
}

export const DEFAULT_RATING_MODEL = new URL('../../../catalogue/models/enterprise-supervision.json', import.meta.url)
