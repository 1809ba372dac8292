import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { makeResidentId, seededRandom } from '../identifiers/index.ts'
import { holdsResidentId, isRealDate } from './records.ts'

test('isRealDate accepts exactly the real calendar dates from 1900 on, written YYYY-MM-DD', () => {
  for (const ok of ['2024-02-29', '2000-02-29', '1900-01-01', '2026-12-31']) assert.ok(isRealDate(ok), ok)
  for (const bad of [
    '2023-02-29',
    '1900-02-29',
    '2024-13-01',
    '2024-00-10',
    '2024-04-31',
    '2024-01-00',
    '1899-12-31',
    '2024-1-01',
    '2024/01/01',
    '20240101',
    '',
    '2024-01-01T00:00:00Z',
    '２０２４-01-01',
  ])
    assert.ok(!isRealDate(bad), bad)
  fc.assert(
    fc.property(
      fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true }),
      (date) => {
        assert.ok(isRealDate(date.toISOString().slice(0, 10)))
      },
    ),
  )
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\d{4}-[01]\d-[0-3]\d$/)), (text) => {
      const parsed = new Date(text + 'T00:00:00Z')
      const expected =
        /^\d{4}-\d{2}-\d{2}$/.test(text) &&
        Number(text.slice(0, 4)) >= 1900 &&
        !Number.isNaN(parsed.getTime()) &&
        parsed.toISOString().slice(0, 10) === text
      assert.equal(isRealDate(text), expected)
    }),
  )
})

test('a source record id holding a resident identity number is recognised, wherever it sits in the id', () => {
  const random = seededRandom(7)
  fc.assert(
    fc.property(fc.stringMatching(/^[A-Z0-9-]{0,20}$/), fc.stringMatching(/^[A-Z0-9-]{0,20}$/), (before, after) => {
      const id = makeResidentId(random, { birthDate: '1985-03-09' })
      assert.ok(holdsResidentId(`${before}${id}${after}`))
      assert.ok(holdsResidentId(`${before}${id.toLowerCase()}${after}`))
    }),
  )
  const valid = makeResidentId(random, { birthDate: '1990-01-01' })
  const wrongCheck = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0')
  for (const fine of ['PEN-2026-0001', '（2024）京0105民初12345号', 'JK2023110500017', wrongCheck])
    assert.equal(holdsResidentId(fine), false, fine)
})
