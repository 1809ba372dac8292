// ISO 8601 durations over calendar dates (pure).
//
// Only the date components are supported: P[nY][nM][nW][nD]. Records are dated to the day
// (YYYY-MM-DD), so hours/minutes/seconds would be meaningless and are refused, as are fractions
// and negative durations. Arithmetic follows the calendar the way Temporal.PlainDate.add does
// with overflow 'constrain': years and months first, clamping the day to the end of the month
// ('2024-01-31' + P1M = '2024-02-29'), then weeks and days.

import {
  civilFromDays,
  dateOfDayNumber,
  dayNumberOf,
  daysFromCivil,
  daysInMonth,
  parseIsoDate,
} from '../../platform/calendar.ts'

export interface Duration {
  readonly years: number
  readonly months: number
  readonly weeks: number
  readonly days: number
}

const DURATION_RE = /^P(?!$)(?:(\d{1,6})Y)?(?:(\d{1,6})M)?(?:(\d{1,6})W)?(?:(\d{1,7})D)?$/

/** Parses an ISO 8601 date duration, or returns undefined if it is not one. */
export function tryParseDuration(text: string): Duration | undefined {
  const m = DURATION_RE.exec(text)
  if (m === null) return undefined
  return {
    years: Number(m[1] ?? 0),
    months: Number(m[2] ?? 0),
    weeks: Number(m[3] ?? 0),
    days: Number(m[4] ?? 0),
  }
}

/** Parses an ISO 8601 date duration ('P3M', 'P1Y6M', 'P2W', 'P90D'); throws RangeError otherwise. */
export function parseDuration(text: string): Duration {
  const d = tryParseDuration(text)
  if (d === undefined) {
    throw new RangeError(`not an ISO 8601 date duration (P[nY][nM][nW][nD]): ${JSON.stringify(text)}`)
  }
  return d
}

export function isZeroDuration(d: Duration): boolean {
  return d.years === 0 && d.months === 0 && d.weeks === 0 && d.days === 0
}

export function formatDuration(d: Duration): string {
  if (isZeroDuration(d)) return 'P0D'
  return (
    'P' +
    (d.years ? `${d.years}Y` : '') +
    (d.months ? `${d.months}M` : '') +
    (d.weeks ? `${d.weeks}W` : '') +
    (d.days ? `${d.days}D` : '')
  )
}

// Calendar arithmetic lives in platform/calendar.ts; here dates are { y, m, d }.

interface CivilDate {
  y: number
  m: number
  d: number
}

function civilDate(n: number): CivilDate {
  const packed = civilFromDays(n)
  return { y: Math.floor(packed / 10000), m: Math.floor(packed / 100) % 100, d: packed % 100 }
}

function parseCivil(date: string): CivilDate | undefined {
  const c = parseIsoDate(date)
  return c === undefined ? undefined : { y: c.year, m: c.month, d: c.day }
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  return parseCivil(text) !== undefined
}

function addToCivil(start: CivilDate, dur: Duration): number {
  const monthIndex = start.y * 12 + (start.m - 1) + dur.years * 12 + dur.months
  const y = Math.floor(monthIndex / 12)
  const m = monthIndex - y * 12 + 1
  const d = Math.min(start.d, daysInMonth(y, m))
  return daysFromCivil(y, m, d) + dur.weeks * 7 + dur.days
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0')
}

function toDuration(d: Duration | string): Duration {
  return typeof d === 'string' ? parseDuration(d) : d
}

function toCivil(date: string): CivilDate {
  const c = parseCivil(date)
  if (c === undefined) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`)
  return c
}

/**
 * Adds a duration to a date: years and months first, clamping to the end of the month,
 * then weeks and days. addDuration('2024-01-31', 'P1M') === '2024-02-29'.
 */
export function addDuration(date: string, duration: Duration | string): string {
  const n = addToCivil(toCivil(date), toDuration(duration))
  const { y, m, d } = civilDate(n)
  if (y < 0 || y > 9999) throw new RangeError(`date out of range: ${date} + ${formatDuration(toDuration(duration))}`)
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`
}

