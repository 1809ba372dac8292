import { LineReader } from './lines.ts'
import { resolveMaxLineBytes } from './types.ts'
import type { Chunk, ParsedLine, ParseError, ParseErrorCode } from './types.ts'

export type CsvDelimiter = ',' | ';' | '\t'
export type CsvOptions = { maxLineBytes?: number; delimiter?: CsvDelimiter }
type Row = Record<string, string>

const QUOTE = 34

/**
 * CSV per RFC 4180. The first record is the header (names trimmed; an empty or duplicate name is
 * reported once and ends parsing). Fields may be quoted with `"`, with `""` for a quote inside;
 * quoted fields may hold delimiters and line breaks (kept as they are in the file: "\n", "\r\n" or "\r"),
 * and then the record's `line` is the physical line it starts on. Empty lines outside quotes are
 * skipped. Outside quotes "\n", "\r\n" and a lone "\r" each end a record, so rows never merge. A record whose field count differs from the header's is `parse.field_count`.
 *
 * Lenient where RFC 4180 is silent about errors: a `"` inside an unquoted field is an ordinary
 * character, and text between a closing quote and the next delimiter is appended to the field.
 *
 * A quote left open is `parse.unterminated_quote`, reported on the line where it opened, when input
 * ends or once the record passes `maxLineBytes`. Either way the lines it swallowed are then read
 * again, one line per record (a quote left open on one of them is reported on that line), so the
 * good lines after a stray quote are kept. A record that closes but is longer than `maxLineBytes`
 * is `parse.line_too_long`. A record with invalid UTF-8 is `parse.invalid_encoding` (its quotes are
 * still followed, so the line numbers after it stay right). Any error in the header record ends
 * parsing: without a header nothing can be interpreted.
 */
export async function* parseCsv(input: AsyncIterable<Chunk>, opts: CsvOptions = {}): AsyncGenerator<ParsedLine<Row>> {
  const parser = new CsvParser(resolveMaxLineBytes(opts.maxLineBytes), resolveDelimiter(opts.delimiter))
  const reader = new LineReader(parser.maxBytes, { crEndsLine: true })
  for await (const chunk of input) {
    reader.feed(chunk)
    while (reader.next()) {
      const item = parser.line(reader)
      if (item === null) continue
      yield item
      if (parser.stopped) return
      while (parser.hasReplay()) {
        const again = parser.replayNext()
        if (again !== null) yield again
      }
    }
  }
  reader.end()
  for (;;) {
    const more = reader.next()
    const item = more ? parser.line(reader) : parser.finish()
    if (item !== null) {
      yield item
      if (parser.stopped) return
      while (parser.hasReplay()) {
        const again = parser.replayNext()
        if (again !== null) yield again
      }
    }
    if (!more) return
  }
}

function resolveDelimiter(d: string | undefined): CsvDelimiter {
  if (d === undefined) return ','
  if (d === ',' || d === ';' || d === '\t') return d
  throw new RangeError("delimiter must be ',', ';' or '\\t'")
}

/** One physical line kept while a quoted field spans lines, so it can be re-read if the quote never closes. */
type HeldLine = { line: number; text: string; eol: Eol; bytes: number; invalid: boolean; tooLong: boolean }

/** How a physical line ended: kept as it was inside a quoted field that spans lines. */
type Eol = '\n' | '\r\n' | '\r'

/**
 * Record assembly. Each physical line yields at most one item; after an abandoned quote the held
 * lines are re-read one at a time through replayNext(), so nothing piles up in memory.
 */
class CsvParser {
  readonly maxBytes: number
  readonly delim: CsvDelimiter
  /** Set after an error in the header record: nothing more can be parsed. */
  stopped = false

  #header: string[] | null = null
  #template: Row = {}
  /** Fields of the record being read (multi-line, or a line with quotes). */
  #fields: string[] = []
  /** Content so far of a quoted field that continues on the next line. */
  #field = ''
  #pending = false
  #start = 0
  /** Bytes of the pending record so far, line breaks inside it included. */
  #pendingBytes = 0
  #prevEol: Eol = '\n'
  #pendingInvalid = false
  #held: HeldLine[] = []
  #replay: HeldLine[] = []
  #replayPos = 0
  /** Re-reading held lines: a quote left open is an error on that line rather than a multi-line record. */
  #replaying = false

