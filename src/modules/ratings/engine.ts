/**
 * The rating of one organisation from its records, by a model (pure). A record counts while it is in
 * force: its current version, not under objection or suppressed, not withdrawn, not taken down or
 * ended early by credit repair, not erased. Its points fade linearly from its decision date to
 * nothing at the component's fadeOver; each component is capped. Score = base − losses + credits,
 * never above the base; the grade is the first threshold the score reaches, or the new-entity grade
 * for an organisation first known less than `newEntity.within` ago with nothing negative counted.
 */
import { addDuration, daysBetween } from '../catalogue/index.ts'
import type { RatingComponent, RatingModel } from './model.ts'

export interface RatedRecord {
  recordId: string
  kind: string
  decidedOn: string
  /** false when under objection, suppressed, withdrawn, taken down or erased */
  inForce: boolean
}

export interface RatingReason {
  component: string
  points: number
  records: number
  text: { zh: string; en: string }
}

export interface Rating {
  model: string
  modelVersion: string
  ratedOn: string
  score: number
  grade: string
  inspection: { tier: string; relativeFrequency: number }
  /** what cost points, the most first; then what added points */
  reasons: RatingReason[]
  /** records that would count but do not now (under objection, withdrawn, taken down ...) */
  notCounted: number
}

const round1 = (x: number) => Math.round(x * 10) / 10

/** A record's points on `today`: full on its decision date, nothing from decision + fadeOver on. */
export function fadedPoints(c: Pick<RatingComponent, 'points' | 'fadeOver'>, decidedOn: string, today: string): number {
  if (decidedOn > today) return c.points
  const end = addDuration(decidedOn, c.fadeOver)
  if (today >= end) return 0
  return c.points * (daysBetween(today, end) / daysBetween(decidedOn, end))
}

export interface RatingEngine {
  rate(subject: { firstKnownOn: string; records: readonly RatedRecord[] }, today: string): Rating
}

export function ratingEngine(model: RatingModel): RatingEngine {
  const byKind = new Map<string, { c: RatingComponent; credit: boolean }>()
  for (const c of model.components) for (const k of c.kinds) byKind.set(k, { c, credit: false })
  for (const c of model.credits) for (const k of c.kinds) byKind.set(k, { c, credit: true })
  return {
    rate(subject, today) {
      const sums = new Map<string, { c: RatingComponent; credit: boolean; points: number; records: number }>()
      let notCounted = 0
      for (const r of subject.records) {
        const hit = byKind.get(r.kind)
        if (!hit) continue
        if (!r.inForce) {
          notCounted++
          continue
        }
        const p = fadedPoints(hit.c, r.decidedOn, today)
        if (p <= 0) continue
        const s = sums.get(hit.c.code) ?? { ...hit, points: 0, records: 0 }
        s.points += p
        s.records++
        sums.set(hit.c.code, s)
      }
      let losses = 0
      let credits = 0
      const lost: RatingReason[] = []
      const added: RatingReason[] = []
      for (const s of sums.values()) {
        const points = round1(Math.min(s.points, s.c.cap))
        if (s.credit) {
          credits += points
          added.push({ component: s.c.code, points, records: s.records, text: s.c.reason })
        } else {
          losses += points
          lost.push({ component: s.c.code, points: -points, records: s.records, text: s.c.reason })
        }
      }
      lost.sort((a, b) => a.points - b.points || (a.component < b.component ? -1 : 1))
      added.sort((a, b) => b.points - a.points || (a.component < b.component ? -1 : 1))
      const score = round1(Math.min(model.baseScore, model.baseScore - losses + credits))
      const isNew = losses === 0 && addDuration(subject.firstKnownOn, model.newEntity.within) > today
      // the lowest grade takes any score, however many penalties pushed it below that grade's floor
      const grade = isNew
        ? model.newEntity.grade
        : (model.grades.find((g) => score >= g.min) ?? model.grades[model.grades.length - 1]!).grade
      const tier = model.inspection[grade]!
      return {
        model: model.code,
        modelVersion: model.version,
        ratedOn: today,
        score,
        grade,
        inspection: { tier: tier.tier, relativeFrequency: tier.relativeFrequency },
        reasons: [...lost, ...added],
        notCounted,
      }
    },
  }
}
