import { Buffer, isUtf8 } from 'node:buffer'
import type { Chunk } from './types.ts'

const EMPTY = Buffer.alloc(0)
const LF = 10
const CR = 13

/**
 * Splits a stream of chunks into physical lines, working on bytes so that a multi-byte character
 * split between two chunks decodes correctly (byte 0x0A never occurs inside a UTF-8 sequence).
 *
 * Pull-based to avoid allocating per line: `feed(chunk)`, then call `next()` until it returns false;
 * after the last chunk call `end()` and drain `next()` once more. After `next()` returns true the
 * public fields describe the line.
 *
 * - A line's terminator is "\n"; a "\r" just before it (or at end of input) is removed and `cr` set.
 *   With `crEndsLine` (CSV), a lone "\r" ends a line too (old Mac files): `loneCr` is then set, so
 *   "\r", "\n" and "\r\n" all end one line and rows never merge.
 * - A UTF-8 BOM at the very start of the input is dropped.
 * - Invalid UTF-8 sets `invalid` and `text` holds the decoding with U+FFFD. Validation runs once per
 *   chunk (simdutf via `isUtf8`), per line only for chunks that contain invalid bytes.
 * - A line longer than `maxLineBytes` (terminator excluded) is reported as `kind: 'too_long'`; it is
 *   never buffered whole: bytes are dropped until the next "\n". Memory is bounded by the largest
 *   chunk plus `maxLineBytes`.
 * - String chunks are encoded to UTF-8 (a lone surrogate becomes U+FFFD; a surrogate pair split
 *   between two string chunks is rejoined).
 */
export class LineReader {
  readonly maxLineBytes: number
  /** 1-based number of the line last returned. */
  lineNo = 0
  kind: 'line' | 'too_long' = 'line'
  /** Decoded text without terminator ('' for too_long). */
  text = ''
  /** The line ended in "\r\n" (or "\r" at end of input). */
  cr = false
  /** Bytes in the line, terminator and BOM excluded (for too_long: at least the bytes seen). */
  byteLength = 0
  /** The line's bytes are not valid UTF-8. */
  invalid = false
  /** The line ended in a "\r" that no "\n" followed (only with `crEndsLine`). */
  loneCr = false
  readonly crEndsLine: boolean

  #buf: Buffer = EMPTY
  #pos = 0
  /** [#validFrom, #validTo) of #buf is known to be valid UTF-8. */
  #validFrom = 0
  #validTo = -1
  #carry: Buffer = EMPTY
  #carryLen = 0
  #skipping = false
  #eof = false
  #done = false
  #heldSurrogate = ''
  /** Index of the next "\r" in #buf at or after the last search; -1: none left; -2: not searched yet. */
  #crAt = -2
  /** The carry ends in a "\r" that ended a chunk: a "\n" starting the next one makes it "\r\n". */
  #carryEndsCr = false
  /** A skipped (too long) line ended in a "\r" that ended a chunk: a "\n" starting the next one belongs to it. */
  #swallowLf = false

  constructor(maxLineBytes: number, options: { crEndsLine?: boolean } = {}) {
    this.maxLineBytes = maxLineBytes
    this.crEndsLine = options.crEndsLine === true
  }