/**
 * The earliest start whose span of `duration` has not ended by `date`: the least s with
 * addDuration(s, duration) > date. addDuration never decreases as its start moves later, so
 * "a span starting on s is still running on date" is exactly s >= this day, a condition a database
 * can test on a date column without calendar arithmetic of its own.
 */
export function earliestStartRunningOn(date: string, duration: Duration | string): string {
  const dur = toDuration(duration)
  const end = toCivil(date)
  const endDay = daysFromCivil(end.y, end.m, end.d)
  const runs = (day: number) => addToCivil(civilDate(day), dur) > endDay
  // a start this early has certainly ended (a month is at most 31 days), and the day after `date` runs
  let lo = endDay - ((dur.years * 12 + dur.months) * 31 + dur.weeks * 7 + dur.days) - 1
  let hi = endDay + 1
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2)
    if (runs(mid)) hi = mid
    else lo = mid
  }
  return dateOfDayNumber(hi)
}

/** Whole days from one date to another (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  const a = toCivil(from),
    b = toCivil(to)
  return daysFromCivil(b.y, b.m, b.d) - daysFromCivil(a.y, a.m, a.d)
}

/** The fixed date compareDurations counts from unless told otherwise. */
export const DURATION_REFERENCE_DATE = '2000-01-01'

/**
 * Compares two durations by adding both to the same date (by default 2000-01-01):
 * -1 if a ends earlier, 0 if on the same day, 1 if later. P12M equals P1Y from any date;
 * P1M and P30D compare differently from different dates, hence the fixed reference.
 */
export function compareDurations(
  a: Duration | string,
  b: Duration | string,
  from: string = DURATION_REFERENCE_DATE,
): -1 | 0 | 1 {
  const start = toCivil(from)
  const ea = addToCivil(start, toDuration(a))
  const eb = addToCivil(start, toDuration(b))
  return ea < eb ? -1 : ea > eb ? 1 : 0
}

// Start dates that exercise every calendar effect a date duration can meet: every month of
// 2095-2112 (leap years, and 2100, a century year that is not leap), on the 1st and on the
// 28th-31st (end-of-month clamping).
const PROBE_STARTS: readonly CivilDate[] = (() => {
  const out: CivilDate[] = []
  for (let y = 2095; y <= 2112; y++) {
    for (let m = 1; m <= 12; m++) {
      for (const d of [1, 28, 29, 30, 31]) {
        if (d <= daysInMonth(y, m)) out.push({ y, m, d })
      }
    }
  }
  return out
})()

const exceedsCache = new Map<string, boolean>()

/**
 * True if `d` can end later than `limit` for some start date. This is the test the charter
 * uses for "no longer than": P5Y1D exceeds P5Y, and so does P1827D (five years hold only
 * 1826 days when they span one leap day), while P60M does not.
 */
export function durationExceeds(d: Duration | string, limit: Duration | string): boolean {
  const key = typeof d === 'string' && typeof limit === 'string' ? `${d} ${limit}` : undefined
  const known = key === undefined ? undefined : exceedsCache.get(key)
  if (known !== undefined) return known
  const a = toDuration(d),
    b = toDuration(limit)
  let result = false
  for (const start of PROBE_STARTS) {
    if (addToCivil(start, a) > addToCivil(start, b)) {
      result = true
      break
    }
  }
  if (key !== undefined) {
    if (exceedsCache.size >= 4096) exceedsCache.clear()
    exceedsCache.set(key, result)
  }
  return result
}

/**
 * The last day d with addDuration(d, duration) <= today (1899-12-31 if there is none): the cutoff of
 * "due once its period from d has passed". addDuration is non-decreasing in d, so this is a binary
 * search, and "due" is "date <= cutoff".
 */
export function lastDueDay(duration: Duration | string, today: string): string {
  let lo = dayNumberOf('1900-01-01') - 1 // known due (a sentinel)
  let hi = dayNumberOf(today) // addDuration(today, a positive duration) > today: known not due
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (addDuration(dateOfDayNumber(mid), duration) <= today) lo = mid
    else hi = mid
  }
  return dateOfDayNumber(lo)
}
