/** Stable codes for a line (or record) that could not be parsed. */
export type ParseErrorCode =
  | 'parse.invalid_json'
  | 'parse.not_an_object'
  | 'parse.line_too_long'
  | 'parse.unterminated_quote'
  | 'parse.field_count'
  | 'parse.invalid_encoding'
  | 'parse.empty_header'
  | 'parse.duplicate_header'
  | 'parse.inexact_number'

/** A per-line error. `line` is the 1-based physical line where the bad item starts. Messages never contain data. */
export type ParseError = { ok: false; line: number; code: ParseErrorCode; message: string; pointer?: string }

/** A parsed item or a per-line error; `line` is the 1-based physical line number where the item starts in the file. */
export type ParsedLine<T> = { line: number; ok: true; value: T; raw?: string } | ParseError

/** One chunk of an input stream: bytes (decoded as UTF-8) or already-decoded text. */
export type Chunk = Uint8Array | string

/** Default limit on one line (NDJSON) or one record (CSV), in bytes, terminator excluded. */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024

/** V8 cannot build strings much beyond 2^29 characters; refuse limits that could make decoding throw. */
export const MAX_MAX_LINE_BYTES = 256 * 1024 * 1024

export function resolveMaxLineBytes(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_LINE_BYTES
  if (!Number.isSafeInteger(value) || value < 1 || value > MAX_MAX_LINE_BYTES) {
    throw new RangeError(`maxLineBytes must be an integer between 1 and ${MAX_MAX_LINE_BYTES}`)
  }
  return value
}
