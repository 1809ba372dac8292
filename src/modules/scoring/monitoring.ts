/**
 * Monitoring of published models (issue 19): every score Fides gives is kept beside its inquiry — the
 * month, the card and each feature's bin, written in the inquiry's own transaction — and a month's
 * stability report sets them against the model's development sample (stability.ts).
 *
 * The report is computed when asked for, not by the maintenance pass: a month's scores are read through
 * the index on (model, month) in two grouped statements, and the month in progress changes with every
 * score — a stored report would be stale for it, and a finished month gives the same answer every time.
 */
import { AppError } from '../../platform/app-error.ts'
import { isMonth, monthOf } from './given-scores.ts'
import type { Model } from './scorecard.ts'
import * as repo from './scoring.repository.ts'
import { stabilityOf, type StabilityReport, type StabilityStatus } from './stability.ts'
import { getModel, listModels, type PublishedModel, type ScoringContext } from './registry.ts'

const monthProblem = (month: string) =>
  new AppError('request.invalid', 'month is YYYY-MM', [{ pointer: '/month', detail: `not a month: ${month}` }])

/** A model's stability report for a month (default: this month in China); officers read it whole. */
export async function modelStability(
  ctx: ScoringContext,
  modelId: string,
  month?: string,
): Promise<{ model: PublishedModel } & StabilityReport> {
  const m = month ?? monthOf(ctx.clock.now())
  if (!isMonth(m)) throw monthProblem(m)
  const found = await getModel(ctx, modelId)
  if (!found) throw new AppError('model.not_found', 'no such model', [{ pointer: '/modelId', detail: 'unknown' }])
  return { model: found.summary, ...stabilityOf(found.model, m, await repo.monthCounts(ctx.database.db, modelId, m)) }
}

export interface StabilitySummary {
  modelId: string
  name: string
  version: number
  status: PublishedModel['status']
  scores: number
  psi: number | null
  stability: StabilityStatus
}

/**
 * The public summary of a month: for each model in force, or that gave scores in the month, its scores,
 * its PSI and what it says. No person in it: only counts of a month, and no PSI at all where the month
 * has too few scores to judge (a PSI of one or two scores would tell which band they fell in).
 */
export async function stabilitySummary(
  ctx: ScoringContext,
  month?: string,
): Promise<{ month: string; models: StabilitySummary[] }> {
  const m = month ?? monthOf(ctx.clock.now())
  if (!isMonth(m)) throw monthProblem(m)
  const counts = await repo.monthScoreCounts(ctx.database.db, m)
  const models: StabilitySummary[] = []
  for (const summary of await listModels(ctx)) {
    const scores = counts.filter((c) => c.model_id === summary.modelId)
    if (summary.status !== 'published' && scores.length === 0) continue
    const found = await getModel(ctx, summary.modelId)
    const report = stabilityOf(found!.model as Model, m, {
      scores: scores.map((s) => ({ score: s.score, count: s.count })),
      bins: [],
    })
    const judged = report.status === 'stable' || report.status === 'watch' || report.status === 'shifted'
    models.push({
      modelId: summary.modelId,
      name: summary.name,
      version: summary.version,
      status: summary.status,
      scores: report.scores,
      psi: judged ? report.psi : null,
      stability: report.status,
    })
  }
  return { month: m, models }
}
