/**
 * Public accountability statistics: list entries per list kind and per deciding agency, how fast
 * removal follows performance, objections and credit repair, and the last 24 months of each.
 */
import type { Database } from '../../db/database.ts'
import { chinaDate } from '../../platform/calendar.ts'
import type { Clock } from '../../platform/clock.ts'
import type { ListCatalogue } from '../catalogue/index.ts'
import * as repo from './statistics.repository.ts'

export interface StatisticsContext {
  database: Database
  clock: Clock
  lists: Pick<ListCatalogue, 'listKinds'>
}

export interface Statistics {
  generatedAt: string
  byListKind: {
    listKind: string
    listName: { zh: string; en: string }
    proposed: number
    listed: number
    rejected: number
    annulled: number
    removed: number
    expired: number
    active: number
  }[]
  byDecidingAgency: {
    decidingAgency: string
    proposed: number
    listed: number
    rejected: number
    annulled: number
    removed: number
    expired: number
    active: number
  }[]
  removalAfterPerformance: { removals: number; medianDays: number | null }
  /** credit repair applications (records and entries): how many, how many approved, how many refused */
  repairs: { applied: number; approved: number; refused: number }
  /** the last 24 months (China time), every month listed even when nothing happened */
  byMonth: {
    months: string[]
    /** per list kind and deciding agency, the entries listed, removed early, annulled and expired in each month */
    entries: {
      listKind: string
      decidingAgency: string | null
      listed: number[]
      removed: number[]
      annulled: number[]
      expired: number[]
    }[]
    objections: { filed: number[]; upheld: number[] }
    repairs: { applied: number[]; approved: number[]; refused: number[] }
  }
}

const STATISTICS_MONTHS = 24

/** The `count` months up to the one of `today`, oldest first, as YYYY-MM. */
function monthsUpTo(today: string, count: number): string[] {
  const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))]
  return Array.from({ length: count }, (_, i) => {
    const index = y * 12 + (m - 1) - (count - 1 - i)
    return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`
  })
}

function median(values: number[]): number | null {
  if (values.length === 0) return null
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/** Accountability figures, public: entries per list kind and per deciding agency, and how fast removal follows performance. */
export async function listStatistics(ctx: StatisticsContext): Promise<Statistics> {
  const months = monthsUpTo(chinaDate(ctx.clock.now()), STATISTICS_MONTHS)
  const [{ rows, removalDays, repairs }, monthly] = await Promise.all([
    repo.statistics(ctx.database.db),
    repo.statisticsByMonth(ctx.database.db, `${months[0]}-01`),
  ])
  const at = new Map(months.map((month, i) => [month, i]))
  const series = () => months.map(() => 0)
  const entries = new Map<string, Statistics['byMonth']['entries'][number]>()
  for (const r of monthly.entries) {
    const key = `${r.list_kind}\u0000${r.deciding_agency ?? ''}`
    const e =
      entries.get(key) ??
      entries
        .set(key, {
          listKind: r.list_kind,
          decidingAgency: r.deciding_agency,
          listed: series(),
          removed: series(),
          annulled: series(),
          expired: series(),
        })
        .get(key)!
    const i = at.get(r.month)
    if (i === undefined) continue
    e.listed[i]! += r.listed
    e.removed[i]! += r.removed
    e.annulled[i]! += r.annulled
    e.expired[i]! += r.expired
  }
  const spread = <R extends { month: string }>(list: readonly R[], pick: (r: R) => number) => {
    const out = series()
    for (const r of list) {
      const i = at.get(r.month)
      if (i !== undefined) out[i] = pick(r)
    }
    return out
  }
  const byMonth: Statistics['byMonth'] = {
    months,
    entries: [...entries.values()],
    objections: {
      filed: spread(monthly.objections, (r) => r.filed),
      upheld: spread(monthly.objections, (r) => r.upheld),
    },
    repairs: {
      applied: spread(monthly.repairs, (r) => r.applied),
      approved: spread(monthly.repairs, (r) => r.approved),
      refused: spread(monthly.repairs, (r) => r.refused),
    },
  }
  const counts = ['proposed', 'listed', 'rejected', 'annulled', 'removed', 'expired', 'active'] as const
  const sum = (into: Record<string, number>, r: repo.StatisticsRow) => {
    for (const c of counts) into[c] = (into[c] ?? 0) + r[c]
  }
  const byKind = new Map<string, Record<string, number>>()
  const byAgency = new Map<string, Record<string, number>>()
  for (const r of rows) {
    sum(byKind.get(r.list_kind) ?? byKind.set(r.list_kind, {}).get(r.list_kind)!, r)
    if (r.deciding_agency !== null)
      sum(byAgency.get(r.deciding_agency) ?? byAgency.set(r.deciding_agency, {}).get(r.deciding_agency)!, r)
  }
  const zero = Object.fromEntries(counts.map((c) => [c, 0])) as Record<(typeof counts)[number], number>
  return {
    generatedAt: ctx.clock.now().toISOString(),
    byListKind: ctx.lists.listKinds.map((k) => ({
      listKind: k.code,
      listName: k.name,
      ...zero,
      ...byKind.get(k.code),
    })),
    byDecidingAgency: [...byAgency.entries()].map(([decidingAgency, c]) => ({ decidingAgency, ...zero, ...c })),
    removalAfterPerformance: { removals: removalDays.length, medianDays: median(removalDays) },
    repairs,
    byMonth,
  }
}
