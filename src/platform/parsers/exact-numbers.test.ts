import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { findInexactNumber, isExactNumber } from './exact-numbers.ts'

test('every number a double holds, written as JavaScript writes it or padded with zeros, is exact', () => {
  fc.assert(
    fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
      if (Number.isInteger(n) && !Number.isSafeInteger(n)) return
      const written = String(n)
      assert.ok(isExactNumber(written, Number(written)), written)
      if (/^-?\d+\.\d+$/.test(written))
        assert.ok(isExactNumber(written + '000', Number(written + '000')), written + '000')
    }),
  )
  fc.assert(fc.property(fc.maxSafeInteger(), (n) => assert.ok(isExactNumber(String(n), n))))
  for (const ok of [
    '0',
    '-0',
    '1.50',
    '15e-1',
    '1E2',
    '0.1',
    '123456789012.345',
    '9007199254740991',
    '-9007199254740991',
    '0.000001',
  ])
    assert.ok(isExactNumber(ok, Number(ok)), ok)
})

test('integers beyond 2^53 - 1, numbers beyond a double and digits a double drops are not exact', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 2n ** 53n, max: 10n ** 30n }), fc.boolean(), (n, negative) => {
      const written = (negative ? '-' : '') + n.toString()
      assert.equal(isExactNumber(written, Number(written)), false, written)
    }),
  )
  for (const bad of [
    '9007199254740992',
    '9007199254740993',
    '1e20',
    '1e400',
    '0.10000000000000000555',
    '3.14159265358979323846',
    '12345678901234567.5',
  ]) {
    assert.equal(isExactNumber(bad, Number(bad)), false, bad)
  }
})

test('findInexactNumber names the first inexact number by its JSON pointer, and passes everything else', () => {
  assert.equal(findInexactNumber('{"a":1,"b":{"c/d":[0.5,9007199254740993]}}'), '/b/c~1d/1')
  assert.equal(findInexactNumber('{"fields":{"fineAmount":1e400}}'), '/fields/fineAmount')
  assert.equal(findInexactNumber('{"id":"12345678901234567890","n":9007199254740991,"x":1.25e3}'), undefined)
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      const text = JSON.stringify(value)
      // what JSON.stringify writes is what parses back: only -0 (written 0) and numbers beyond 2^53 - 1 differ
      const lossy = /\d{16}|e\+/.test(text)
      if (!lossy) assert.equal(findInexactNumber(text), undefined, text)
    }),
  )
})