  feed(chunk: Chunk): void {
    if (typeof chunk === 'string') {
      let s = chunk
      if (this.#heldSurrogate !== '') {
        s = this.#heldSurrogate + s
        this.#heldSurrogate = ''
      }
      const last = s.charCodeAt(s.length - 1)
      if (last >= 0xd800 && last <= 0xdbff) {
        this.#heldSurrogate = s.slice(-1)
        s = s.slice(0, -1)
      }
      this.#setBuffer(Buffer.from(s, 'utf8'))
    } else if (chunk instanceof Uint8Array) {
      let b = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
      if (this.#heldSurrogate !== '') {
        b = Buffer.concat([Buffer.from(this.#heldSurrogate, 'utf8'), b])
        this.#heldSurrogate = ''
      }
      this.#setBuffer(b)
    } else {
      throw new TypeError('input chunks must be Uint8Array or string')
    }
  }

  end(): void {
    if (this.#heldSurrogate !== '') {
      const s = this.#heldSurrogate
      this.#heldSurrogate = ''
      this.#setBuffer(Buffer.from(s, 'utf8'))
    }
    this.#eof = true
  }

  #setBuffer(b: Buffer): void {
    this.#buf = b
    this.#pos = 0
    this.#crAt = -2
    this.#validTo = -1
    const last = b.lastIndexOf(LF)
    if (last < 0) return
    // Lines entirely inside this chunk: validate them in one call.
    const from = this.#carryLen > 0 || this.#skipping ? b.indexOf(LF) + 1 : 0
    if (from < last && isUtf8(b.subarray(from, last))) {
      this.#validFrom = from
      this.#validTo = last
    }
  }

  /**
   * Where the line from `pos` ends: the index of its "\n", or (with crEndsLine) of a lone "\r"; -1 when
   * this chunk does not say yet (no terminator, or a "\r" as its last byte, which a "\n" may follow).
   */
  #terminator(buf: Buffer, pos: number): { at: number; lone: boolean } {
    const nl = buf.indexOf(LF, pos)
    if (!this.crEndsLine) return { at: nl, lone: false }
    if (this.#crAt !== -1 && this.#crAt < pos) this.#crAt = buf.indexOf(CR, pos)
    const cr = this.#crAt
    if (cr < 0 || (nl >= 0 && cr >= nl - 1)) return { at: nl, lone: false }
    if (cr === buf.length - 1 && !this.#eof) return { at: -1, lone: false }
    return { at: cr, lone: true }
  }

  next(): boolean {
    const buf = this.#buf
    for (;;) {
      const pos = this.#pos
      if (pos >= buf.length) return this.#atEnd()
      if (this.#swallowLf) {
        this.#swallowLf = false
        if (buf[pos] === LF) {
          this.#pos = pos + 1
          continue
        }
      }
      if (this.#carryEndsCr) {
        this.#carryEndsCr = false
        if (buf[pos] !== LF) {
          // the "\r" that ended the last chunk was a line's end of its own
          this.#setLine(this.#carry, 0, this.#carryLen - 1, false)
          this.loneCr = true
          this.#releaseCarry()
          return true
        }
      }
      const { at: nl, lone } = this.#terminator(buf, pos)
      if (this.#skipping) {
        if (nl < 0) {
          this.#pos = buf.length
          this.#skipToLineEnd(buf)
          continue
        }
        this.#pos = nl + 1
        this.#skipping = false
        continue
      }
      if (nl < 0) {
        const rest = buf.length - pos
        // Slack: a "\r" that may precede the "\n", and a BOM on the first line.
        if (this.#carryLen + rest > this.maxLineBytes + 4) {
          this.#pos = buf.length
          this.#tooLong(this.#carryLen + rest)
          this.#carryLen = 0
          this.#carryEndsCr = false
          this.#skipToLineEnd(buf)
          return true
        }
        this.#append(buf, pos, buf.length)
        this.#pos = buf.length
        if (this.crEndsLine && buf[buf.length - 1] === CR) this.#carryEndsCr = true
        continue
      }
      this.#pos = nl + 1
      if (this.#carryLen > 0) {
        const total = this.#carryLen + nl - pos
        if (total > this.maxLineBytes + 4) {
          this.#carryLen = 0
          this.#tooLong(total)
          return true
        }
        this.#append(buf, pos, nl)
        this.#setLine(this.#carry, 0, this.#carryLen, false)
        this.#releaseCarry()
      } else {
        this.#setLine(buf, pos, nl, pos >= this.#validFrom && nl <= this.#validTo)
      }
      if (lone) this.loneCr = true
      return true
    }
  }

  /** Skipping a long line to its end: a "\r" that ends the chunk ended it (a "\n" just after is then swallowed). */
  #skipToLineEnd(buf: Buffer): void {
    const endsInCr = this.crEndsLine && buf[buf.length - 1] === CR
    this.#skipping = !endsInCr
    this.#swallowLf = endsInCr
  }

  #atEnd(): boolean {
    if (!this.#eof || this.#done) return false
    this.#done = true
    this.#carryEndsCr = false
    if (this.#skipping || this.#carryLen === 0) return false
    this.#setLine(this.#carry, 0, this.#carryLen, false)
    this.#releaseCarry()
    return true
  }

  #tooLong(bytes: number): void {
    this.lineNo++
    this.loneCr = false
    this.kind = 'too_long'
    this.text = ''
    this.cr = false
    this.invalid = false
    this.byteLength = bytes
  }

  #setLine(b: Buffer, start: number, end: number, knownValid: boolean): void {
    this.lineNo++
    this.loneCr = false
    if (end > start && b[end - 1] === CR) {
      end--
      this.cr = true
    } else {
      this.cr = false
    }
    if (this.lineNo === 1 && end - start >= 3 && b[start] === 0xef && b[start + 1] === 0xbb && b[start + 2] === 0xbf) {
      start += 3
    }
    const len = end - start
    this.byteLength = len
    if (len > this.maxLineBytes) {
      this.kind = 'too_long'
      this.text = ''
      this.invalid = false
      return
    }
    this.kind = 'line'
    this.invalid = !knownValid && len > 0 && !isUtf8(b.subarray(start, end))
    this.text = len === 0 ? '' : b.toString('utf8', start, end)
  }

  /** Copies into the carry buffer (the caller may reuse its chunk), growing it geometrically. */
  #append(src: Buffer, start: number, end: number): void {
    const need = this.#carryLen + end - start
    if (need > this.#carry.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.#carry.length * 2, 256))
      this.#carry.copy(grown, 0, 0, this.#carryLen)
      this.#carry = grown
    }
    src.copy(this.#carry, this.#carryLen, start, end)
    this.#carryLen = need
  }

  #releaseCarry(): void {
    this.#carryLen = 0
    if (this.#carry.length > 64 * 1024) this.#carry = EMPTY
  }
}
