/**
 * Retention, the pure part: for each kind, the last decision (or conduct-end) day whose record is
 * due today — to leave public display, or to be erased. A record is due for take-down once
 * today >= decidedOn + display window (the public view stops showing it that very day), and due for
 * erasure once today >= its retention base + retention period. Both functions are non-decreasing in
 * the date, so "due" is "date <= cutoff": one indexed comparison per kind in SQL, with the calendar
 * arithmetic (month ends, leap days) done here, by the same `addDuration` the views use.
 */
import { addDuration, type RecordKind, type RetentionFrom } from '../catalogue/index.ts'
import { dateOfDayNumber as dateOf, dayNumberOf as dayNumber } from '../../platform/calendar.ts'

export interface KindCutoffs {
  kind: string
  /** records decided on or before this day have left public display; null: never shown publicly */
  displayCutoff: string | null
  displayWindow: string | null
  /** records whose retention base is on or before this day are due for erasure */
  erasureCutoff: string
  erasureFrom: RetentionFrom
  retentionPeriod: string
}

const EARLIEST = '1900-01-01'

/** The last day d with addDuration(d, duration) <= today (1899-12-31 if there is none). */
export function lastDueDay(duration: string, today: string): string {
  let lo = dayNumber(EARLIEST) - 1 // known due (a sentinel)
  let hi = dayNumber(today) // addDuration(today, positive duration) > today: known not due
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (addDuration(dateOf(mid), duration) <= today) lo = mid
    else hi = mid
  }
  return dateOf(lo)
}

export function cutoffsOf(kind: Pick<RecordKind, 'code' | 'disclosure' | 'display' | 'retention'>, today: string): KindCutoffs {
  const shown = kind.disclosure === 'public' && kind.display !== null
  return {
    kind: kind.code,
    displayCutoff: shown ? lastDueDay(kind.display!.window, today) : null,
    displayWindow: shown ? kind.display!.window : null,
    erasureCutoff: lastDueDay(kind.retention.period, today),
    erasureFrom: kind.retention.from,
    retentionPeriod: kind.retention.period,
  }
}
