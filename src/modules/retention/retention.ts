/**
 * Retention, the pure part: for each kind, the last decision (or conduct-end) day whose record is
 * due today — to leave public display, or to be erased. A record is due for take-down once
 * today >= decidedOn + display window (the public view stops showing it that very day), and due for
 * erasure once today >= its retention base + retention period. Both functions are non-decreasing in
 * the date, so "due" is "date <= cutoff" (`lastDueDay`, in catalogue/durations.ts): one indexed
 * comparison per kind in SQL, with the calendar arithmetic (month ends, leap days) done in Node, by
 * the same `addDuration` the views use.
 */
import { hasRetentionBackstop, lastDueDay, type RecordKind, type RetentionFrom } from '../catalogue/index.ts'

export { lastDueDay }

export interface KindCutoffs {
  kind: string
  /** records decided on or before this day have left public display; null: never shown publicly */
  displayCutoff: string | null
  displayWindow: string | null
  /** records whose retention base is on or before this day are due for erasure */
  erasureCutoff: string
  erasureFrom: RetentionFrom
  /** counted from the end of the conduct, and from the decision while none is known (catalogue hasRetentionBackstop) */
  erasureBackstop: boolean
  retentionPeriod: string
}

export function cutoffsOf(
  kind: Pick<RecordKind, 'code' | 'disclosure' | 'display' | 'retention' | 'polarity'>,
  today: string,
): KindCutoffs {
  const shown = kind.disclosure === 'public' && kind.display !== null
  return {
    kind: kind.code,
    displayCutoff: shown ? lastDueDay(kind.display!.window, today) : null,
    displayWindow: shown ? kind.display!.window : null,
    erasureCutoff: lastDueDay(kind.retention.period, today),
    erasureFrom: kind.retention.from,
    erasureBackstop: hasRetentionBackstop(kind),
    retentionPeriod: kind.retention.period,
  }
}
