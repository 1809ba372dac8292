/**
 * Files of any size: CSV or NDJSON, streamed (memory stays flat), every bad line reported in a
 * rejects file with its line number, code, field and reason, every good line stored.
 *
 * CSV columns: source_record_id, kind, uscc | resident_id, subject_name, decided_on,
 * conduct_ended_on (optional), and the kind's fields either as one `fields` column holding a JSON
 * object or as `fields.<name>` columns (typed by the kind's schema; array and object fields hold JSON).
 * NDJSON lines are RecordEnvelopes.
 */
import { createReadStream, createWriteStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { once } from 'node:events'
import { extname } from 'node:path'
import type { Readable } from 'node:stream'
import { AppError, pointer, type ErrorCode } from '../../platform/app-error.ts'
import type { Actor } from '../../platform/audit.ts'
import { createProgress } from '../../platform/progress.ts'
import type { SourcePrincipal } from '../../platform/principal.ts'
import {
  findInexactNumber,
  INEXACT_MESSAGE,
  isExactNumber,
  parseCsv,
  parseNdjson,
  toCsvRow,
  type ParsedLine,
} from '../../platform/parsers/index.ts'
import type { ActiveCatalogue } from '../catalogue/index.ts'
import type { RecordsContext } from './records.context.ts'
import { ingest, type IngestItem, type IngestSummary, type Rejection } from './records.ingest.ts'
import { maskResidentIdsIn } from './records.ts'

/**
 * Parser output as ingest items: parse failures become rejections with the parser's code (a number the
 * parser found inexact: `record.inexact_number`, at its pointer); `map` may refuse a value with an AppError.
 */
export async function* fromParsedLines<T>(
  lines: AsyncIterable<ParsedLine<T>>,
  map?: (value: T) => unknown,
): AsyncGenerator<IngestItem> {
  for await (const parsed of lines) {
    if (parsed.ok) {
      const input = map ? map(parsed.value) : parsed.value
      yield input instanceof AppError ? { line: parsed.line, error: input } : { line: parsed.line, input }
    } else {
      const code: ErrorCode = parsed.code === 'parse.inexact_number' ? 'record.inexact_number' : parsed.code
      yield {
        line: parsed.line,
        error: new AppError(code, parsed.message, [{ pointer: parsed.pointer ?? '', detail: parsed.message }]),
      }
    }
  }
}

const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/

class InexactNumber {
  readonly pointer: string
  constructor(at: string) {
    this.pointer = at
  }
}

/** A JSON cell parsed, or the cell as it is when it is not JSON; an InexactNumber (pointer under `at`) when a number would be lost. */
function jsonCell(value: string, at: string): unknown {
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    return value
  }
  const inexact = findInexactNumber(value)
  return inexact === undefined ? parsed : new InexactNumber(at + inexact)
}

function coerce(value: string, type: unknown, at: string): unknown {
  const types = Array.isArray(type) ? type : [type]
  if (types.includes('array') || types.includes('object')) return jsonCell(value, at)
  if ((types.includes('number') || types.includes('integer')) && NUMBER.test(value)) {
    const number = Number(value)
    return isExactNumber(value, number) ? number : new InexactNumber(at)
  }
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true'
  return value
}

/**
 * One CSV row as a RecordEnvelope-shaped object; anything malformed is left for the validator to name,
 * but a number that would not be kept exactly is refused here (`record.inexact_number`), before it is lost.
 */
export function csvRowToEnvelope(row: Record<string, string>, catalogue: ActiveCatalogue): unknown {
  const kind = catalogue.kinds.get(row.kind ?? '')
  const properties = (kind?.fields as { properties?: Record<string, { type?: unknown }> } | undefined)?.properties ?? {}
  let fields: unknown = {}
  if (row.fields !== undefined && row.fields !== '') fields = jsonCell(row.fields, '/fields')
  if (fields instanceof InexactNumber) return inexactNumberError(fields.pointer)
  for (const [column, value] of Object.entries(row)) {
    if (!column.startsWith('fields.') || value === '') continue
    const name = column.slice('fields.'.length)
    if (typeof fields === 'object' && fields !== null && !Array.isArray(fields)) {
      const coerced = coerce(value, properties[name]?.type, '/fields' + pointer(name))
      if (coerced instanceof InexactNumber) return inexactNumberError(coerced.pointer)
      ;(fields as Record<string, unknown>)[name] = coerced
    }
  }
  const subject: Record<string, string> = { name: row.subject_name ?? '' }
  if (row.uscc) subject.uscc = row.uscc
  if (row.resident_id) subject.residentId = row.resident_id
  const envelope: Record<string, unknown> = {
    sourceRecordId: row.source_record_id,
    kind: row.kind,
    subject,
    decidedOn: row.decided_on,
    fields,
  }
  if (row.conduct_ended_on) envelope.conductEndedOn = row.conduct_ended_on
  return envelope
}

