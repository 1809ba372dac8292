// Proleptic Gregorian calendar arithmetic on plain integers (no Date objects, no allocation): the one
// place dates are checked and counted (identifiers' birth dates, catalogue durations, record dates).

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

export function daysInMonth(year: number, month: number): number {
  switch (month) {
    case 2:
      return isLeapYear(year) ? 29 : 28
    case 4:
    case 6:
    case 9:
    case 11:
      return 30
    default:
      return 31
  }
}

export function isCalendarDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
}

// Days since 1970-01-01 (H. Hinnant's days_from_civil).
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

// Inverse of daysFromCivil, packed as the integer YYYYMMDD to avoid allocating.
export function civilFromDays(days: number): number {
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0)
  return year * 10000 + month * 100 + day
}

const MS_PER_DAY = 86_400_000
const CHINA_STANDARD_TIME_OFFSET_MS = 8 * 3_600_000

// The calendar day of an instant in China Standard Time (UTC+8, no daylight saving since 1991),
// as days since 1970-01-01: the calendar that birth dates in resident identity numbers use.
export function chinaDayNumber(instant: Date): number {
  const ms = instant.getTime()
  if (!Number.isFinite(ms)) throw new RangeError('today must be a valid Date')
  return Math.floor((ms + CHINA_STANDARD_TIME_OFFSET_MS) / MS_PER_DAY)
}

export interface CivilDate {
  year: number
  month: number
  day: number
}

function digits(text: string, from: number, count: number): number {
  let value = 0
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - 48
    if (d < 0 || d > 9) return -1
    value = value * 10 + d
  }
  return value
}

/** A real calendar date written YYYY-MM-DD (ASCII digits), or undefined. */
export function parseIsoDate(text: string): CivilDate | undefined {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined
  const year = digits(text, 0, 4)
  const month = digits(text, 5, 2)
  const day = digits(text, 8, 2)
  if (year < 0 || !isCalendarDate(year, month, day)) return undefined
  return { year, month, day }
}

/** Days since 1970-01-01 of a YYYY-MM-DD date (not checked: pass real dates). */
export function dayNumberOf(date: string): number {
  return daysFromCivil(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)))
}

/** The YYYY-MM-DD date of a day number (days since 1970-01-01). */
export function dateOfDayNumber(day: number): string {
  const packed = civilFromDays(day)
  const year = Math.floor(packed / 10000)
  const month = Math.floor(packed / 100) % 100
  const d = packed % 100
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/** `date` plus `days` (which may be negative). */
export function addDays(date: string, days: number): string {
  return dateOfDayNumber(dayNumberOf(date) + days)
}

/** The calendar date in China Standard Time of an instant, YYYY-MM-DD: the day display windows and deadlines count in. */
export function chinaDate(instant: Date): string {
  return dateOfDayNumber(chinaDayNumber(instant))
}
