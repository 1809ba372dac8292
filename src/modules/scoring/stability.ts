/**
 * The monthly stability report of a published model (issue 19, monitoring): the scores Fides gave in a
 * month set against the model's development sample. Overall, the population stability index of the
 * score bands (the development deciles, recorded in the model file when it was fitted); per
 * characteristic, the PSI of its bins (the development counts are the model file's own) and the
 * characteristic analysis — how many points the month's mix of bins gives on average above or below
 * the development mix. Pure: the counts come from the repository.
 */
import { bandOf, psiOfShares } from './metrics.ts'
import { cardsOf, type Model } from './scorecard.ts'

/** From this PSI a distribution is watched; past the second, it has shifted and the model is flagged. */
export const PSI_WATCH = 0.1
export const PSI_SHIFTED = 0.25
/**
 * Fewer scores than this in a month and the PSI is not judged, and the public summary does not show it:
 * with ten bands a handful of scores swings it by itself, and the PSI of one or two scores would tell
 * which band a person's score fell in.
 */
export const MIN_MONTH_SCORES = 100

export const STABILITY_STATUSES = ['stable', 'watch', 'shifted', 'too_few', 'no_scores', 'no_baseline'] as const
export type StabilityStatus = (typeof STABILITY_STATUSES)[number]

/** What a PSI says: stable below PSI_WATCH, watch up to PSI_SHIFTED, shifted past it (the flag). */
export function stabilityStatus(psi: number | null, scores: number): StabilityStatus {
  if (scores === 0) return 'no_scores'
  if (psi === null) return 'no_baseline'
  if (scores < MIN_MONTH_SCORES) return 'too_few'
  return psi > PSI_SHIFTED ? 'shifted' : psi >= PSI_WATCH ? 'watch' : 'stable'
}

/** A month's scores of one model, counted: each score given and how often; each card's feature's bin and how often. */
export interface MonthCounts {
  scores: { score: number; count: number }[]
  bins: { card: number; feature: number; bin: number; count: number }[]
}

export interface StabilityBand {
  label: string
  expected: number
  actual: number
  count: number
}

export interface CharacteristicStability {
  /** the card (segment) the feature belongs to: its name in the model */
  card: string
  feature: string
  /** scores given by this card in the month */
  scores: number
  psi: number | null
  status: StabilityStatus
  /** the month's average points from this feature minus the development sample's */
  pointsShift: number | null
  bins: (StabilityBand & { points: number })[]
}

export interface StabilityReport {
  /** YYYY-MM, China's calendar */
  month: string
  scores: number
  psi: number | null
  status: StabilityStatus
  /** the score bands (development deciles), or null when the model file has no development score distribution */
  bands: StabilityBand[] | null
  characteristics: CharacteristicStability[]
}

const shares = (counts: readonly number[]) => {
  const total = counts.reduce((a, b) => a + b, 0)
  return counts.map((c) => (total > 0 ? c / total : 0))
}

const range = (from: number | null, to: number | null) =>
  from === null ? `< ${to}` : to === null ? `≥ ${from}` : `${from} – ${to - 1}`

/** The stability report of `model` for `month`, from the month's counts. */
export function stabilityOf(model: Model, month: string, counts: MonthCounts): StabilityReport {
  const total = counts.scores.reduce((a, s) => a + s.count, 0)
  const baseline = model.development.scores
  let bands: StabilityBand[] | null = null
  let psi: number | null = null
  if (baseline && baseline.counts.length === baseline.edges.length + 1) {
    const given = new Array<number>(baseline.counts.length).fill(0)
    for (const s of counts.scores) given[bandOf(s.score, baseline.edges)]! += s.count
    const expected = shares(baseline.counts)
    const actual = shares(given)
    bands = expected.map((e, k) => ({
      label: range(k === 0 ? null : baseline.edges[k - 1]!, k === baseline.edges.length ? null : baseline.edges[k]!),
      expected: e,
      actual: actual[k]!,
      count: given[k]!,
    }))
    psi = total > 0 ? psiOfShares(expected, actual) : null
  }
  const characteristics = cardsOf(model).flatMap((card, c) =>
    card.features.map((f, j): CharacteristicStability => {
      const given = f.bins.map(() => 0)
      for (const b of counts.bins) if (b.card === c && b.feature === j && b.bin < given.length) given[b.bin]! += b.count
      const scores = given.reduce((a, b) => a + b, 0)
      const development = f.bins.map((b) => (b as { count?: number }).count ?? 0)
      const hasBaseline = development.some((n) => n > 0)
      const expected = shares(development)
      const actual = shares(given)
      const p = hasBaseline && scores > 0 ? psiOfShares(expected, actual) : null
      const shift =
        hasBaseline && scores > 0 ? f.bins.reduce((s, b, k) => s + (actual[k]! - expected[k]!) * b.points, 0) : null
      return {
        card: card.name,
        feature: f.name,
        scores,
        psi: p,
        status: hasBaseline ? stabilityStatus(p, scores) : 'no_baseline',
        pointsShift: shift,
        bins: f.bins.map((b, k) => ({
          label: b.label,
          points: b.points,
          expected: expected[k]!,
          actual: actual[k]!,
          count: given[k]!,
        })),
      }
    }),
  )
  return { month, scores: total, psi, status: stabilityStatus(psi, total), bands, characteristics }
}
