/**
 * Streaming parsers for bulk imports (CSV, NDJSON) and the encoders used on the way out (PostgreSQL
 * COPY text, CSV reject files). Memory stays flat in the size of the input: bounded by the largest
 * chunk plus `maxLineBytes`.
 */
export type { Chunk, ParsedLine, ParseError, ParseErrorCode } from './types.ts'
export { DEFAULT_MAX_LINE_BYTES } from './types.ts'
export type { NdjsonOptions } from './ndjson.ts'
export { parseNdjson } from './ndjson.ts'
export type { CsvDelimiter, CsvOptions } from './csv.ts'
export { parseCsv, toCsvRow } from './csv.ts'
export type { CopyValue } from './copy.ts'
export { copyTextRow } from './copy.ts'
export { batches } from './batches.ts'
export { findInexactNumber, INEXACT_MESSAGE, isExactNumber } from './exact-numbers.ts'