function inexactNumberError(at: string): AppError {
  return new AppError('record.inexact_number', INEXACT_MESSAGE, [{ pointer: at, detail: 'not kept exactly' }])
}

export type ImportFormat = 'csv' | 'ndjson'

export function formatOf(path: string): ImportFormat | undefined {
  const ext = extname(path).toLowerCase()
  if (ext === '.csv') return 'csv'
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson'
  return undefined
}

export interface ImportOptions {
  format?: ImportFormat
  /** where to write rejected lines (CSV); default FILE.rejects.csv */
  rejectsPath?: string
  chunkSize?: number
  progress?: boolean
  /** how often progress is printed when stderr is not a terminal (default 5 s) */
  progressIntervalMs?: number
}

export interface ImportReport extends IngestSummary {
  rejectsPath: string | null
  seconds: number
}

/**
 * A rejected line as the rejects file and the import jobs hold it: line, code, first field, every
 * reason — with anything shaped like an identity number masked, since reasons can quote the line.
 */
export function rejectRow(r: Rejection): {
  line: number
  code: string
  pointer: string
  detail: string
  sourceRecordId: string | null
} {
  return {
    line: r.line,
    code: r.code,
    pointer: maskResidentIdsIn(r.errors[0]?.pointer ?? ''),
    detail: maskResidentIdsIn([r.detail, ...r.errors.map((e) => `${e.pointer}: ${e.detail}`)].join('; ')),
    sourceRecordId: r.sourceRecordId ?? null,
  }
}

export const REJECTS_CSV_HEADER = ['line', 'code', 'pointer', 'detail', 'source_record_id'] as const

export const rejectCsvLine = (r: ReturnType<typeof rejectRow>): string =>
  toCsvRow([String(r.line), r.code, r.pointer, r.detail, r.sourceRecordId ?? ''])

export interface StreamImportOptions {
  chunkSize?: number
  onRejected: (r: Rejection) => void
  /** after each committed chunk: bytes read so far and the counts */
  onProgress?: (bytes: number, summary: IngestSummary) => void
}

/** Imports a stream of CSV or NDJSON (the core of `fides import` and of uploads): every good line stored, every bad one reported. */
export async function importStream(
  ctx: RecordsContext,
  source: SourcePrincipal,
  actor: Actor,
  input: Readable,
  format: ImportFormat,
  options: StreamImportOptions,
): Promise<IngestSummary> {
  let bytes = 0
  input.on('data', (chunk: Buffer) => {
    bytes += chunk.length
  })
  const items =
    format === 'csv'
      ? fromParsedLines(parseCsv(input), (row) => csvRowToEnvelope(row, ctx.catalogue))
      : fromParsedLines(parseNdjson(input))
  return ingest(ctx, source, actor, items, {
    chunkSize: options.chunkSize ?? 10_000,
    onRejected: options.onRejected,
    onProgress: (s) => options.onProgress?.(bytes, s),
  })
}

export async function importFile(
  ctx: RecordsContext,
  source: SourcePrincipal,
  actor: Actor,
  path: string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const format = options.format ?? formatOf(path)
  if (!format)
    throw new AppError(
      'request.invalid',
      'cannot tell the file format from its name: use .csv, .ndjson or .jsonl, or say --format',
      [{ pointer: '/file', detail: 'unknown format' }],
    )
  const size = (await stat(path)).size
  const started = performance.now()
  const progress =
    options.progress === false
      ? undefined
      : createProgress({
          label: 'import',
          total: size,
          unit: 'B',
          ...(options.progressIntervalMs !== undefined ? { intervalMs: options.progressIntervalMs } : {}),
        })

  const rejectsPath = options.rejectsPath ?? path + '.rejects.csv'
  let rejects: ReturnType<typeof createWriteStream> | undefined
  const pendingWrites: Promise<unknown>[] = []
  const onRejected = (r: Rejection) => {
    if (!rejects) {
      rejects = createWriteStream(rejectsPath)
      rejects.write(toCsvRow([...REJECTS_CSV_HEADER]))
    }
    const ok = rejects.write(rejectCsvLine(rejectRow(r)))
    if (!ok) pendingWrites.push(once(rejects, 'drain'))
  }

  const summary = await importStream(ctx, source, actor, createReadStream(path, { highWaterMark: 1 << 20 }), format, {
    ...(options.chunkSize !== undefined ? { chunkSize: options.chunkSize } : {}),
    onRejected,
    onProgress: (bytes, s) =>
      progress?.update(bytes, `${s.accepted + s.versioned} stored, ${s.unchanged} unchanged, ${s.rejected} rejected`),
  })
  await Promise.all(pendingWrites)
  if (rejects) {
    rejects.end()
    await once(rejects, 'finish')
  }
  const seconds = (performance.now() - started) / 1000
  progress?.finish(
    `${summary.accepted + summary.versioned} stored, ${summary.unchanged} unchanged, ${summary.rejected} rejected in ${seconds.toFixed(1)} s`,
  )
  return { ...summary, rejectsPath: rejects ? rejectsPath : null, seconds }
}
