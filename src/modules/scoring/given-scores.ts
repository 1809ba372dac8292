/**
 * The scores Fides gives, kept beside their inquiries for the monthly stability report (monitoring.ts):
 * the month, the card and each feature's bin.
 */
import { randomUUID } from 'node:crypto'
import type { Database, Tx } from '../../db/database.ts'
import { appendTimedAuditEvents, type AuditEvent } from '../../platform/audit.ts'
import { chinaDate } from '../../platform/calendar.ts'
import { GroupRunner } from '../../platform/group.ts'
import type { Scored } from './scorecard.ts'
import * as repo from './scoring.repository.ts'

/** The China calendar month of an instant, YYYY-MM. */
export const monthOf = (at: Date): string => chinaDate(at).slice(0, 7)

/** YYYY-MM with a real month. */
export const isMonth = (s: string): boolean => /^\d{4}-(0[1-9]|1[0-2])$/.test(s)

interface GivenScore {
  at: Date
  event: AuditEvent
  subjectId: string
  modelId: string
  scored: Scored
}

const writers = new WeakMap<Database, GroupRunner<GivenScore, undefined>>()

/**
 * Group commit of scores: each score's inquiry (`score.made`) and its row in given_scores go in one
 * transaction, with the scores that arrived while the last batch committed (platform/group.ts).
 */
export function givenScoreWriter(database: Database): GroupRunner<GivenScore, undefined> {
  let writer = writers.get(database)
  if (!writer) {
    writer = new GroupRunner<GivenScore, undefined>(async (items) => {
      await database.transaction(async (tx) => {
        await appendTimedAuditEvents(tx.db, items)
        await repo.insertGivenScores(
          tx,
          items.map((g) => ({
            subject_id: g.subjectId,
            score_id: randomUUID(),
            model_id: g.modelId,
            scored_at: g.at,
            scored_month: monthOf(g.at),
            score: g.scored.score,
            card: g.scored.card,
            bins: JSON.stringify(g.scored.points.map((p) => p.index)),
          })),
        )
      })
      return items.map(() => undefined)
    })
    writers.set(database, writer)
  }
  return writer
}

/**
 * How long a score's row is kept for monitoring: this month and the 24 before it, enough to compare a
 * month with the same month a year and two years on. The inquiry itself stays in the audit trail.
 */
export const GIVEN_SCORES_KEPT_MONTHS = 25

/** Deletes the rows of scores given before the months kept (the maintenance pass); returns how many. */
export async function deleteOldGivenScores(tx: Tx, at: Date): Promise<number> {
  return repo.deleteGivenScoresBefore(tx, shiftMonth(monthOf(at), -(GIVEN_SCORES_KEPT_MONTHS - 1)))
}

/** The month `by` months after (or before) a YYYY-MM month. */
export function shiftMonth(month: string, by: number): string {
  const total = Number(month.slice(0, 4)) * 12 + Number(month.slice(5)) - 1 + by
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`
}
