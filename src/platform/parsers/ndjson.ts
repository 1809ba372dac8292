import { LineReader } from './lines.ts'
import { resolveMaxLineBytes } from './types.ts'
import { findInexactNumber, INEXACT_MESSAGE } from './exact-numbers.ts'
import type { Chunk, ParsedLine } from './types.ts'

export type NdjsonOptions = { maxLineBytes?: number }

const BLANK = /^[ \t\r]*$/

/**
 * NDJSON: one JSON object per line. Blank (empty or JSON-whitespace-only) lines are skipped; CRLF and
 * a leading UTF-8 BOM are tolerated. Every other line yields either `{ ok: true, value }` or an error
 * carrying its 1-based line number, and parsing always continues with the next line. A number JSON.parse
 * would not keep exactly (an integer beyond 2^53 - 1, too many digits) is `parse.inexact_number`, with
 * the JSON pointer of the number.
 */
export async function* parseNdjson(
  input: AsyncIterable<Chunk>,
  opts: NdjsonOptions = {},
): AsyncGenerator<ParsedLine<Record<string, unknown>>> {
  const reader = new LineReader(resolveMaxLineBytes(opts.maxLineBytes))
  for await (const chunk of input) {
    reader.feed(chunk)
    while (reader.next()) {
      const item = ndjsonItem(reader)
      if (item !== null) yield item
    }
  }
  reader.end()
  while (reader.next()) {
    const item = ndjsonItem(reader)
    if (item !== null) yield item
  }
}

function ndjsonItem(r: LineReader): ParsedLine<Record<string, unknown>> | null {
  const line = r.lineNo
  if (r.kind === 'too_long') {
    return { ok: false, line, code: 'parse.line_too_long', message: `line is longer than ${r.maxLineBytes} bytes` }
  }
  if (r.invalid) {
    return { ok: false, line, code: 'parse.invalid_encoding', message: 'line is not valid UTF-8' }
  }
  const text = r.text
  const first = text.charCodeAt(0)
  if (text.length === 0 || ((first === 32 || first === 9 || first === 13) && BLANK.test(text))) return null
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    return { ok: false, line, code: 'parse.invalid_json', message: jsonErrorMessage(err) }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, line, code: 'parse.not_an_object', message: `expected a JSON object, found ${describe(value)}` }
  }
  const inexact = findInexactNumber(text)
  if (inexact !== undefined)
    return { ok: false, line, code: 'parse.inexact_number', message: INEXACT_MESSAGE, pointer: inexact }
  return { line, ok: true, value: value as Record<string, unknown> }
}

/** V8's message, minus the excerpt of the input it sometimes quotes (it may hold personal data). */
function jsonErrorMessage(err: unknown): string {
  if (!(err instanceof Error)) return 'invalid JSON'
  if (err instanceof RangeError) return 'invalid JSON: nested too deeply'
  const msg = err.message
    .replace(/, ".*" is not valid JSON$/s, ' is not valid JSON')
    .replace(/^(Unexpected token) '.+?'/su, '$1')
  return `invalid JSON: ${msg.length > 200 ? msg.slice(0, 200) : msg}`
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return `a ${typeof value}`
}
