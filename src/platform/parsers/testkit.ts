/** Helpers shared by the parser tests (not exported from index.ts). */
import { Buffer } from 'node:buffer'
import fc from 'fast-check'
import type { ParsedLine } from './types.ts'

export async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of source) out.push(item)
  return out
}

export const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'))

/** Yields `data` in pieces of `size` (bytes for Uint8Array, UTF-16 code units for strings). */
export async function* inChunks<T extends Uint8Array | string>(data: T, size: number): AsyncGenerator<T> {
  for (let i = 0; i < data.length; i += size) yield data.slice(i, i + size) as T
  if (data.length === 0) yield data
}

/** Yields `data` cut at the given positions (taken modulo length + 1, sorted, repeats give empty chunks). */
export async function* cutAt<T extends Uint8Array | string>(data: T, cuts: readonly number[]): AsyncGenerator<T> {
  const points = cuts.map((c) => c % (data.length + 1)).sort((a, b) => a - b)
  let from = 0
  for (const p of points) {
    yield data.slice(from, p) as T
    from = p
  }
  yield data.slice(from) as T
}

/** Cut points for cutAt. */
export const cuts = fc.array(fc.nat(), { maxLength: 16, size: 'max' })

/** Single code points, weighted towards the characters that matter to the parsers. */
export const unit = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(',', ';', '\t', '"', '\n', '\r', ' ', '\\') },
  { weight: 2, arbitrary: fc.constantFrom('张', '伟', '王', '😀', 'é', '\uFEFF', '\u2028', '\0') },
  { weight: 6, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
)

export const anyText = (maxLength = 12) => fc.string({ unit, maxLength, size: 'max' })

/** What the tests compare: the item without its message (wording may change, codes and lines may not). */
export function shape<T>(
  item: ParsedLine<T>,
): { line: number; ok: true; value: T } | { line: number; ok: false; code: string } {
  return item.ok ? { line: item.line, ok: true, value: item.value } : { line: item.line, ok: false, code: item.code }
}

export function assertLineNumbers(items: readonly ParsedLine<unknown>[], maxLine: number): void {
  let prev = 1
  for (const item of items) {
    if (!Number.isInteger(item.line) || item.line < prev || item.line > maxLine) {
      throw new Error(`bad line number ${item.line} after ${prev} (max ${maxLine})`)
    }
    prev = item.line
  }
}

/** Physical lines in a byte or string input (the last one may lack a terminator); a lone CR counts, as CSV ends a line there. */
export function lineCount(data: Uint8Array | string): number {
  const at = typeof data === 'string' ? (i: number) => data.charCodeAt(i) : (i: number) => data[i]
  let n = 1
  for (let i = 0; i < data.length; i++) {
    const c = at(i)
    if (c === 10 || (c === 13 && at(i + 1) !== 10)) n++
  }
  return n
}
