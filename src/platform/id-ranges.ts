/**
 * Ranges of subject ids for passes over every subject. Subject ids are HMAC-derived UUIDs, spread
 * evenly over the id space, so ranges of hexadecimal prefixes hold about the same number of subjects
 * each: a pass walks them one at a time (the same on one node and on a Citus cluster), and its
 * memory stays flat however many subjects there are.
 */
import { sql, type RawBuilder } from 'kysely'

/** Subject ids from `from` (inclusive) to `to` (exclusive; null: to the end). */
export interface IdRange {
  from: string
  to: string | null
}

/** A range of subject ids, or a list of them. */
export type IdScope = IdRange | { ids: readonly string[] }

/** The SQL condition that `column` (a subject id) is in `scope`. */
export const inScope = (column: string, scope: IdScope): RawBuilder<unknown> =>
  'ids' in scope
    ? sql`${sql.ref(column)} = ANY(${[...scope.ids]}::uuid[])`
    : scope.to === null
      ? sql`${sql.ref(column)} >= ${scope.from}::uuid`
      : sql`${sql.ref(column)} >= ${scope.from}::uuid AND ${sql.ref(column)} < ${scope.to}::uuid`

/** Splits the id space into 16^digits ranges of hexadecimal prefixes, in order. */
export function idRanges(digits: number): IdRange[] {
  const n = 16 ** digits
  const at = (k: number) =>
    `${digits === 0 ? '' : k.toString(16).padStart(digits, '0')}${'0'.repeat(8 - digits)}-0000-0000-0000-000000000000`
  return Array.from({ length: n }, (_, k) => ({ from: at(k), to: k + 1 < n ? at(k + 1) : null }))
}

/** How many prefix digits give ranges of about `perRange` of `count` ids (at most `maxDigits`). */
export function prefixDigitsFor(count: number, perRange: number, maxDigits = 4): number {
  return Math.max(0, Math.min(maxDigits, Math.ceil(Math.log(Math.max(1, count / perRange)) / Math.log(16))))
}
