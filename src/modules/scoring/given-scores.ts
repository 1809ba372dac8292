/**
 * The scores Fides gives, kept beside their inquiries for the monthly stability report (monitoring.ts):
 * the month, the card and each feature's bin.
 */
import { randomUUID } from 'node:crypto'
import type { Database } from '../../db/database.ts'
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
