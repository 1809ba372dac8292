/**
 * The figures public statistics are built from. This module owns no table: each count is a query
 * its table's owner exports (list entries, objections, repair applications), gathered here.
 */
import type { Db } from '../../db/database.ts'
import { entriesByMonth, entryStatistics, type MonthRow, type StatisticsRow } from '../lists/index.ts'
import { objectionsByMonth } from '../objections/index.ts'
import { repairCounts, repairsByMonth } from '../repair/index.ts'

export type { MonthRow, StatisticsRow }

/** Counts per list kind and deciding agency (null: not decided yet), removal delays, repair applications. */
export async function statistics(db: Db): Promise<{
  rows: StatisticsRow[]
  removalDays: number[]
  repairs: { applied: number; approved: number; refused: number }
}> {
  const { rows, removalDays } = await entryStatistics(db)
  return { rows, removalDays, repairs: await repairCounts(db) }
}

/**
 * The accountability figures month by month from `from` (a first of the month): entries listed (by
 * their decision day), removed early, annulled and expired (by their end day) per list kind and
 * deciding agency; objections filed and upheld (China time); repair applications and decisions.
 */
export async function statisticsByMonth(
  db: Db,
  from: string,
): Promise<{
  entries: MonthRow[]
  objections: { month: string; filed: number; upheld: number }[]
  repairs: { month: string; applied: number; approved: number; refused: number }[]
}> {
  const [entries, objections, repairs] = await Promise.all([
    entriesByMonth(db, from),
    objectionsByMonth(db, from),
    repairsByMonth(db, from),
  ])
  return { entries, objections, repairs }
}
