/**
 * Reading a person's credit file for a score (issue 19): the finance records as they were known at an instant
 * (bitemporal: each record's newest version received by then, never a later record or correction) and the
 * lenders' looks for a credit application by then, turned into a model's characteristics (characteristics.ts).
 * A score reads the file as of now; a development sample (`fides model sample`) as of a date in the past,
 * with the outcome from what followed.
 */
import type { Db } from '../../db/database.ts'
import { listSubjectEvents } from '../../platform/audit.ts'
import { chinaDate, dayNumberOf } from '../../platform/calendar.ts'
import { KIND_TYPES } from '../catalogue/index.ts'
import { fieldsKnownAt, fieldsSeenFor, type RecordsContext } from '../records/index.ts'
import type { Purpose } from '../access/index.ts'
import { isMissing } from './binning.ts'
import {
  canonicalCharacteristic,
  characteristicProblem,
  computeCharacteristic,
  outcomeOf,
  type Characteristic,
  type FileAsOf,
} from './characteristics.ts'
import { ModelError } from './scorecard.ts'

/** The record kinds whose fields characteristics read: the finance kinds (credit accounts). */
export const FINANCE_KINDS = KIND_TYPES.filter((k) => k.category === 'finance').map((k) => k.code)

/** The look a relying party made for a credit application counts as an inquiry of a lender. */
const LENDING_INQUIRY = 'credit_application'

/**
 * The person's file for a score now: the credit accounts a relying party with the person's consent sees today for the
 * purpose (objections, withdrawals and retention applied, as in its report) and the lenders' looks so far.
 */
export async function readFileNow(ctx: RecordsContext, subjectId: string, purpose: Purpose): Promise<FileAsOf> {
  const now = ctx.clock.now()
  const [accounts, inquiries] = await Promise.all([
    fieldsSeenFor(ctx, subjectId, FINANCE_KINDS, purpose),
    lendingInquiriesBy(ctx.database.db, subjectId, now),
  ])
  return { asOf: chinaDate(now), accounts, inquiries }
}

/** The China dates of the looks relying parties made at the person's file for a credit application, by `at`. */
async function lendingInquiriesBy(db: Db, subjectId: string, at: Date): Promise<string[]> {
  const events = await listSubjectEvents(db, subjectId, ['inquiry.made', 'score.made'])
  return events
    .filter((e) => e.payload.purpose === LENDING_INQUIRY && new Date(e.occurredAt) <= at)
    .map((e) => chinaDate(new Date(e.occurredAt)))
}

/** Every characteristic's value on a file, by column (null: nothing to count). */
export function characteristicValues(
  characteristics: Readonly<Record<string, Characteristic>>,
  file: FileAsOf,
): Record<string, number | null> {
  return Object.fromEntries(Object.entries(characteristics).map(([c, k]) => [c, computeCharacteristic(k, file)]))
}

/** The instant a China date ends: what was received before it was known on that date. */
export function endOfChinaDay(date: string): Date {
  return new Date((dayNumberOf(date) + 1) * 86_400_000 - 8 * 3_600_000)
}

/** The China date `months` calendar months after `date` (the last day of a shorter month). */
export function addMonths(date: string, months: number): string {
  const m = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + months
  const year = Math.floor(m / 12)
  const month = (m % 12) + 1
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
  const day = Math.min(Number(date.slice(8, 10)), last)
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** The characteristics a sample computes: a model file's, or a spec's columns mapped to characteristics. */
export function sampleCharacteristics(content: unknown, path: string): Record<string, Characteristic> {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
  const out: Record<string, Characteristic> = {}
  const add = (column: string, c: unknown) => {
    const problem = characteristicProblem(c)
    if (problem !== undefined)
      throw new ModelError('model.bad_characteristic', `${path}: ${column}: ${problem}`, [column])
    out[column] = canonicalCharacteristic(c as Characteristic)
  }
  if (isObject(content) && isObject(content.columns)) {
    for (const [column, m] of Object.entries(content.columns))
      if (isObject(m) && Object.hasOwn(m, 'characteristic')) add(column, m.characteristic)
  } else if (isObject(content)) {
    const cards = Array.isArray(content.segments)
      ? content.segments.map((s) => (isObject(s) ? s.model : undefined))
      : [content]
    for (const card of cards)
      if (isObject(card) && isObject(card.characteristics))
        for (const [column, c] of Object.entries(card.characteristics)) add(column, c)
  }
  if (Object.keys(out).length === 0)
    throw new ModelError(
      'model.bad_characteristic',
      `${path}: no characteristic to compute (a spec's columns mapped to { "characteristic": ... }, or a model file's characteristics)`,
    )
  return out
}

/**
 * A development sample as of a China date: one row per person with a credit account known on the date, each
 * characteristic as it was on the date (the versions received by its end, nothing later), and `bad`: 1 if in
 * the `outcomeMonths` that followed an account went 90 days past due (or a bad debt), as known at the window's
 * end. The window must have ended by `now`: an outcome still to come is not a good one.
 */
export async function buildSample(
  db: Db,
  now: Date,
  options: { asOf: string; outcomeMonths: number; characteristics: Readonly<Record<string, Characteristic>> },
): Promise<{ columns: string[]; rows: string[][] }> {
  const windowEnd = addMonths(options.asOf, options.outcomeMonths)
  if (endOfChinaDay(windowEnd) > now)
    throw new ModelError(
      'model.window_open',
      `the outcome window of ${options.outcomeMonths} months after ${options.asOf} ends on ${windowEnd}, after today (${chinaDate(now)}): the outcome is not known yet`,
    )
  const at = endOfChinaDay(options.asOf)
  const [known, later] = await Promise.all([
    fieldsKnownAt(db, undefined, FINANCE_KINDS, at),
    fieldsKnownAt(db, undefined, FINANCE_KINDS, endOfChinaDay(windowEnd)),
  ])
  const bySubject = (rows: typeof known) => {
    const m = new Map<string, Record<string, unknown>[]>()
    for (const r of rows) {
      const list = m.get(r.subject_id) ?? []
      list.push(r.fields)
      m.set(r.subject_id, list)
    }
    return m
  }
  const atDate = bySubject(known)
  const atEnd = bySubject(later)
  const columns = Object.keys(options.characteristics)
  const rows: string[][] = []
  for (const [subjectId, accounts] of atDate) {
    const opened = accounts.filter((f) => typeof f.openedOn === 'string' && f.openedOn <= options.asOf)
    if (opened.length === 0) continue
    const file = { asOf: options.asOf, accounts, inquiries: await lendingInquiriesBy(db, subjectId, at) }
    const values = characteristicValues(options.characteristics, file)
    const outcome = outcomeOf(atEnd.get(subjectId) ?? [], options.asOf, options.outcomeMonths)
    rows.push([...columns.map((c) => asCell(values[c])), String(outcome)])
  }
  return { columns: [...columns, 'bad'], rows }
}

/** A value of a sample or a score as it goes into a scorer: '' for nothing to count (the missing bin). */
export const asCell = (v: number | string | null | undefined): string =>
  v === null || v === undefined || (typeof v === 'string' && isMissing(v)) ? '' : String(v)
