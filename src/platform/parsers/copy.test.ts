import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { copyTextRow } from './index.ts'
import type { CopyValue } from './index.ts'
import { anyText } from './testkit.ts'

/** What PostgreSQL's COPY FROM (text format) reads back from one row. */
function decodeCopyRow(row: string): (string | null)[] {
  assert.ok(row.endsWith('\n'))
  return row
    .slice(0, -1)
    .split('\t')
    .map((f) => (f === '\\N' ? null : f.replace(/\\(.)/gs, (_, c: string) => ({ t: '\t', n: '\n', r: '\r' })[c] ?? c)))
}

const expectedText = (v: CopyValue): string | null =>
  v === null || v === undefined ? null : typeof v === 'boolean' ? (v ? 't' : 'f') : String(v)

void describe('copyTextRow', () => {
  void it('encodes each kind of value', () => {
    assert.equal(
      copyTextRow(['a', 1.5, -0, 12345678901234567890n, true, false, null, undefined, NaN, -Infinity]),
      'a\t1.5\t0\t12345678901234567890\tt\tf\t\\N\t\\N\tNaN\t-Infinity\n',
    )
  })

  void it('escapes backslash, tab, newline and carriage return, so "\\N" text is not null', () => {
    assert.equal(copyTextRow(['a\\b', 'c\td', 'e\nf', 'g\rh', '\\N', '']), 'a\\\\b\tc\\td\te\\nf\tg\\rh\t\\\\N\t\n')
    assert.equal(copyTextRow([]), '\n')
  })

  void it('refuses NUL, which PostgreSQL text cannot store', () => {
    assert.throws(() => copyTextRow(['a\0b']), RangeError)
  })

  const value = fc.oneof(
    anyText(16).map((s) => s.replaceAll('\0', '')),
    fc.double(),
    fc.integer(),
    fc.bigInt(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
  )

  void it('never emits a raw tab or line break inside a field, and reads back to the same values', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 12 }), (values) => {
        const row = copyTextRow(values)
        assert.equal(row.indexOf('\n'), row.length - 1)
        assert.ok(!row.includes('\r'))
        assert.equal(row.split('\t').length - 1, values.length - 1)
        assert.deepEqual(decodeCopyRow(row), values.map(expectedText))
      }),
      { numRuns: 1000 },
    )
  })
})
