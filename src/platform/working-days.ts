/**
 * Working days: Monday to Friday, except public holidays, plus the weekend days made working days
 * when holidays are moved (调休). Repair and removal deadlines count in these. The calendar is data
 * (catalogue/holidays.json), published each year by the State Council General Office.
 */
import { dateOfDayNumber as dateOf, dayNumberOf as dayNumber } from './calendar.ts'

export interface WorkingCalendar {
  /** YYYY-MM-DD days off although Monday to Friday */
  holidays: ReadonlySet<string>
  /** YYYY-MM-DD Saturdays and Sundays that are working days */
  workdays: ReadonlySet<string>
}

export const weekdaysOnly: WorkingCalendar = { holidays: new Set(), workdays: new Set() }

export function isWorkingDay(date: string, calendar: WorkingCalendar): boolean {
  if (calendar.workdays.has(date)) return true
  if (calendar.holidays.has(date)) return false
  const weekday = ((dayNumber(date) % 7) + 11) % 7 // 1970-01-01 was a Thursday: 0 = Sunday ... 6 = Saturday
  return weekday !== 0 && weekday !== 6
}

/** The `n`th working day after `date` (n >= 1): a deadline "within n working days" of `date`. */
export function addWorkingDays(date: string, n: number, calendar: WorkingCalendar): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`working days must be a positive whole number, got ${n}`)
  let day = dayNumber(date)
  for (let left = n; left > 0; ) {
    day++
    if (isWorkingDay(dateOf(day), calendar)) left--
  }
  return dateOf(day)
}

/** Reads a calendar file: { "holidays": [...], "workdays": [...] } of YYYY-MM-DD days. */
export function workingCalendarOf(json: unknown): WorkingCalendar {
  const days = (v: unknown, name: string): Set<string> => {
    if (!Array.isArray(v) || v.some((d) => typeof d !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d)))
      throw new Error(`${name} must be a list of YYYY-MM-DD days`)
    return new Set(v as string[])
  }
  const o = (json ?? {}) as { holidays?: unknown; workdays?: unknown }
  return { holidays: days(o.holidays, 'holidays'), workdays: days(o.workdays, 'workdays') }
}