  constructor(maxBytes: number, delim: CsvDelimiter) {
    this.maxBytes = maxBytes
    this.delim = delim
  }

  /** Takes the reader's current line; returns the item it completes, if any. Then drain replayNext(). */
  line(r: LineReader): ParsedLine<Row> | null {
    if (this.stopped) return null
    if (r.kind === 'too_long') {
      if (!this.#pending) return this.#tooLong(r.lineNo)
      // The record cannot close within the limit now; the long line is reported after the re-read.
      this.#held.push({ line: r.lineNo, text: '', eol: '\n', bytes: r.byteLength, invalid: false, tooLong: true })
      return this.#abandonPending('limit')
    }
    return this.#physical(r.lineNo, r.text, r.loneCr ? '\r' : r.cr ? '\r\n' : '\n', r.byteLength, r.invalid)
  }

  /** End of input: a quote still open is reported, then drain replayNext(). */
  finish(): ParsedLine<Row> | null {
    return this.#pending && !this.stopped ? this.#abandonPending('eof') : null
  }

  hasReplay(): boolean {
    return this.#replayPos < this.#replay.length
  }

  replayNext(): ParsedLine<Row> | null {
    const h = this.#replay[this.#replayPos++]
    if (this.#replayPos >= this.#replay.length) {
      this.#replay = []
      this.#replayPos = 0
    }
    if (h === undefined) return null
    if (h.tooLong) return this.#tooLong(h.line)
    this.#replaying = true
    try {
      return this.#physical(h.line, h.text, h.eol, h.bytes, h.invalid)
    } finally {
      this.#replaying = false
    }
  }

  #physical(line: number, text: string, eol: Eol, bytes: number, invalid: boolean): ParsedLine<Row> | null {
    if (this.#pending) {
      this.#held.push({ line, text, eol, bytes, invalid, tooLong: false })
      this.#pendingBytes += this.#prevEol.length + bytes
      this.#prevEol = eol
      if (invalid) this.#pendingInvalid = true
      if (this.#scan(text, eol, true)) {
        this.#pending = false
        this.#held = []
        if (this.#pendingBytes > this.maxBytes) {
          return this.#error(
            this.#start,
            'parse.line_too_long',
            `record (lines ${this.#start}-${line}) is longer than ${this.maxBytes} bytes`,
          )
        }
        return this.#record(this.#fields, this.#start, this.#pendingInvalid)
      }
      return this.#pendingBytes > this.maxBytes ? this.#abandonPending('limit') : null
    }
    if (text.length === 0) return null
    if (text.indexOf('"') < 0) return this.#record(text.split(this.delim), line, invalid)
    this.#fields = []
    if (this.#scan(text, eol, false)) return this.#record(this.#fields, line, invalid)
    if (this.#replaying) return this.#error(line, 'parse.unterminated_quote', 'quoted field is not closed on this line')
    this.#pending = true
    this.#start = line
    this.#pendingBytes = bytes
    this.#prevEol = eol
    this.#pendingInvalid = invalid
    this.#held = []
    return null
  }

  /** Reports the open quote on its first line and queues the lines after it to be re-read, one record per line. */
  #abandonPending(why: 'eof' | 'limit'): ParsedLine<Row> {
    this.#pending = false
    this.#field = ''
    this.#replay = this.#held
    this.#replayPos = 0
    this.#held = []
    return this.#error(
      this.#start,
      'parse.unterminated_quote',
      why === 'eof'
        ? 'quoted field is not closed before the end of input'
        : `quoted field is not closed within ${this.maxBytes} bytes`,
    )
  }

  /**
   * Splits `s` into this.#fields from its start; `inQuote` resumes a quoted field (content in
   * this.#field). Returns false when the line ends inside a quoted field: the line break is then
   * part of the field and the record continues on the next line.
   */
  #scan(s: string, eol: Eol, inQuote: boolean): boolean {
    const d = this.delim
    const fields = this.#fields
    let pos = 0
    let buf = inQuote ? this.#field : ''
    for (;;) {
      if (inQuote) {
        for (;;) {
          const q = s.indexOf('"', pos)
          if (q < 0) {
            this.#field = buf + s.slice(pos) + eol
            return false
          }
          if (s.charCodeAt(q + 1) === QUOTE) {
            buf += s.slice(pos, q + 1)
            pos = q + 2
          } else {
            buf += s.slice(pos, q)
            pos = q + 1
            break
          }
        }
        inQuote = false
        const nd = s.indexOf(d, pos)
        if (nd < 0) {
          fields.push(pos < s.length ? buf + s.slice(pos) : buf)
          this.#field = ''
          return true
        }
        fields.push(nd > pos ? buf + s.slice(pos, nd) : buf)
        pos = nd + 1
      }
      if (s.charCodeAt(pos) === QUOTE) {
        inQuote = true
        buf = ''
        pos++
        continue
      }
      const nd = s.indexOf(d, pos)
      if (nd < 0) {
        fields.push(s.slice(pos))
        this.#field = ''
        return true
      }
      fields.push(s.slice(pos, nd))
      pos = nd + 1
    }
  }

  #record(fields: string[], line: number, invalid: boolean): ParsedLine<Row> | null {
    if (invalid) return this.#error(line, 'parse.invalid_encoding', 'record is not valid UTF-8')
    const header = this.#header
    if (header === null) return this.#setHeader(fields, line)
    const n = header.length
    if (fields.length !== n)
      return this.#error(line, 'parse.field_count', `expected ${n} fields, found ${fields.length}`)
    // Copying a template gives every row the same shape; keys are own data properties, so even a
    // column named "__proto__" is an ordinary field (the template defines it with defineProperty).
    const value: Row = { ...this.#template }
    for (let i = 0; i < n; i++) value[header[i] as string] = fields[i] as string
    return { line, ok: true, value }
  }

  #setHeader(fields: string[], line: number): ParseError | null {
    const names = fields.map((f) => f.trim())
    const empty: number[] = []
    const dup: number[] = []
    const seen = new Set<string>()
    names.forEach((name, i) => {
      if (name === '') empty.push(i + 1)
      else if (seen.has(name)) dup.push(i + 1)
      else seen.add(name)
    })
    if (empty.length > 0) {
      return this.#error(line, 'parse.empty_header', `header has empty column name(s) at position ${empty.join(', ')}`)
    }
    if (dup.length > 0) {
      return this.#error(line, 'parse.duplicate_header', `header repeats column name(s) at position ${dup.join(', ')}`)
    }
    this.#header = names
    for (const name of names) {
      Object.defineProperty(this.#template, name, { value: '', enumerable: true, writable: true, configurable: true })
    }
    return null
  }

  #tooLong(line: number): ParseError {
    return this.#error(line, 'parse.line_too_long', `line is longer than ${this.maxBytes} bytes`)
  }

  #error(line: number, code: ParseErrorCode, message: string): ParseError {
    // Without a header nothing after it can be interpreted.
    if (this.#header === null) this.stopped = true
    return { ok: false, line, code, message }
  }
}

/**
 * One CSV record with its line terminator ("\n"). A field is quoted when it holds the delimiter, a
 * quote, "\r" or "\n", or when it is the only field and empty (an empty line would be skipped).
 * Leading/trailing spaces are kept as they are: parseCsv does not trim values (only header names).
 */
export function toCsvRow(values: readonly string[], delimiter: CsvDelimiter = ','): string {
  if (values.length === 1 && values[0] === '') return '""\n'
  let out = ''
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as string
    if (i > 0) out += delimiter
    out += needsQuotes(v, delimiter) ? `"${v.replaceAll('"', '""')}"` : v
  }
  return out + '\n'
}

function needsQuotes(v: string, delimiter: string): boolean {
  return v.includes(delimiter) || v.includes('"') || v.includes('\n') || v.includes('\r')
}
