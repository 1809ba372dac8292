import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { addDuration } from '../catalogue/index.ts'
import { lastDueDay } from './retention.ts'

const day = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))
const duration = fc.constantFrom('P3M', 'P1Y', 'P2Y', 'P3Y', 'P5Y', 'P20D', 'P1M', 'P6M', 'P1Y6M')

test('a record is due exactly when its date is on or before the cutoff: addDuration(date) <= today', () => {
  fc.assert(
    fc.property(day, day, duration, (date, today, d) => {
      assert.equal(date <= lastDueDay(d, today), addDuration(date, d) <= today, `${date} + ${d} vs ${today}`)
    }),
    { numRuns: 3000 },
  )
})

test('month ends and leap days: the cutoff is the last date whose window has ended', () => {
  assert.equal(lastDueDay('P3M', '2026-05-31'), '2026-02-28')
  assert.equal(lastDueDay('P1Y', '2025-02-28'), '2024-02-29')
  assert.equal(lastDueDay('P5Y', '2031-03-01'), '2026-03-01')
})
